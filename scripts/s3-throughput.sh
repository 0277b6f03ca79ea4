#!/usr/bin/env bash
# Measures `aws s3 cp` of one file up and down through the S3 gateway (multipart on: awscli's 8 MiB parts, 10 threads)
# against the same node's in-process content upload and download of that file (docs/s3.md "Throughput").
#   scripts/s3-throughput.sh [MiB]     default 1024 (1 GiB); needs /usr/bin/aws and free disk for ~4x the size.
# Prints one line with both figures and their ratio. Not part of the default test run (Category=Soak).
set -euo pipefail
cd "$(dirname "$0")/.."
mib=${1:-1024}
report=$(mktemp)
trap 'rm -f "$report"' EXIT
ZHTP_S3_BENCH_MIB=$mib ZHTP_S3_BENCH_REPORT=$report \
  dotnet test tests/Zhtp.Storage.S3.Tests -c Release --filter "FullyQualifiedName~S3ThroughputTests" --logger "console;verbosity=minimal" >&2
cat "$report"
