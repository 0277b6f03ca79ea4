#!/usr/bin/python3
"""Drives the Zhtp S3 gateway with boto3 (Debian's python3-boto3): every call a typical application makes.

Environment: ZHTP_S3_ENDPOINT, ZHTP_S3_KEY, ZHTP_S3_SECRET, ZHTP_S3_BUCKET. Exits non-zero (with the reason) on any mismatch.
"""
import hashlib
import io
import os
import sys
import urllib.request

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

endpoint = os.environ["ZHTP_S3_ENDPOINT"]
bucket = os.environ["ZHTP_S3_BUCKET"]
s3 = boto3.client(
    "s3",
    endpoint_url=endpoint,
    aws_access_key_id=os.environ["ZHTP_S3_KEY"],
    aws_secret_access_key=os.environ["ZHTP_S3_SECRET"],
    region_name="us-east-1",
    config=Config(s3={"addressing_style": "path"}, signature_version="s3v4", retries={"max_attempts": 1}),
)


def check(condition, message):
    if not condition:
        print("boto3 check failed: " + message, file=sys.stderr)
        sys.exit(1)


s3.create_bucket(Bucket=bucket)
check(any(b["Name"] == bucket for b in s3.list_buckets()["Buckets"]), "bucket not listed")

body = os.urandom(300_000)
put = s3.put_object(Bucket=bucket, Key="docs/a.bin", Body=body, Metadata={"purpose": "boto3"}, ContentType="application/x-boto")
check(put["ETag"] == '"%s"' % hashlib.md5(body).hexdigest(), "put ETag " + put["ETag"])
got = s3.get_object(Bucket=bucket, Key="docs/a.bin")
check(got["Body"].read() == body, "get body differs")
check(got["Metadata"].get("purpose") == "boto3", "metadata %r" % got["Metadata"])
check(got["ContentType"] == "application/x-boto", "content type " + got["ContentType"])
part = s3.get_object(Bucket=bucket, Key="docs/a.bin", Range="bytes=100-199")["Body"].read()
check(part == body[100:200], "range differs")
head = s3.head_object(Bucket=bucket, Key="docs/a.bin")
check(head["ContentLength"] == len(body), "head length")

# Multipart through the transfer manager (12 MiB in 5 MiB parts), downloaded the same way.
big = os.urandom(12 * 1024 * 1024)
config = TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024)
s3.upload_fileobj(io.BytesIO(big), bucket, "big/blob", Config=config)
out = io.BytesIO()
s3.download_fileobj(bucket, "big/blob", out, Config=config)
check(out.getvalue() == big, "multipart round trip differs")
check(s3.head_object(Bucket=bucket, Key="big/blob")["ETag"].endswith('-3"'), "multipart ETag")

listing = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
check([p["Prefix"] for p in listing.get("CommonPrefixes", [])] == ["big/", "docs/"], "common prefixes %r" % listing)
paginator = s3.get_paginator("list_objects_v2")
keys = [o["Key"] for page in paginator.paginate(Bucket=bucket, PaginationConfig={"PageSize": 1}) for o in page.get("Contents", [])]
check(keys == ["big/blob", "docs/a.bin"], "paginated keys %r" % keys)

url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "docs/a.bin"}, ExpiresIn=300)
with urllib.request.urlopen(url, timeout=30) as response:
    check(response.read() == body, "presigned GET differs")

s3.copy_object(Bucket=bucket, Key="docs/copy.bin", CopySource={"Bucket": bucket, "Key": "docs/a.bin"})
check(s3.get_object(Bucket=bucket, Key="docs/copy.bin")["Body"].read() == body, "copy differs")
deleted = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "docs/a.bin"}, {"Key": "docs/copy.bin"}, {"Key": "big/blob"}]})
check(len(deleted.get("Deleted", [])) == 3, "delete_objects %r" % deleted)
try:
    s3.get_object(Bucket=bucket, Key="docs/a.bin")
    check(False, "deleted object still readable")
except s3.exceptions.NoSuchKey:
    pass
s3.delete_bucket(Bucket=bucket)
print("boto3 OK")
