#!/usr/bin/env bash
# bench/scale.sh - an archive's scale: every page of one business with a million calls, measured over HTTP.
#
# Starts its own PostgreSQL and one app node (Release), creates a business with three accounts through the API (its
# admin, an agent, a supervisor: the ones that log in), seeds it (bench/ScaleBench: the people of a 200-seat centre,
# 200 agents in 10 teams of 20 with a supervisor and a number each; N calls spread over a year, 90% attributed to one
# agent, the busy ones more often, 30% on a team's number, each with a ready and measured recording and a transcript of
# about 40 segments in Hebrew or English, indexed for search by the product's own code; M audit entries), then prints
# p50/p95 of: /api/auth/me (the floor), the calls list as the admin (page 1, 400 pages deep by cursor and by page
# number, each sort and filter), searches (a common and a rare word, a Hebrew prefixed word, phrases, phone digits, a
# prefix), one call, and the audit lists (the business, one call, one agent); who sees which call: the list (page 1,
# 400 pages deep, its total, two searches) as the agent under agentsSee own and team, as the supervisor under own, and
# as the admin filtering by an agent and by a team; then how long retention takes to expire 100,000 due recordings and
# reconciliation to check 100,000 listed ones against the simulated Twilio.
#
#   bash bench/scale.sh
#
# Environment (all optional):
#   BENCH_CALLS      calls to seed                        (default 1000000)
#   BENCH_AUDIT      audit entries to seed                (default 2000000)
#   BENCH_TEMPLATES  distinct conversations cloned        (default 2000)
#   BENCH_SAMPLES    timed requests per kind              (default 40)
#   BENCH_SWEEP      due recordings for the sweeps' part  (default 100000; 0 skips it)
#   BENCH_KEEP=1     keep the work folder (database, logs) afterwards
# A million calls need about 12 GB of disk and 15-25 minutes of seeding on 2 cores; ten million, ten times that.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LOG_PREFIX="[scale]"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

CALLS="${BENCH_CALLS:-1000000}"
AUDIT="${BENCH_AUDIT:-2000000}"
TEMPLATES="${BENCH_TEMPLATES:-2000}"
SAMPLES="${BENCH_SAMPLES:-40}"
SWEEP="${BENCH_SWEEP:-100000}"

ensure_apt_packages postgresql-15 postgresql-client-15 curl openssl jq espeak-ng ffmpeg pocketsphinx-testdata
ensure_dotnet
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

WORK="$(mktemp -d "${TMPDIR:-/tmp}/recordings-scale.XXXXXX")"
chmod 755 "$WORK"
PG_DIR="$WORK/pg/data"
STORAGE="$WORK/storage"
CLIENT="$WORK/client"
NODE_PIDS=()
SERVER=()
mkdir -p "$STORAGE" "$CLIENT"
printf '<!doctype html><title>scale</title>\n' >"$CLIENT/index.html"

cleanup() {
  local pid
  for pid in "${NODE_PIDS[@]}"; do
    stop_process "$pid" "app node" || true
  done
  pg_stop "$PG_DIR" >/dev/null 2>&1 || true
  if [[ "${BENCH_KEEP:-0}" == "1" ]]; then
    log "kept $WORK; to read plans (EXPLAIN ANALYZE) on its database:"
    log "  (source scripts/lib.sh && PG_EXTRA_OPTS='${PG_OPTS:-}' pg_start $PG_DIR ${PG_PORT:-})"
    log "  PGPASSWORD=postgres psql -h 127.0.0.1 -p ${PG_PORT:-} -U postgres recordings_scale"
    log "  and afterwards: (source scripts/lib.sh && pg_stop $PG_DIR)"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

log "building the app and the bench tool (Release)"
dotnet build src/Demo -c Release -nologo -v q >"$WORK/build.log" 2>&1 || die "the build failed: see $WORK/build.log"
dotnet build bench/ScaleBench -c Release -nologo -v q >>"$WORK/build.log" 2>&1 || die "the build failed: see $WORK/build.log"
# The demo host: the product plus the project's simulated Twilio (reconciliation lists from it); its demo business is
# another business, out of the way.
APP_DLL="$ROOT/src/Demo/bin/Release/net10.0/Recordings.Demo.dll"
BENCH=(dotnet "$ROOT/bench/ScaleBench/bin/Release/net10.0/ScaleBench.dll")

# A server sized for the machine rather than for a test: 1 GB of shared buffers, room for index builds; durability off
# (fsync), which changes how fast the seed writes, not how fast a page reads.
PG_PORT="$(free_port)"
mkdir -p "$(dirname "$PG_DIR")"
PG_OPTS="-c shared_buffers=1GB -c effective_cache_size=8GB -c work_mem=16MB -c maintenance_work_mem=512MB \
-c max_wal_size=16GB -c checkpoint_timeout=30min -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
PG_EXTRA_OPTS="$PG_OPTS" pg_start "$PG_DIR" "$PG_PORT" >/dev/null
pg_create_db "$PG_PORT" recordings_scale >/dev/null
CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Database=recordings_scale;Username=postgres;Password=postgres"

ACCOUNT_SID="AC$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
AUTH_TOKEN="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
ADMIN_KEY="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
TWILIO_PORT="$(free_port)"
NODE_PORT="$(free_port)"
APP="http://127.0.0.1:$NODE_PORT"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

# The sweeps run only when the bench asks (their own part below), never in the middle of a measurement.
start_node 1 "$NODE_PORT" recordings_scale Recordings__Storage__Delivery=proxy Recordings__RetentionInterval=00:00:00 \
  Twilio__ReconcileInterval=00:00:00 Recordings__HealInterval=00:00:00 ASPNETCORE_ENVIRONMENT=Development Demo__Enabled=true \
  Demo__TwilioUrl="http://127.0.0.1:$TWILIO_PORT" Recordings__RetentionRunBudget=00:30:00 Twilio__ReconcileOverlap=03:00:00
wait_live "$APP" "the app"
psql_scale() { PGPASSWORD=postgres psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d recordings_scale -Atc "$1"; }
# The three accounts that log in, made as the product makes them; the seed gives them their roles (admin, agent,
# supervisor), teams and identities, before the app's first request for the business's calls.
read -r BUSINESS COOKIE < <(new_agent "$APP" scale +97237654321)
ADMIN_ID="$(psql_scale "SELECT id FROM agents WHERE normalized_email = 'AGENT@SCALE.EXAMPLE'")"
read -r AGENT_ID AGENT_COOKIE < <(new_account "$APP" "$BUSINESS" member@scale.example Member)
read -r SUPERVISOR_ID SUPERVISOR_COOKIE < <(new_account "$APP" "$BUSINESS" supervisor@scale.example Supervisor)
[[ -n "$ADMIN_ID" && -n "$AGENT_ID" && -n "$SUPERVISOR_ID" ]] || die "could not create the bench's accounts: see $WORK"

log "seeding $CALLS calls and $AUDIT audit entries ($TEMPLATES distinct conversations)"
"${BENCH[@]}" seed "$CONNECTION" "$BUSINESS" "$ACCOUNT_SID" "$CALLS" "$AUDIT" "$TEMPLATES" "$ADMIN_ID" "$AGENT_ID" "$SUPERVISOR_ID" \
  | tee "$WORK/seed.log"
log "database size: $(psql_scale "SELECT pg_size_pretty(pg_database_size('recordings_scale'))")"

printf '\nscale: %s calls, %s audit entries, one business; %s; %s cores, %s GB; %s samples per line\n' \
  "$CALLS" "$AUDIT" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" "$(nproc)" \
  "$(awk '/MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)" "$SAMPLES"
"${BENCH[@]}" measure "$APP/" "$COOKIE" "$ADMIN_KEY" "$BUSINESS" "$SAMPLES"
"${BENCH[@]}" scopes "$APP/" "$CONNECTION" "$BUSINESS" "$SAMPLES" "$COOKIE" "$AGENT_COOKIE" "$SUPERVISOR_COOKIE"

[[ "$SWEEP" -gt 0 ]] || exit 0
admin() { curl -fsS -H "X-Admin-Key: $ADMIN_KEY" -H 'Content-Type: application/json' "$@"; }

# Retention: a policy that makes the oldest $SWEEP recordings due, then runs until nothing is left.
days=$(( 365 * (CALLS - SWEEP) / CALLS ))
admin -X PUT -d "{\"audioDays\": $days, \"transcriptDays\": null}" "$APP/api/admin/businesses/$BUSINESS/retention" >/dev/null
due="$(psql_scale "SELECT count(*) FROM call_recordings r JOIN calls c USING (call_sid) WHERE c.business_id = '$BUSINESS' AND r.state = 'Ready' AND c.listed_at < now() - interval '$days days'")"
expired=0
seconds=0
for _ in $(seq 1 50); do
  report="$(admin -X POST "$APP/api/admin/retention/run")"
  expired=$(( expired + $(jq -r .recordingsExpired <<<"$report") ))
  seconds="$(jq -rn --argjson a "$seconds" --argjson b "$(jq -r .seconds <<<"$report")" '$a + $b')"
  [[ "$(jq -r .recordingsLeft <<<"$report")" -gt 0 ]] || break
done
printf '\nretention: %s due recordings (audioDays %s), %s expired in %.1f s (%.0f a second); left: %s\n' "$due" "$days" "$expired" \
  "$seconds" "$(jq -rn --argjson e "$expired" --argjson s "$seconds" 'if $s > 0 then $e / $s else 0 end')" "$(jq -r .recordingsLeft <<<"$report")"

# Reconciliation: the simulated Twilio lists the newest $SWEEP recordings (the app knows each), created in the last hour
# (the overlap of 3 hours reaches back past the watermark of the run the node made at start-up).
created_from="$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)"
curl -fsS -u "$ACCOUNT_SID:$AUTH_TOKEN" -X POST \
  "http://127.0.0.1:$TWILIO_PORT/simulated/listed-recordings?first=0&count=$SWEEP&createdFrom=$created_from&spacingMs=$(( 3000000 / SWEEP ))" >/dev/null
report="$(admin -X POST "$APP/api/admin/reconciliation/run")"
printf 'reconciliation: %s\n' "$(jq -c '{seconds: .lastRunSeconds, listed, checked, missing, backfilled, watermark}' <<<"$report")"
