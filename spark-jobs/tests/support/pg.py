"""A throwaway PostgreSQL server for the test session (temp data dir, loopback, free port).

PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user
(created by the Debian package) via runuser.
"""
import glob
import os
import re
import shutil
import socket
import subprocess
import tempfile

import psycopg


def find_bin_dir():
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        return os.path.dirname(pg_ctl)
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return os.path.dirname(dirs[-1]) if dirs else None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    user, password, database = "lakec", "lakec-pw", "lakec"

    def __init__(self, bin_dir):
        self.bin_dir = bin_dir
        self.host, self.port = "127.0.0.1", free_port()
        self.root = tempfile.mkdtemp(prefix="lakec-pg-")
        self.data = os.path.join(self.root, "data")
        self.as_root = os.geteuid() == 0

    def _run(self, *args):
        cmd = [os.path.join(self.bin_dir, args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        res = subprocess.run(cmd, capture_output=True, text=True)
        if res.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{res.stdout}\n{res.stderr}")
        return res

    def start(self):
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
        pwfile = os.path.join(self.root, "pw")
        with open(pwfile, "w") as f:
            f.write(self.password + "\n")
        if self.as_root:
            shutil.chown(pwfile, "postgres", "postgres")
        self._run("initdb", "-D", self.data, "-U", self.user, f"--pwfile={pwfile}", "-A", "scram-sha-256",
                  "--encoding=UTF8", "--locale=C.UTF-8" if _has_c_utf8() else "--locale=C")
        opts = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                f"-c synchronous_commit=off -c full_page_writes=off -c timezone=UTC")
        self._run("pg_ctl", "-D", self.data, "-o", opts, "-l", os.path.join(self.root, "log"), "-w", "start")
        with self.connect("postgres") as c:
            c.execute(f"CREATE DATABASE {self.database}")

    def stop(self):
        try:
            self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def connect(self, dbname=None):
        return psycopg.connect(host=self.host, port=self.port, user=self.user, password=self.password,
                               dbname=dbname or self.database, autocommit=True)

    def fresh_schema(self, test_name):
        schema = "t_" + re.sub(r"[^a-z0-9]+", "_", test_name.lower())[:50]
        with self.connect() as c:
            c.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            c.execute(f'CREATE SCHEMA "{schema}"')
        return Source(self, schema)


def _has_c_utf8():
    return subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower().find("c.utf") >= 0


class Source:
    """One test's schema: run SQL in it."""

    def __init__(self, server, schema):
        self.server, self.schema = server, schema

    def sql(self, statement, params=None):
        with self.server.connect() as c:
            c.execute(f'SET search_path TO "{self.schema}"')
            c.execute(statement, params)

    def rows(self, query):
        with self.server.connect() as c:
            c.execute(f'SET search_path TO "{self.schema}"')
            return c.execute(query).fetchall()
