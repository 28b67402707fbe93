# shellcheck shell=bash disable=SC2034 # the variables set here are read by the sourcing scripts
# Helpers shared by the load benchmarks (run.sh, chaos.sh); sourced, never run. The sourcing
# script sets `set -euo pipefail` first and may set LOG_TAG (the word in log lines) and PIN.
#
# bench_init creates $WORK and the EXIT trap that stops every service started with start_service
# (and removes $WORK unless KEEP_WORK is set), so a script calls it before starting anything.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
PAYLOADS=$BENCH_DIR/src/main/resources/payloads
CACHE=$BENCH_DIR/.cache

log() { printf '[%s %s] %s\n' "${LOG_TAG:-bench}" "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# require_whole KNOB... : each named variable must hold a whole number (exits 2 otherwise).
require_whole() {
  local knob
  for knob in "$@"; do
    [[ ${!knob} =~ ^[0-9]+$ ]] || { echo "$knob must be a whole number, got '${!knob}'" >&2; exit 2; }
  done
}

# Pin the load generator (wrk, ttft.mjs) to the first CPU and the mocks to the last; gateways run
# unpinned. Unpinned, direct's c1 p50 flips between ~25 µs (wrk and nginx on one core) and
# ~110 µs (on different cores) from run to run on the 2-vCPU reference VM, which is as large as the
# 150 µs budget being checked. Pinned, the baseline always pays the cross-core hop (~85 µs).
# setup_pinning sets CLIENT_CPU and MOCK_CPU (command prefixes) from PIN (1 = pin, 0 = don't).
CLIENT_CPU=()
MOCK_CPU=()
setup_pinning() {
  if ((PIN == 1)) && (($(nproc) >= 2)) && command -v taskset >/dev/null; then
    CLIENT_CPU=(taskset -c 0)
    MOCK_CPU=(taskset -c "$(($(nproc) - 1))")
  fi
}

STARTED_PIDS=()
POLICY_RC_CREATED=

bench_init() {
  WORK=$(mktemp -d "/tmp/switchboard-${LOG_TAG:-bench}.XXXXXX")
  trap cleanup EXIT
  trap 'exit 130' INT TERM
}

# Each background service runs in its own session (setsid), so its process-group id is its pid
# and stopping the group also stops its children (the java under the ./switchboard launcher).
stop_group() {
  local pid=$1 i
  kill -TERM -- "-$pid" 2>/dev/null || return 0
  for ((i = 0; i < 50; i++)); do # up to 5 s for a graceful stop
    kill -0 -- "-$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
}

cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do stop_group "$pid"; done
  if [[ -n ${KEEP_WORK:-} ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  if [[ -n $POLICY_RC_CREATED ]]; then rm -f /usr/sbin/policy-rc.d; fi
  return 0
}

# start_service NAME CMD... : runs CMD in a new session, logging to $WORK/NAME.log; sets SERVICE_PID
# to the session leader, whose pid is also the process-group id stop_group kills. The pid is
# written from inside the session because setsid forks (changing the pid) under job control.
start_service() {
  local name=$1 i
  shift
  rm -f "$WORK/$name.pid"
  # shellcheck disable=SC2016 # expanded by the inner bash, on purpose
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$WORK/$name.pid" "$@" >"$WORK/$name.log" 2>&1 </dev/null &
  local launcher=$!
  for ((i = 0; i < 50; i++)); do
    [[ -s $WORK/$name.pid ]] && break
    sleep 0.1
  done
  if ! SERVICE_PID=$(cat "$WORK/$name.pid" 2>/dev/null); then
    kill "$launcher" 2>/dev/null || true
    die "$name did not start (no pid file after 5 s)"
  fi
  STARTED_PIDS+=("$SERVICE_PID")
}

# wait_ready NAME PID URL SECONDS : polls URL until it answers 2xx, the process dies, or time is up.
wait_ready() {
  local name=$1 pid=$2 url=$3 seconds=$4 i
  for ((i = 0; i < seconds * 5; i++)); do
    if curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$name exited while starting; last lines of its log:"
      tail -n 30 "$WORK/$name.log" >&2
      return 1
    fi
    sleep 0.2
  done
  log "$name not ready at $url after ${seconds}s; last lines of its log:"
  tail -n 30 "$WORK/$name.log" >&2
  return 1
}

# free_port VAR : sets VAR to a port of 127.0.0.1 that nothing uses, below the kernel's ephemeral
# range (where outgoing connections take their local ports, so a port free now could be taken
# before the service binds it), and not handed out before (services bind theirs only later).
HANDED_OUT_PORTS=" "
free_port() {
  local fp_i fp_port fp_low=20000 fp_high
  fp_high=$(awk '{ print $1 - 1 }' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32767)
  ((fp_high > fp_low + 1000)) || { fp_low=10000; fp_high=19999; }
  for ((fp_i = 0; fp_i < 100; fp_i++)); do
    fp_port=$((fp_low + RANDOM % (fp_high - fp_low + 1)))
    [[ $HANDED_OUT_PORTS != *" $fp_port "* ]] || continue
    if ! ss -Htan "( sport = :$fp_port )" 2>/dev/null | grep -q .; then
      HANDED_OUT_PORTS+="$fp_port "
      printf -v "$1" '%s' "$fp_port"
      return 0
    fi
  done
  die "no free port found in 100 tries"
}

# The process that owns the listening socket: the JVM rather than its launcher script.
listener_pid() {
  local port=$1 fallback=$2 pid
  pid=$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2 || true)
  echo "${pid:-$fallback}"
}

rss_mb() { # rss_mb PID VmRSS|VmHWM
  awk -v f="$2:" '$1 == f { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"
}

# install_tools CMD... : apt-get installs the package of each command that is missing
# (known: wrk nginx curl node npm ss).
install_tools() {
  local apt_pkgs=() sudo=() cmd
  for cmd in "$@"; do
    case $cmd in
      nginx) command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || apt_pkgs+=(nginx) ;;
      node) command -v node >/dev/null || apt_pkgs+=(nodejs) ;;
      ss) command -v ss >/dev/null || apt_pkgs+=(iproute2) ;;
      wrk | curl | npm) command -v "$cmd" >/dev/null || apt_pkgs+=("$cmd") ;;
      *) die "install_tools: unknown tool '$cmd'" ;;
    esac
  done
  ((${#apt_pkgs[@]} > 0)) || return 0
  if ((EUID != 0)); then
    command -v sudo >/dev/null || die "need root or sudo to install: ${apt_pkgs[*]}"
    sudo=(sudo)
  fi
  # Debian starts nginx on port 80 when installing it; a policy-rc.d exiting 101 forbids that.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${sudo[@]}" chmod +x /usr/sbin/policy-rc.d
    POLICY_RC_CREATED=1
  fi
  log "installing ${apt_pkgs[*]} with apt-get"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${apt_pkgs[@]}" >/dev/null
}

# ---------------------------------------------------------------- payloads and the nginx mock
check_payloads() {
  local f
  for f in chat-request.json chat-completion.json chat-completion-chunks.sse; do
    [[ -f $PAYLOADS/$f ]] || die "missing payload $PAYLOADS/$f"
    # The payloads are pasted into nginx '...' strings, where these characters would need escaping.
    if grep -q "[\$'\\\\]" "$PAYLOADS/$f"; then die "$f contains \$, ' or \\ which nginx would mangle"; fi
  done
}

# read_text VAR FILE : the file's exact bytes into VAR. $(cat) would strip trailing newlines, and
# the event stream must end with the blank line after "data: [DONE]".
read_text() {
  IFS= read -r -d '' "$1" <"$2" || true
}

# derive_requests PLAIN_MODEL STREAM_MODEL : writes $WORK/chat-request-plain.json and
# $WORK/chat-request-stream.json, the payload with its model renamed; the streaming one has
# "stream":true with include_usage and is otherwise byte for byte the non-streaming body.
derive_requests() {
  sed -e "s/\"model\":\"bench-model\"/\"model\":\"$1\"/" "$PAYLOADS/chat-request.json" >"$WORK/chat-request-plain.json"
  sed -e "s/\"model\":\"bench-model\"/\"model\":\"$2\"/" \
    -e 's/"stream":false/"stream":true,"stream_options":{"include_usage":true}/' \
    "$PAYLOADS/chat-request.json" >"$WORK/chat-request-stream.json"
  grep -q "\"model\":\"$1\"" "$WORK/chat-request-plain.json" || die "could not derive the non-streaming request"
  grep -q "\"model\":\"$2\".*\"stream\":true" "$WORK/chat-request-stream.json" || die "could not derive the streaming request"
}

# write_wrk_script OUT BODY_FILE KEY : a wrk Lua script POSTing BODY_FILE with the bearer KEY,
# which prints one line "WRKRESULT req/s p50_us p99_us non2xx socket_errors requests" at the end.
write_wrk_script() {
  cat >"$1" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $3"
wrk.body = [==[$(cat "$2")]==]
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKRESULT %.1f %.0f %.0f %d %d %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout, summary.requests))
end
LUA
}

# nginx_locations [BEFORE_ANSWER] : the two answer locations of a mock upstream, returning the
# precomputed completion (POST /v1/chat/completions) and event stream (POST
# /stream/v1/chat/completions: nginx's return cannot look at "stream" in the JSON body, so
# streaming has its own path). BEFORE_ANSWER, if given, is placed in both before the answer.
nginx_locations() {
  local completion events
  read_text completion "$PAYLOADS/chat-completion.json"
  read_text events "$PAYLOADS/chat-completion-chunks.sse"
  cat <<NGINX
    location = /v1/chat/completions {
      ${1:-}
      default_type application/json;
      return 200 '$completion';
    }
    location = /stream/v1/chat/completions {
      ${1:-}
      default_type text/event-stream;
      add_header Cache-Control no-cache;
      return 200 '$events';
    }
NGINX
}

# write_nginx_conf DIR HTTP_BLOCKS : $DIR/nginx.conf, one worker, no access log, with
# HTTP_BLOCKS (server blocks and the like) inside its http block.
write_nginx_conf() {
  local dir=$1
  mkdir -p "$dir/logs"
  cat >"$dir/nginx.conf" <<NGINX
daemon off;
worker_processes 1;                 # leave the other core to wrk and the gateway
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/client_body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  keepalive_requests 10000000;      # never close a gateway's pooled connection mid-run
  keepalive_timeout 300s;
$2
}
NGINX
}

# start_nginx DIR PROBE_URL : starts nginx (pinned to the mock CPU) on $DIR/nginx.conf; NGINX_BIN is set.
start_nginx() {
  NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)
  start_service nginx "${MOCK_CPU[@]}" "$NGINX_BIN" -p "$1" -c "$1/nginx.conf"
  wait_ready nginx "$SERVICE_PID" "$2" 10 || die "the mock upstream (nginx) did not start"
}

# ---------------------------------------------------------------- the gateway
# start_switchboard NAME CONFIG SECONDS : ./switchboard serve on a free port, logging to
# $WORK/NAME.log. Sets GATEWAY_PORT, GATEWAY_GROUP (for stop_group), GATEWAY_PID (the JVM) and
# SWITCHBOARD_JVM (its java -version line). Returns 1 when it does not get ready in SECONDS.
# single_model_config NAME LEDGER(true|false): $WORK/NAME.yaml, one model (bench-model) on the mock at
# $MOCK_PORT, its own data directory, the usage ledger on or off.
single_model_config() {
  cat >"$WORK/$1.yaml" <<YAML
server:
  data_dir: $WORK/data-$1
providers:
  upstream:
    type: openai
    base_url: http://127.0.0.1:$MOCK_PORT/v1
    api_key: sk-bench
models:
  bench-model:
    deployments:
      - provider: upstream
        model: bench-model
governance:
  ledger:
    enabled: $2
YAML
}

start_switchboard() {
  local name=$1 config=$2 seconds=$3
  free_port GATEWAY_PORT
  log "starting switchboard ($name) on 127.0.0.1:$GATEWAY_PORT (JAVA_OPTS='${JAVA_OPTS:-}'; the first start builds the jar)"
  # shellcheck disable=SC2016 # expanded by the inner bash, on purpose
  start_service "$name" bash -c 'cd "$1" && exec ./switchboard serve --config "$2" --port "$3"' \
    _ "$REPO_DIR" "$config" "$GATEWAY_PORT"
  GATEWAY_GROUP=$SERVICE_PID
  if ! wait_ready "$name" "$GATEWAY_GROUP" "http://127.0.0.1:$GATEWAY_PORT/ready" "$seconds"; then
    stop_group "$GATEWAY_GROUP"
    return 1
  fi
  GATEWAY_PID=$(listener_pid "$GATEWAY_PORT" "$GATEWAY_GROUP")
  SWITCHBOARD_JVM=$("$(readlink -f "/proc/$GATEWAY_PID/exe")" -version 2>&1 | head -n 1 || true)
}

# ---------------------------------------------------------------- report
# machine_facts_common LOAD_START : the machine lines both reports start with.
machine_facts_common() {
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); host: $(hostname -s)"
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); nproc: $(nproc)"
  # shellcheck source=/dev/null
  echo "- memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo);" \
    "kernel: $(uname -r); OS: $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "- load average (1/5/15 min) at start: $1; at the end: $(cut -d' ' -f1-3 /proc/loadavg)" \
    "(the run itself keeps about 2 busy; more means something else competed for the cores)"
}

# raw_wrk_details : the raw wrk output of the run ($WORK/wrk-raw.txt) as a collapsed markdown block.
raw_wrk_details() {
  echo "<details><summary>raw wrk output</summary>"
  echo
  echo '```'
  cat "$WORK/wrk-raw.txt" 2>/dev/null || true
  echo '```'
  echo
  echo "</details>"
}

# The commit measured, marked when the worktree has uncommitted changes. bench/results does not
# count: the report being written is itself a new file there.
commit_described() {
  echo "$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo none)" \
    "$(git -C "$REPO_DIR" status --porcelain -- . ':!bench/results' 2>/dev/null | grep -q . && echo '+ uncommitted changes')"
}
