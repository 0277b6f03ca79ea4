#!/usr/bin/env bash
# Runs deploy/compose.yaml itself with podman-compose (Debian's 1.0.3) and checks what it made (docs/deployment.md,
# "Tested here"): the bootstrap node and node1..node4 on the compose networks, the four joining through the name
# `bootstrap:4000`; every node healthy by the compose healthcheck; the hardening keys in effect on every container;
# content up and down through the published API and an object through the published S3 gateway; the compose
# Prometheus scraping all five nodes over the `monitoring` network. Grafana is not started: its image
# cannot be pulled here (no registry); its dashboard is checked by check-compose.py and the cluster test.
# Needs the node image (IMAGE, built by cluster-test.sh, which calls this script as its step 9) and root. The compose
# file publishes fixed loopback ports (5080 API, 9000 S3, 9090 Prometheus, 3000 Grafana): they must be free.
# Prometheus's image is made here from Debian's prometheus binaries on the runtime base (PROMETHEUS_IMAGE).
# Everything it starts is removed on exit (podman-compose down -v, the project's networks).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export CONTAINERS_CONF="$here/containers.conf"
BASE_IMAGE="${BASE_IMAGE:-localhost/zhtp-base:bookworm}"
IMAGE="${ZHTP_TEST_IMAGE:-localhost/zhtp:cluster-test}"
WORK="${ZHTP_DEPLOY_WORK:-/var/tmp/zhtp-deploy}/compose"
PROJECT=zhtpct
NODES=(bootstrap node1 node2 node3 node4)
podman() { command podman --runtime runc "$@"; }
step() { printf '\n== compose: %s (%ss)\n' "$*" "$SECONDS"; }
exec 3>&2
fail() { echo "FAIL: $*" >&3; exit 1; }
cname() { echo "${PROJECT}_$1_1"; }
compose() { (cd "$WORK" && ZHTP_IMAGE="$IMAGE" PROMETHEUS_IMAGE="$PROM_IMAGE" timeout 600 podman-compose -p "$PROJECT" -f compose.yaml "$@"); }
PROM_IMAGE=localhost/zhtp-test-prometheus:debian

cleanup() {
  local rc=$?
  set +e
  echo "== compose: cleanup (exit $rc)"
  if [ "$rc" != 0 ]; then
    for s in "${NODES[@]}" prometheus; do echo "--- logs of $(cname "$s") (tail)"; timeout 20 podman logs --tail 10 "$(cname "$s")" 2>&1; done
  fi
  [ -f "$WORK/compose.yaml" ] && compose down -v -t 2 >/dev/null 2>&1
  timeout 30 podman network rm -f "${PROJECT}_zhtp" "${PROJECT}_monitoring" >/dev/null 2>&1
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT INT TERM

# shellcheck source=lib.sh
source "$here/lib.sh"

need=()
command -v podman-compose >/dev/null 2>&1 || need+=(podman-compose)
# podman's CNI network backend resolves service names only with the dnsname plugin.
[ -x /usr/lib/cni/dnsname ] || need+=(golang-github-containernetworking-plugin-dnsname)
[ -x /usr/bin/aws ] || need+=(awscli)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
if ((${#need[@]})); then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"; fi
podman image exists "$IMAGE" || fail "no image $IMAGE: deploy/test/cluster-test.sh builds it"
for port in 5080 9000 9090 3000; do
  ! ss -Htan exclude time-wait "sport = :$port" | grep -q . || fail "port $port (published by compose.yaml) is in use"
done

step "build the Prometheus image from Debian's binaries ($PROM_IMAGE)"
rm -rf "$WORK" && mkdir -p "$WORK/prom-image"
cp /usr/bin/prometheus "$WORK/prom-image/"
cat >"$WORK/prom-image/Containerfile" <<EOF
FROM $BASE_IMAGE
COPY prometheus /bin/
ENTRYPOINT ["/bin/prometheus"]
EOF
timeout 300 podman build -q -t "$PROM_IMAGE" "$WORK/prom-image" >/dev/null || fail "building $PROM_IMAGE"
# The compose project, as an operator would have it: deploy/ with its two secret files.
cp -r "$repo/deploy/." "$WORK/" && rm -rf "$WORK/.publish" "$WORK/prom-image"
mkdir -p "$WORK/secrets" && (umask 077; head -c 24 /dev/urandom | base64 >"$WORK/secrets/identity_passphrase.txt";
  head -c 18 /dev/urandom | base64 >"$WORK/secrets/grafana_admin_password.txt")

step "podman-compose up: ${NODES[*]} prometheus"
compose up -d --no-build "${NODES[@]}" prometheus >"$WORK/up.log" 2>&1 || { tail -20 "$WORK/up.log"; fail "podman-compose up"; }
# All four joined through the name bootstrap:4000: the bootstrap node is ready and has (at least) them as contacts.
contacts() { curl -sf --max-time 3 http://127.0.0.1:5080/api/v1/health | python3 -c 'import json,sys; print(json.load(sys.stdin)["contacts"])'; }
joined() { (($(contacts) >= 4)); }
wait_for 180 "the bootstrap node to have the 4 joining nodes as contacts" joined
echo "bootstrap node ready on the published 127.0.0.1:5080 with $(contacts) contacts (node1..node4 joined by name)"
for s in "${NODES[@]}"; do
  wait_for 90 "the compose healthcheck of $s" podman healthcheck run "$(cname "$s")"
done
echo "compose healthcheck (zhtp health) passes on all ${#NODES[@]} nodes"

step "hardening in effect on every node container"
for s in "${NODES[@]}"; do
  c=$(cname "$s")
  field() { podman inspect "$c" --format "{{$1}}"; }
  ro=$(field .HostConfig.ReadonlyRootfs); user=$(field .Config.User); capdrop=$(field .HostConfig.CapDrop)
  secopt=$(field .HostConfig.SecurityOpt); mem=$(field .HostConfig.Memory); cpus=$(field .HostConfig.NanoCpus)
  pids=$(field .HostConfig.PidsLimit)
  [ "$ro" = true ] || fail "$s: root file system is not read-only"
  [ "$user" = 10001:10001 ] || fail "$s: runs as $user"
  [[ "$capdrop" == *CAP_* ]] || fail "$s: capabilities not dropped ($capdrop)"
  [ "$(field .EffectiveCaps)" = "[]" ] || fail "$s: effective capabilities left: $(field .EffectiveCaps)"
  [[ "$secopt" == *no-new-privileges* ]] || fail "$s: no-new-privileges not set ($secopt)"
  [ "$mem" = $((768 * 1024 * 1024)) ] || fail "$s: memory limit $mem"
  [ "$cpus" = 1000000000 ] || fail "$s: cpu limit $cpus"
  podman exec "$c" /bin/sh -c 'touch /app/x 2>/dev/null || touch /x 2>/dev/null' && fail "$s: root file system writable"
  # podman-compose 1.0.3 does not pass pids_limit on (docker compose does); podman's default limit applies.
  echo "  $s: read-only root, uid 10001, no capabilities, no-new-privileges, 1 cpu, 768 MiB, pids limit $pids"
done

step "content through the published API, an object through the published S3 gateway"
token=$(timeout 60 podman exec "$(cname bootstrap)" /app/zhtp token create --data-dir /data --scope read,write | tail -n1)
head -c 200000 /dev/urandom >"$WORK/blob"
location=$(curl -sf --max-time 60 -D - -o /dev/null -H "Authorization: Bearer $token" -H 'X-Zhtp-Access: Private' \
  -H 'Content-Type: application/octet-stream' --data-binary @"$WORK/blob" http://127.0.0.1:5080/api/v1/content \
  | tr -d '\r' | awk 'tolower($1)=="location:"{print $2}')
[ -n "$location" ] || fail "upload returned no Location"
path="${location#http*://*/}"; path="/${path#/}"
curl -sf --max-time 60 -H "Authorization: Bearer $token" -o "$WORK/got" "http://127.0.0.1:5080$path" || fail "download"
cmp -s "$WORK/got" "$WORK/blob" || fail "downloaded content differs"
echo "uploaded and downloaded 200000 bytes (Private) through 127.0.0.1:5080: identical"
keypair=$(timeout 60 podman exec "$(cname bootstrap)" /app/zhtp s3 key create --data-dir /data | tail -n1)
use_s3_key "$keypair"
aws3() { timeout 120 /usr/bin/aws --endpoint-url http://127.0.0.1:9000 "$@"; }
aws3 s3 mb s3://compose-test >/dev/null || fail "S3 CreateBucket on 127.0.0.1:9000"
aws3 s3 cp --only-show-errors "$WORK/blob" s3://compose-test/blob.bin || fail "S3 PutObject"
aws3 s3 cp --only-show-errors s3://compose-test/blob.bin "$WORK/s3got" || fail "S3 GetObject"
cmp -s "$WORK/s3got" "$WORK/blob" || fail "S3 object differs"
echo "S3 put and get of 200000 bytes through 127.0.0.1:9000 (awscli): identical"

step "Prometheus (compose service) scrapes all ${#NODES[@]} nodes over the monitoring network"
# Asked over its published loopback port, as an operator would.
prom() { curl -sf --max-time 5 http://127.0.0.1:9090/api/v1/query --data-urlencode "query=$1"; }
scraped() {
  [ "$(prom 'count(up{job="zhtp"} == 1)' | python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else 0)')" = "${#NODES[@]}" ]
}
wait_for 120 "Prometheus to have scraped all ${#NODES[@]} nodes" scraped
prom zhtp_dht_contacts | python3 -c 'import json,sys; [print("  ", r["metric"]["instance"], "zhtp_dht_contacts =", r["value"][1]) for r in json.load(sys.stdin)["data"]["result"]]'

step "podman-compose down -v"
compose down -v -t 5 >/dev/null 2>&1 || fail "podman-compose down"
left=$(podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}}')
[ -z "$left" ] || fail "containers left after down: $left"
echo "COMPOSE TEST PASSED in ${SECONDS}s"
