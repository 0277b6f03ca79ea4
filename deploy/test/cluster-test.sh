#!/usr/bin/env bash
# End-to-end test of the container deployment with podman (docs/deployment.md, "Tested here"):
#  1. builds the runtime base (build-local-base.sh), publishes zhtp on the host (deploy/publish.sh) and builds the
#     image's `prebuilt` target; 2. checks non-root uid, read-only root fs, size < 150 MB; 3. starts 5 node
#     containers (host networking, loopback ports) and a Prometheus from Debian scraping them; 4. uploads through one
#     node and downloads through another, and puts and gets objects (one multipart) through a node's S3 gateway with
#     awscli; 5. kills a container and downloads again (API and S3); 6. re-creates it from its volume and checks it
#     serves again; 7. asks Prometheus for a node metric from all 5; 8. tears everything down (trap); 9. runs
#     deploy/compose.yaml itself with podman-compose on the same image (compose-test.sh).
# Run by .ci/run when ZHTP_CLUSTER_TEST=1. Needs root (podman, debootstrap). Env: ZHTP_DEPLOY_WORK (scratch dir),
# ZHTP_TEST_PORT_BASE (default 27100: below the kernel's ephemeral range, so no outgoing connection holds a port the
# test binds; base+1..5 DHT/bulk, base+81..85 APIs, base+91..95 S3 gateways, base+99 Prometheus), ZHTP_SKIP_PUBLISH=1
# (reuse deploy/.publish).
# Containers run with --health-interval disable (no systemd here to schedule podman's health timers); step 3 runs the
# image's HEALTHCHECK once with `podman healthcheck run`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export CONTAINERS_CONF="$here/containers.conf"
export BASE_IMAGE="${BASE_IMAGE:-localhost/zhtp-base:bookworm}"
IMAGE="${ZHTP_TEST_IMAGE:-localhost/zhtp:cluster-test}"
WORK="${ZHTP_DEPLOY_WORK:-/var/tmp/zhtp-deploy}"
PB="${ZHTP_TEST_PORT_BASE:-27100}"
N=5
PREFIX="zhtp-ct"
podman() { command podman --runtime runc "$@"; }
step() { printf '\n== %s (%ss)\n' "$*" "$SECONDS"; }
exec 3>&2
fail() { echo "FAIL: $*" >&3; exit 1; }
dht_port() { echo $((PB + $1)); }
api() { echo "http://127.0.0.1:$((PB + 80 + $1))"; }
s3() { echo "http://127.0.0.1:$((PB + 90 + $1))"; }

prom_pid=""
cleanup() {
  local rc=$?
  set +e
  echo "== cleanup (exit $rc)"
  if [ "$rc" != 0 ]; then
    for i in $(seq 1 $N); do echo "--- logs of $PREFIX-n$i (tail)"; timeout 20 podman --runtime runc logs --tail 15 "$PREFIX-n$i" 2>&1; done
  fi
  for i in $(seq 1 $N); do timeout 60 podman --runtime runc rm -f -t 2 "$PREFIX-n$i" >/dev/null 2>&1; done
  for i in $(seq 1 $N); do timeout 30 podman --runtime runc volume rm -f "$PREFIX-v$i" >/dev/null 2>&1; done
  timeout 30 podman --runtime runc secret rm zhtp_identity_passphrase >/dev/null 2>&1
  [ -n "$prom_pid" ] && kill "$prom_pid" 2>/dev/null && wait "$prom_pid" 2>/dev/null
  rm -rf "$WORK/ct"
  exit "$rc"
}
trap cleanup EXIT INT TERM

# shellcheck source=lib.sh
source "$here/lib.sh"
# ready N: node N answers /api/v1/health with 200; fails the test at once when its container has exited.
ready() {
  curl -sf --max-time 3 -o /dev/null "$(api "$1")/api/v1/health" && return 0
  [ "$(podman container inspect --format '{{.State.Running}}' "$PREFIX-n$1" 2>/dev/null)" = true ] \
    || fail "container $PREFIX-n$1 is not running (its log is below)"
  return 1
}
live() { curl -sf --max-time 3 -o /dev/null "$(api "$1")/api/v1/health/live"; }

need=()
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v python3 >/dev/null 2>&1 || need+=(python3)
[ -x /usr/bin/aws ] || need+=(awscli)
if ((${#need[@]})); then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"; fi
mkdir -p "$WORK/ct"
# TIME-WAIT remnants of an earlier run do not block a bind (.NET sets SO_REUSEADDR on Linux).
for port in $(seq $((PB + 1)) $((PB + N))) $(seq $((PB + 81)) $((PB + 80 + N))) $(seq $((PB + 91)) $((PB + 90 + N))) $((PB + 99)); do
  ! ss -Htan exclude time-wait "sport = :$port" | grep -q . && ! ss -Huan "sport = :$port" | grep -q . \
    || fail "port $port is in use; set ZHTP_TEST_PORT_BASE to a free range"
done

step "1. build: runtime base, host publish, image ($IMAGE)"
timeout 1200 "$here/build-local-base.sh"
if [ "${ZHTP_SKIP_PUBLISH:-0}" != 1 ] || [ ! -x "$repo/deploy/.publish/zhtp" ]; then
  timeout 1200 "$repo/deploy/publish.sh" "$repo/deploy/.publish" >"$WORK/ct/publish.log" 2>&1 || { tail -30 "$WORK/ct/publish.log"; fail "publish"; }
fi
# SDK_IMAGE is set to the base so the unused build stage never asks a registry.
timeout 900 podman --runtime runc build --format docker -f "$repo/deploy/Dockerfile" --target prebuilt \
  --build-arg BASE_IMAGE="$BASE_IMAGE" --build-arg SDK_IMAGE="$BASE_IMAGE" -t "$IMAGE" "$repo" >"$WORK/ct/build.log" 2>&1 \
  || { tail -30 "$WORK/ct/build.log"; fail "podman build"; }

step "2. image checks"
size=$(podman image inspect --format '{{.Size}}' "$IMAGE")
echo "image size: $((size / 1000000)) MB ($size bytes)"
((size < 150000000)) || fail "image is $size bytes, not under 150 MB"
uid=$(timeout 60 podman --runtime runc run --rm --no-healthcheck --read-only --entrypoint /usr/bin/id "$IMAGE" -u)
echo "runs as uid $uid"
[ "$uid" != 0 ] || fail "image runs as root"
if timeout 60 podman --runtime runc run --rm --no-healthcheck --read-only --tmpfs /tmp --entrypoint /bin/sh "$IMAGE" -c 'touch /app/x || touch /x' 2>/dev/null; then
  fail "root file system is writable under --read-only"
fi
timeout 60 podman --runtime runc run --rm --no-healthcheck --read-only --tmpfs /tmp --entrypoint /bin/sh "$IMAGE" -c 'touch /tmp/ok' \
  || fail "the /tmp tmpfs is not writable"
echo "root fs read-only: ok (/tmp tmpfs writable)"
version=$(timeout 60 podman --runtime runc run --rm --no-healthcheck --read-only --tmpfs /tmp "$IMAGE" --version)
echo "zhtp --version in the image: $version"

step "3. start $N nodes and Prometheus"
printf 'cluster-test-passphrase\n' | podman secret create zhtp_identity_passphrase - >/dev/null
run_node() {
  local i=$1 boot=()
  ((i == 1)) || boot=(--bootstrap "127.0.0.1:$(dht_port 1)")
  podman volume exists "$PREFIX-v$i" || podman volume create "$PREFIX-v$i" >/dev/null
  timeout 60 podman --runtime runc run -d --name "$PREFIX-n$i" --network host --health-interval disable \
    --read-only --tmpfs /tmp:rw,size=64m,mode=1777 --tmpfs /run/secrets:rw,size=64k,mode=0755 --cap-drop ALL --security-opt no-new-privileges \
    --pids-limit 256 --memory 768m --cpus 1 \
    --secret zhtp_identity_passphrase -v "$PREFIX-v$i:/data" -e "ZHTP__API__LISTEN=127.0.0.1:$((PB + 80 + i))" \
    -e "ZHTP__S3__LISTEN=127.0.0.1:$((PB + 90 + i))" \
    "$IMAGE" node --data-dir /data --port "$(dht_port "$i")" --host 127.0.0.1 "${boot[@]}" >/dev/null 2>"$WORK/ct/run.err" \
    || { cat "$WORK/ct/run.err"; fail "podman run of node $i"; }
  # podman without systemd logs that it cannot add health timers (the containers run with --health-interval disable).
  grep -v 'systemd connection' "$WORK/ct/run.err" >&2 || true
}
t0=$SECONDS; t0ns=$(date +%s%N)
run_node 1
wait_for 120 "node 1 live" live 1
echo "node 1: start to live $(( ($(date +%s%N) - t0ns) / 1000000 )) ms"
for i in $(seq 2 $N); do run_node "$i"; done
for i in $(seq 1 $N); do wait_for 180 "node $i ready" ready "$i"; done
echo "all $N nodes ready (health 200) $((SECONDS - t0)) s after the first start"
hc=$(timeout 30 podman --runtime runc healthcheck run "$PREFIX-n1" && echo healthy || echo unhealthy)
echo "podman healthcheck of node 1 (HEALTHCHECK = zhtp health): $hc"
[ "$hc" = healthy ] || fail "HEALTHCHECK failed"

cat >"$WORK/ct/prometheus.yml" <<YML
global: { scrape_interval: 2s, scrape_timeout: 2s }
scrape_configs:
  - job_name: zhtp
    static_configs:
      - targets: [$(for i in $(seq 1 $N); do printf '"127.0.0.1:%s",' $((PB + 80 + i)); done | sed 's/,$//')]
YML
prometheus --config.file="$WORK/ct/prometheus.yml" --storage.tsdb.path="$WORK/ct/prom" \
  --web.listen-address="127.0.0.1:$((PB + 99))" >"$WORK/ct/prometheus.log" 2>&1 &
prom_pid=$!

step "4. upload through node 2, download through node 4"
token() { timeout 60 podman --runtime runc exec "$PREFIX-n$1" /app/zhtp token create --data-dir /data --scope "$2" | tail -n1; }
t2=$(token 2 read,write); t4=$(token 4 read); t5=$(token 5 read)
head -c 300000 /dev/urandom >"$WORK/ct/blob"
location=$(curl -sf --max-time 60 -D - -o /dev/null -H "Authorization: Bearer $t2" -H 'X-Zhtp-Access: Public' \
  -H 'Content-Type: application/octet-stream' --data-binary @"$WORK/ct/blob" "$(api 2)/api/v1/content" \
  | tr -d '\r' | awk 'tolower($1)=="location:"{print $2}')
[ -n "$location" ] || fail "upload returned no Location"
echo "uploaded 300000 bytes (Public) through node 2: $location"
path="${location#http*://*/}"; path="/${path#/}"
download() { # download NODE TOKEN FILE
  curl -sf --max-time 60 -H "Authorization: Bearer $2" -o "$3" "$(api "$1")$path" && cmp -s "$3" "$WORK/ct/blob"
}
wait_for 60 "download through node 4" download 4 "$t4" "$WORK/ct/got4"
echo "downloaded through node 4: identical"

# S3 through node 3's gateway: an access key made in the container, awscli from Debian (multipart above 8 MiB).
keypair=$(timeout 60 podman --runtime runc exec "$PREFIX-n3" /app/zhtp s3 key create --data-dir /data | tail -n1)
use_s3_key "$keypair"
aws3() { timeout 120 /usr/bin/aws --endpoint-url "$(s3 3)" "$@"; }
head -c 20000000 /dev/urandom >"$WORK/ct/big"
aws3 s3 mb s3://cluster-test >/dev/null || fail "S3 CreateBucket through node 3"
aws3 s3 cp --only-show-errors "$WORK/ct/blob" s3://cluster-test/small.bin || fail "S3 PutObject through node 3"
aws3 s3 cp --only-show-errors "$WORK/ct/big" s3://cluster-test/dir/big.bin || fail "S3 multipart upload through node 3"
s3_get() { # s3_get KEY ORIGINAL FILE
  aws3 s3 cp --only-show-errors "s3://cluster-test/$1" "$3" && cmp -s "$3" "$2"
}
s3_get small.bin "$WORK/ct/blob" "$WORK/ct/s3small" || fail "S3 GetObject of small.bin differs"
s3_get dir/big.bin "$WORK/ct/big" "$WORK/ct/s3big" || fail "S3 GetObject of the multipart object differs"
etag=$(aws3 s3api head-object --bucket cluster-test --key dir/big.bin --query ETag --output text)
[[ "$etag" == *-3\" ]] || fail "multipart ETag $etag is not MD5-of-MD5s-3"
echo "S3 through node 3 (awscli): put and got 300000 bytes and a 20000000-byte multipart object (ETag $etag): identical"

step "5. kill node 2 (the uploader), download through node 5"
timeout 60 podman --runtime runc kill "$PREFIX-n2" >/dev/null
wait_for 60 "download through node 5 with node 2 down" download 5 "$t5" "$WORK/ct/got5"
echo "downloaded through node 5 with node 2 killed: identical"
wait_for 60 "S3 GetObject through node 3 with node 2 down" s3_get dir/big.bin "$WORK/ct/big" "$WORK/ct/s3big2"
echo "S3 GetObject of the multipart object through node 3 with node 2 killed: identical"

step "6. re-create node 2 from its volume"
timeout 60 podman --runtime runc rm -f "$PREFIX-n2" 2>&1 >/dev/null | { grep -v "systemd connection" >&2 || true; }
t6ns=$(date +%s%N)
run_node 2
wait_for 120 "node 2 ready again" ready 2
echo "node 2 ready again $(( ($(date +%s%N) - t6ns) / 1000000 )) ms after its re-start"
# The token made before the kill lives in the volume: the same token works, and node 2 serves the content.
wait_for 60 "download through the restarted node 2" download 2 "$t2" "$WORK/ct/got2"
echo "downloaded through the restarted node 2 with its old token: identical"

step "7. Prometheus: zhtp_dht_contacts from all $N nodes"
prom_count() {
  local n
  n=$(curl -sf --max-time 5 "http://127.0.0.1:$((PB + 99))/api/v1/query" --data-urlencode 'query=count(zhtp_dht_contacts)' \
    | python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else 0)')
  [ "$n" = "$N" ]
}
wait_for 90 "Prometheus to report zhtp_dht_contacts for $N instances" prom_count
curl -sf --max-time 5 "http://127.0.0.1:$((PB + 99))/api/v1/query" --data-urlencode 'query=zhtp_dht_contacts' \
  | python3 -c 'import json,sys; [print("  ", r["metric"]["instance"], "zhtp_dht_contacts =", r["value"][1]) for r in json.load(sys.stdin)["data"]["result"]]'

curl -sf --max-time 10 "$(api 1)/metrics" | grep -v '^#' | sed 's/[{ ].*//' | sort -u >"$WORK/ct/exported"
missing=$(grep -v '^#' "$here/metric-names.txt" | sort -u | comm -23 - "$WORK/ct/exported")
[ -z "$missing" ] || fail "deploy/test/metric-names.txt lists metrics node 1 does not export: $missing"
echo "every metric in deploy/test/metric-names.txt (the dashboard's vocabulary) is exported by node 1"

step "8. tear down the 5 nodes and Prometheus"
for i in $(seq 1 $N); do timeout 60 podman rm -f -t 2 "$PREFIX-n$i" >/dev/null 2>&1 || true; done
kill "$prom_pid" 2>/dev/null && wait "$prom_pid" 2>/dev/null; prom_pid=""

step "9. deploy/compose.yaml itself, with podman-compose (deploy/test/compose-test.sh)"
ZHTP_TEST_IMAGE="$IMAGE" timeout 900 "$here/compose-test.sh" 2>&1 | grep -v 'systemd connection'
echo "CLUSTER TEST PASSED in ${SECONDS}s"
