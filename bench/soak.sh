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
# simulated Twilio's count of 200 answers per recording), no duplicate rows, every transcript and summary done, no 5xx
# to players but 503 storage_unavailable while the store was down, each node's memory flat, and webhook-to-playable
# p50/p95. Exits 1 when a check fails.
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
#   SOAK_DRAIN_SECONDS   longest wait for everything to settle  (default 900)
#   SOAK_SEED            the calls' random seed                 (default 27)
#   SOAK_JOBS            Quartz:MaxConcurrency of each node     (default 16; the product's default is 4)
#   SOAK_KEEP=1          keep the work folder (logs, database) afterwards
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
DRAIN="${SOAK_DRAIN_SECONDS:-900}"
SEED="${SOAK_SEED:-27}"
JOBS="${SOAK_JOBS:-16}"

ensure_apt_packages postgresql-15 postgresql-client-15 nginx-light curl openssl jq ffmpeg procps "${SWIFT_PACKAGES[@]}"
ensure_dotnet
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
declare -A NODE_PID=()
FAULTS=()
KILLS=() # when each SIGKILL was sent (Unix ms)

cleanup() {
  local pid
  [[ -n "$SAMPLER_PID" ]] && kill "$SAMPLER_PID" 2>/dev/null
  for pid in "${NODE_PID[@]}"; do
    stop_process "$pid" "app node" >/dev/null || true
  done
  [[ -n "$NGINX_PID" ]] && stop_process "$NGINX_PID" nginx >/dev/null
  [[ -n "$DRIVER_PID" ]] && stop_process "$DRIVER_PID" "soak driver" >/dev/null
  swift_stop "$SWIFT_DIR" >/dev/null 2>&1 || true
  pg_stop "$PG_DIR" >/dev/null 2>&1 || true
  if [[ "${SOAK_KEEP:-0}" == "1" ]]; then
    log "kept $WORK (node logs node1.log, node2.log; driver.log; stats.json)"
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

NODE_PORT=([1]="$(free_port)" [2]="$(free_port)")
NGINX_PORT="$(free_port)"
APP="http://127.0.0.1:$NGINX_PORT"

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
proxy="$(swift_proxy_pid)"
kill "$proxy"
while kill -0 "$proxy" 2>/dev/null; do sleep 0.1; done
fault "object store down (Swift's proxy, pid $proxy, stopped)"
sleep 20
setsid /usr/bin/python3 /usr/bin/swift-proxy-server "$SWIFT_DIR/conf/proxy-server.conf" >>"$SWIFT_DIR/logs/proxy.log" 2>&1 &
sed -i "4s/.*/$!/" "$SWIFT_DIR/pids"
until [[ "$(curl -fsS "$S3_URL/healthcheck" 2>/dev/null)" == "OK" ]]; do sleep 0.2; done
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
psql_soak -c "CREATE TABLE soak_downloads (recording_sid text PRIMARY KEY, requests int, ok int, first_ok_ms bigint, last_ok_ms bigint)"
psql_soak -c "\\copy soak_downloads FROM '$WORK/downloads.tsv'"
psql_soak -c "CREATE TABLE soak_kills (at_ms bigint)"
for k in "${KILLS[@]}"; do psql_soak -c "INSERT INTO soak_kills VALUES ($k)"; done

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
# A second 200 is explained when a node was SIGKILLed between the two, within 30 s of the first: the node that had
# fetched the bytes died before it stored them (nothing was stored twice; the recording was fetched again).
killed_twice="$(q "SELECT count(*) FROM soak_downloads d WHERE ok = 2 AND EXISTS (SELECT 1 FROM soak_kills k
  WHERE k.at_ms BETWEEN d.first_ok_ms AND d.last_ok_ms AND k.at_ms - d.first_ok_ms <= 30000)")"
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

# Webhook to playable: from the recording callback's arrival (completed_at) to the stored, verified copy (stored_at).
# HOOK(i27-metrics): once the metrics land (Metrics:Url, a Prometheus endpoint), read p50/p95 from its histogram of
# webhook-to-playable instead, e.g. curl "$METRICS_URL" and histogram_quantile over its buckets; until then, the database.
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
check "none downloaded twice" "$([[ "$twice" == "$killed_twice" && "$never" == 0 ]] && echo 1 || echo 0)" \
  "$(( twice - killed_twice )) recordings answered 200 twice unexplained; $killed_twice again after a SIGKILL lost the first in flight; $never ready without a 200"
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
printf '\nwebhook-to-playable (callback received -> stored and verified; from the database until the metrics land):\n'
printf '  delivered callbacks: %s\n' "$(latency "'Delivered'")"
printf '  lost callbacks (from reconciliation'"'"'s backfill): %s\n' "$(latency "'LostRecordingCallback', 'LostAllCallbacks'")"

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
  printf '\nrecordings Twilio answered 200 more than once (up to 10):\n'
  q "SELECT '  ' || recording_sid || ': ' || requests || ' requests, ' || ok || ' answered 200, first at '
     || to_char(to_timestamp(first_ok_ms / 1000.0) AT TIME ZONE 'UTC', 'HH24:MI:SS.MS') || ', last at '
     || to_char(to_timestamp(last_ok_ms / 1000.0) AT TIME ZONE 'UTC', 'HH24:MI:SS.MS') FROM soak_downloads WHERE ok > 1 LIMIT 10"
fi
exit "$FAILED"
