#!/usr/bin/env bash
# End-to-end throughput of the two ways a user moves a file, on one network of real `zhtp node` processes on
# loopback (docs/s3.md "Throughput: CLI against S3"):
#   the CLI:  `zhtp put FILE` and `zhtp get ID` (a client process that joins through node 1, encrypts, erasure-codes
#             and stores the shards itself, as Storj's uplink does);
#   S3:       `aws s3 cp` up and down through node 1's gateway (awscli defaults: multipart, 8 MiB parts, 10 threads).
# Same file, same nodes, same machine, alternating the two paths; prints MB/s, the S3/CLI ratio and the CPU-seconds
# per GiB of the node processes and of the client (zhtp or aws) for every run.
#   scripts/s3-vs-cli.sh [MiB] [NODES] [ROUNDS]     defaults 1024, 6, 2; needs /usr/bin/aws and ~(3 x ROUNDS + 4)x the size in /tmp.
#   S3_TLS=1 scripts/s3-vs-cli.sh ...               the gateway serves HTTPS (a self-signed certificate made here,
#                                                   trusted by awscli through AWS_CA_BUNDLE): awscli then sends
#                                                   UNSIGNED-PAYLOAD instead of hashing every part with SHA-256.
#   S3_VS_CLI_LOGS=DIR scripts/s3-vs-cli.sh ...     keeps every node's stdout and stderr in DIR (copied on exit, also
#                                                   after a failure) and a timeline of the runs (UTC start, label,
#                                                   milliseconds) to match with the nodes' log times.
# Not part of the default test run. Every process it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
mib=${1:-1024}
nodes=${2:-6}
rounds=${3:-2}
# Every round stores the file twice (CLI and S3) as 1.5x its size in shards (4+2), nothing is deleted between rounds,
# and the shards do not spread evenly: each node's quota is twice its even share, at least the default 1 GiB.
quota=$(( (mib * 6 * rounds + nodes - 1) / nodes ))
((quota >= 1024)) || quota=1024
[ -x /usr/bin/aws ] || { echo "s3-vs-cli: needs awscli (/usr/bin/aws)" >&2; exit 2; }
dll=src/Host/bin/Release/net10.0/zhtp.dll
[ -f "$dll" ] || dotnet build src/Host -c Release >&2
. deploy/test/lib.sh
fail() { echo "s3-vs-cli: $*" >&2; exit 1; }

work=$(mktemp -d /tmp/zhtp-s3-vs-cli.XXXXXX)
pids=()
cleanup() {
  set +e
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do timeout 30 tail --pid="$pid" -f /dev/null; kill -KILL "$pid" 2>/dev/null; done
  if [ -n "${S3_VS_CLI_LOGS:-}" ]; then mkdir -p "$S3_VS_CLI_LOGS" && cp "$work"/n*.out "$work"/n*.err "$work"/timeline "$S3_VS_CLI_LOGS"/; fi
  rm -rf "$work"
}
trap cleanup EXIT

pb=$((20000 + RANDOM % 20000))
dht() { echo $((pb + $1)); }
api() { echo "http://127.0.0.1:$((pb + 100 + $1))"; }
tls=${S3_TLS:-0}
s3url="http://127.0.0.1:$((pb + 200))"
s3env=()
if [ "$tls" = 1 ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$work/s3.key" -out "$work/s3.pem" 2>/dev/null
  s3url="https://127.0.0.1:$((pb + 200))"
  s3env=(ZHTP__S3__CERTIFICATEPATH="$work/s3.pem" ZHTP__S3__CERTIFICATEKEYPATH="$work/s3.key")
  export AWS_CA_BUNDLE="$work/s3.pem"
fi
zhtp() { dotnet "$dll" "$@"; }

keypair=$(zhtp s3 key create --data-dir "$work/n1" | tail -n1)
for i in $(seq 1 "$nodes"); do
  boot=()
  ((i == 1)) || boot=(--bootstrap "127.0.0.1:$(dht 1)")
  extra=()
  ((i == 1)) && extra=(--s3 "127.0.0.1:$((pb + 200))")
  envs=()
  ((i == 1)) && envs=("${s3env[@]}")
  env "${envs[@]}" dotnet "$dll" node --data-dir "$work/n$i" --port "$(dht "$i")" --host 127.0.0.1 --api "127.0.0.1:$((pb + 100 + i))" \
    --quota-mb "$quota" "${extra[@]}" "${boot[@]}" >"$work/n$i.out" 2>"$work/n$i.err" &
  pids+=($!)
  ((i == 1)) && wait_for 120 "node 1 live" curl -sf --max-time 3 -o /dev/null "$(api 1)/api/v1/health/live"
done
for i in $(seq 1 "$nodes"); do wait_for 180 "node $i ready" curl -sf --max-time 3 -o /dev/null "$(api "$i")/api/v1/health"; done
echo "network: $nodes zhtp node processes on 127.0.0.1, S3 gateway on node 1 ($s3url); $(nproc) cores"

export ZHTP_HOME="$work/home" ZHTP_PASSPHRASE=s3-vs-cli ZHTP_BOOTSTRAP="127.0.0.1:$(dht 1)"
zhtp identity new --kind classical >/dev/null
use_s3_key "$keypair"
aws3() { /usr/bin/aws --endpoint-url "$s3url" "$@"; }
aws3 s3 mb s3://bench >/dev/null

head -c $((mib * 1048576)) /dev/urandom >"$work/file"
head -c $((32 * 1048576)) "$work/file" >"$work/warm"

# CPU-seconds (user + system) of the node processes so far.
nodes_cpu() { local t=0 pid; for pid in "${pids[@]}"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done; echo "$t"; }
tck=$(getconf CLK_TCK)
# run LABEL COMMAND...: times COMMAND; prints "seconds node-cpu-s client-cpu-s".
run() {
  local label=$1 before after start client
  shift
  before=$(nodes_cpu)
  start=$(date +%s%N)
  /usr/bin/time -f "%U %S" -o "$work/time" "$@" >"$work/cmd.out" 2>"$work/cmd.err" || { cat "$work/cmd.err" >&2; fail "$label failed"; }
  local ns=$(($(date +%s%N) - start))
  echo "$(date -u -d "@$((start / 1000000000))" +%T) $label $((ns / 1000000)) ms" >>"$work/timeline"
  after=$(nodes_cpu)
  client=$(awk '{print $1 + $2}' "$work/time")
  awk -v ns="$ns" -v n=$((after - before)) -v t="$tck" -v c="$client" 'BEGIN { printf "%.3f %.2f %.2f\n", ns / 1e9, n / t, c }'
}
line() { # line LABEL "seconds node client"
  awk -v l="$1" -v m="$mib" -v r="$2" 'BEGIN { split(r, a, " "); g = m / 1024;
    printf "%-9s %7.1f MB/s  (%.2f s; CPU-s per GiB: nodes %.1f, client %.1f)\n", l, m * 1048576 / a[1] / 1e6, a[1], a[2] / g, a[3] / g }'
}
mbps() { awk -v m="$mib" -v r="$1" 'BEGIN { split(r, a, " "); printf "%.1f", m * 1048576 / a[1] / 1e6 }'; }

# Warm-up: both paths once on 32 MiB (the nodes' JIT; every client is a new process, as a user's would be).
id=$(zhtp put "$work/warm" 2>/dev/null | tail -n1)
zhtp get "$id" -o "$work/warm.back" >/dev/null 2>&1
aws3 s3 cp --only-show-errors "$work/warm" s3://bench/warm
aws3 s3 cp --only-show-errors s3://bench/warm "$work/warm.s3"
cmp -s "$work/warm" "$work/warm.back" && cmp -s "$work/warm" "$work/warm.s3" || fail "warm-up copies differ"
echo "file: $mib MiB of random bytes; warm-up done (32 MiB both ways on both paths)"

for r in $(seq 1 "$rounds"); do
  put=$(run zhtp-put dotnet "$dll" put "$work/file")
  id=$(tail -n1 "$work/cmd.out")
  get=$(run zhtp-get dotnet "$dll" get "$id" -o "$work/back")
  cmp -s "$work/file" "$work/back" || fail "zhtp get returned other bytes"
  rm -f "$work/back"
  up=$(run s3-up /usr/bin/aws --endpoint-url "$s3url" s3 cp --only-show-errors "$work/file" "s3://bench/file-$r")
  down=$(run s3-down /usr/bin/aws --endpoint-url "$s3url" s3 cp --only-show-errors "s3://bench/file-$r" "$work/back")
  cmp -s "$work/file" "$work/back" || fail "aws s3 cp returned other bytes"
  rm -f "$work/back"
  echo "round $r (load $(cut -d' ' -f1 /proc/loadavg)):"
  line "  zhtp put" "$put"; line "  s3 up" "$up"; line "  zhtp get" "$get"; line "  s3 down" "$down"
  awk -v a="$(mbps "$up")" -v b="$(mbps "$put")" -v c="$(mbps "$down")" -v d="$(mbps "$get")" \
    'BEGIN { printf "  ratio S3/CLI: up %.2fx, down %.2fx (goal 0.8x)\n", a / b, c / d }'
done
