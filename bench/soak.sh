#!/usr/bin/env bash
# bench/soak.sh - a soak of the whole pipeline under faults: thousands of calls through signed webhooks at a steady rate
# into a two-node cluster (nginx round robin, PostgreSQL, OpenStack Swift as the S3 store), while Twilio, a node, the
# database and the store fail; then checks that nothing was lost, nothing downloaded twice, nothing left undone.
#
# Starts its own PostgreSQL, Swift, two app nodes (Release, the production host src/Web) and nginx, on free loopback
# ports and in a work folder of its own, and bench/SoakDriver: one process that is Twilio for both nodes (the project's
# simulated Twilio behind a front that injects faults and counts downloads), a stand-in transcription endpoint, and the
# driver. The driver sends SOAK_CALLS calls at SOAK_RATE a second, each as Twilio reports one: a signed call-status
# callback, then a signed recording-status callback per recording (30 % dual-channel, 10 % with two recordings; 2 %
# whose recording callbacks are lost and 2 % whose every callback is lost - reconciliation must find those at Twilio's
# REST API; 1 % whose media Twilio answers 404: it does not exist). Callbacks that get a 5xx or a broken connection are
# sent again, a second apart, as Twilio's retries would. Meanwhile players, logged in as an agent, play the delivered
# calls through nginx.
#
# Faults, at fixed shares of the driving time D = SOAK_CALLS / SOAK_RATE:
#   throughout  Twilio answers 503 to SOAK_TWILIO_503 (5 %) of its requests (media and REST API)
#   0.12 D      node 2 killed (SIGKILL), restarted 5 s later
#   0.30 D      Twilio down for 30 s (every connection to it reset)
#   0.45 D      PostgreSQL restarted (pg_ctl restart -m fast)
#   0.60 D      the object store down for 20 s (Swift's proxy stopped, then started again)
#   0.78 D      node 2 killed (SIGKILL) again, restarted 5 s later
# then waits (at most SOAK_DRAIN_SECONDS) until every recording has settled, and checks and prints: every recording
# ready (or failed, with a reason, only where Twilio said it does not exist), none lost, none downloaded twice (the
# simulated Twilio's 200 answers per recording: a 200 before a recording's last is explained only by a node SIGKILLed
# while it held the bytes, or by the store being down when the node tried to store them), no duplicate rows, every
# transcript and summary done, no 5xx to players but 503 storage_unavailable while the store was down, each node's
# memory flat; and webhook-to-playable (and webhook-to-transcript) p50/p95 from the metrics, with the database's
# figure beside it. Exits 1 when a check fails.
#
# Metrics: each node serves them on a loopback port of its own (Metrics:Url), and Debian's Prometheus scrapes both
# every 5 s for the whole soak (deploy/alerts.yml loaded, as ./run.sh --cluster does). At the end the p50/p95 are
# Prometheus' histogram_quantile over the whole run's increase() of the histograms' buckets, summed over the nodes;
# and Chromium (Playwright, from client/node_modules) photographs Prometheus' graph page of the domain metrics over
# the run: the work folder's prometheus.png, copied to SOAK_SCREENSHOT when set.
#
# Transcription runs the product's openai engine against the driver's stand-in endpoint (it answers verbose_json at
# once): the soak tests durability, not a speech engine. Summaries: extractive (the offline default).
#
#   bash bench/soak.sh
#
# Environment (all optional):
#   SOAK_CALLS           calls to drive                         (default 5000)
#   SOAK_RATE            calls a second                         (default 20)
#   SOAK_TWILIO_503      share of Twilio requests answered 503  (default 0.05)
#   SOAK_PLAYS           plays a second by the players          (default 8)
#   SOAK_DRAIN_SECONDS   longest wait for everything to settle  (default 3600; the full run settles in about 25 minutes on 2 cores)
#   SOAK_SEED            the calls' random seed                 (default 27)
#   SOAK_JOBS            Quartz:MaxConcurrency of each node     (default 16; the product's default is 4)
#   SOAK_SCREENSHOT      where to copy the photograph of Prometheus' graphs (e.g. docs/screenshots/soak-prometheus.png)
#   SOAK_KEEP=1          keep the work folder (logs, database, Prometheus' data, the photograph) afterwards
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LOG_PREFIX="[soak]"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=scripts/swift.sh
source "$ROOT/scripts/swift.sh"
# shellcheck source=scripts/cluster.sh
source "$ROOT/scripts/cluster.sh" # write_nginx_conf

CALLS="${SOAK_CALLS:-5000}"
RATE="${SOAK_RATE:-20}"
FAIL_RATIO="${SOAK_TWILIO_503:-0.05}"
PLAYS="${SOAK_PLAYS:-8}"
DRAIN="${SOAK_DRAIN_SECONDS:-3600}"
SEED="${SOAK_SEED:-27}"
JOBS="${SOAK_JOBS:-16}"
SCREENSHOT="${SOAK_SCREENSHOT:-}"
[[ -z "$SCREENSHOT" || "$SCREENSHOT" == /* ]] || SCREENSHOT="$ROOT/$SCREENSHOT" # the script runs from $ROOT

ensure_apt_packages postgresql-15 postgresql-client-15 nginx-light curl openssl jq ffmpeg procps prometheus chromium \
  "${SWIFT_PACKAGES[@]}"
ensure_dotnet
# The photograph of Prometheus' graphs: Playwright from the client's packages drives Debian's Chromium (as test.sh's
# end-to-end suite does).
command -v npm >/dev/null 2>&1 || ensure_apt_packages nodejs npm
if [[ ! -d client/node_modules/playwright-core ]]; then
  log "npm ci (client: Playwright, for the photograph of Prometheus' graphs)"
  (cd client && npm ci --no-audit --no-fund) >/dev/null || die "npm ci in client/ failed"
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

WORK="$(mktemp -d "${TMPDIR:-/tmp}/recordings-soak.XXXXXX")"
chmod 755 "$WORK"
PG_DIR="$WORK/pg/data"
SWIFT_DIR="$WORK/swift"
CLIENT="$WORK/client"
mkdir -p "$CLIENT" "$WORK/storage"
printf '<!doctype html><title>soak</title>\n' >"$CLIENT/index.html"
DRIVER_PID=""
NGINX_PID=""
SAMPLER_PID=""
PROMETHEUS_PID=""
declare -A NODE_PID=()
FAULTS=()
KILLS=()      # when each SIGKILL was sent (Unix ms)
STORE_DOWN=() # when the store went down and when it was up again (Unix ms)

cleanup() {
  local pid
  [[ -n "$SAMPLER_PID" ]] && kill "$SAMPLER_PID" 2>/dev/null
  for pid in "${NODE_PID[@]}"; do
    stop_process "$pid" "app node" >/dev/null || true
  done
  [[ -n "$NGINX_PID" ]] && stop_process "$NGINX_PID" nginx >/dev/null
  [[ -n "$PROMETHEUS_PID" ]] && stop_process "$PROMETHEUS_PID" Prometheus >/dev/null
  [[ -n "$DRIVER_PID" ]] && stop_process "$DRIVER_PID" "soak driver" >/dev/null
  swift_stop "$SWIFT_DIR" >/dev/null 2>&1 || true
  pg_stop "$PG_DIR" >/dev/null 2>&1 || true
  if [[ "${SOAK_KEEP:-0}" == "1" ]]; then
    log "kept $WORK (node logs node1.log, node2.log; driver.log; stats.json; prometheus/; prometheus.png)"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

log "building the app and the soak driver (Release)"
dotnet build src/Web -c Release -nologo -v q >"$WORK/build.log" 2>&1 || die "the build failed: see $WORK/build.log"
dotnet build bench/SoakDriver -c Release -nologo -v q >>"$WORK/build.log" 2>&1 || die "the build failed: see $WORK/build.log"
APP_DLL="$ROOT/src/Web/bin/Release/net10.0/Recordings.Web.dll"
DRIVER_DLL="$ROOT/bench/SoakDriver/bin/Release/net10.0/SoakDriver.dll"

# Tiny recordings, made once: 2 s, mono and stereo (a tone on each channel).
ffmpeg -nostdin -loglevel error -f lavfi -i "sine=frequency=440:duration=2" -ac 1 -ar 8000 -b:a 16k "$WORK/mono.mp3"
ffmpeg -nostdin -loglevel error -f lavfi -i "sine=frequency=440:duration=2" -f lavfi -i "sine=frequency=660:duration=2" \
  -filter_complex "[0:a][1:a]join=inputs=2:channel_layout=stereo[a]" -map "[a]" -ar 8000 -b:a 24k "$WORK/stereo.mp3"

# --- PostgreSQL, Swift ---------------------------------------------------------------------------------------------
PG_PORT="$(free_port)"
PG_EXTRA_OPTS="-c shared_buffers=256MB -c max_connections=300" pg_start "$PG_DIR" "$PG_PORT" >/dev/null
pg_create_db "$PG_PORT" recordings_soak >/dev/null
psql_soak() { PGPASSWORD=postgres psql -X -h 127.0.0.1 -p "$PG_PORT" -U postgres -d recordings_soak -v ON_ERROR_STOP=1 -Atq "$@"; }

log "starting OpenStack Swift (S3 API)"
S3_URL="$(swift_start "$SWIFT_DIR")" || die "OpenStack Swift did not start (its logs: $SWIFT_DIR/logs)"

# --- the driver (Twilio for both nodes), the nodes, nginx --------------------------------------------------------
ACCOUNT_SID="AC$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
AUTH_TOKEN="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
ADMIN_KEY="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
TWILIO_PORT="$(free_port)"
TWILIO="http://127.0.0.1:$TWILIO_PORT"
setsid dotnet "$DRIVER_DLL" "$TWILIO_PORT" "$ACCOUNT_SID" "$AUTH_TOKEN" "$WORK/mono.mp3" "$WORK/stereo.mp3" "$FAIL_RATIO" \
  >"$WORK/driver.log" 2>&1 &
DRIVER_PID=$!
for _ in $(seq 1 100); do
  curl -fs -o /dev/null "$TWILIO/soak/stats" && break
  sleep 0.2
done
curl -fs -o /dev/null "$TWILIO/soak/stats" || die "the soak driver did not start: $(tail -5 "$WORK/driver.log")"

# distinct_port -> a free loopback port none of the soak's others has (free_port alone may answer twice the same)
TAKEN_PORTS=" $TWILIO_PORT $PG_PORT "
distinct_port() {
  local port
  port="$(free_port)"
  while [[ "$TAKEN_PORTS" == *" $port "* ]]; do port="$(free_port)"; done
  TAKEN_PORTS+="$port "
  printf '%s\n' "$port"
}
NODE_PORT=([1]="$(distinct_port)" [2]="$(distinct_port)")
METRICS_PORT=([1]="$(distinct_port)" [2]="$(distinct_port)") # each node's Metrics:Url, the same across its restarts
NGINX_PORT="$(distinct_port)"
PROMETHEUS_PORT="$(distinct_port)"
APP="http://127.0.0.1:$NGINX_PORT"
PROMETHEUS="http://127.0.0.1:$PROMETHEUS_PORT"

# soak_node N -> (re)starts node N (the production host) on its port; its log appends to $WORK/nodeN.log.
soak_node() {
  local n="$1"
  (
    export ASPNETCORE_URLS="http://127.0.0.1:${NODE_PORT[$n]}" ASPNETCORE_ENVIRONMENT=Production
    export ConnectionStrings__Recordings="Host=127.0.0.1;Port=$PG_PORT;Database=recordings_soak;Username=postgres;Password=postgres"
    export Admin__ApiKey="$ADMIN_KEY" Twilio__AccountSid="$ACCOUNT_SID" Twilio__AuthToken="$AUTH_TOKEN"
    export Twilio__MediaOrigins__0="$TWILIO" Twilio__ApiBaseUrl="$TWILIO" Twilio__WebhookBaseUrl="$APP"
    # Reconciliation every minute (the lost callbacks); Twilio's 404 is final after 15 s rather than 2 minutes.
    export Twilio__ReconcileInterval=00:01:00 Twilio__NotFoundGraceSeconds=15
    export Recordings__StoragePath="$WORK/storage" Client__Path="$CLIENT" Quartz__InstanceId="soak-node$n"
    export Recordings__Storage__Provider=s3 Recordings__Storage__S3__ServiceUrl="$S3_URL" Recordings__Storage__S3__Bucket=recordings-soak
    export Recordings__Storage__S3__AccessKey="test:tester" Recordings__Storage__S3__SecretKey="testing"
    export ForwardedHeaders__Enabled=true Quartz__MaxConcurrency="$JOBS"
    export Metrics__Url="http://127.0.0.1:${METRICS_PORT[$n]}"
    export Transcription__Provider=openai Transcription__OpenAI__BaseUrl="$TWILIO/v1" Transcription__OpenAI__ApiKey=soak
    export Transcription__OpenAI__Language=en Summarization__Provider=extractive
    cd "$(dirname "$APP_DLL")"
    exec setsid dotnet "$APP_DLL"
  ) >>"$WORK/node$n.log" 2>&1 &
  NODE_PID[$n]=$!
  echo "${NODE_PID[$n]}" >"$WORK/node$n.pid"
}

wait_ready() {
  local n="$1" i
  for i in $(seq 1 300); do
    curl -fs -o /dev/null "http://127.0.0.1:${NODE_PORT[$n]}/health/ready" && return 0
    kill -0 "${NODE_PID[$n]}" 2>/dev/null || die "node $n stopped: $(tail -20 "$WORK/node$n.log")"
    sleep 0.2
  done
  die "node $n was not ready within 60 s: see $WORK/node$n.log"
}

log "starting node 1 and node 2 (then nginx in front, round robin)"
soak_node 1
wait_ready 1 # the first applies the migrations
soak_node 2
wait_ready 2
write_nginx_conf "$WORK/nginx" "$NGINX_PORT" "${NODE_PORT[1]}" "${NODE_PORT[2]}"
setsid nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' >"$WORK/nginx.log" 2>&1 &
NGINX_PID=$!
for _ in $(seq 1 50); do
  curl -fs -o /dev/null "$APP/health/live" && break
  sleep 0.2
done

# --- Prometheus: both nodes' metrics every 5 s, deploy/alerts.yml loaded (scripts/cluster.sh's start_prometheus) ----
log "starting Prometheus on $PROMETHEUS (scraping 127.0.0.1:${METRICS_PORT[1]} and 127.0.0.1:${METRICS_PORT[2]})"
start_prometheus "$WORK/prometheus" "$PROMETHEUS_PORT" "127.0.0.1:${METRICS_PORT[1]}" "127.0.0.1:${METRICS_PORT[2]}"
for _ in $(seq 1 150); do
  [[ "$(curl -fsS -G --data-urlencode 'query=sum(up{job="recordings"})' "$PROMETHEUS/api/v1/query" 2>/dev/null |
    jq -r '.data.result[0].value[1] // empty')" == "2" ]] && break
  kill -0 "$PROMETHEUS_PID" 2>/dev/null || die "Prometheus stopped: $(tail -5 "$WORK/prometheus/prometheus.log")"
  sleep 0.2
done
[[ "$(curl -fsS -G --data-urlencode 'query=sum(up{job="recordings"})' "$PROMETHEUS/api/v1/query" | jq -r '.data.result[0].value[1] // empty')" == "2" ]] ||
  die "Prometheus did not scrape both nodes within 30 s (its targets: $PROMETHEUS/api/v1/targets)"
PROMETHEUS_FROM="$(date +%s)"

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh" # new_agent (an agent's session, made through the admin API)
read -r BUSINESS COOKIE < <(new_agent "$APP" soak +15550001111)
[[ -n "$BUSINESS" && -n "$COOKIE" ]] || die "could not create the soak's business and agent"

# --- memory: each node's RSS every 5 s (node, its incarnation, seconds, KiB) ------------------------------------
(
  while true; do
    for n in 1 2; do
      pid="$(cat "$WORK/node$n.pid" 2>/dev/null || true)"
      rss="$(ps -o rss= -p "$pid" 2>/dev/null | tr -d ' ' || true)"
      [[ -n "$rss" ]] && printf '%s\t%s\t%s\t%s\n' "$n" "$pid" "$(date +%s)" "$rss"
    done
    sleep 5
  done
) >"$WORK/rss.tsv" 2>/dev/null &
SAMPLER_PID=$!

# --- drive, with the faults ----------------------------------------------------------------------------------------
DRIVE_SECONDS="$(jq -rn --argjson c "$CALLS" --argjson r "$RATE" '$c / $r')"
log "driving $CALLS calls at $RATE/s (about $(printf '%.0f' "$DRIVE_SECONDS") s), Twilio answering 503 to $FAIL_RATIO of requests"
curl -fsS -X POST -H "X-Soak-Cookie: $COOKIE" \
  "$TWILIO/soak/start?app=$APP&to=%2B15550001111&calls=$CALLS&rate=$RATE&players=4&plays=$PLAYS&seed=$SEED"
START="$(date +%s.%N)"

elapsed() { jq -rn --argjson s "$START" --argjson n "$(date +%s.%N)" '($n - $s) | floor'; }
fault() {
  local line
  line="$(date -u +%H:%M:%S) +$(elapsed)s $*"
  FAULTS+=("$line")
  log "fault: $line"
}
# at_share SHARE -> sleeps until that share of the driving time has passed
at_share() {
  local wait
  wait="$(jq -rn --argjson s "$START" --argjson n "$(date +%s.%N)" --argjson d "$DRIVE_SECONDS" --argjson f "$1" '[$s + $d * $f - $n, 0] | max')"
  sleep "$wait"
}
kill_node() {
  local n="$1" pid="${NODE_PID[$1]}"
  KILLS+=("$(date +%s%3N)")
  kill -KILL "$pid"
  wait "$pid" 2>/dev/null || true
  fault "node $n killed (SIGKILL, pid $pid)"
  sleep 5
  soak_node "$n"
  wait_ready "$n"
  fault "node $n restarted (pid ${NODE_PID[$n]}) and ready"
}
swift_proxy_pid() { sed -n 4p "$SWIFT_DIR/pids"; }

at_share 0.12
kill_node 2

at_share 0.30
curl -fsS -X POST "$TWILIO/soak/twilio-down?seconds=30" >/dev/null
fault "Twilio down for 30 s (every connection reset)"

at_share 0.45
fault "PostgreSQL restarting (pg_ctl restart -m fast)"
as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DIR" -m fast -w -t 60 -l "$WORK/pg/postgres.log" restart >/dev/null
fault "PostgreSQL restarted"

at_share 0.60
curl -fsS -X POST "$TWILIO/soak/mark?name=store-down&phase=start" >/dev/null
STORE_DOWN=("$(date +%s%3N)")
proxy="$(swift_proxy_pid)"
kill "$proxy"
while kill -0 "$proxy" 2>/dev/null; do sleep 0.1; done
fault "object store down (Swift's proxy, pid $proxy, stopped)"
sleep 20
setsid /usr/bin/python3 /usr/bin/swift-proxy-server "$SWIFT_DIR/conf/proxy-server.conf" >>"$SWIFT_DIR/logs/proxy.log" 2>&1 &
sed -i "4s/.*/$!/" "$SWIFT_DIR/pids"
until [[ "$(curl -fsS "$S3_URL/healthcheck" 2>/dev/null)" == "OK" ]]; do sleep 0.2; done
STORE_DOWN+=("$(date +%s%3N)")
curl -fsS -X POST "$TWILIO/soak/mark?name=store-down&phase=end" >/dev/null
fault "object store up again (Swift's proxy, pid $!)"

at_share 0.78
kill_node 2

until [[ "$(curl -fsS "$TWILIO/soak/stats" | jq -r .phase)" == "driven" ]]; do sleep 1; done
DRIVEN="$(elapsed)"
log "every call driven after ${DRIVEN} s; waiting (at most $DRAIN s) for everything to settle"

# --- drain: until every recording of the manifest has settled, with its transcript and summary --------------------
curl -fsS "$TWILIO/soak/manifest" >"$WORK/manifest.tsv"
psql_soak -c "CREATE TABLE soak_manifest (call_sid text, recording_sid text, channels int, fate text)"
psql_soak -c "\\copy soak_manifest FROM '$WORK/manifest.tsv'"
UNSETTLED_SQL="
SELECT (SELECT count(*) FROM soak_manifest m LEFT JOIN call_recordings r USING (call_sid, recording_sid)
         WHERE r.state IS NULL OR r.state IN ('Remote', 'Queued', 'Downloading') OR (r.state IN ('Failed', 'Missing') AND m.fate <> 'TwilioNotFound'))
     + (SELECT count(*) FROM calls c WHERE c.call_sid IN (SELECT call_sid FROM soak_manifest)
         AND (c.transcript_state IN ('Queued', 'Running') OR c.summary_state IN ('Queued', 'Running')))"
deadline=$(( $(date +%s) + DRAIN ))
while true; do
  unsettled="$(psql_soak -c "$UNSETTLED_SQL" 2>/dev/null || echo '?')"
  [[ "$unsettled" == "0" ]] && break
  if (( $(date +%s) >= deadline )); then
    warn "still $unsettled unsettled after $DRAIN s of drain"
    break
  fi
  log "drain: $unsettled recordings or transcripts not settled yet (+$(elapsed)s)"
  sleep 15
done
SETTLED="$(elapsed)"
curl -fsS -X POST "$TWILIO/soak/stop-players" >/dev/null
kill "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""
curl -fsS "$TWILIO/soak/stats" >"$WORK/stats.json"
curl -fsS "$TWILIO/soak/downloads" >"$WORK/downloads.tsv"
psql_soak -c "CREATE TABLE soak_downloads (recording_sid text PRIMARY KEY, requests int, ok int, first_ok_ms bigint, last_ok_ms bigint, ok_ms bigint[])"
psql_soak -c "\\copy soak_downloads FROM '$WORK/downloads.tsv'"
psql_soak -c "CREATE TABLE soak_kills (at_ms bigint)"
for k in "${KILLS[@]}"; do psql_soak -c "INSERT INTO soak_kills VALUES ($k)"; done
psql_soak -c "CREATE TABLE soak_store_down (start_ms bigint, end_ms bigint)"
psql_soak -c "INSERT INTO soak_store_down VALUES (${STORE_DOWN[0]}, ${STORE_DOWN[1]})"

# --- the metrics: Prometheus' last scrape of both nodes after the drain, then its graphs photographed ---------------
sleep 11 # two scrape intervals: what the nodes observed until the drain ended is in Prometheus
PROMETHEUS_TO="$(date +%s)"
RUN_RANGE=$(( PROMETHEUS_TO - PROMETHEUS_FROM + 10 )) # the whole soak (from before Prometheus' first scrape), seconds

# photograph FILE -> Prometheus' graph page (its classic UI, as Debian ships it) of the domain metrics over the whole
# run, one graph per expression, as headless Chromium shows it; 0 when every graph was drawn
photograph() {
  local out="$1" end minutes url="$PROMETHEUS/classic/graph?" i=0 expr
  local playable='sum by (le) (rate(recordings_webhook_to_playable_seconds_bucket[2m]))'
  local exprs=(
    'max by (state) (recordings_by_state)'
    'sum by (outcome) (rate(recordings_downloads_total[1m]))'
    "label_replace(histogram_quantile(0.5, $playable), \"quantile\", \"p50\", \"\", \"\") or label_replace(histogram_quantile(0.95, $playable), \"quantile\", \"p95\", \"\", \"\")"
    'sum by (api, status) (rate(recordings_twilio_responses_total[1m]))'
    'max(recordings_oldest_waiting_download_age_seconds)'
    'up{job="recordings"}'
  )
  # The UI takes the end to the minute and the range in one unit: the end rounded up, whole minutes back to the start.
  end=$(( (PROMETHEUS_TO / 60 + 1) * 60 ))
  minutes=$(( (end - PROMETHEUS_FROM + 89) / 60 ))
  for expr in "${exprs[@]}"; do
    url+="g$i.expr=$(jq -rn --arg v "$expr" '$v | @uri')&g$i.tab=0&g$i.stacked=0&g$i.range_input=${minutes}m"
    url+="&g$i.end_input=$(jq -rn --arg v "$(date -u -d "@$end" '+%Y-%m-%d %H:%M')" '$v | @uri')&"
    i=$((i + 1))
  done
  cat >"$WORK/photograph.cjs" <<'JS'
// node photograph.cjs CLIENT_DIR URL OUT GRAPHS: Chromium (Playwright from the client's packages) photographs the page
// once GRAPHS graphs are drawn (or a minute has passed); prints what it saw.
const { createRequire } = require('node:module');
const [clientDir, url, out, graphs] = process.argv.slice(2);
const { chromium } = createRequire(`${clientDir}/package.json`)('playwright-core');
(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.SOAK_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, timezoneId: 'UTC' });
    await page.goto(url, { waitUntil: 'networkidle', timeout: 60000 });
    let drawn = 0;
    try {
      await page.waitForFunction((n) => document.querySelectorAll('.graph svg path').length >= n, Number(graphs), { timeout: 60000 });
    } catch {
      // photographed as it is; the count below says what is missing
    }
    // The page scrolls to the last expression it focuses, and its fixed navigation bar would be photographed there.
    await page.addStyleTag({ content: '.navbar { position: static !important; } body { padding-top: 0 !important; }' });
    await page.evaluate(() => {
      document.activeElement?.blur();
      window.scrollTo(0, 0);
    });
    await page.waitForTimeout(1000);
    drawn = await page.locator('.graph svg').count();
    const errors = await page.locator('.error.alert:visible').allInnerTexts();
    await page.screenshot({ path: out, fullPage: true });
    console.log(JSON.stringify({ drawn, errors }));
    process.exitCode = drawn >= Number(graphs) && errors.length === 0 ? 0 : 1;
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.log(JSON.stringify({ failure: String(e) }));
  process.exitCode = 1;
});
JS
  printf '%s\n' "$url" >"$WORK/prometheus-graphs.url"
  PHOTOGRAPH_SAID="$(node "$WORK/photograph.cjs" "$ROOT/client" "$url" "$out" "$i" 2>>"$WORK/photograph.log")"
}
PHOTOGRAPH_SAID=""
photographed=0
if photograph "$WORK/prometheus.png"; then
  photographed=1
  if [[ -n "$SCREENSHOT" ]]; then
    mkdir -p "$(dirname "$SCREENSHOT")"
    cp "$WORK/prometheus.png" "$SCREENSHOT"
  fi
else
  warn "the photograph of Prometheus' graphs is incomplete: $PHOTOGRAPH_SAID (see $WORK/photograph.log)"
fi

# prom VALUE_EXPR -> the first result's value at the end of the run (empty when none)
prom() {
  curl -fsS -G --data-urlencode "query=$1" --data-urlencode "time=$PROMETHEUS_TO" "$PROMETHEUS/api/v1/query" 2>/dev/null |
    jq -r '.data.result[0].value[1] // empty' || true
}
# jq definitions over a histogram's buckets [{bound (null: +Inf), n (cumulative)}]: rank($h; q) finds the bucket the
# q-quantile falls in, value(rank) interpolates in it linearly as Prometheus' histogram_quantile does.
JQ_HISTOGRAM='
  def sorted: sort_by(.bound == null, .bound);
  def fmt: if . >= 100 then (. | round | tostring) else ((. * 10 | round) / 10 | tostring) end;
  def rank($h; $q): ($h | sorted) as $h | ($h[-1].n * $q) as $rank | ([range(0; $h | length) | select($h[.].n >= $rank)][0]) as $i
    | {lo: (if $i == 0 then 0 else $h[$i - 1].bound end), hi: $h[$i].bound, below: (if $i == 0 then 0 else $h[$i - 1].n end), n: $h[$i].n, rank: $rank};
  def value($r): if $r.hi == null then $r.lo elif $r.n == $r.below then $r.hi else $r.lo + ($r.hi - $r.lo) * ($r.rank - $r.below) / ($r.n - $r.below) end;
  def bucket($r): if $r.hi == null then "above \($r.lo) s, the top bucket" else "in the \($r.lo)-\($r.hi) s bucket" end;'
# from_metrics HISTOGRAM -> two lines. The figure: its p50 and p95 over the whole run, both nodes together, as
# Prometheus' histogram_quantile over sum by (le) of the increase of its buckets, each with the bucket it falls in, and
# how many that counted. Beside it, the same quantiles (histogram_quantile's interpolation, done here) over what the
# scrapes hold: the sum, over the nodes' runs, of each run's last scraped buckets (a run ends where a count goes down
# or a SIGKILL of node 2 falls between two scrapes): increase() leaves out what a series held at its first scrape.
from_metrics() {
  local over="sum by (le) (increase(${1}_bucket[${RUN_RANGE}s]))" buckets scraped p50 p95 kills
  buckets="$(curl -fsS -G --data-urlencode "query=$over" --data-urlencode "time=$PROMETHEUS_TO" "$PROMETHEUS/api/v1/query" 2>/dev/null |
    jq -c '[.data.result[] | {bound: (if .metric.le == "+Inf" then null else (.metric.le | tonumber) end), n: (.value[1] | tonumber)}]' ||
    echo '[]')"
  kills="$(printf '%s\n' "${KILLS[@]}" | jq -sc '.')"
  scraped="$(curl -fsS -G --data-urlencode "query=${1}_bucket[${RUN_RANGE}s]" --data-urlencode "time=$PROMETHEUS_TO" "$PROMETHEUS/api/v1/query" 2>/dev/null |
    jq -c --argjson kills "$kills" --arg killed "127.0.0.1:${METRICS_PORT[2]}" '
      [.data.result[] | .metric as $m | [.values[] | [.[0], (.[1] | tonumber)]] as $v
        | {bound: (if $m.le == "+Inf" then null else ($m.le | tonumber) end),
           n: ([range(0; $v | length) as $j
                | select($j == ($v | length) - 1 or $v[$j + 1][1] < $v[$j][1]
                    or ($m.instance == $killed and any($kills[]; . / 1000 > $v[$j][0] and . / 1000 <= $v[$j + 1][0])))
                | $v[$j][1]] | add)}]
      | group_by(.bound) | map({bound: .[0].bound, n: (map(.n) | add)})' || echo '[]')"
  p50="$(prom "histogram_quantile(0.5, $over)")"
  p95="$(prom "histogram_quantile(0.95, $over)")"
  jq -rn --argjson b "$buckets" --argjson s "$scraped" --arg p50 "$p50" --arg p95 "$p95" "$JQ_HISTOGRAM"'
    def figure($v; $q): if $v == "" or $v == "NaN" then "-" else "\($v | tonumber | fmt) s (\(bucket(rank($b; $q))))" end;
    if ($b | length) == 0 or ($b | sorted)[-1].n == 0 then "no observations\n-"
    else "p50 \(figure($p50; 0.5)), p95 \(figure($p95; 0.95)); \(($b | sorted)[-1].n | round) counted",
      (if ($s | length) == 0 then "-"
       else "p50 \(value(rank($s; 0.5)) | fmt) s, p95 \(value(rank($s; 0.95)) | fmt) s; \(($s | sorted)[-1].n | round) counted" end)
    end'
}

# --- checks ------------------------------------------------------------------------------------------------------
FAILED=0
check() { # check NAME OK(0|1) DETAIL
  local verdict=PASS
  [[ "$2" == "1" ]] || { verdict=FAIL; FAILED=1; }
  printf '  %-4s  %-34s %s\n' "$verdict" "$1" "$3"
}
q() { psql_soak -c "$1"; }

stats="$(cat "$WORK/stats.json")"
expected="$(q "SELECT count(*) FROM soak_manifest WHERE fate <> 'TwilioNotFound'")"
ready="$(q "SELECT count(*) FROM soak_manifest m JOIN call_recordings r USING (call_sid, recording_sid) WHERE m.fate <> 'TwilioNotFound' AND r.state = 'Ready'")"
notfound="$(q "SELECT count(*) FROM soak_manifest WHERE fate = 'TwilioNotFound'")"
notfound_ok="$(q "SELECT count(*) FROM soak_manifest m JOIN call_recordings r USING (call_sid, recording_sid) WHERE m.fate = 'TwilioNotFound' AND r.state IN ('Missing', 'Failed') AND coalesce(r.error, '') <> ''")"
bad_failures="$(q "SELECT count(*) FROM soak_manifest m JOIN call_recordings r USING (call_sid, recording_sid) WHERE m.fate <> 'TwilioNotFound' AND r.state IN ('Missing', 'Failed')")"
lost="$(q "SELECT count(*) FROM soak_manifest m LEFT JOIN call_recordings r USING (call_sid, recording_sid) WHERE r.recording_sid IS NULL")"
lost_calls="$(q "SELECT count(DISTINCT m.call_sid) FROM soak_manifest m LEFT JOIN calls c USING (call_sid) WHERE c.call_sid IS NULL")"
backfilled="$(q "SELECT count(*) FROM soak_manifest m JOIN call_recordings r USING (call_sid, recording_sid) WHERE m.fate IN ('LostRecordingCallback', 'LostAllCallbacks') AND r.state = 'Ready'")"
lost_fates="$(q "SELECT count(*) FROM soak_manifest WHERE fate IN ('LostRecordingCallback', 'LostAllCallbacks')")"
twice="$(q "SELECT count(*) FROM soak_downloads WHERE ok > 1")"
# Every 200 but a recording's last cost the node that got it its copy, which is explained only by a fault:
# - the store down when the node tried to store them: a 200 from 10 s before the store went down (the longest a node
#   plausibly holds the bytes before its upload fails; soaks saw up to 1 s) to 5 s after it was up again (the S3
#   client's connections); judged first, since the next SIGKILL may come within 30 s of the store's return;
# - a node SIGKILLed while it held the bytes: a kill from 1 s before that 200 (the front counts a 200 once it has
#   written the audio, which a node dying that moment may still have asked for) to 30 s after it, and before the next.
# Nothing was stored twice: the node fetched the recording again. A recording is counted under the fault that cost it
# its first copy; one with any other 200 before its last is unexplained.
q "CREATE TABLE soak_refetches AS
   SELECT recording_sid, n, t, next_t,
          CASE WHEN EXISTS (SELECT 1 FROM soak_store_down s WHERE t BETWEEN s.start_ms - 10000 AND s.end_ms + 5000) THEN 'store'
               WHEN EXISTS (SELECT 1 FROM soak_kills k WHERE k.at_ms BETWEEN t - 1000 AND least(t + 30000, next_t)) THEN 'kill'
               ELSE 'unexplained' END AS reason
   FROM (SELECT d.recording_sid, o.n, o.t, lead(o.t) OVER (PARTITION BY d.recording_sid ORDER BY o.n) AS next_t
         FROM soak_downloads d, unnest(d.ok_ms) WITH ORDINALITY AS o(t, n)) x
   WHERE next_t IS NOT NULL" >/dev/null
unexplained_twice="$(q "SELECT count(DISTINCT recording_sid) FROM soak_refetches WHERE reason = 'unexplained'")"
killed_twice="$(q "SELECT count(*) FROM soak_refetches f WHERE n = 1 AND reason = 'kill'
  AND NOT EXISTS (SELECT 1 FROM soak_refetches u WHERE u.recording_sid = f.recording_sid AND u.reason = 'unexplained')")"
store_twice="$(q "SELECT count(*) FROM soak_refetches f WHERE n = 1 AND reason = 'store'
  AND NOT EXISTS (SELECT 1 FROM soak_refetches u WHERE u.recording_sid = f.recording_sid AND u.reason = 'unexplained')")"
miscounted="$(q "SELECT count(*) FROM soak_downloads WHERE ok <> coalesce(cardinality(ok_ms), 0)")"
never="$(q "SELECT count(*) FROM soak_manifest m JOIN call_recordings r USING (call_sid, recording_sid) LEFT JOIN soak_downloads d USING (recording_sid) WHERE r.state = 'Ready' AND coalesce(d.ok, 0) = 0")"
attempts="$(q "SELECT sum(requests) || ' media requests reached Twilio, ' || sum(ok) || ' answered 200' FROM soak_downloads")"
dup_recordings="$(q "SELECT count(*) FROM (SELECT recording_sid FROM call_recordings GROUP BY recording_sid HAVING count(*) > 1) d")"
dup_calls="$(q "SELECT count(*) - count(DISTINCT call_sid) FROM calls")"
foreign="$(q "SELECT count(*) FROM call_recordings r WHERE NOT EXISTS (SELECT 1 FROM soak_manifest m WHERE m.recording_sid = r.recording_sid)")"
unattributed="$(q "SELECT count(*) FROM calls c WHERE c.call_sid IN (SELECT call_sid FROM soak_manifest) AND c.business_id IS NULL")"
with_audio="$(q "SELECT count(DISTINCT call_sid) FROM call_recordings WHERE state = 'Ready'")"
transcripts="$(q "SELECT count(*) FROM calls c WHERE EXISTS (SELECT 1 FROM call_recordings r WHERE r.call_sid = c.call_sid AND r.state = 'Ready') AND c.transcript_state = 'Done'")"
summaries="$(q "SELECT count(*) FROM calls c WHERE EXISTS (SELECT 1 FROM call_recordings r WHERE r.call_sid = c.call_sid AND r.state = 'Ready') AND c.summary_state = 'Done'")"
unexpected="$(jq -r .players.unexpected <<<"$stats")"

# Memory: per incarnation of a node with at least 12 samples (a minute), the median RSS of its last quarter against
# that of its second (the first quarter is start-up and warm-up); flat when within 20 %.
memory="$(awk -F'\t' '
  { key = $1 "\t" $2; n[key]++; v[key, n[key]] = $4 }
  END {
    for (key in n) {
      if (n[key] < 12) continue
      q = int(n[key] / 4)
      m2 = median(key, q + 1, 2 * q); m4 = median(key, n[key] - q + 1, n[key])
      split(key, parts, "\t")
      printf "%s\t%s\t%d\t%.0f\t%.0f\t%.2f\n", parts[1], parts[2], n[key], m2 / 1024, m4 / 1024, m4 / m2
    }
  }
  function median(key, from, to,   count, i, j, t, a) {
    count = 0
    for (i = from; i <= to; i++) a[++count] = v[key, i]
    for (i = 2; i <= count; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return count % 2 ? a[(count + 1) / 2] : (a[count / 2] + a[count / 2 + 1]) / 2
  }' "$WORK/rss.tsv" | sort -k1,1n -k3,3nr)"
memory_ok=1
while IFS=$'\t' read -r _ _ _ _ _ ratio; do
  [[ -n "$ratio" ]] || continue
  jq -en --argjson r "$ratio" '$r <= 1.2' >/dev/null || memory_ok=0
done <<<"$memory"
[[ -n "$memory" ]] || memory_ok=0

# Webhook to playable, the figure: the nodes' histogram recordings_webhook_to_playable_seconds in Prometheus (from_metrics,
# above). The cross-check: the database's stored_at - completed_at of each ready recording (the recording callback's
# arrival, or reconciliation's backfill, to the stored, verified copy).
playable_metrics="$(from_metrics recordings_webhook_to_playable_seconds)"
transcript_metrics="$(from_metrics recordings_webhook_to_transcript_seconds)"
ready_all="$(q "SELECT count(*) FROM soak_manifest m JOIN call_recordings r USING (call_sid, recording_sid) WHERE r.state = 'Ready'")"
# The database's figures put in the histogram's buckets and interpolated as histogram_quantile does: how far the
# metrics' figure can be from the database's own through the width of the bucket alone.
bounds="$(curl -fsS -G --data-urlencode 'query=count by (le) (recordings_webhook_to_playable_seconds_bucket)' \
  --data-urlencode "time=$PROMETHEUS_TO" "$PROMETHEUS/api/v1/query" 2>/dev/null |
  jq -r '[.data.result[].metric.le | select(. != "+Inf") | tonumber] | sort | map(tostring) | join(",")' || true)"
binned="-"
if [[ -n "$bounds" ]]; then
  binned="$(q "SELECT json_agg(json_build_object('bound', b, 'n', (SELECT count(*) FROM soak_manifest m JOIN call_recordings r USING (call_sid, recording_sid)
                WHERE r.state = 'Ready' AND (b IS NULL OR extract(epoch FROM r.stored_at - r.completed_at) <= b))))
              FROM unnest(ARRAY[$bounds, NULL]::float8[]) b" |
    jq -r "$JQ_HISTOGRAM"' . as $h | "p50 \(value(rank($h; 0.5)) | fmt) s (\(bucket(rank($h; 0.5)))), p95 \(value(rank($h; 0.95)) | fmt) s (\(bucket(rank($h; 0.95))))"' || echo -)"
fi
latency() {
  q "SELECT count(*) || ' recordings: p50 ' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY s)::numeric, 2) || ' s, p95 '
            || round(percentile_cont(0.95) WITHIN GROUP (ORDER BY s)::numeric, 2) || ' s, max ' || round(max(s)::numeric, 1) || ' s'
     FROM (SELECT extract(epoch FROM r.stored_at - r.completed_at) AS s FROM soak_manifest m JOIN call_recordings r USING (call_sid, recording_sid)
           WHERE r.state = 'Ready' AND m.fate IN ($1)) t"
}

printf '\nsoak: %s calls (%s recordings: %s dual-channel calls, %s calls with two recordings) at %s/s, driven in %s s, drain ended %s s after the start\n' \
  "$(jq -r .calls <<<"$stats")" "$(jq -r .recordings <<<"$stats")" "$(jq -r .dualChannelCalls <<<"$stats")" \
  "$(jq -r .callsWithTwoRecordings <<<"$stats")" "$RATE" "$DRIVEN" "$SETTLED"
printf 'fates: %s\n' "$(jq -c .fates <<<"$stats")"
printf 'machine: %s, %s cores (shared), %s GB\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" "$(nproc)" \
  "$(awk '/MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)"
printf 'faults:\n'
printf '  Twilio answered 503 to %s requests (%s of %s reaching it); reset %s connections while down\n' \
  "$(jq -r .twilio.injected503 <<<"$stats")" "$FAIL_RATIO" "$(jq -r '.twilio.injected503 + .twilio.forwarded' <<<"$stats")" \
  "$(jq -r .twilio.resetWhileDown <<<"$stats")"
printf '  %s\n' "${FAULTS[@]}"
printf 'webhooks: %s posted, %s sent again after a 5xx or a broken connection, %s given up\n' \
  "$(jq -r .webhooks.posted <<<"$stats")" "$(jq -r .webhooks.retried <<<"$stats")" "$(jq -r .webhooks.givenUp <<<"$stats")"
printf 'players: %s plays: %s\n' "$(jq -r .players.plays <<<"$stats")" "$(jq -c .players.byStatus <<<"$stats")"
printf 'Twilio media: %s\n' "$attempts"
printf 'transcription requests to the stand-in: %s\n' "$(jq -r .transcriptionRequests <<<"$stats")"
printf '\nchecks:\n'
check "every recording ready" "$([[ "$ready" == "$expected" ]] && echo 1 || echo 0)" "$ready of $expected (lost callbacks among them: $backfilled of $lost_fates, found by reconciliation)"
check "failed only where Twilio said 404" "$([[ "$bad_failures" == 0 && "$notfound_ok" == "$notfound" ]] && echo 1 || echo 0)" \
  "$notfound_ok of $notfound Twilio-404 recordings failed with a reason; $bad_failures others failed"
check "none lost" "$([[ "$lost" == 0 && "$lost_calls" == 0 ]] && echo 1 || echo 0)" "$lost recordings and $lost_calls calls missing from the database; $unattributed calls without a business"
check "none downloaded twice" "$([[ "$unexplained_twice" == 0 && "$never" == 0 && "$miscounted" == 0 && \
  "$twice" == "$(( unexplained_twice + killed_twice + store_twice ))" ]] && echo 1 || echo 0)" \
  "$unexplained_twice recordings answered 200 twice unexplained; $killed_twice again after a SIGKILL lost the first in flight; $store_twice again because the store refused the first copy; $never ready without a 200"
check "no duplicate rows" "$([[ "$dup_recordings" == 0 && "$dup_calls" == 0 && "$foreign" == 0 ]] && echo 1 || echo 0)" \
  "$dup_recordings recording SIDs on two rows, $dup_calls duplicate calls, $foreign rows not driven"
check "every transcript done" "$([[ "$transcripts" == "$with_audio" && "$summaries" == "$with_audio" ]] && echo 1 || echo 0)" \
  "$transcripts transcripts and $summaries summaries done of $with_audio calls with audio"
check "players: 5xx only 503 store-down" "$([[ "$unexpected" == 0 ]] && echo 1 || echo 0)" \
  "$(jq -r .players.allowed503 <<<"$stats") answered 503 storage_unavailable while the store was down; $unexpected unexpected answers"
check "memory of each node flat" "$memory_ok" "last quarter's median RSS within 20 % of the second quarter's:"
while IFS=$'\t' read -r node pid samples q2 q4 ratio; do
  [[ -n "$node" ]] && printf '%48s node %s (pid %s, %s samples): %s MB -> %s MB (x%s)\n' "" "$node" "$pid" "$samples" "$q2" "$q4" "$ratio"
done <<<"$memory"
printf '\nfrom the metrics (Prometheus scraping both nodes every 5 s, over the whole run: %s s; a quantile is interpolated\n' "$RUN_RANGE"
printf 'linearly within its bucket, so it is no finer than the bucket):\n'
printf '  webhook-to-playable:   %s\n' "$(sed -n 1p <<<"$playable_metrics")"
printf '    the scrapes, each node run'"'"'s last: %s; the database has %s ready\n' "$(sed -n 2p <<<"$playable_metrics")" "$ready_all"
printf '  webhook-to-transcript: %s\n' "$(sed -n 1p <<<"$transcript_metrics")"
printf '    the scrapes, each node run'"'"'s last: %s; %s transcripts done\n' "$(sed -n 2p <<<"$transcript_metrics")" "$transcripts"
printf '  The first line is histogram_quantile over sum by (le) (increase(..._bucket[%ss])): increase() leaves out what a\n' "$RUN_RANGE"
printf '  series held at its first scrape (a node'"'"'s first observations), and across node 2'"'"'s restarts it counts the new run\n'
printf '  from zero only where the count went down; the second line adds those back. Neither holds what node 2 observed after\n'
printf '  its last scrape before each of its %s SIGKILLs (up to 5 s of it): that died with it.\n' "${#KILLS[@]}"
printf '  graphs: %s\n' "$([[ "$photographed" == 1 ]] && echo "$WORK/prometheus.png${SCREENSHOT:+ (copied to $SCREENSHOT)}" || echo "incomplete: $PHOTOGRAPH_SAID")"
printf 'cross-check from the database (stored_at - completed_at: callback received or backfilled -> stored and verified):\n'
printf '  delivered callbacks: %s\n' "$(latency "'Delivered'")"
printf '  lost callbacks (from reconciliation'"'"'s backfill): %s\n' "$(latency "'LostRecordingCallback', 'LostAllCallbacks'")"
printf '  all: %s\n' "$(latency "'Delivered', 'LostRecordingCallback', 'LostAllCallbacks'")"
printf '  all, put in the histogram'"'"'s buckets and interpolated as histogram_quantile does: %s\n' "$binned"

if [[ "$unexpected" != 0 || "$(jq -r .webhooks.givenUp <<<"$stats")" != 0 ]]; then
  printf '\nsamples of unexpected answers:\n'
  jq -r '.players.unexpectedSamples[], .webhooks.problems[]' <<<"$stats" | head -20 | sed 's/^/  /'
fi
if [[ "$ready" != "$expected" || "$bad_failures" != 0 ]]; then
  printf '\nrecordings not ready (state, error; up to 10):\n'
  q "SELECT '  ' || m.fate || ' ' || m.recording_sid || ' ' || coalesce(r.state, 'absent') || ' ' || coalesce(r.error, '')
     FROM soak_manifest m LEFT JOIN call_recordings r USING (call_sid, recording_sid)
     WHERE m.fate <> 'TwilioNotFound' AND coalesce(r.state, '') <> 'Ready' LIMIT 10"
fi
if [[ "$twice" != 0 ]]; then
  printf '\nrecordings Twilio answered 200 more than once (the unexplained first, up to 10; each 200 at, UTC, and its fault):\n'
  q "SELECT '  ' || d.recording_sid || ': ' || d.requests || ' requests, ' || d.ok || ' answered 200: '
     || (SELECT string_agg(to_char(to_timestamp(o.t / 1000.0) AT TIME ZONE 'UTC', 'HH24:MI:SS.MS') || coalesce(' (' || f.reason || ')', ''), ', ' ORDER BY o.n)
         FROM unnest(d.ok_ms) WITH ORDINALITY AS o(t, n) LEFT JOIN soak_refetches f ON f.recording_sid = d.recording_sid AND f.n = o.n)
     FROM soak_downloads d WHERE d.ok > 1
     ORDER BY EXISTS (SELECT 1 FROM soak_refetches u WHERE u.recording_sid = d.recording_sid AND u.reason = 'unexplained') DESC, d.first_ok_ms LIMIT 10"
  printf '  faults: SIGKILLs at %s; store down %s to %s\n' \
    "$(for k in "${KILLS[@]}"; do date -u -d "@$((k / 1000)).$(printf '%03d' $((k % 1000)))" '+%H:%M:%S.%3N'; done | paste -sd, - | sed 's/,/, /g')" \
    "$(date -u -d "@$((STORE_DOWN[0] / 1000)).$(printf '%03d' $((STORE_DOWN[0] % 1000)))" '+%H:%M:%S.%3N')" \
    "$(date -u -d "@$((STORE_DOWN[1] / 1000)).$(printf '%03d' $((STORE_DOWN[1] % 1000)))" '+%H:%M:%S.%3N')"
fi
exit "$FAILED"
