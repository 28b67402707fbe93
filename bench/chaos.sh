#!/usr/bin/env bash
# Chaos benchmark: does the gateway's reliability layer keep clients served when upstreams fail?
#
# One model, three deployments on mock OpenAI upstreams on 127.0.0.1:
#   a  healthy and fast   nginx answering precomputed bytes (the mock of run.sh)
#   b  flaky              the same nginx server, but FAIL_PCT % of requests fail at random:
#                         HTTP 500 with an OpenAI error body, or (RESET_PCT of the FAIL_PCT) the
#                         connection closed without an answer (nginx's 444)
#   c  slow               answers correctly after SLOW_MIN_MS..SLOW_MAX_MS (bench/slow-mock.mjs)
# Per scenario (a gateway config: balance, optional hedge) a fresh gateway is started, warmed up
# on a separate healthy model, then wrk sends the chat request at CONCURRENCY for DURATION
# seconds, non-streaming and streaming. A Lua script checks every response: success = HTTP 200
# with a complete answer (a chat.completion with usage; a stream with usage, no error event,
# ending in "data: [DONE]"). Socket errors and timeouts count as failures. Reported: success
# rate (target >= 99.9 %), p50/p99 latency, mean x-switchboard-attempts, the share each
# deployment served (x-switchboard-deployment), the failures the client saw, and what the
# gateway's usage log says about every upstream attempt.
#
# No-fault comparison: the same config over three healthy nginx mocks vs calling one directly,
# c1 p50 added latency (run.sh's foundation target: <= 150 µs) and c64 req/s (>= 5,000); for
# reference also c1 through a model with a single deployment, served by the same gateway.
#
# Prints a markdown report and writes it to bench/results/chaos-<date>-<host>.md.
#
# Usage:  bench/chaos.sh                          (about 8 minutes with the defaults)
#         DURATION=5 WARMUP=2 OVERHEAD_DURATION=3 bench/chaos.sh      (quick check, ~1.5 min)
# Knobs:  DURATION=30 seconds per scenario and kind    CONCURRENCY=16 connections (2 wrk threads)
#         WARMUP=5 seconds of warm-up per kind, on a healthy model, before each measurement
#         SCENARIOS="weighted least-latency weighted+hedge=p95 weighted+hedge=100ms weighted+breaker=100"
#           each BALANCE[+hedge=AFTER][+breaker=PCT]: BALANCE weighted|least-latency|least-busy;
#           AFTER pNN or a duration (100ms); PCT the breaker's failure-rate threshold instead of 50
#           (100: it opens only when every call in its window failed, so retries alone must cope
#           with b); empty SCENARIOS: only the no-fault comparison
#         KINDS="plain stream"      FAIL_PCT=50   RESET_PCT=5 (part of FAIL_PCT)
#         SLOW_MIN_MS=200 SLOW_MAX_MS=300         OVERHEAD_DURATION=10 (0 skips the no-fault part)
#         GATEWAY_START_SECONDS=300   PIN=1 (0: no CPU pinning)   JAVA_OPTS goes to ./switchboard.
# Stop:   Ctrl-C or kill -TERM (cleanup runs once the current wrk point ends).
# Needs:  wrk, nginx, curl, node (installed with apt-get when missing: root or sudo).
# Only 127.0.0.1 carries traffic; every process started here is stopped on exit.
set -euo pipefail

LOG_TAG=chaos
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION=${DURATION:-30}
CONCURRENCY=${CONCURRENCY:-16}
WARMUP=${WARMUP:-5}
SCENARIOS=${SCENARIOS-"weighted least-latency weighted+hedge=p95 weighted+hedge=100ms weighted+breaker=100"}
KINDS=${KINDS:-"plain stream"}
FAIL_PCT=${FAIL_PCT:-50}
RESET_PCT=${RESET_PCT:-5}
SLOW_MIN_MS=${SLOW_MIN_MS:-200}
SLOW_MAX_MS=${SLOW_MAX_MS:-300}
OVERHEAD_DURATION=${OVERHEAD_DURATION:-10}
GATEWAY_START_SECONDS=${GATEWAY_START_SECONDS:-300}
PIN=${PIN:-1} # why pinning: lib.sh, setup_pinning
WRK_TIMEOUT=10s # a request slower than this is a failure (wrk counts it as a timeout)
SUCCESS_TARGET=99.9

require_whole DURATION CONCURRENCY WARMUP FAIL_PCT RESET_PCT SLOW_MIN_MS SLOW_MAX_MS OVERHEAD_DURATION \
  GATEWAY_START_SECONDS PIN
((DURATION > 0 && CONCURRENCY > 0)) || { echo "DURATION and CONCURRENCY must be > 0" >&2; exit 2; }
((FAIL_PCT <= 100 && RESET_PCT <= FAIL_PCT)) || { echo "need RESET_PCT <= FAIL_PCT <= 100" >&2; exit 2; }
((SLOW_MIN_MS <= SLOW_MAX_MS)) || { echo "need SLOW_MIN_MS <= SLOW_MAX_MS" >&2; exit 2; }
[[ -n ${SCENARIOS// /} ]] || ((OVERHEAD_DURATION > 0)) || { echo "nothing to run: no SCENARIOS, OVERHEAD_DURATION=0" >&2; exit 2; }
for scenario in $SCENARIOS; do
  [[ $scenario =~ ^(weighted|least-latency|least-busy)(\+hedge=(p[0-9]{1,2}(\.[0-9]+)?|[0-9]+(ms|s)))?(\+breaker=([1-9][0-9]?|100))?$ ]] ||
    { echo "bad scenario '$scenario' in SCENARIOS (BALANCE[+hedge=AFTER][+breaker=PCT], e.g. weighted+hedge=p95)" >&2; exit 2; }
done
for kind in $KINDS; do
  [[ $kind == plain || $kind == stream ]] || { echo "unknown kind '$kind' in KINDS (plain stream)" >&2; exit 2; }
done
[[ -n ${KINDS// /} ]] || { echo "KINDS is empty" >&2; exit 2; }
[[ -x $REPO_DIR/switchboard ]] || die "$REPO_DIR/switchboard is missing"

setup_pinning
bench_init

# ---------------------------------------------------------------- load scripts
# One wrk Lua script per (model, kind). Every response goes through response(), which wrk only
# calls with the whole (de-chunked) body; each thread counts in its own Lua state and done()
# merges the counts through thread:get. Lines printed:
#   CHAOS responses successes failed_responses connect read write timeout p50_us p99_us attempts_sum attempts_seen
#   SERVED deployment count          (successes only)
#   FAILED status count sample_body  (status "200-incomplete" for a 200 whose answer did not check out)
write_lua() { # write_lua FILE REQUEST_FILE KIND
  local stream=false
  [[ $3 == stream ]] && stream=true
  cat >"$1" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-bench"
wrk.body = [==[$(cat "$2")]==]
local stream = $stream
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, bad, attempts_sum, attempts_seen = 0, 0, 0, 0
  served, failed, sample = {}, {}, {}
end

local function header(headers, name)
  for k, v in pairs(headers) do
    if string.lower(k) == name then return v end
  end
  return nil
end

local function complete(body)
  if not string.find(body, '"usage":{', 1, true) then return false end
  if stream then
    return string.find(body, "data: %[DONE%]%s*$") ~= nil and not string.find(body, '"error"', 1, true)
  end
  return string.find(body, '"object":"chat.completion"', 1, true) ~= nil
end

function response(status, headers, body)
  local a = tonumber(header(headers, "x-switchboard-attempts") or "")
  if a then
    attempts_sum = attempts_sum + a
    attempts_seen = attempts_seen + 1
  end
  if status == 200 and complete(body) then
    ok = ok + 1
    local d = header(headers, "x-switchboard-deployment") or "direct"
    served[d] = (served[d] or 0) + 1
  else
    bad = bad + 1
    local key = status == 200 and "200-incomplete" or tostring(status)
    failed[key] = (failed[key] or 0) + 1
    if not sample[key] then sample[key] = string.sub(string.gsub(body, "%s+", " "), 1, 300) end
  end
end

function done(summary, latency, requests)
  local tok, tbad, asum, aseen, tserved, tfailed, tsample = 0, 0, 0, 0, {}, {}, {}
  for _, t in ipairs(threads) do
    tok = tok + t:get("ok")
    tbad = tbad + t:get("bad")
    asum = asum + t:get("attempts_sum")
    aseen = aseen + t:get("attempts_seen")
    for k, v in pairs(t:get("served")) do tserved[k] = (tserved[k] or 0) + v end
    for k, v in pairs(t:get("failed")) do tfailed[k] = (tfailed[k] or 0) + v end
    for k, v in pairs(t:get("sample")) do tsample[k] = tsample[k] or v end
  end
  local e = summary.errors
  io.write(string.format("CHAOS %d %d %d %d %d %d %d %.0f %.0f %d %d\n", summary.requests, tok, tbad,
    e.connect, e.read, e.write, e.timeout, latency:percentile(50), latency:percentile(99), asum, aseen))
  for k, v in pairs(tserved) do io.write(string.format("SERVED %s %d\n", k, v)) end
  for k, v in pairs(tfailed) do io.write(string.format("FAILED %s %d %s\n", k, v, tsample[k])) end
end
LUA
}

check_payloads
derive_requests chat chat-stream
write_lua "$WORK/chat-plain.lua" "$WORK/chat-request-plain.json" plain
write_lua "$WORK/chat-stream.lua" "$WORK/chat-request-stream.json" stream
# The warm-up model: the same requests to a healthy deployment of its own, so warming the JIT
# leaves the health (breakers, latencies) of the measured deployments untouched.
sed 's/"model":"chat"/"model":"warmup"/' "$WORK/chat-request-plain.json" >"$WORK/warmup-request-plain.json"
sed 's/"model":"chat-stream"/"model":"warmup-stream"/' "$WORK/chat-request-stream.json" >"$WORK/warmup-request-stream.json"
write_lua "$WORK/warmup-plain.lua" "$WORK/warmup-request-plain.json" plain
write_lua "$WORK/warmup-stream.lua" "$WORK/warmup-request-stream.json" stream
sed 's/"model":"chat"/"model":"single"/' "$WORK/chat-request-plain.json" >"$WORK/single-request-plain.json"
sed 's/"model":"chat-stream"/"model":"single-stream"/' "$WORK/chat-request-stream.json" >"$WORK/single-request-stream.json"
write_lua "$WORK/single-plain.lua" "$WORK/single-request-plain.json" plain
write_lua "$WORK/single-stream.lua" "$WORK/single-request-stream.json" stream

# wrk_run NAME LUA URL CONC SECONDS : runs wrk, appends its output to wrk-raw.txt, sets OUT.
wrk_run() {
  local name=$1 lua=$2 url=$3 conc=$4 seconds=$5 threads=1 load
  ((conc > 1)) && threads=2
  load=$(cut -d' ' -f1 /proc/loadavg)
  OUT=$("${CLIENT_CPU[@]}" wrk -t"$threads" -c"$conc" -d"${seconds}s" --timeout "$WRK_TIMEOUT" --latency \
    -s "$lua" "$url" 2>&1) || die "wrk failed: $OUT"
  printf '### %s: c%s %ss %s (load average before: %s)\n%s\n\n' "$name" "$conc" "$seconds" "$url" "$load" "$OUT" \
    >>"$WORK/wrk-raw.txt"
  grep -q '^CHAOS ' <<<"$OUT" || die "no CHAOS line from wrk: $OUT"
}

# ---------------------------------------------------------------- mocks
install_tools wrk nginx curl node ss
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
free_port PORT_A
free_port PORT_B
free_port PORT_C
free_port PORT_H2 # healthy twins of a: the no-fault run's b and c, and the warm-up model's upstream
free_port PORT_H3
split_lines=""
((FAIL_PCT - RESET_PCT > 0)) && split_lines+="    $((FAIL_PCT - RESET_PCT))% error;"$'\n'
((RESET_PCT > 0)) && split_lines+="    $RESET_PCT% reset;"$'\n'
# b's fate per request: split_clients hashes the random $request_id (MurmurHash2), so each request
# independently fails with probability FAIL_PCT %. nginx's `if` only rewrites to internal locations.
write_nginx_conf "$WORK/nginx" "  split_clients \"\${request_id}\" \$chaos_fate {
$split_lines    * ok;
  }
  server { # a: healthy
    listen 127.0.0.1:$PORT_A;
$(nginx_locations "")
  }
  server { # b: flaky
    listen 127.0.0.1:$PORT_B;
$(nginx_locations "if (\$chaos_fate = error) { rewrite ^ /chaos/error last; }
      if (\$chaos_fate = reset) { rewrite ^ /chaos/reset last; }")
    location = /chaos/error {
      internal;
      default_type application/json;
      return 500 '{\"error\":{\"message\":\"The server had an error while processing your request. Sorry about that!\",\"type\":\"server_error\",\"param\":null,\"code\":null}}';
    }
    location = /chaos/reset {
      internal;
      return 444; # close the connection without answering
    }
  }
  server {
    listen 127.0.0.1:$PORT_H2;
$(nginx_locations "")
  }
  server {
    listen 127.0.0.1:$PORT_H3;
$(nginx_locations "")
  }"
start_nginx "$WORK/nginx" "http://127.0.0.1:$PORT_A/v1/chat/completions"
start_service slow-mock "${MOCK_CPU[@]}" node "$BENCH_DIR/slow-mock.mjs" --port "$PORT_C" --payloads "$PAYLOADS" \
  --min-ms "$SLOW_MIN_MS" --max-ms "$SLOW_MAX_MS"
wait_ready slow-mock "$SERVICE_PID" "http://127.0.0.1:$PORT_C/v1/chat/completions" 10 || die "the slow mock did not start"

# The mocks checked before use: a answers, b fails about FAIL_PCT % of 200 requests, c is slow.
mock_probe() { # mock_probe URL KIND : prints curl's status code (000: no answer) and total time
  curl -sS -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 5 -H 'Content-Type: application/json' \
    --data-binary "@$WORK/chat-request-$2.json" "$1" 2>/dev/null || true
}
[[ $(mock_probe "http://127.0.0.1:$PORT_A/stream/v1/chat/completions" stream) == 200\ * ]] || die "mock a does not answer"
B_PROBE=$(for ((i = 0; i < 200; i++)); do mock_probe "http://127.0.0.1:$PORT_B/v1/chat/completions" plain; done |
  awk '{ n[$1]++ } END { printf "%d × 200, %d × 500, %d × no answer", n["200"], n["500"], n["000"] }')
C_PROBE=$(mock_probe "http://127.0.0.1:$PORT_C/stream/v1/chat/completions" stream)
[[ $C_PROBE == 200\ * ]] || die "mock c does not answer: $C_PROBE"
log "mocks: a :$PORT_A healthy; b :$PORT_B $B_PROBE; c :$PORT_C answered in ${C_PROBE#* }s"

# ---------------------------------------------------------------- gateway configs
# gateway_config FILE MODE BALANCE HEDGE [BREAKER_PCT] : MODE chaos (a, b, c as above) or nofault
# (three healthy nginx servers, and a model "single" on a alone, for reference). The reliability
# section is the issue's example; retries and timeout are the defaults. Streaming goes to the
# mocks' /stream path, hence a second model over "-stream" providers (the same upstreams; their
# health is tracked separately).
gateway_config() {
  local file=$1 mode=$2 balance=$3 hedge=$4 breaker=${5:-50} pb=$PORT_B pc=$PORT_C name suffix path port
  if [[ $mode == nofault ]]; then pb=$PORT_H2 pc=$PORT_H3; fi
  {
    echo "providers:"
    for suffix in "" -stream; do
      path=/v1
      [[ -n $suffix ]] && path=/stream/v1
      for name in a b c warmup; do
        case $name in a) port=$PORT_A ;; b) port=$pb ;; c) port=$pc ;; warmup) port=$PORT_H2 ;; esac
        echo "  $name$suffix: {type: openai, base_url: \"http://127.0.0.1:$port$path\", api_key: sk-bench}"
      done
    done
    cat <<YAML
reliability:
  backoff: {initial: 50ms, max: 1s}
  circuit_breaker: {failure_rate: $breaker, window: 20, minimum_calls: 10, cooldown: 10s}
models:
YAML
    for suffix in "" -stream; do
      echo "  chat$suffix:"
      echo "    balance: $balance"
      [[ -z $hedge ]] || echo "    hedge: {after: $hedge}"
      echo "    deployments:"
      for name in a b c; do echo "      - {provider: $name$suffix, model: gpt-4o-mini}"; done
      echo "  warmup$suffix:"
      echo "    deployments: [{provider: warmup$suffix, model: gpt-4o-mini}]"
      if [[ $mode == nofault ]]; then
        echo "  single$suffix:"
        echo "    deployments: [{provider: a$suffix, model: gpt-4o-mini}]"
      fi
    done
  } >"$file"
}

# smoke_check URL : one request of each kind to the warm-up model must come back complete.
smoke_check() {
  local kind body expect
  for kind in $KINDS; do
    if [[ $kind == plain ]]; then expect='"chat.completion"'; else expect='data: [DONE]'; fi
    body=$(curl -sS -N --max-time 10 -H 'Content-Type: application/json' -H 'Authorization: Bearer sk-bench' \
      --data-binary "@$WORK/warmup-request-$kind.json" "$1" 2>&1) || true
    [[ $body == *"$expect"* ]] || die "smoke request ($kind) through the gateway failed: ${body:0:300}"
  done
}

warm_up() { # warm_up URL KIND CONC
  if ((WARMUP > 0)); then
    log "  $2 warm-up ${WARMUP}s at c$3 (model warmup)"
    wrk_run "warm-up $2" "$WORK/warmup-$2.lua" "$1" "$3" "$WARMUP"
  fi
}

# ---------------------------------------------------------------- results
declare -A RES SERVED FAILED_SEEN GATEWAY_VIEW
SCENARIO_ROWS=()

# record KEY : parses $OUT (a CHAOS run) into RES[KEY] and friends.
record() {
  local key=$1
  RES[$key]=$(grep -m1 '^CHAOS ' <<<"$OUT" | cut -d' ' -f2-)
  SERVED[$key]=$(grep '^SERVED ' <<<"$OUT" | cut -d' ' -f2- | sort || true)
  FAILED_SEEN[$key]=$(grep '^FAILED ' <<<"$OUT" | cut -d' ' -f2- | sort -k2,2nr || true)
}

res() { cut -d' ' -f"$2" <<<"${RES[$1]}"; } # res KEY N: the Nth number of the CHAOS line

# What the gateway's usage log (switchboard.usage lines on stdout) says about MODEL's requests:
# outcomes, and every upstream attempt as deployment:result:status, counted.
gateway_view() { # gateway_view LOGFILE MODEL
  awk -v model="$2" '
    / switchboard\.usage / && index($0, " model=" model " ") {
      lines++
      if (match($0, / outcome=[A-Z_]+/)) outcome[substr($0, RSTART + 9, RLENGTH - 9)]++
      if (match($0, / attempts=\[.*\]/)) {
        list = substr($0, RSTART + 11, RLENGTH - 12)
        n = split(list, parts, ", ")
        for (i = 1; i <= n; i++) {
          split(parts[i], f, ":")
          sub(/\/.*/, "", f[1]); sub(/-stream$/, "", f[1])
          attempt[f[1] ":" f[2] ":" f[3]]++
        }
      }
      if ($0 !~ / outcome=(COMPLETED|CLIENT_DISCONNECTED) / && bad_lines < 5) { bad_lines++; sample[bad_lines] = $0 }
    }
    END {
      printf "usage lines: %d; outcomes:", lines
      for (o in outcome) printf " %s %d", o, outcome[o]
      printf "\nattempts (deployment:result:status count):"
      for (a in attempt) printf " %s %d;", a, attempt[a]
      printf "\n"
      for (i = 1; i <= bad_lines; i++) printf "not completed: %s\n", sample[i]
    }' "$1"
}

run_scenario() {
  local scenario=$1 balance=${1%%+*} hedge="" breaker=50 kind model key name
  if [[ $scenario =~ \+hedge=([^+]+) ]]; then hedge=${BASH_REMATCH[1]}; fi
  if [[ $scenario =~ \+breaker=([0-9]+) ]]; then breaker=${BASH_REMATCH[1]}; fi
  name=gw-${scenario//[^a-z0-9-]/_}
  gateway_config "$WORK/$name.yaml" chaos "$balance" "$hedge" "$breaker"
  log "scenario $scenario"
  start_switchboard "$name" "$WORK/$name.yaml" "$GATEWAY_START_SECONDS" || die "switchboard did not start ($scenario)"
  local url=http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions
  smoke_check "$url"
  for kind in $KINDS; do
    warm_up "$url" "$kind" "$CONCURRENCY"
    log "  $kind: c$CONCURRENCY for ${DURATION}s"
    wrk_run "$scenario $kind" "$WORK/chat-$kind.lua" "$url" "$CONCURRENCY" "$DURATION"
    key="$scenario/$kind"
    record "$key"
    SCENARIO_ROWS+=("$key")
    log "  $kind: $(res "$key" 2) of $(($(res "$key" 1) + $(res "$key" 4) + $(res "$key" 5) + $(res "$key" 6) + $(res "$key" 7))) succeeded"
  done
  stop_group "$GATEWAY_GROUP" # flushes the usage log (async appender) before it is read
  for kind in $KINDS; do
    model=chat
    [[ $kind == stream ]] && model=chat-stream
    GATEWAY_VIEW[$scenario/$kind]=$(gateway_view "$WORK/$name.log" "$model")
  done
}

# ---------------------------------------------------------------- no faults
declare -A OVERHEAD
run_nofault() {
  local kind url direct_url lua
  gateway_config "$WORK/gw-nofault.yaml" nofault weighted ""
  log "no-fault comparison: three healthy mocks, weighted, vs direct"
  start_switchboard gw-nofault "$WORK/gw-nofault.yaml" "$GATEWAY_START_SECONDS" || die "switchboard did not start (no faults)"
  url=http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions
  smoke_check "$url"
  for kind in $KINDS; do
    lua=$WORK/chat-$kind.lua
    direct_url=http://127.0.0.1:$PORT_A/v1/chat/completions
    [[ $kind == stream ]] && direct_url=http://127.0.0.1:$PORT_A/stream/v1/chat/completions
    warm_up "$url" "$kind" 64
    log "  $kind: c1 direct, through the gateway, and through it to one deployment, ${OVERHEAD_DURATION}s each"
    wrk_run "no faults: direct $kind" "$lua" "$direct_url" 1 "$OVERHEAD_DURATION"
    OVERHEAD[direct/$kind/c1]=$(grep -m1 '^CHAOS ' <<<"$OUT" | cut -d' ' -f2-)
    wrk_run "no faults: switchboard $kind" "$lua" "$url" 1 "$OVERHEAD_DURATION"
    OVERHEAD[switchboard/$kind/c1]=$(grep -m1 '^CHAOS ' <<<"$OUT" | cut -d' ' -f2-)
    wrk_run "no faults: switchboard, 1 deployment, $kind" "$WORK/single-$kind.lua" "$url" 1 "$OVERHEAD_DURATION"
    OVERHEAD[single/$kind/c1]=$(grep -m1 '^CHAOS ' <<<"$OUT" | cut -d' ' -f2-)
    if [[ $kind == plain ]]; then
      log "  plain: c64 direct and through the gateway, ${OVERHEAD_DURATION}s each"
      wrk_run "no faults: direct plain" "$lua" "$direct_url" 64 "$OVERHEAD_DURATION"
      OVERHEAD[direct/plain/c64]="$(grep -m1 '^CHAOS ' <<<"$OUT" | cut -d' ' -f2-) $(wrk_rps)"
      wrk_run "no faults: switchboard plain" "$lua" "$url" 64 "$OVERHEAD_DURATION"
      OVERHEAD[switchboard/plain/c64]="$(grep -m1 '^CHAOS ' <<<"$OUT" | cut -d' ' -f2-) $(wrk_rps)"
    fi
  done
  stop_group "$GATEWAY_GROUP"
}
wrk_rps() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$OUT"; }

# ---------------------------------------------------------------- report
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", 100 * a / b; else printf "—" }'; }
ms() { awk -v us="$1" 'BEGIN { printf (us < 10000 ? "%.1f" : "%.0f"), us / 1000 }'; }

# The share of successes per deployment, "a 52 % · b 18 % · c 30 %", with -stream and /model cut.
served_share() {
  (($2 > 0)) || { echo "—"; return 0; }
  awk -v total="$2" '$1 != "" {
      d = $1; sub(/\/.*/, "", d); sub(/-stream$/, "", d); n[d] += $2
    } END {
      sep = ""
      for (d in n) { printf "%s%s %.0f %%", sep, d, 100 * n[d] / total; sep = " · " }
    }' <<<"$1" | tr -d '\n'
}

failures_seen() { # "500 × 3, timeout × 1"
  local key=$1 out="" e names=(connect read write timeout) i
  while read -r status count _; do
    [[ -n $status ]] && out+="${out:+, }HTTP $status × $count"
  done <<<"${FAILED_SEEN[$key]}"
  for i in 0 1 2 3; do
    e=$(res "$key" $((i + 4)))
    ((e > 0)) && out+="${out:+, }${names[i]} error × $e"
  done
  echo "${out:-none}"
}

report() {
  local key scenario kind total ok rate a_sum a_seen mean
  ((${#SCENARIO_ROWS[@]} > 0)) && echo "| scenario | kind | requests | successes | success rate (target ≥ $SUCCESS_TARGET %) | p50 ms | p99 ms | mean attempts | served by | failures the client saw |"
  ((${#SCENARIO_ROWS[@]} > 0)) && echo "|---|---|---:|---:|---:|---:|---:|---:|---|---|"
  for key in "${SCENARIO_ROWS[@]}"; do
    scenario=${key%/*} kind=${key##*/}
    ok=$(res "$key" 2)
    total=$(($(res "$key" 1) + $(res "$key" 4) + $(res "$key" 5) + $(res "$key" 6) + $(res "$key" 7)))
    rate=$(pct "$ok" "$total")
    a_sum=$(res "$key" 10) a_seen=$(res "$key" 11)
    mean=$(awk -v s="$a_sum" -v n="$a_seen" 'BEGIN { if (n > 0) printf "%.2f", s / n; else printf "—" }')
    echo "| $scenario | $([[ $kind == plain ]] && echo non-streaming || echo streaming) | $total | $ok" \
      "| $rate$(awk -v r="$rate" -v t="$SUCCESS_TARGET" 'BEGIN { if (r != "—") printf (r + 0 >= t ? " ✅" : " ❌") }')" \
      "| $(ms "$(res "$key" 8)") | $(ms "$(res "$key" 9)") | $mean | $(served_share "${SERVED[$key]}" "$ok") | $(failures_seen "$key") |"
  done
  if ((OVERHEAD_DURATION > 0)); then
    echo
    echo "No faults (three healthy nginx mocks, balance weighted) vs calling one mock directly:"
    echo
    echo "| kind | direct c1 p50 µs | switchboard c1 p50 µs | added p50 µs (target ≤ 150) | for reference: added p50 µs, 1 deployment | direct c64 req/s | switchboard c64 req/s (target ≥ 5,000) | failures |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    for kind in $KINDS; do
      local d s added single d64="—" s64="—" fails=0 k
      d=$(cut -d' ' -f8 <<<"${OVERHEAD[direct/$kind/c1]}")
      s=$(cut -d' ' -f8 <<<"${OVERHEAD[switchboard/$kind/c1]}")
      added=$((s - d))
      single=$(($(cut -d' ' -f8 <<<"${OVERHEAD[single/$kind/c1]}") - d))
      if [[ $kind == plain ]]; then
        d64=$(cut -d' ' -f12 <<<"${OVERHEAD[direct/plain/c64]}")
        s64=$(cut -d' ' -f12 <<<"${OVERHEAD[switchboard/plain/c64]}")
        s64+=$(awk -v r="$s64" 'BEGIN { printf (r >= 5000 ? " ✅" : " ❌") }')
      fi
      for k in "${!OVERHEAD[@]}"; do
        [[ $k == */$kind/* ]] || continue
        fails=$((fails + $(awk '{ print $3 + $4 + $5 + $6 + $7 }' <<<"${OVERHEAD[$k]}")))
      done
      echo "| $([[ $kind == plain ]] && echo non-streaming || echo streaming) | $d | $s" \
        "| $added$(awk -v a="$added" 'BEGIN { printf (a <= 150 ? " ✅" : " ❌") }') | $single | $d64 | $s64 | $fails |"
    done
  fi
}

details() {
  local key
  # shellcheck disable=SC2001 # prefixes every line of a multi-line value
  echo "Per scenario, what the gateway's usage log recorded (outcomes: CLIENT_DISCONNECTED are the requests"
  echo "still in flight when wrk stopped; attempt results per deployment, 502 = no answer from the upstream),"
  echo "up to five requests that failed otherwise, and the failed responses the client saw:"
  echo
  for key in "${SCENARIO_ROWS[@]}"; do
    echo "- **$key**"
    echo '  ```'
    sed 's/^/  /' <<<"${GATEWAY_VIEW[$key]:-}"
    if [[ -n ${FAILED_SEEN[$key]} ]]; then sed 's/^/  client saw: HTTP /' <<<"${FAILED_SEEN[$key]}"; fi
    echo '  ```'
  done
}

machine_facts() {
  machine_facts_common "$LOAD_START"
  echo "- switchboard: ${SWITCHBOARD_JVM:-?}; JAVA_OPTS='${JAVA_OPTS:-}' (empty: the launcher's defaults);" \
    "commit: $(commit_described)"
  echo "- mocks: $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2 || true) as the client;" \
    "$("$NGINX_BIN" -v 2>&1 | cut -d' ' -f3) (1 worker) for a and b, node $(node --version) for c;" \
    "pinning: client ${CLIENT_CPU[*]:-unpinned}, mocks ${MOCK_CPU[*]:-unpinned}, gateway unpinned"
  echo "- faults: b fails $FAIL_PCT % of requests ($((FAIL_PCT - RESET_PCT)) % HTTP 500, $RESET_PCT % connection" \
    "closed without an answer); probe before the run: $B_PROBE. c answers after ${SLOW_MIN_MS}–${SLOW_MAX_MS} ms."
  echo "- method: per scenario a fresh gateway, ${WARMUP}s warm-up per kind on a separate healthy model, then" \
    "${DURATION}s of wrk at c$CONCURRENCY (2 threads, keep-alive, timeout $WRK_TIMEOUT) per kind. Success = HTTP 200" \
    "with a complete answer; requests = responses + socket errors. Latency over all responses." \
    "Gateway: the issue's reliability example (backoff 50ms–1s; breaker opens at 50 % failures of the last" \
    "20 calls, minimum 10, cooldown 10s; +breaker=PCT in a scenario's name sets another threshold)," \
    "default retries (2: three attempts) and timeout (10 min); balance and hedge as the scenario's name says."
}

# ---------------------------------------------------------------- run
if ((OVERHEAD_DURATION > 0)); then run_nofault; fi
for scenario in $SCENARIOS; do run_scenario "$scenario"; done

mkdir -p "$BENCH_DIR/results"
OUT_FILE=$BENCH_DIR/results/chaos-$(date +%F)-$(hostname -s).md
TABLE=$(report)
{
  echo "# Chaos benchmark, $(date +%F), $(hostname -s)"
  echo
  echo "\`bench/chaos.sh\` with DURATION=$DURATION CONCURRENCY=$CONCURRENCY WARMUP=$WARMUP SCENARIOS=\"$SCENARIOS\"" \
    "KINDS=\"$KINDS\" FAIL_PCT=$FAIL_PCT RESET_PCT=$RESET_PCT SLOW_MIN_MS=$SLOW_MIN_MS SLOW_MAX_MS=$SLOW_MAX_MS" \
    "OVERHEAD_DURATION=$OVERHEAD_DURATION."
  echo
  echo "## Machine and method"
  echo
  machine_facts
  echo
  echo "## Results"
  echo
  echo "$TABLE"
  echo
  details
  echo
  raw_wrk_details
} >"$OUT_FILE"
echo
echo "$TABLE"
echo
log "written to $OUT_FILE"
