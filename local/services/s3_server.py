"""The local runner's S3 server: moto in server mode on a loopback address, its buckets saved to a
folder so that a kept state (`npm run local -- ... --keep`) carries the lake to the next run.

    python s3_server.py --host 127.x.y.z --port 9000 --data DIR [--bucket NAME ...]

Loads DIR (if it holds a saved lake), creates the named buckets that are missing, prints one JSON
line {"endpoint": ...} once it listens, then reads commands on stdin, one per line:
    save   -> writes the whole lake to DIR (atomically: the previous save stays until the new one
              is complete), answers "saved N"
    stop   -> saves, then exits
End of stdin without `stop` exits without saving (the runner died: the last save stands).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys
import threading

import boto3
from botocore.config import Config
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server

INDEX = "index.json"


def client(endpoint: str):
    return boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="local", aws_secret_access_key="local",
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3}),
    )


def load(s3, data: str) -> int:
    path = os.path.join(data, INDEX)
    if not os.path.isfile(path):
        return 0
    with open(path, encoding="utf-8") as f:
        index = json.load(f)
    for bucket in index["buckets"]:
        s3.create_bucket(Bucket=bucket)
    for obj in index["objects"]:
        with open(os.path.join(data, "blobs", obj["sha256"]), "rb") as f:
            s3.put_object(Bucket=obj["bucket"], Key=obj["key"], Body=f.read())
    return len(index["objects"])


def save(s3, data: str) -> int:
    blobs = os.path.join(data, "blobs")
    os.makedirs(blobs, exist_ok=True)
    buckets = sorted(b["Name"] for b in s3.list_buckets().get("Buckets", []))
    objects = []
    for bucket in buckets:
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for item in page.get("Contents", []):
                body = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
                digest = hashlib.sha256(body).hexdigest()
                blob = os.path.join(blobs, digest)
                if not os.path.exists(blob):  # content-addressed: an existing blob is this content
                    with open(blob + ".tmp", "wb") as f:
                        f.write(body)
                    os.replace(blob + ".tmp", blob)
                objects.append({"bucket": bucket, "key": item["Key"], "sha256": digest})
    tmp = os.path.join(data, INDEX + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"buckets": buckets, "objects": objects}, f, sort_keys=True)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, os.path.join(data, INDEX))
    referenced = {o["sha256"] for o in objects}
    for name in os.listdir(blobs):
        if name not in referenced:
            os.remove(os.path.join(blobs, name))
    return len(objects)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--data", required=True)
    parser.add_argument("--bucket", action="append", default=[])
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    try:
        server = make_server(args.host, args.port, DomainDispatcherApplication(create_backend_app), True,
                             request_handler=MotoRequestHandler)
    except OSError as err:
        print(f"[s3-server] cannot listen on {args.host}:{args.port}: {err.strerror}", file=sys.stderr)
        return 1
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    endpoint = f"http://{host}:{port}"
    s3 = client(endpoint)
    os.makedirs(args.data, exist_ok=True)
    loaded = load(s3, args.data)
    existing = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    for bucket in sorted(set(args.bucket) - existing):
        s3.create_bucket(Bucket=bucket)
    print(f"[s3-server] {endpoint}: {loaded} objects loaded from {args.data}", file=sys.stderr, flush=True)
    print(json.dumps({"endpoint": endpoint}), flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command in ("save", "stop"):
            count = save(s3, args.data)
            print(f"saved {count}", flush=True)
            if command == "stop":
                break
    server.shutdown()
    thread.join()
    return 0


if __name__ == "__main__":
    sys.exit(main())
