#!/usr/bin/env bash
# Gateway load benchmark: the same OpenAI chat-completions traffic sent
#   direct      straight to a mock upstream (nginx answering precomputed bytes),
#   switchboard through this repo's gateway (./switchboard serve),
#   portkey     through the open-source Node gateway @portkey-ai/gateway 1.15.2,
# measured side by side in one run on this machine.
#
# Per target: wrk (Lua script POSTing bench/src/main/resources/payloads/chat-request.json) at
# concurrency 1 (1 thread) and 64 (2 threads), non-streaming and streaming, after a warm-up;
# peak RSS (VmHWM) of the gateway process after its c64 runs; time to first token with
# bench/ttft.mjs. Prints a markdown table and writes it to bench/results/<date>-<host>.md.
#
# Usage:  bench/run.sh                    (about 7 minutes; the first run also installs tools)
# Knobs:  DURATION=10 seconds per measured point     WARMUP=45 seconds of c64 warm-up per kind
#         (a JVM's JIT compiler is still busy for about a minute after start: measured warm)
#         TTFT_REQUESTS=300                           TARGETS="direct switchboard portkey"
#         GATEWAY_START_SECONDS=300   PIN=1 (0: no CPU pinning)   JAVA_OPTS goes to ./switchboard as is.
# Stop:   Ctrl-C or kill -TERM (cleanup runs once the current wrk point ends, at most DURATION s).
# Needs:  root or sudo for apt-get (wrk, nginx, curl, node/npm when missing) and the npm registry.
# Only 127.0.0.1 carries traffic; every process started here is stopped on exit.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PORTKEY_VERSION=1.15.2

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-45}
TTFT_REQUESTS=${TTFT_REQUESTS:-300}
TARGETS=${TARGETS:-"direct switchboard portkey"}
PIN=${PIN:-1} # why pinning: lib.sh, setup_pinning
# ./switchboard builds its jar on first use (Maven on 2 cores), hence the long default.
GATEWAY_START_SECONDS=${GATEWAY_START_SECONDS:-300}

for target in $TARGETS; do
  case $target in
    direct | switchboard | portkey) ;;
    *) echo "unknown target '$target' in TARGETS (known: direct switchboard portkey)" >&2; exit 2 ;;
  esac
done
require_whole DURATION WARMUP TTFT_REQUESTS GATEWAY_START_SECONDS PIN
((DURATION > 0 && TTFT_REQUESTS > 0)) || { echo "DURATION and TTFT_REQUESTS must be > 0" >&2; exit 2; }

setup_pinning
bench_init

# ---------------------------------------------------------------- tools
# Portkey's package.json accepts any @hono/node-server ^1.3.3, and npm picks the newest (1.19.x).
# From node-server 1.14.2 on, `new Response(stream, upstreamResponse)` keeps the upstream's
# immutable headers, so every streaming chat completion fails with "TypeError: immutable" in
# Portkey's ResponseService.updateHeaders (Portkey-AI/gateway#1389 and #1550, open for 1.15.2).
# Tried here: 1.11.5 to 1.14.1 stream, 1.14.2 and 1.19.19 do not; 1.14.1 is the newest that does.
HONO_NODE_SERVER_PIN=1.14.1

install_portkey() {
  local dir=$CACHE/portkey-$PORTKEY_VERSION-hono-$HONO_NODE_SERVER_PIN
  PORTKEY_DIR=$dir/node_modules/@portkey-ai/gateway
  if [[ ! -f $PORTKEY_DIR/build/start-server.js ]]; then
    log "installing @portkey-ai/gateway@$PORTKEY_VERSION into $dir"
    mkdir -p "$dir"
    cat >"$dir/package.json" <<JSON
{
  "private": true,
  "dependencies": { "@portkey-ai/gateway": "$PORTKEY_VERSION" },
  "overrides": { "@hono/node-server": "$HONO_NODE_SERVER_PIN" }
}
JSON
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >&2)
  fi
  [[ -f $PORTKEY_DIR/build/start-server.js ]] || die "$PORTKEY_DIR/build/start-server.js missing after npm install"
}

# ---------------------------------------------------------------- mock upstream and load scripts
check_payloads
# Streaming requests use the model bench-stream, which switchboard routes to the /stream mock path.
derive_requests bench-model bench-stream

for kind in plain stream; do
  write_wrk_script "$WORK/$kind.lua" "$WORK/chat-request-$kind.json" sk-bench
done

# ---------------------------------------------------------------- measuring one target
declare -A URL_PLAIN URL_STREAM RESULT TTFT RSS_IDLE RSS_PEAK STATUS
PORTKEY_UPSTREAM_PLAIN=
PORTKEY_UPSTREAM_STREAM=

# headers_for TARGET KIND : sets HDRS to the target's extra request headers as curl/wrk arguments.
# Portkey takes the upstream base URL from a header, so its value differs between the two kinds.
headers_for() {
  HDRS=()
  if [[ $1 == portkey ]]; then
    local base=$PORTKEY_UPSTREAM_PLAIN
    [[ $2 == stream ]] && base=$PORTKEY_UPSTREAM_STREAM
    HDRS=(-H "x-portkey-provider: openai" -H "x-portkey-custom-host: $base")
  fi
  return 0
}

url_for() {
  if [[ $2 == plain ]]; then echo "${URL_PLAIN[$1]}"; else echo "${URL_STREAM[$1]}"; fi
}

# wrk_point TARGET KIND CONC SECONDS : RESULT[TARGET/KIND/cCONC]="rps p50_us p99_us non2xx socket_errors"
wrk_point() {
  local target=$1 kind=$2 conc=$3 seconds=$4 threads=1 out line
  ((conc > 1)) && threads=2
  headers_for "$target" "$kind"
  out=$("${CLIENT_CPU[@]}" wrk -t"$threads" -c"$conc" -d"${seconds}s" --timeout 10s --latency -s "$WORK/$kind.lua" \
    "${HDRS[@]}" "$(url_for "$target" "$kind")" 2>&1) || die "wrk failed: $out"
  printf '### %s %s c%s %ss\n%s\n\n' "$target" "$kind" "$conc" "$seconds" "$out" >>"$WORK/wrk-raw.txt"
  line=$(grep '^WRKRESULT' <<<"$out" | head -n 1 | cut -d' ' -f2-)
  [[ -n $line ]] || die "no WRKRESULT line from wrk: $out"
  RESULT[$target/$kind/c$conc]=$line
}

# check_target TARGET : one request of each kind must come back with the mock's content.
check_target() {
  local target=$1 kind body expect
  for kind in plain stream; do
    headers_for "$target" "$kind"
    if [[ $kind == plain ]]; then expect='"chat.completion"'; else expect='data: [DONE]'; fi
    body=$(curl -sS -N --max-time 10 -H 'Content-Type: application/json' \
      -H 'Authorization: Bearer sk-bench' "${HDRS[@]}" \
      --data-binary "@$WORK/chat-request-$kind.json" "$(url_for "$target" "$kind")" 2>&1) || true
    if [[ $body != *"$expect"* ]]; then
      log "$target $kind smoke request failed: ${body:0:300}"
      return 1
    fi
  done
}

# measure TARGET [PID] : smoke check, warm-up, four wrk points, RSS, time to first token.
measure() {
  local target=$1 pid=${2:-} kind conc i ttft_args=()
  if ! check_target "$target"; then
    STATUS[$target]="failed the smoke check (see the log)"
    return 0
  fi
  [[ -z $pid ]] || RSS_IDLE[$target]=$(rss_mb "$pid" VmRSS)
  for kind in plain stream; do
    if ((WARMUP > 0)); then
      log "$target: $kind warm-up ${WARMUP}s at c64"
      wrk_point "$target" "$kind" 64 "$WARMUP"
    fi
    for conc in 1 64; do
      log "$target: $kind c$conc for ${DURATION}s"
      wrk_point "$target" "$kind" "$conc" "$DURATION"
    done
  done
  [[ -z $pid ]] || RSS_PEAK[$target]=$(rss_mb "$pid" VmHWM)
  headers_for "$target" stream
  for ((i = 1; i < ${#HDRS[@]}; i += 2)); do ttft_args+=(--header "${HDRS[i]}"); done
  log "$target: time to first token over $TTFT_REQUESTS sequential streaming requests"
  TTFT[$target]=$("${CLIENT_CPU[@]}" node "$BENCH_DIR/ttft.mjs" --url "$(url_for "$target" stream)" \
    --body "$WORK/chat-request-stream.json" --count "$TTFT_REQUESTS" --warmup 30 "${ttft_args[@]}")
  STATUS[$target]=measured
}

run_switchboard() {
  if [[ ! -x $REPO_DIR/switchboard ]]; then
    STATUS[switchboard]="skipped: ./switchboard does not exist yet"
    log "switchboard ${STATUS[switchboard]}"
    return 0
  fi
  cat >"$WORK/switchboard.yaml" <<YAML
providers:
  upstream:
    type: openai
    base_url: http://127.0.0.1:$MOCK_PORT/v1
    api_key: sk-bench
  upstream-stream:
    type: openai
    base_url: http://127.0.0.1:$MOCK_PORT/stream/v1
    api_key: sk-bench
models:
  bench-model:
    deployments:
      - provider: upstream
        model: bench-model
  bench-stream:
    deployments:
      - provider: upstream-stream
        model: bench-stream
YAML
  if ! start_switchboard switchboard "$WORK/switchboard.yaml" "$GATEWAY_START_SECONDS"; then
    STATUS[switchboard]="failed to start (see the log)"
    return 0
  fi
  URL_PLAIN[switchboard]=http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions
  URL_STREAM[switchboard]=${URL_PLAIN[switchboard]}
  measure switchboard "$GATEWAY_PID"
  stop_group "$GATEWAY_GROUP"
}

run_portkey() {
  install_portkey
  local port group
  free_port port
  log "starting portkey $PORTKEY_VERSION on port $port"
  # build/start-server.js reads --port=N; --headless skips the log UI. It has no host option
  # and listens on all interfaces; the benchmark's traffic goes to 127.0.0.1 only.
  start_service portkey env NODE_ENV=production \
    node "$PORTKEY_DIR/build/start-server.js" --port="$port" --headless
  group=$SERVICE_PID
  if ! wait_ready portkey "$group" "http://127.0.0.1:$port/" 30; then
    STATUS[portkey]="failed to start (see the log)"
    stop_group "$group"
    return 0
  fi
  PORTKEY_UPSTREAM_PLAIN=http://127.0.0.1:$MOCK_PORT/v1
  PORTKEY_UPSTREAM_STREAM=http://127.0.0.1:$MOCK_PORT/stream/v1
  URL_PLAIN[portkey]=http://127.0.0.1:$port/v1/chat/completions
  URL_STREAM[portkey]=${URL_PLAIN[portkey]}
  measure portkey "$(listener_pid "$port" "$group")"
  stop_group "$group"
}

# ---------------------------------------------------------------- report
field() { # field KEY N : Nth number of RESULT[KEY], empty when not measured
  local v=${RESULT[$1]:-}
  if [[ -n $v ]]; then cut -d' ' -f"$2" <<<"$v"; fi
}
rps() { local v; v=$(field "$1" 1); if [[ -n $v ]]; then printf '%.0f' "$v"; fi; }
ttft_num() { grep -o "\"$2\":[0-9]*" <<<"${TTFT[$1]:-}" | cut -d: -f2 || true; }
dash() { if [[ -n $1 ]]; then printf '%s' "$1"; else printf '—'; fi; }
minus() { if [[ -n $1 && -n $2 ]]; then echo $(($1 - $2)); fi; }
verdict() { # verdict VALUE le|ge LIMIT
  if [[ -z $1 || $1 == "?" ]]; then return 0; fi
  awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == "le") ? v <= t : v >= t; printf (ok ? " ✅" : " ❌") }'
}

report() {
  local t kind conc key label a_plain a_stream r ttft a_ttft
  echo "| target | kind | concurrency | req/s | p50 µs | p99 µs | non-2xx | socket errors |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  for t in $TARGETS; do
    if [[ ${STATUS[$t]:-} != measured ]]; then
      echo "| $t | ${STATUS[$t]:-not run} | | | | | | |"
      continue
    fi
    for kind in plain stream; do
      label=non-streaming
      [[ $kind == stream ]] && label=streaming
      for conc in 1 64; do
        key=$t/$kind/c$conc
        echo "| $t | $label | $conc | $(rps "$key") | $(field "$key" 2) | $(field "$key" 3) | $(field "$key" 4) | $(field "$key" 5) |"
      done
    done
  done
  echo
  echo "| | added p50, c1 non-streaming (target ≤ 150 µs) | added p50, c1 streaming | req/s, c64 non-streaming (target ≥ 5,000) | req/s, c64 streaming | TTFT p50 µs | added TTFT (target ≤ 1,000 µs) | RSS idle → peak MB (target ≤ 400) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  if [[ ${STATUS[direct]:-} == measured ]]; then
    echo "| direct (baseline) | 0 | 0 | $(rps direct/plain/c64) | $(rps direct/stream/c64) | $(dash "$(ttft_num direct ttft_p50_us)") | 0 | — |"
  fi
  for t in $TARGETS; do
    [[ $t != direct ]] || continue
    if [[ ${STATUS[$t]:-} != measured ]]; then
      echo "| $t | ${STATUS[$t]:-not run} | | | | | | |"
      continue
    fi
    a_plain=$(minus "$(field "$t/plain/c1" 2)" "$(field direct/plain/c1 2)")
    a_stream=$(minus "$(field "$t/stream/c1" 2)" "$(field direct/stream/c1 2)")
    r=$(rps "$t/plain/c64")
    ttft=$(ttft_num "$t" ttft_p50_us)
    a_ttft=$(minus "$ttft" "$(ttft_num direct ttft_p50_us)")
    echo "| $t | $(dash "$a_plain")$(verdict "$a_plain" le 150) | $(dash "$a_stream")" \
      "| $r$(verdict "$r" ge 5000) | $(rps "$t/stream/c64") | $(dash "$ttft")" \
      "| $(dash "$a_ttft")$(verdict "$a_ttft" le 1000)" \
      "| ${RSS_IDLE[$t]:-?} → ${RSS_PEAK[$t]:-?}$(verdict "${RSS_PEAK[$t]:-}" le 400) |"
  done
  echo
  echo "Time to first token, µs (ttfb = response headers, ttft = first non-empty content delta):"
  echo
  for t in $TARGETS; do
    if [[ -n ${TTFT[$t]:-} ]]; then echo "- $t: \`${TTFT[$t]}\`"; fi
  done
}

machine_facts() {
  machine_facts_common "$LOAD_START"
  echo "- switchboard: ${SWITCHBOARD_JVM:-${STATUS[switchboard]:-not in TARGETS}}; JAVA_OPTS='${JAVA_OPTS:-}' (empty: the launcher's" \
    "defaults); commit: $(commit_described)"
  if [[ -n ${STATUS[portkey]:-} ]]; then
    echo "- portkey: @portkey-ai/gateway $PORTKEY_VERSION with @hono/node-server pinned to" \
      "$HONO_NODE_SERVER_PIN (see run.sh), node $(node --version), NODE_ENV=production, --headless"
  fi
  echo "- load and mock: $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2 || true);" \
    "$("$NGINX_BIN" -v 2>&1 | cut -d' ' -f3), 1 worker, answering from precomputed bytes;" \
    "CPU pinning: load generator ${CLIENT_CPU[*]:-unpinned}, mock ${MOCK_CPU[*]:-unpinned}, gateways unpinned"
  echo "- method: wrk POSTs the ~1 KB chat request over keep-alive connections: ${WARMUP}s warm-up at c64" \
    "per kind, then ${DURATION}s at c1 (1 thread) and at c64 (2 threads). Added latency = p50(target) −" \
    "p50(direct) at c1. TTFT: bench/ttft.mjs, $TTFT_REQUESTS sequential streaming requests on one" \
    "keep-alive connection after 30 unmeasured. RSS: VmRSS after start → VmHWM after the c64 runs." \
    "wrk, the mock and the gateway share the $(nproc) cores."
}

# ---------------------------------------------------------------- run
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
install_tools wrk nginx curl node npm ss
free_port MOCK_PORT
write_nginx_conf "$WORK/nginx" "  server {
    listen 127.0.0.1:$MOCK_PORT;
$(nginx_locations "")
  }"
start_nginx "$WORK/nginx" "http://127.0.0.1:$MOCK_PORT/v1/chat/completions"
log "mock upstream (nginx) on 127.0.0.1:$MOCK_PORT"
URL_PLAIN[direct]=http://127.0.0.1:$MOCK_PORT/v1/chat/completions
URL_STREAM[direct]=http://127.0.0.1:$MOCK_PORT/stream/v1/chat/completions

for target in $TARGETS; do
  case $target in
    direct) measure direct ;;
    switchboard) run_switchboard ;;
    portkey) run_portkey ;;
  esac
done

mkdir -p "$BENCH_DIR/results"
OUT=$BENCH_DIR/results/$(date +%F)-$(hostname -s).md
TABLE=$(report)
{
  echo "# Gateway load benchmark, $(date +%F), $(hostname -s)"
  echo
  echo "\`bench/run.sh\` with DURATION=$DURATION WARMUP=$WARMUP TTFT_REQUESTS=$TTFT_REQUESTS TARGETS=\"$TARGETS\"."
  echo
  echo "## Machine and method"
  echo
  machine_facts
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
