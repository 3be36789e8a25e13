"""A local S3-compatible server (moto's) and a bucket on it, for the object-storage tests.

`TEST_S3_ENDPOINT` names one that is already running (CI starts it in .ci/run); else
`s3_endpoint()` starts `moto_server` on a free port for as long as it is needed. The
credentials are moto's fake ones: nothing here can reach a real account.
"""

import importlib.util
import json
import os
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

from tests.support.servers import BIN, free_port

CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}
REGION = CREDENTIALS["AWS_DEFAULT_REGION"]


class NoS3Server(RuntimeError):
    """No S3 server to test against: none named, moto missing, or it does not answer."""


def answers(endpoint):
    """Whether an HTTP server answers at `endpoint` (with any status)."""
    try:
        urllib.request.urlopen(endpoint, timeout=1).close()
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


def wait_for(endpoint, process=None, log=None, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise NoS3Server(f"moto_server exited:\n{Path(log).read_text()}")
        if answers(endpoint):
            return
        time.sleep(0.1)
    raise NoS3Server(f"no S3 server answers at {endpoint} after {seconds} s")


def missing():
    """Why there is no S3 server to test against, or None when there is one."""
    if os.environ.get("TEST_S3_ENDPOINT") or importlib.util.find_spec("moto"):
        return None
    return "moto is not installed (pip install -e '.[dev]'), nor TEST_S3_ENDPOINT set"


@contextmanager
def s3_endpoint(log):
    """The URL of an S3 server: TEST_S3_ENDPOINT's, or moto's, started here (output to `log`)."""
    given = os.environ.get("TEST_S3_ENDPOINT")
    if given:
        wait_for(given)
        yield given.rstrip("/")
        return
    if importlib.util.find_spec("moto") is None:
        raise NoS3Server(
            "moto is not installed (pip install -e '.[dev]'), nor TEST_S3_ENDPOINT set"
        )
    endpoint = f"http://127.0.0.1:{free_port()}"
    command = [BIN / "moto_server", "-H", "127.0.0.1", "-p", endpoint.rsplit(":", 1)[1]]
    with Path(log).open("ab") as out:
        process = subprocess.Popen(command, stdout=out, stderr=out)
    try:
        wait_for(endpoint, process, log)
        yield endpoint
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def client(endpoint):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )


def public_read(bucket_name):
    """A bucket policy that lets anyone read the objects, as pages link to them (README)."""
    statement = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket_name}/*",
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


@contextmanager
def bucket(endpoint):
    """A new bucket's name, publicly readable; emptied and removed afterwards."""
    s3, name = client(endpoint), f"blog-test-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    s3.put_bucket_policy(Bucket=name, Policy=public_read(name))
    try:
        yield name
    finally:
        for key in keys(s3, name):
            s3.delete_object(Bucket=name, Key=key)
        s3.delete_bucket(Bucket=name)


def keys(s3, bucket_name, prefix=""):
    """The keys of the objects in the bucket under `prefix`, sorted."""
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket_name, Prefix=prefix)
    return sorted(entry["Key"] for page in pages for entry in page.get("Contents", []))


def storage_url(endpoint, bucket_name):
    """MEDIA_STORAGE_URL for the bucket on this server."""
    return f"s3://{bucket_name}?endpoint_url={endpoint}&region_name={REGION}"
