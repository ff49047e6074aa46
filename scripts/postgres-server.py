#!/usr/bin/env python3
"""A throwaway PostgreSQL server on loopback, for integration tests.

    python3 scripts/postgres-server.py start [--port N] [--user U] [--database D]
        -> initdb's a fresh cluster in a new temporary directory, starts it on 127.0.0.1, creates
           a login role (random password) owning a new database, and prints ONE JSON line:
           {"host", "port", "user", "password", "database", "datadir", "pid"}
    python3 scripts/postgres-server.py start --datadir DIR [--listen ADDR] [--superuser] ...
        -> the same, in a cluster kept in DIR: created on first use, started again (same role and
           password, read back from DIR) when it exists. `--listen` picks the loopback address.
    python3 scripts/postgres-server.py stop DATADIR
        -> stops that server and removes DATADIR. Idempotent: an already stopped or removed
           cluster is not an error.
    python3 scripts/postgres-server.py halt DATADIR
        -> stops that server and keeps DATADIR (for `start --datadir` later).

Progress and errors go to stderr; exit 1 on any failure (a failed start cleans up after itself).

Stdlib only, so any python3 runs it. PostgreSQL refuses to run as root, so as root the server
commands run as the `postgres` OS user (runuser); as any other user they run as that user.
Binaries: $LAKEC_PG_BIN, else the newest /usr/lib/postgresql/*/bin, else pg_ctl on PATH. When
none is found and we are root, the Debian `postgresql` package is installed first.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

MARKER = "lakec-postgres-server.json"  # written into every cluster we create; `stop` checks it
IS_ROOT = os.geteuid() == 0
OS_USER = "postgres" if IS_ROOT else pwd.getpwuid(os.geteuid()).pw_name


def log(msg: str) -> None:
    print(f"[postgres-server] {msg}", file=sys.stderr, flush=True)


class Failure(Exception):
    pass


# --- locating (or installing) the binaries ------------------------------------------------------


def find_bin_dir() -> str | None:
    explicit = os.environ.get("LAKEC_PG_BIN")
    if explicit:
        if not os.path.isfile(os.path.join(explicit, "pg_ctl")):
            raise Failure(f"LAKEC_PG_BIN={explicit} holds no pg_ctl")
        return explicit
    # Debian keeps server binaries out of PATH, one directory per major version.
    candidates = glob.glob("/usr/lib/postgresql/*/bin/pg_ctl")
    candidates.sort(key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if candidates:
        return os.path.dirname(candidates[-1])
    on_path = shutil.which("pg_ctl")
    return os.path.dirname(os.path.realpath(on_path)) if on_path else None


def ensure_bin_dir() -> str:
    found = find_bin_dir()
    if found:
        return found
    if not IS_ROOT:
        raise Failure("PostgreSQL server binaries not found (no pg_ctl); install the Debian "
                      "package `postgresql` (as root: apt-get install -y postgresql) or set LAKEC_PG_BIN")
    log("pg_ctl not found; installing the Debian package `postgresql` (apt-get)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", "postgresql"]):
        done = subprocess.run(cmd, env=env, stdout=sys.stderr, stderr=sys.stderr)
        if done.returncode != 0:
            raise Failure(f"`{' '.join(cmd)}` failed with exit code {done.returncode}")
    found = find_bin_dir()
    if not found:
        raise Failure("installed `postgresql` but still found no pg_ctl under /usr/lib/postgresql")
    return found


# --- running commands as the server's OS user ----------------------------------------------------


def as_server_user(cmd: list[str]) -> list[str]:
    if not IS_ROOT:
        return cmd
    if shutil.which("runuser") is None:
        raise Failure("running as root but `runuser` (util-linux) is missing")
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise Failure("running as root but there is no `postgres` OS user (install the Debian package `postgresql`)")
    return ["runuser", "-u", "postgres", "--", *cmd]


def run(cmd: list[str], what: str, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(as_server_user(cmd), capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise Failure(f"{what} failed (exit {done.returncode}):\n{(done.stdout + done.stderr).strip()}")
    return done


def free_port() -> int:
    # The kernel picks a free port; a small race remains until the server binds it, so start()
    # retries on a port clash.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_pid(datadir: str) -> int | None:
    try:
        with open(os.path.join(datadir, "postmaster.pid")) as f:
            return int(f.readline().strip())
    except (OSError, ValueError):
        return None


def log_tail(datadir: str, lines: int = 30) -> str:
    try:
        with open(os.path.join(datadir, "server.log")) as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return "(no server.log)"


# --- start / stop -------------------------------------------------------------------------------


def start(port: int | None, user: str, database: str, datadir: str | None = None,
          listen: str = "127.0.0.1", superuser: bool = False) -> dict:
    bindir = ensure_bin_dir()
    if datadir and os.path.isfile(os.path.join(datadir, MARKER)):
        return restart(bindir, os.path.abspath(datadir), port, listen)
    if datadir:
        os.makedirs(datadir, exist_ok=False)
        datadir = os.path.abspath(datadir)
    else:
        datadir = tempfile.mkdtemp(prefix="lakec-pg-")
    try:
        if IS_ROOT:
            pw = pwd.getpwnam("postgres")
            os.chown(datadir, pw.pw_uid, pw.pw_gid)
        os.chmod(datadir, 0o700)
        # Local socket: trust (only the server's OS user can reach the socket in DATADIR);
        # TCP: password (scram), as a real client would connect.
        run([f"{bindir}/initdb", "-D", datadir, "-U", "postgres", "--auth-local=trust",
             "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"], "initdb")
        password = secrets.token_hex(16)
        info = {"host": listen, "user": user, "password": password, "database": database, "datadir": datadir}
        write_marker(datadir, info)
        chosen = launch(bindir, datadir, port, listen)
        # Identifiers and the literal are ours (validated by argparse types), but quote anyway.
        sql = (f'CREATE ROLE "{user}" LOGIN {"SUPERUSER " if superuser else ""}PASSWORD \'{password}\';\n'
               f'CREATE DATABASE "{database}" OWNER "{user}";\n')
        run([f"{bindir}/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", datadir, "-p", str(chosen),
             "-U", "postgres", "-d", "postgres"], "creating the role and database", input=sql)
        return {**info, "port": chosen, "pid": read_pid(datadir)}
    except BaseException:
        stop(datadir, quiet=True)
        raise


def write_marker(datadir: str, info: dict) -> None:
    # The role's password is kept with the cluster (0600 in a 0700 directory) so a kept cluster
    # can be started again by whoever made it.
    path = os.path.join(datadir, MARKER)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump({"created_by": "scripts/postgres-server.py", **info}, f)


def restart(bindir: str, datadir: str, port: int | None, listen: str) -> dict:
    with open(os.path.join(datadir, MARKER)) as f:
        info = json.load(f)
    if "password" not in info:
        raise Failure(f"{datadir} holds no role to connect with; remove it to start afresh")
    if read_pid(datadir) is not None:
        raise Failure(f"{datadir} is in use by a running server (pid {read_pid(datadir)}); stop it first")
    chosen = launch(bindir, datadir, port, listen)
    info.update(host=listen)
    return {**{k: v for k, v in info.items() if k != "created_by"}, "port": chosen, "pid": read_pid(datadir)}


def launch(bindir: str, datadir: str, port: int | None, listen: str) -> int:
    attempts = 1 if port else 3
    for attempt in range(attempts):
        chosen = port or free_port()
        # Test server: durability off for speed; loopback only; socket kept inside DATADIR.
        opts = (f"-c listen_addresses={listen} -c port={chosen} -c unix_socket_directories={datadir} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
        started = subprocess.run(as_server_user([f"{bindir}/pg_ctl", "start", "-D", datadir, "-w", "-t", "60",
                                                 "-l", os.path.join(datadir, "server.log"), "-o", opts]),
                                 capture_output=True, text=True)
        if started.returncode == 0:
            return chosen
        tail = log_tail(datadir)
        if attempt + 1 < attempts and "already in use" in tail:
            log(f"port {chosen} was taken; retrying with another")
            continue
        raise Failure(f"pg_ctl start failed on {listen}:{chosen}:\n{started.stderr.strip()}\n--- server.log ---\n{tail}")
    raise Failure("unreachable")


def halt(datadir: str) -> None:
    """Stop the server of DATADIR and keep its files."""
    datadir = os.path.abspath(datadir)
    if not os.path.isfile(os.path.join(datadir, MARKER)):
        raise Failure(f"{datadir} was not created by postgres-server.py (no {MARKER}); refusing to touch it")
    if read_pid(datadir) is None:
        return
    bindir = ensure_bin_dir()
    run([f"{bindir}/pg_ctl", "stop", "-D", datadir, "-m", "fast", "-w", "-t", "30"], "pg_ctl stop")


def stop(datadir: str, quiet: bool = False) -> None:
    datadir = os.path.abspath(datadir)
    if not os.path.isdir(datadir):
        if not quiet:
            log(f"{datadir} does not exist; nothing to stop")
        return
    if not os.path.isfile(os.path.join(datadir, MARKER)) and not quiet:
        # Never stop or delete a cluster this tool did not create.
        raise Failure(f"{datadir} was not created by postgres-server.py (no {MARKER}); refusing to touch it")
    pid = read_pid(datadir)
    if pid is not None:
        bindir = find_bin_dir()
        stopped = False
        if bindir:
            done = subprocess.run(as_server_user([f"{bindir}/pg_ctl", "stop", "-D", datadir, "-m", "fast", "-w", "-t", "30"]),
                                  capture_output=True, text=True)
            stopped = done.returncode == 0
        if not stopped:
            # pg_ctl missing or stuck: signal the postmaster directly (SIGQUIT = immediate shutdown).
            for sig in (signal.SIGQUIT, signal.SIGKILL):
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    break
                for _ in range(50):
                    try:
                        os.kill(pid, 0)
                    except ProcessLookupError:
                        break
                    time.sleep(0.1)
    shutil.rmtree(datadir, ignore_errors=True)
    if os.path.exists(datadir):
        raise Failure(f"could not remove {datadir}")
    if not quiet:
        log(f"stopped and removed {datadir}")


def identifier(value: str) -> str:
    if not value.replace("_", "").isalnum() or not value[0].isalpha() or value != value.lower() or len(value) > 63:
        raise argparse.ArgumentTypeError(f"{value!r} is not a plain lower-case SQL identifier")
    return value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_start = sub.add_parser("start", help="create and start a temporary cluster; print its JSON")
    p_start.add_argument("--port", type=int, help="TCP port on 127.0.0.1 (default: a free one)")
    p_start.add_argument("--user", type=identifier, default="lakec", help="login role to create")
    p_start.add_argument("--database", type=identifier, default="lakec", help="database to create")
    p_start.add_argument("--datadir", help="keep the cluster in this directory (created, or started again)")
    p_start.add_argument("--listen", default="127.0.0.1", help="loopback address to listen on (default 127.0.0.1)")
    p_start.add_argument("--superuser", action="store_true", help="make the login role a superuser")
    p_stop = sub.add_parser("stop", help="stop a cluster made by `start` and remove its directory")
    p_stop.add_argument("datadir")
    p_halt = sub.add_parser("halt", help="stop a cluster made by `start` and keep its directory")
    p_halt.add_argument("datadir")
    args = parser.parse_args()
    try:
        if args.command == "start":
            if not args.listen.startswith("127."):
                raise Failure(f"--listen {args.listen}: only loopback addresses (127.x.y.z)")
            info = start(args.port, args.user, args.database, args.datadir, args.listen, args.superuser)
            log(f"PostgreSQL ready on {info['host']}:{info['port']} (datadir {info['datadir']})")
            print(json.dumps(info), flush=True)
        elif args.command == "halt":
            halt(args.datadir)
        else:
            stop(args.datadir)
        return 0
    except Failure as err:
        log(f"ERROR: {err}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
