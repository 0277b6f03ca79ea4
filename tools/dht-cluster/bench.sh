#!/usr/bin/env bash
# Multi-process DHT benchmark on 127.0.0.1 (issue 10's scenario): NODES `zhtp node` processes,
# PUTS `zhtp dht put` (a third of them 300 KB, the rest 500 B) through random nodes, KILL nodes
# killed, then one `zhtp dht get` of every key through random live nodes. Every value must come
# back intact. Prints p50/p95/max wall time per command, and the same for `zhtp --version` (process
# start alone), so the split between start-up and DHT work is visible.
#
#   tools/dht-cluster/bench.sh [NODES] [PUTS] [KILL]        defaults: 20 100 5
#
# Needs a Release build of src/Host (built if missing). Binds only 127.0.0.1; every process it
# starts is killed on exit. Results go to standard output; work files to a temporary directory.
set -euo pipefail
NODES=${1:-20}
PUTS=${2:-100}
KILL=${3:-5}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DLL="$ROOT/src/Host/bin/Release/net10.0/zhtp.dll"
[ -f "$DLL" ] || dotnet build "$ROOT/src/Host" -c Release -v quiet >/dev/null
WORK=$(mktemp -d /tmp/zhtp-cluster-XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "failed at line $LINENO"; cat "$WORK"/*.err 2>/dev/null | tail -5' ERR
zhtp() { dotnet "$DLL" "$@"; }
now_ms() { date +%s%3N; }

# Start the nodes: node 0 first, the others join through it.
declare -a PORTS
for i in $(seq 0 $((NODES - 1))); do
  args=(node --host 127.0.0.1 --port 0 --data-dir "$WORK/node$i" --stats-seconds 0)
  [ "$i" -gt 0 ] && args+=(--bootstrap "127.0.0.1:${PORTS[0]}")
  zhtp "${args[@]}" > "$WORK/node$i.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 600); do
    port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/node$i.log" | head -1)
    [ -n "$port" ] && break
    sleep 0.05
  done
  [ -n "$port" ] || { echo "node $i did not start"; cat "$WORK/node$i.log"; exit 1; }
  PORTS[$i]=$port
  if [ "$i" -gt 0 ]; then
    for _ in $(seq 1 600); do grep -q "joined" "$WORK/node$i.log" && break; sleep 0.05; done
  fi
done
echo "started $NODES nodes on 127.0.0.1 (ports ${PORTS[0]}..)"

percentiles() { # stdin: one number a line -> "p50 p95 max"
  sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "- - -"; exit } i50 = int(NR * 0.50 + 0.999); i95 = int(NR * 0.95 + 0.999); print v[i50], v[i95], v[NR] }'
}

# Process start alone.
for _ in $(seq 1 10); do t0=$(now_ms); zhtp --version >/dev/null; echo $(( $(now_ms) - t0 )); done > "$WORK/start.ms"

# Puts.
: > "$WORK/put.ms"; : > "$WORK/keys"; put_failures=0
for p in $(seq 1 "$PUTS"); do
  if (( p % 3 == 0 )); then size=300000; else size=500; fi
  head -c "$size" /dev/urandom > "$WORK/value$p"
  node=$(( RANDOM % NODES ))
  t0=$(now_ms)
  if key=$(zhtp dht put --bootstrap "127.0.0.1:${PORTS[$node]}" --file "$WORK/value$p" 2>>"$WORK/put.err"); then
    echo "$p $key" >> "$WORK/keys"
  else
    put_failures=$((put_failures + 1)); echo "put $p through node $node failed: $(tail -1 "$WORK/put.err")"
  fi
  ms=$(( $(now_ms) - t0 )); echo "$ms" >> "$WORK/put.ms"
  (( ms > 1500 )) && echo "slow put: value $p ($size bytes) through node $node, $ms ms: $(grep '^stored on' "$WORK/put.err" | tail -1)"
done
echo "stored $PUTS values ($(( PUTS / 3 )) of 300 KB)"

# Kill some nodes (never all the ones a get could go through).
declare -A DEAD
for victim in $(seq 1 $((NODES - 1)) | shuf -n "$KILL"); do
  kill "${PIDS[$victim]}"; DEAD[$victim]=1
done
echo "killed $KILL nodes"

# Gets.
: > "$WORK/get.ms"; failures=0
while read -r p key; do
  while :; do node=$(( RANDOM % NODES )); [ -z "${DEAD[$node]:-}" ] && break; done
  t0=$(now_ms)
  if zhtp dht get --bootstrap "127.0.0.1:${PORTS[$node]}" "$key" > "$WORK/got" 2>"$WORK/get.err" && cmp -s "$WORK/got" "$WORK/value$p"; then :; else
    failures=$((failures + 1)); echo "get of value $p ($(stat -c %s "$WORK/value$p") bytes) through node $node failed: $(grep -v '^client ' "$WORK/get.err" | tail -1)"
  fi
  ms=$(( $(now_ms) - t0 )); echo "$ms" >> "$WORK/get.ms"
  (( ms > 1500 )) && echo "slow get: value $p ($(stat -c %s "$WORK/value$p") bytes), $ms ms"
done < "$WORK/keys"

read -r s50 s95 smax < <(percentiles < "$WORK/start.ms")
read -r p50 p95 pmax < <(percentiles < "$WORK/put.ms")
read -r g50 g95 gmax < <(percentiles < "$WORK/get.ms")
echo "command         p50 ms  p95 ms  max ms"
printf "zhtp --version  %6s  %6s  %6s   (process start alone)\n" "$s50" "$s95" "$smax"
printf "zhtp dht put    %6s  %6s  %6s\n" "$p50" "$p95" "$pmax"
printf "zhtp dht get    %6s  %6s  %6s\n" "$g50" "$g95" "$gmax"
echo "puts acknowledged: $(( PUTS - put_failures ))/$PUTS; values back intact: $(( PUTS - put_failures - failures ))/$PUTS"
[ "$failures" -eq 0 ] && [ "$put_failures" -eq 0 ]
