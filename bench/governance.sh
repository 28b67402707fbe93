#!/usr/bin/env bash
# Governance overhead benchmark: what do virtual keys, budgets, rate limits and the usage ledger
# cost in throughput? Two gateways run side by side on one nginx mock upstream (the mock of run.sh):
#   plain     no keys, no budgets, no limits, the usage ledger switched off
#   governed  a virtual key (SWITCHBOARD_ADMIN_KEY set, so keys are required) whose key, team and
#             organisation each have a daily budget and whose key and team have request and token
#             rate limits, all set through the admin API, far above what the run spends, so every
#             request passes every check; the ledger on (SQLite, the embedded default)
# wrk sends the same non-streaming chat request to each in turn, alternating plain and governed
# for ROUNDS rounds, at concurrency 64 (2 threads) and 1 (1 thread) for DURATION seconds each.
# Reported: per-round req/s and p50, medians, and the governed/plain ratio of the medians (target:
# >= 80 % at c64). While the governed gateway is under load the ledger's backlog (records queued,
# not yet written) is sampled every 0.5 s: the target is a backlog that stays bounded and drains,
# and, at the end, as many ledger rows as requests the gateway answered.
#
# Usage:  bench/governance.sh                    (about 3 minutes)
#         DURATION=3 ROUNDS=1 WARMUP=2 bench/governance.sh      (quick check)
# Knobs:  DURATION=10  ROUNDS=3  WARMUP=5 (c64 seconds per gateway before the rounds)
#         GATEWAY_START_SECONDS=300   PIN=1 (0: no CPU pinning)   JAVA_OPTS goes to ./switchboard.
# Needs:  wrk, nginx, curl, jq (installed with apt-get when missing: root or sudo).
# Prints a markdown report and writes it to bench/results/governance-<date>-<host>.md.
set -euo pipefail

LOG_TAG=governance
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-5}
GATEWAY_START_SECONDS=${GATEWAY_START_SECONDS:-300}
PIN=${PIN:-1}
require_whole DURATION ROUNDS WARMUP GATEWAY_START_SECONDS PIN
((DURATION > 0 && ROUNDS > 0)) || { echo "DURATION and ROUNDS must be > 0" >&2; exit 2; }

setup_pinning
bench_init
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
install_tools wrk nginx curl ss
command -v jq >/dev/null || die "jq is needed (apt-get install jq)"
check_payloads
derive_requests bench-model bench-stream

free_port MOCK_PORT
write_nginx_conf "$WORK/nginx" "  server {
    listen 127.0.0.1:$MOCK_PORT;
$(nginx_locations "")
  }"
start_nginx "$WORK/nginx" "http://127.0.0.1:$MOCK_PORT/v1/chat/completions"

declare -A PORT PID KEY RESULT
ADMIN_KEY=sk-admin-bench-$RANDOM$RANDOM

start_gateway() { # start_gateway NAME LEDGER [ADMIN_KEY]
  single_model_config "$1" "$2"
  if [[ -n ${3:-} ]]; then export SWITCHBOARD_ADMIN_KEY=$3; else unset SWITCHBOARD_ADMIN_KEY; fi
  start_switchboard "$1" "$WORK/$1.yaml" "$GATEWAY_START_SECONDS" || die "the $1 gateway did not start"
  unset SWITCHBOARD_ADMIN_KEY
  PORT[$1]=$GATEWAY_PORT
  PID[$1]=$GATEWAY_PID
}

admin() { # admin METHOD PATH [JSON] : the admin API of the governed gateway; prints the response body
  curl -fsS -X "$1" -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "http://127.0.0.1:${PORT[governed]}/admin/v1$2"
}

start_gateway plain false
start_gateway governed true "$ADMIN_KEY"
KEY[plain]=none

log "setting up an organisation, a team, a key, budgets and rate limits on the governed gateway"
org=$(admin POST /orgs '{"name":"bench"}' | jq -r .id)
team=$(admin POST "/orgs/$org/teams" '{"name":"load"}' | jq -r .id)
created=$(admin POST "/teams/$team/keys" '{"name":"wrk"}')
key_id=$(jq -r .id <<<"$created")
KEY[governed]=$(jq -r .key <<<"$created")
for scope in "orgs/$org" "teams/$team" "keys/$key_id"; do
  admin PUT "/$scope/budgets/day" '{"limit_usd":"1000000","alert_thresholds":[50,80]}' >/dev/null
done
for scope in "teams/$team" "keys/$key_id"; do
  admin PUT "/$scope/rate-limits" '{"requests_per_minute":100000000,"tokens_per_minute":50000000000}' >/dev/null
done

for target in plain governed; do
  write_wrk_script "$WORK/$target.lua" "$WORK/chat-request-plain.json" "${KEY[$target]}"
  body=$(curl -sS --max-time 10 -H 'Content-Type: application/json' -H "Authorization: Bearer ${KEY[$target]}" \
    --data-binary "@$WORK/chat-request-plain.json" "http://127.0.0.1:${PORT[$target]}/v1/chat/completions")
  [[ $body == *'"chat.completion"'* ]] || die "$target smoke request failed: ${body:0:300}"
done

ledger_backlog() {
  admin GET /ledger | jq -r .backlog
}

# wrk_point TARGET CONC SECONDS : prints "rps p50 p99 non2xx socket_errors requests"
wrk_point() {
  local threads=1 out
  (($2 > 1)) && threads=2
  out=$("${CLIENT_CPU[@]}" wrk -t"$threads" -c"$2" -d"$3s" --timeout 10s --latency -s "$WORK/$1.lua" \
    "http://127.0.0.1:${PORT[$1]}/v1/chat/completions" 2>&1) || die "wrk failed: $out"
  printf '### %s c%s %ss\n%s\n\n' "$1" "$2" "$3" "$out" >>"$WORK/wrk-raw.txt"
  grep '^WRKRESULT' <<<"$out" | head -n 1 | cut -d' ' -f2-
}

for target in plain governed; do
  RESULT[$target/warmup]="0 0 0 0 0 0"
  ((WARMUP == 0)) || { log "$target: warm-up ${WARMUP}s at c64"; RESULT[$target/warmup]=$(wrk_point "$target" 64 "$WARMUP"); }
done

MAX_BACKLOG=0
for ((round = 1; round <= ROUNDS; round++)); do
  for target in plain governed; do
    log "round $round: $target c64 for ${DURATION}s"
    if [[ $target == governed ]]; then
      (while sleep 0.5; do ledger_backlog; done) >"$WORK/backlog-$round.txt" 2>/dev/null &
      sampler=$!
    fi
    RESULT[$target/c64/$round]=$(wrk_point "$target" 64 "$DURATION")
    if [[ $target == governed ]]; then
      kill "$sampler" 2>/dev/null || true
      wait "$sampler" 2>/dev/null || true
      m=$(sort -n "$WORK/backlog-$round.txt" | tail -n 1)
      ((${m:-0} > MAX_BACKLOG)) && MAX_BACKLOG=$m
    fi
    log "round $round: $target c1 for ${DURATION}s"
    RESULT[$target/c1/$round]=$(wrk_point "$target" 1 "$DURATION")
  done
done

sleep 1
FINAL_BACKLOG=$(ledger_backlog)
LEDGER_ROWS=$(admin GET "/usage?group_by=org&org_id=$org" | jq '[.totals[].requests] | add // 0')
# Requests wrk saw answered by the governed gateway, plus its smoke request: each must have one ledger row.
ANSWERED=$(for k in "${!RESULT[@]}"; do [[ $k != governed/* ]] || cut -d' ' -f6 <<<"${RESULT[$k]}"; done | awk '{ s += $1 } END { print s + 1 }')

field() { cut -d' ' -f"$2" <<<"${RESULT[$1]}"; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
medians() { # medians TARGET CONC FIELD
  for ((r = 1; r <= ROUNDS; r++)); do field "$1/$2/$r" "$3"; done | median
}

report() {
  local t c r
  echo "| gateway | concurrency | round | req/s | p50 µs | p99 µs | non-2xx | socket errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for c in 64 1; do
    for ((r = 1; r <= ROUNDS; r++)); do
      for t in plain governed; do
        echo "| $t | $c | $r | $(printf '%.0f' "$(field "$t/c$c/$r" 1)") | $(field "$t/c$c/$r" 2) | $(field "$t/c$c/$r" 3) | $(field "$t/c$c/$r" 4) | $(field "$t/c$c/$r" 5) |"
      done
    done
  done
  local p64 g64 p1 g1
  p64=$(medians plain c64 1); g64=$(medians governed c64 1)
  p1=$(medians plain c1 2); g1=$(medians governed c1 2)
  echo
  echo "| | plain | governed | governed / plain |"
  echo "|---|---:|---:|---:|"
  awk -v p="$p64" -v g="$g64" 'BEGIN { r = g / p * 100; printf "| median req/s, c64 (target ≥ 80 %%) | %.0f | %.0f | %.1f %% %s |\n", p, g, r, (r >= 80 ? "✅" : "❌") }'
  awk -v p="$p1" -v g="$g1" 'BEGIN { printf "| median p50 µs, c1 | %.0f | %.0f | +%.0f µs |\n", p, g, g - p }'
  echo
  echo "Ledger: largest backlog sampled under c64 load $MAX_BACKLOG records; backlog after the run $FINAL_BACKLOG;" \
    "requests wrk saw answered by the governed gateway $ANSWERED; ledger rows $LEDGER_ROWS" \
    "$( ((LEDGER_ROWS >= ANSWERED)) && echo '(every answered request recorded ✅; rows beyond it are requests in flight when wrk stopped, at most 64 a point)' || echo '(rows missing ❌)')."
}

TABLE=$(report)
mkdir -p "$BENCH_DIR/results"
OUT=$BENCH_DIR/results/governance-$(date +%F)-$(hostname -s).md
{
  echo "# Governance overhead benchmark, $(date +%F), $(hostname -s)"
  echo
  echo "\`bench/governance.sh\` with DURATION=$DURATION ROUNDS=$ROUNDS WARMUP=$WARMUP."
  echo
  echo "## Machine and method"
  echo
  machine_facts_common "$LOAD_START"
  echo "- switchboard: ${SWITCHBOARD_JVM:-?}; JAVA_OPTS='${JAVA_OPTS:-}' (empty: the launcher's defaults); commit: $(commit_described)"
  echo "- method: the two gateways run at once (idle while the other is measured); rounds alternate plain and governed;" \
    "wrk POSTs the ~1 KB chat request over keep-alive connections; medians over the rounds. wrk, nginx and the" \
    "gateways share the $(nproc) cores (wrk pinned to ${CLIENT_CPU[*]:-no CPU}, nginx to ${MOCK_CPU[*]:-no CPU})."
  echo
  echo "## Results"
  echo
  echo "$TABLE"
  echo
  raw_wrk_details
} >"$OUT"
echo
echo "$TABLE"
echo
log "written to $OUT"
