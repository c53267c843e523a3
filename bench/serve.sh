#!/usr/bin/env bash
# bench/serve.sh - how cheap the request path of a ready recording is, measured on this machine in one run.
#
# Starts its own PostgreSQL, nginx (the accel front, nginx's own static serving, and a stand-in for Twilio's media
# host: a static file server, which is what Twilio's media URLs are to us), two app nodes on one database and one
# storage folder (Delivery = proxy on one, accel behind nginx on the other) and, for the memory part, OpenStack Swift
# and a third node on the s3 provider. Then prints, side by side:
#   - requests/s (wrk) of: the app's static small file, an authorised 1-byte range of a ready recording, the app's
#     static 1 MB file, the app's 1 MB recording (proxy), nginx serving the same file, the app behind nginx (accel);
#   - Prefer: wait readiness: from Twilio's recording callback to a waiting player's 200 (median, p90);
#   - RSS growth of the s3 node while it stores and serves a large recording;
#   - audio analysis (bench/insight.sh): the product's FfmpegAudioAnalyzer on a 10- and a 60-minute dual-channel
#     speech recording, elapsed time / duration and the peak memory of .NET and of ffmpeg, before any node runs;
#   - requests/s of the peaks endpoint of a recording the app analyzed (it answers from recording_peaks).
# and each target as a ratio of the same run. With two cores or more, wrk is pinned to core 0 and the servers (the
# app nodes and nginx) to core 1 (taskset), so that the load generator never takes the servers' core; PostgreSQL
# and Swift are not pinned. Compare ratios, not absolutes.
#
#   bash bench/serve.sh            everything
#   bash bench/serve.sh insight    only the audio analysis and the peaks endpoint (a few minutes less)
#
# Environment (all optional):
#   BENCH_SECONDS       seconds per wrk run                    (default 5)
#   BENCH_ROUNDS        rounds over every path; the median counts (default 3)
#   BENCH_CONNECTIONS   wrk connections                        (default 32)
#   BENCH_THREADS       wrk threads                            (default 2)
#   BENCH_WARMUP        seconds of unmeasured load per path at least (default 8)
#   BENCH_WARMUP_MAX    seconds of it at most, while the nodes' JIT is still at work (default 240)
#   BENCH_WAITS         readiness samples                      (default 20)
#   BENCH_WAITS_WARMUP  unmeasured readiness samples before them (default 40)
#   BENCH_BIG_MB        size of the recording of the RSS part  (default 300)
#   BENCH_INSIGHT_ROUNDS analyses of each recording; the median counts (default 3)
#   BENCH_KEEP=1        keep the work folder (logs) afterwards
#   BENCH_PIN=0         do not pin wrk and the servers to cores of their own (default: pinned with 2+ cores)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LOG_PREFIX="[bench]"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=scripts/swift.sh
source "$ROOT/scripts/swift.sh"

SECONDS_EACH="${BENCH_SECONDS:-5}"
ROUNDS="${BENCH_ROUNDS:-3}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
THREADS="${BENCH_THREADS:-2}"
WAITS="${BENCH_WAITS:-20}"
WAITS_WARMUP="${BENCH_WAITS_WARMUP:-40}"
WARMUP="${BENCH_WARMUP:-8}"
WARMUP_MAX="${BENCH_WARMUP_MAX:-240}"
BIG_MB="${BENCH_BIG_MB:-300}"
INSIGHT_ROUNDS="${BENCH_INSIGHT_ROUNDS:-3}"
MODE="${1:-all}"
# Cores: the load generator on core 0, the servers on core 1 (util-linux's taskset), when there are two to give.
LOADGEN=()
SERVER=()
if [[ "${BENCH_PIN:-1}" == "1" && "$(nproc)" -ge 2 ]] && command -v taskset >/dev/null 2>&1; then
  LOADGEN=(taskset -c 0)
  SERVER=(taskset -c 1)
fi
[[ "$MODE" == "all" || "$MODE" == "insight" ]] || die "usage: bash bench/serve.sh [insight]"

ensure_apt_packages postgresql-15 postgresql-client-15 nginx-light wrk curl openssl jq ffmpeg pocketsphinx-testdata \
  "${SWIFT_PACKAGES[@]}"
ensure_dotnet
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

WORK="$(mktemp -d "${TMPDIR:-/tmp}/recordings-bench.XXXXXX")"
chmod 755 "$WORK"
PG_DIR="$WORK/pg/data"
SWIFT_DIR="$WORK/swift"
STORAGE="$WORK/storage"
NODE_PIDS=()
NGINX_PID=""

cleanup() {
  local pid
  for pid in "${NODE_PIDS[@]}"; do
    stop_process "$pid" "app node" || true
  done
  if [[ -n "$NGINX_PID" ]]; then
    stop_process "$NGINX_PID" "nginx" || true
  fi
  swift_stop "$SWIFT_DIR" >/dev/null 2>&1 || true
  pg_stop "$PG_DIR" >/dev/null 2>&1 || true
  if [[ "${BENCH_KEEP:-0}" == "1" ]]; then
    log "kept $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

# --- the product, built once ------------------------------------------------------------------------------------
log "building the app (Release)"
dotnet build src/Web -c Release -nologo -v q >"$WORK/build.log" 2>&1 || die "the build failed: see $WORK/build.log"
APP_DLL="$ROOT/src/Web/bin/Release/net10.0/Recordings.Web.dll"
LOAD_AT_START="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- 0. audio analysis, alone on the machine (no database, no node yet) -------------------------------------------
# shellcheck source=bench/insight.sh
source "$ROOT/bench/insight.sh"
insight_build
insight_measure "$INSIGHT_ROUNDS"

# --- PostgreSQL ---------------------------------------------------------------------------------------------------
PG_PORT="$(free_port)"
mkdir -p "$(dirname "$PG_DIR")"
pg_start "$PG_DIR" "$PG_PORT" >/dev/null
pg_create_db "$PG_PORT" recordings_bench >/dev/null
pg_create_db "$PG_PORT" recordings_bench_s3 >/dev/null

# --- files: Twilio's recordings, the app's static files -----------------------------------------------------------
ACCOUNT_SID="AC$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
AUTH_TOKEN="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
ADMIN_KEY="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
TWILIO_FILES="$WORK/twilio/2010-04-01/Accounts/$ACCOUNT_SID/Recordings"
CLIENT="$WORK/client"
mkdir -p "$TWILIO_FILES" "$CLIENT/bench" "$STORAGE"
printf '<!doctype html><title>bench</title>\n' >"$CLIENT/index.html"
head -c 1 /dev/urandom >"$CLIENT/bench/small.bin"
head -c $((1024 * 1024)) /dev/urandom >"$WORK/one-megabyte.mp3"
cp "$WORK/one-megabyte.mp3" "$CLIENT/bench/1mb.bin"
head -c $((100 * 1024)) /dev/urandom >"$WORK/small.mp3"

new_sid() { printf '%s%s\n' "$1" "$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"; }

# --- nginx: the accel front of node 2, static serving of the storage folder, and Twilio's media host --------------
NGINX_PORT="$(free_port)"
TWILIO_PORT="$(free_port)"
NODE1_PORT="$(free_port)"
NODE2_PORT="$(free_port)"
NODE3_PORT="$(free_port)"
NGINX_DIR="$WORK/nginx"
mkdir -p "$NGINX_DIR/tmp"
USER_LINE=""
if is_root; then
  USER_LINE="user www-data;"
  chmod 1777 "$NGINX_DIR/tmp"
fi
sed -e "s|@USER@|$USER_LINE|" -e "s|@DIR@|$NGINX_DIR|g" -e "s|@LISTEN@|127.0.0.1:$NGINX_PORT|" \
  -e "s|@UPSTREAMS@|server 127.0.0.1:$NODE2_PORT;|" -e "s|@ACCEL_PREFIX@|/internal-recordings/|" -e "s|@STORAGE@|$STORAGE|" \
  deploy/nginx-accel.conf.template >"$NGINX_DIR/nginx.conf"
# One more server in the same nginx: Twilio's media host, and the storage folder served as static files.
conf="$(head -n -1 "$NGINX_DIR/nginx.conf")"
cat >"$NGINX_DIR/nginx.conf" <<CONF
$conf
  server {
    listen 127.0.0.1:$TWILIO_PORT;
    default_type audio/mpeg;
    location /static/ { alias $STORAGE/; }
    location /2010-04-01/ { root $WORK/twilio; }
  }
}
CONF
nginx -t -c "$NGINX_DIR/nginx.conf" -p "$NGINX_DIR" -e "$NGINX_DIR/error.log" >"$WORK/nginx-test.log" 2>&1 ||
  die "nginx refused the configuration: $(cat "$WORK/nginx-test.log")"
setsid "${SERVER[@]}" nginx -c "$NGINX_DIR/nginx.conf" -p "$NGINX_DIR" -e "$NGINX_DIR/error.log" -g 'daemon off;' >"$WORK/nginx.log" 2>&1 &
NGINX_PID=$!

# --- app nodes and the API as Twilio and an agent use it (start_node, wait_live, signed_webhook, new_agent) -------
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

# deliver APP_URL CALL_SID RECORDING_SID NUMBER -> Twilio's two callbacks: the call, then its completed recording
deliver_call() {
  local app="$1" call="$2" number="$3"
  signed_webhook "$app" /api/webhooks/twilio/call-status CallSid="$call" AccountSid="$ACCOUNT_SID" From=+15550001111 \
    To="$number" Direction=inbound CallStatus=completed ApiVersion=2010-04-01 CallDuration=31
}
# recording_webhook_args APP_URL CALL_SID RECORDING_SID [DURATION [CHANNELS]] (default 31 s, mono)
recording_webhook_args() {
  local app="$1" call="$2" recording="$3" duration="${4:-31}" channels="${5:-1}"
  webhook_args "$app" /api/webhooks/twilio/recording-status AccountSid="$ACCOUNT_SID" CallSid="$call" \
    RecordingSid="$recording" RecordingStatus=completed RecordingDuration="$duration" RecordingChannels="$channels" \
    RecordingUrl="http://127.0.0.1:$TWILIO_PORT/2010-04-01/Accounts/$ACCOUNT_SID/Recordings/$recording"
}
deliver_recording() {
  local args=()
  mapfile -t args < <(recording_webhook_args "$@")
  curl -fsS -o /dev/null "${args[@]}"
}

# ready_recording APP_URL COOKIE NUMBER FILE [DURATION [CHANNELS]] -> a call whose recording (FILE at Twilio) is ready;
# prints "CALL RECORDING"
ready_recording() {
  local app="$1" cookie="$2" number="$3" file="$4" duration="${5:-31}" channels="${6:-1}" call recording status
  call="$(new_sid CA)"
  recording="$(new_sid RE)"
  cp "$file" "$TWILIO_FILES/$recording.mp3"
  deliver_call "$app" "$call" "$number"
  deliver_recording "$app" "$call" "$recording" "$duration" "$channels"
  local attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    status="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Cookie: $cookie" -H 'Prefer: wait=30' "$app/api/recordings/$call/prepare")"
    [[ "$status" == "202" ]] || break
  done
  [[ "$status" == "200" ]] || die "the recording of $call was not ready (prepare answered $status): see $WORK"
  printf '%s %s\n' "$call" "$recording"
}

# warm URL [HEADER...] -> unmeasured load until the path runs on its final code. .NET compiles a hot method again,
# optimised, after it ran a while (tiered JIT, on a background thread of its own); on the core the nodes share with
# nginx that took from seconds to minutes, and a path measured before it was done looked slower than it is (the
# rounds of one run rose from one to the next: accel 1,068 / 1,428 / 1,838 requests/s, the 1-byte range 4,318 / 6,617
# / 10,714, after 13 s of warm-up each on 2026-12-07). So the load goes on, in 5-second runs after the first
# BENCH_WARMUP seconds, until the nodes' tiered-compilation threads used at most 1 % of a core in two runs in a row
# (BENCH_WARMUP_MAX seconds at most).
warm() {
  local url="$1" args=() header spent before after quiet=0
  shift
  for header in "$@"; do
    args+=(-H "$header")
  done
  "${LOADGEN[@]}" wrk -t "$THREADS" -c "$CONNECTIONS" -d "${WARMUP}s" "${args[@]}" "$url" >/dev/null 2>&1 || true
  spent="$WARMUP"
  while ((spent < WARMUP_MAX && quiet < 2)); do
    before="$(jit_ticks)"
    "${LOADGEN[@]}" wrk -t "$THREADS" -c "$CONNECTIONS" -d 5s "${args[@]}" "$url" >/dev/null 2>&1 || true
    after="$(jit_ticks)"
    spent=$((spent + 5))
    # Clock ticks (1/100 s): 5 of them in 5 s is 1 % of a core.
    if ((after - before <= 5)); then
      quiet=$((quiet + 1))
    else
      quiet=0
    fi
  done
  log "  warmed ${url#http://127.0.0.1:} for ${spent}s"
}

# jit_ticks -> CPU clock ticks the app nodes' tiered-compilation threads (".NET Tiered Com…") have used so far. The
# nodes keep that thread for the whole run (JIT_RESIDENT below); by default it ends after 4 s without work, and the
# time of an ended thread is no longer in /proc. A thread's stat has its name in brackets, spaces included: the
# fields are counted after it (utime and stime are the 12th and 13th).
jit_ticks() {
  local pid task total=0 ticks
  for pid in "${NODE_PIDS[@]}"; do
    for task in /proc/"$pid"/task/*; do
      if [[ "$(cat "$task/comm" 2>/dev/null)" == ".NET Tiered"* ]]; then
        ticks="$(sed 's/.*) //' "$task/stat" 2>/dev/null | awk '{ print $12 + $13 }')"
        total=$((total + ${ticks:-0}))
      fi
    done
  done
  echo "$total"
}
# Keeps each node's tiered-compilation thread for the run (the runtime's value is hexadecimal milliseconds: an hour),
# so that jit_ticks sees all of its time. It changes nothing of what is compiled, or when.
JIT_RESIDENT="DOTNET_TC_BackgroundWorkerTimeoutMs=36EE80"

# rate NAME URL [HEADER...] -> wrk's requests/s; refuses a run with any non-2xx/3xx answer
rate() {
  local name="$1" url="$2" args=() header out
  shift 2
  for header in "$@"; do
    args+=(-H "$header")
  done
  out="$("${LOADGEN[@]}" wrk -t "$THREADS" -c "$CONNECTIONS" -d "${SECONDS_EACH}s" "${args[@]}" "$url" 2>&1)" || die "wrk failed on $name: $out"
  if grep -q 'Non-2xx or 3xx responses' <<<"$out"; then
    die "$name: some answers were not 2xx/3xx, the figure would be meaningless:
$out"
  fi
  printf '%s\n' "$out" >"$WORK/wrk-$name.txt"
  awk '/^Requests\/sec:/ { printf "%.0f\n", $2 }' <<<"$out"
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# The dotnet process of a node (start_node runs it under a setsid subshell that execs it: the pid is the app's).
node_pid() { printf '%s\n' "${NODE_PIDS[$1]}"; }

# median "V V V..." -> the middle value
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# --- the nodes ---------------------------------------------------------------------------------------------------
# Node 1 for every part; node 2 (accel) for the throughput part only.
start_node 1 "$NODE1_PORT" recordings_bench Recordings__Storage__Delivery=proxy "$JIT_RESIDENT"
wait_live "http://127.0.0.1:$NODE1_PORT" "node 1"
NODE1="http://127.0.0.1:$NODE1_PORT"
NGINX="http://127.0.0.1:$NGINX_PORT"

read -r BUSINESS COOKIE < <(new_agent "$NODE1" bench +15550002222)
[[ -n "${COOKIE:-}" ]] || die "could not create and log in the bench agent: see $WORK/node1.log"

# --- 1. throughput ------------------------------------------------------------------------------------------------
if [[ "$MODE" == "all" ]]; then
  start_node 2 "$NODE2_PORT" recordings_bench Recordings__Storage__Delivery=accel "$JIT_RESIDENT"
  wait_live "http://127.0.0.1:$NODE2_PORT" "node 2"
  read -r CALL RECORDING < <(ready_recording "$NODE1" "$COOKIE" +15550002222 "$WORK/one-megabyte.mp3")
  [[ -n "${RECORDING:-}" ]] || die "the 1 MB recording did not become ready: see $WORK"
  cmp -s <(curl -fsS -H "Cookie: $COOKIE" "$NODE1/api/recordings/file/$CALL") "$WORK/one-megabyte.mp3" ||
    die "the proxy node does not serve the recording's exact bytes"
  cmp -s <(curl -fsS -H "Cookie: $COOKIE" "$NGINX/api/recordings/file/$CALL") "$WORK/one-megabyte.mp3" ||
    die "nginx (accel) does not serve the recording's exact bytes"
  cmp -s <(curl -fsS "http://127.0.0.1:$TWILIO_PORT/static/$BUSINESS/$RECORDING.mp3") "$WORK/one-megabyte.mp3" ||
    die "nginx does not serve the stored file"

  log "warming up every path (${WARMUP}s each at least, until the nodes' JIT is done; ${WARMUP_MAX}s at most)"
  warm "$NODE1/bench/small.bin"
  warm "$NODE1/api/recordings/file/$CALL" "Cookie: $COOKIE" "Range: bytes=0-0"
  warm "$NODE1/api/recordings/file/$CALL" "Cookie: $COOKIE"
  warm "$NODE1/bench/1mb.bin"
  warm "$NGINX/api/recordings/file/$CALL" "Cookie: $COOKIE"
  warm "http://127.0.0.1:$TWILIO_PORT/static/$BUSINESS/$RECORDING.mp3"
  log "measuring: $ROUNDS rounds of ${SECONDS_EACH}s per path, $CONNECTIONS connections, $THREADS wrk threads, $(nproc) cores, pinned: ${LOADGEN[*]:-no} / ${SERVER[*]:-no}"
  # Rounds, each over every path in turn, and the median of each path: one run's neighbours (a garbage collection, the
  # disk writing the previous run's log) weigh less than in a single pass.
  declare -A RUNS=()
  for round in $(seq 1 "$ROUNDS"); do
    RUNS[static_small]+="$(rate static-small-$round "$NODE1/bench/small.bin") "
    RUNS[range]+="$(rate range-1-byte-$round "$NODE1/api/recordings/file/$CALL" "Cookie: $COOKIE" "Range: bytes=0-0") "
    RUNS[range_64k]+="$(rate range-64k-$round "$NODE1/api/recordings/file/$CALL" "Cookie: $COOKIE" "Range: bytes=0-65535") "
    RUNS[static_1m]+="$(rate static-1mb-$round "$NODE1/bench/1mb.bin") "
    RUNS[proxy_1m]+="$(rate proxy-1mb-$round "$NODE1/api/recordings/file/$CALL" "Cookie: $COOKIE") "
    RUNS[nginx_1m]+="$(rate nginx-1mb-$round "http://127.0.0.1:$TWILIO_PORT/static/$BUSINESS/$RECORDING.mp3") "
    RUNS[accel_1m]+="$(rate accel-1mb-$round "$NGINX/api/recordings/file/$CALL" "Cookie: $COOKIE") "
  done
  R_STATIC_SMALL="$(median "${RUNS[static_small]}")"
  R_RANGE="$(median "${RUNS[range]}")"
  R_RANGE_64K="$(median "${RUNS[range_64k]}")"
  R_STATIC_1M="$(median "${RUNS[static_1m]}")"
  R_PROXY_1M="$(median "${RUNS[proxy_1m]}")"
  R_NGINX_1M="$(median "${RUNS[nginx_1m]}")"
  R_ACCEL_1M="$(median "${RUNS[accel_1m]}")"
fi

# --- 4. the peaks endpoint of a recording the app analyzed -------------------------------------------------------
# Part 0's 10-minute recording, announced by Twilio's callbacks as a dual-channel recording of 600 s: node 1 downloads
# it, its analysis job measures it (the same FfmpegAudioAnalyzer), and from then on the peaks endpoint answers from
# recording_peaks. Measured after the throughput part, so that its analysis does not run under wrk.
log "measuring the peaks endpoint (part 0's 10-minute recording, analyzed by node 1)"
read -r PEAKS_CALL _ < <(ready_recording "$NODE1" "$COOKIE" +15550002222 "$INSIGHT_FILE_10" 600 2)
[[ -n "${PEAKS_CALL:-}" ]] || die "the 10-minute recording did not become ready: see $WORK/node1.log"
PEAKS_URL="$NODE1/api/recordings/$PEAKS_CALL/peaks?buckets=1000"
start=$(date +%s%N)
status=""
for _ in $(seq 1 600); do
  status="$(curl -s -o "$WORK/peaks.json" -w '%{http_code}' -H "Cookie: $COOKIE" "$PEAKS_URL")"
  [[ "$status" == "202" ]] || break
  sleep 0.2
done
end=$(date +%s%N)
[[ "$status" == "200" ]] || die "the peaks endpoint answered $status (202 for 2 minutes: not analyzed): see $WORK/node1.log"
PEAKS_ANALYZED_MS=$(((end - start) / 1000000))
jq -e '(.channels | length) == 2 and ([.channels[].speaker] | sort) == ["agent", "customer"]
  and all(.channels[]; (.peaks | length) == 1000 and (.peaks | max) > 0) and (.durationSeconds | floor) == 600' \
  "$WORK/peaks.json" >/dev/null || die "the peaks of the 10-minute recording are not its two lanes of 1000 peaks: $WORK/peaks.json"
# Beside it, the status of the same recording (GET /api/recordings/{callSid}): the same lookup of the agent's call,
# without the peaks. Peaks read from recording_peaks cost about as much; peaks computed per request would cost an analysis.
STATUS_URL="$NODE1/api/recordings/$PEAKS_CALL"
warm "$PEAKS_URL" "Cookie: $COOKIE"
warm "$STATUS_URL" "Cookie: $COOKIE"
PEAKS_RUNS=""
STATUS_RUNS=""
for round in $(seq 1 "$ROUNDS"); do
  PEAKS_RUNS+="$(rate peaks-$round "$PEAKS_URL" "Cookie: $COOKIE") "
  STATUS_RUNS+="$(rate status-$round "$STATUS_URL" "Cookie: $COOKIE") "
done
R_PEAKS="$(median "$PEAKS_RUNS")"
R_STATUS="$(median "$STATUS_RUNS")"

if [[ "$MODE" == "all" ]]; then
  # --- 2. Prefer: wait readiness -------------------------------------------------------------------------------------
  log "measuring readiness ($WAITS recordings of 100 KB, after $WAITS_WARMUP unmeasured ones)"
  # The callback and the waiting prepare go in one curl (--next), and each sample is the sum of the two requests'
  # times: from the callback's first byte to the player's 200, without the start of a process between them (until
  # 2026-12-07 each sample was timed around two curl processes and counted their starts, 10-30 ms on this machine;
  # that figure is still printed, as "with process starts", to compare with older runs).
  # The first samples warm the path (like every path above): the webhook, Quartz's scheduling and firing, the
  # download and the wake-up run only here, and 20 cold samples measured the JIT as much as the path (2026-12-07, one
  # build: 67-80 ms in the first 40 samples after a start, 46-70 ms after 120; the host's noise is of that size too).
  LATENCIES=()
  CALLBACKS=()
  HOLDS=()
  OUTER=()
  for i in $(seq 1 $((WAITS_WARMUP + WAITS))); do
    call="$(new_sid CA)"
    recording="$(new_sid RE)"
    cp "$WORK/small.mp3" "$TWILIO_FILES/$recording.mp3"
    deliver_call "$NODE1" "$call" +15550002222
    mapfile -t callback < <(recording_webhook_args "$NODE1" "$call" "$recording")
    start=$(date +%s%N)
    answers="$(curl -sS -o /dev/null -w '%{http_code} %{time_total}\n' "${callback[@]}" \
      --next -o /dev/null -w '%{http_code} %{time_total}\n' -X POST -H "Cookie: $COOKIE" -H 'Prefer: wait=30' "$NGINX/api/recordings/$call/prepare")"
    end=$(date +%s%N)
    [[ "$(awk 'NR == 1 { print ($1 >= 200 && $1 < 300) } NR == 2 { print $1 }' <<<"$answers" | tr '\n' ' ')" == "1 200 " ]] ||
      die "readiness sample $i: the callback and the prepare answered $(tr '\n' ' ' <<<"$answers")"
    ((i > WAITS_WARMUP)) || continue
    read -r callback_ms hold_ms total_ms < <(awk '{ printf "%d ", $2 * 1000; total += $2 } END { printf "%d\n", total * 1000 }' <<<"$answers")
    LATENCIES+=("$total_ms")
    CALLBACKS+=("$callback_ms")
    HOLDS+=("$hold_ms")
    OUTER+=($(((end - start) / 1000000)))
  done
  percentiles() { sort -n | awk '{ v[NR] = $1 } END { printf "%d %d\n", v[int((NR + 1) / 2)], v[int(NR * 0.9 + 0.999)] }'; }
  read -r READY_MEDIAN READY_P90 < <(printf '%s\n' "${LATENCIES[@]}" | percentiles)
  read -r READY_OUTER_MEDIAN READY_OUTER_P90 < <(printf '%s\n' "${OUTER[@]}" | percentiles)
  # Its two parts: the callback's own answer (its transaction and the job's scheduling), and the held prepare (the job
  # firing, the download, the wake-up).
  read -r READY_CALLBACK_MEDIAN _ < <(printf '%s\n' "${CALLBACKS[@]}" | percentiles)
  read -r READY_HOLD_MEDIAN _ < <(printf '%s\n' "${HOLDS[@]}" | percentiles)

  # --- 3. memory while storing and serving a large recording on s3 --------------------------------------------------
  log "measuring memory: a ${BIG_MB} MB recording stored in and served from OpenStack Swift"
  S3_URL="$(swift_start "$SWIFT_DIR")" || die "OpenStack Swift did not start"
  head -c $((BIG_MB * 1024 * 1024)) /dev/urandom >"$WORK/big.mp3"
  start_node 3 "$NODE3_PORT" recordings_bench_s3 Recordings__Storage__Provider=s3 Recordings__Storage__S3__ServiceUrl="$S3_URL" \
    Recordings__Storage__S3__Bucket=recordings-bench Recordings__Storage__S3__AccessKey=test:tester Recordings__Storage__S3__SecretKey=testing
  NODE3="http://127.0.0.1:$NODE3_PORT"
  wait_live "$NODE3" "node 3"
  NODE3_PID="$(node_pid 2)"
  read -r _ COOKIE3 < <(new_agent "$NODE3" memory +15550003333)
  [[ -n "${COOKIE3:-}" ]] || die "could not log in on node 3: see $WORK/node3.log"
  # Warm up the whole path (JIT, pools) with a small recording before the baseline.
  read -r WARM_CALL _ < <(ready_recording "$NODE3" "$COOKIE3" +15550003333 "$WORK/small.mp3")
  curl -fsS -o /dev/null -H "Cookie: $COOKIE3" "$NODE3/api/recordings/file/$WARM_CALL"
  RSS_BASE="$(rss_kb "$NODE3_PID")"
  RSS_PEAK="$RSS_BASE"
  (
    while kill -0 "$NODE3_PID" 2>/dev/null; do
      rss_kb "$NODE3_PID"
      sleep 0.1
    done
  ) >"$WORK/rss.txt" &
  SAMPLER=$!
  read -r BIG_CALL _ < <(ready_recording "$NODE3" "$COOKIE3" +15550003333 "$WORK/big.mp3")
  [[ -n "${BIG_CALL:-}" ]] || die "the large recording did not become ready: see $WORK/node3.log"
  cmp -s <(curl -fsS -H "Cookie: $COOKIE3" "$NODE3/api/recordings/file/$BIG_CALL") "$WORK/big.mp3" ||
    die "the s3 node does not serve the large recording's exact bytes"
  curl -fsS -o /dev/null -H "Cookie: $COOKIE3" -H "Range: bytes=$((BIG_MB * 1024 * 1024 / 2))-" "$NODE3/api/recordings/file/$BIG_CALL"
  kill "$SAMPLER" 2>/dev/null || true
  wait "$SAMPLER" 2>/dev/null || true
  RSS_PEAK="$(sort -n "$WORK/rss.txt" | tail -1)"
  RSS_GROWTH_MB=$(((RSS_PEAK - RSS_BASE) / 1024))
fi

# --- report --------------------------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = (op == ">=" ? v >= t : v < t || (op == "<=" && v == t)); print (ok ? "met" : "NOT met") }'; }
CPU="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1048576 }'; }
INSIGHT_RSS_GROWTH="$(awk -v a="$INSIGHT_RSS_60" -v b="$INSIGHT_RSS_10" 'BEGIN { printf "%.1f", a - b }')"
INSIGHT_FFRSS_GROWTH="$(awk -v a="$INSIGHT_FFRSS_60" -v b="$INSIGHT_FFRSS_10" 'BEGIN { printf "%.1f", a - b }')"
# How many peaks answers node 1 gives in the time one analysis of the same 10-minute recording takes.
PEAKS_PER_ANALYSIS="$(awk -v r="$R_PEAKS" -v e="$INSIGHT_ELAPSED_10" 'BEGIN { printf "%.0f", r * e }')"
PEAKS_RATIO="$(ratio "$R_PEAKS" "$R_STATUS")"
cat <<REPORT

Machine: $(nproc) cores ($CPU), $(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo), $(date -u '+%Y-%m-%d');
load average at the start: $LOAD_AT_START
wrk: ${SECONDS_EACH}s per run, $CONNECTIONS connections, $THREADS threads (${LOADGEN[*]:-sharing the cores with the servers}; servers: ${SERVER[*]:-unpinned});
the median of $ROUNDS rounds (each round's figure in brackets)
REPORT
if [[ "$MODE" == "all" ]]; then
  RANGE_RATIO="$(ratio "$R_RANGE" "$R_STATIC_SMALL")"
  PROXY_RATIO="$(ratio "$R_PROXY_1M" "$R_STATIC_1M")"
  ACCEL_RATIO="$(ratio "$R_ACCEL_1M" "$R_NGINX_1M")"
  cat <<REPORT

  what                                         requests/s (median)
  app: static small file (1 byte)              $R_STATIC_SMALL  (${RUNS[static_small]% })
  app: authorised 1-byte range of a recording  $R_RANGE  (${RUNS[range]% })
  app: authorised 64 KB range of a recording   $R_RANGE_64K  (${RUNS[range_64k]% })
  app: static 1 MB file                        $R_STATIC_1M  (${RUNS[static_1m]% })
  app: 1 MB recording (proxy)                  $R_PROXY_1M  (${RUNS[proxy_1m]% })
  nginx: the same file, static                 $R_NGINX_1M  (${RUNS[nginx_1m]% })
  app behind nginx: 1 MB recording (accel)     $R_ACCEL_1M  (${RUNS[accel_1m]% })

  Prefer: wait readiness (callback to a waiting player's 200, 100 KB, $WAITS samples): median ${READY_MEDIAN} ms, p90 ${READY_P90} ms
    (the callback's answer ${READY_CALLBACK_MEDIAN} ms and the held prepare ${READY_HOLD_MEDIAN} ms, medians of each;
    with the two curl process starts, as measured until 2026-12-07: median ${READY_OUTER_MEDIAN} ms, p90 ${READY_OUTER_P90} ms)
  RSS growth storing and serving ${BIG_MB} MB on s3: ${RSS_GROWTH_MB} MB (from $((RSS_BASE / 1024)) MB to $((RSS_PEAK / 1024)) MB)
REPORT
fi
cat <<REPORT

  audio analysis: FfmpegAudioAnalyzer (bench/InsightBench) on dual-channel 64 kbit/s speech mp3s, each alone in its
  own process, $INSIGHT_ROUNDS rounds (median time, highest memory); load average $INSIGHT_LOAD
  recording          elapsed, median (rounds)   elapsed/duration  CPU .NET + ffmpeg  peak RSS .NET  peak RSS ffmpeg
  10 min, $(mb "$INSIGHT_BYTES_10")    ${INSIGHT_ELAPSED_10} s  (${INSIGHT_RUNS_10})   ${INSIGHT_RATIO_10}    ${INSIGHT_CPU_10} + ${INSIGHT_FFCPU_10} s    ${INSIGHT_RSS_10} MB    ${INSIGHT_FFRSS_10} MB
  60 min, $(mb "$INSIGHT_BYTES_60")   ${INSIGHT_ELAPSED_60} s  (${INSIGHT_RUNS_60})   ${INSIGHT_RATIO_60}    ${INSIGHT_CPU_60} + ${INSIGHT_FFCPU_60} s    ${INSIGHT_RSS_60} MB    ${INSIGHT_FFRSS_60} MB

  the 10-minute recording on node 1 (analyzed there in ${PEAKS_ANALYZED_MS} ms after it was ready)   requests/s (median)
  app: its peaks (?buckets=1000, 2 lanes)                    $R_PEAKS  (${PEAKS_RUNS% })
  app: its status (GET /api/recordings/{callSid})            $R_STATUS  (${STATUS_RUNS% })
  peaks answers given in the time of one analysis of it (${INSIGHT_ELAPSED_10} s): $PEAKS_PER_ANALYSIS

  target                                                 measured   result
REPORT
if [[ "$MODE" == "all" ]]; then
  cat <<REPORT
  1-byte range >= 0.5x static small file                 ${RANGE_RATIO}x      $(verdict "$RANGE_RATIO" 0.5 ">=")
  proxy 1 MB >= 0.9x static 1 MB                         ${PROXY_RATIO}x      $(verdict "$PROXY_RATIO" 0.9 ">=")
  accel 1 MB >= 0.8x nginx                               ${ACCEL_RATIO}x      $(verdict "$ACCEL_RATIO" 0.8 ">=")
  readiness median <= 60 ms                              ${READY_MEDIAN} ms     $(verdict "$READY_MEDIAN" 60 "<=")
  RSS growth < 150 MB                                    ${RSS_GROWTH_MB} MB     $(verdict "$RSS_GROWTH_MB" 150 "<")
REPORT
fi
cat <<REPORT
  analysis of 60 min: elapsed / duration < 0.05          ${INSIGHT_RATIO_60}    $(verdict "$INSIGHT_RATIO_60" 0.05 "<")
  peak RSS .NET, 60 min - 10 min < 20 MB                 ${INSIGHT_RSS_GROWTH} MB     $(verdict "$INSIGHT_RSS_GROWTH" 20 "<")
  peak RSS ffmpeg, 60 min - 10 min < 20 MB               ${INSIGHT_FFRSS_GROWTH} MB     $(verdict "$INSIGHT_FFRSS_GROWTH" 20 "<")
  peaks >= 0.5x status of the same recording             ${PEAKS_RATIO}x      $(verdict "$PEAKS_RATIO" 0.5 ">=")
  peaks answers per analysis time >= 10 (computing: ~2)  ${PEAKS_PER_ANALYSIS}        $(verdict "$PEAKS_PER_ANALYSIS" 10 ">=")
REPORT
