#!/usr/bin/env bash
# Two builds of the gateway side by side: is a change faster? Both jars serve the same
# non-streaming chat request from one nginx mock upstream (the mock of run.sh); wrk sends it
# directly to the mock and to each gateway in turn, alternating for ROUNDS rounds, so every
# target sees the same machine state. Reported: per-round req/s and p50, the medians, and each
# gateway's median p50 minus direct's (the added latency).
#
# Usage:  bench/ab.sh BEFORE.jar AFTER.jar        (about 3 minutes at the defaults)
#         e.g. git stash; mvn -q -pl runtime -am package -DskipTests; cp runtime/target/switchboard.jar /tmp/before.jar
# Knobs:  CONCURRENCY=1 (wrk connections; 2 threads above 1)  DURATION=6  ROUNDS=5
#         WARMUP=10 (c64 seconds per gateway before the rounds)  PIN=1 (0: no CPU pinning)
#         JAVA_OPTS goes to ./switchboard (which runs each jar through SWITCHBOARD_JAR)
# Needs:  wrk, nginx, curl (installed with apt-get when missing: root or sudo).
set -euo pipefail

LOG_TAG=ab
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

(($# == 2)) && [[ -f $1 && -f $2 ]] || { sed -n '2,13p' "$0" >&2; exit 2; }
CONCURRENCY=${CONCURRENCY:-1}
DURATION=${DURATION:-6}
ROUNDS=${ROUNDS:-5}
WARMUP=${WARMUP:-10}
PIN=${PIN:-1}
require_whole CONCURRENCY DURATION ROUNDS WARMUP PIN

setup_pinning
bench_init
install_tools wrk nginx curl ss
free_port MOCK_PORT
write_nginx_conf "$WORK/nginx" "  server { listen 127.0.0.1:$MOCK_PORT; $(nginx_locations) }"
start_nginx "$WORK/nginx" "http://127.0.0.1:$MOCK_PORT/v1/chat/completions"
single_model_config before true
single_model_config after true
write_wrk_script "$WORK/plain.lua" "$PAYLOADS/chat-request.json" sk-bench

declare -A URL=([direct]=http://127.0.0.1:$MOCK_PORT/v1/chat/completions)
TARGETS=(direct before after)
jars=([1]="$1" [2]="$2")
for i in 1 2; do
  name=${TARGETS[$i]}
  free_port port
  start_service "$name" env SWITCHBOARD_JAR="$(readlink -f "${jars[$i]}")" "$REPO_DIR/switchboard" \
    serve --config "$WORK/$name.yaml" --port "$port"
  wait_ready "$name" "$SERVICE_PID" "http://127.0.0.1:$port/ready" 120 || die "$name did not start (log: $WORK/$name.log)"
  URL[$name]=http://127.0.0.1:$port/v1/chat/completions
  log "$name: warm-up ${WARMUP}s at c64"
  "${CLIENT_CPU[@]}" wrk -t2 -c64 -d"${WARMUP}s" -s "$WORK/plain.lua" "${URL[$name]}" >/dev/null
done

threads=1
((CONCURRENCY > 1)) && threads=2
declare -A P50 RPS
for ((round = 1; round <= ROUNDS; round++)); do
  for name in "${TARGETS[@]}"; do
    line=$("${CLIENT_CPU[@]}" wrk -t$threads -c"$CONCURRENCY" -d"${DURATION}s" --latency -s "$WORK/plain.lua" "${URL[$name]}" \
      | grep '^WRKRESULT') || die "wrk failed against $name"
    read -r _ rps p50 _ status errors _ <<<"$line"
    ((status == 0 && errors == 0)) || die "$name: $status non-2xx answers, $errors socket errors"
    RPS[$name]+="$rps "
    P50[$name]+="$p50 "
    log "round $round $name: $rps req/s, p50 $p50 µs"
  done
done

median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
direct_p50=$(median "${P50[direct]}")
echo
echo "c$CONCURRENCY, $ROUNDS rounds of ${DURATION}s, $(nproc) CPUs, load average at end $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| target | p50 µs per round | median p50 µs | added p50 µs | req/s per round | median req/s |"
echo "|---|---|---:|---:|---|---:|"
for name in "${TARGETS[@]}"; do
  p50=$(median "${P50[$name]}")
  added=$(awk -v a="$p50" -v b="$direct_p50" 'BEGIN {print a - b}')
  [[ $name == direct ]] && added=—
  echo "| $name | ${P50[$name]% } | $p50 | $added | ${RPS[$name]% } | $(median "${RPS[$name]}") |"
done
