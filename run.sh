#!/usr/bin/env bash
# Runs the app locally: a PostgreSQL 15 cluster (created once, reused afterwards), the
# `recordings` database, a generated admin key and Twilio settings, then the app: src/Demo (the product plus demo
# mode) by default, src/Web (the product alone) with RECORDINGS_DEMO=0.
# Ctrl-C stops the app and then the cluster. Local state lives in .data/ (git-ignored).
#
# Environment (all optional):
#   RECORDINGS_PG_PORT       PostgreSQL port                  (default 5433)
#   RECORDINGS_URL           URL the app listens on           (default http://127.0.0.1:5080)
#   ASPNETCORE_ENVIRONMENT   ASP.NET Core environment         (default Development)
#   Twilio__AccountSid / Twilio__AuthToken   used instead of the generated .data/twilio.env
#   PG_EXTRA_OPTS            extra PostgreSQL server options
#   RECORDINGS_DEMO          1 (default): demo mode - a demo business and agent, a simulated Twilio on loopback and a
#                            dozen calls delivered as signed webhooks; 0: an empty product
#   RECORDINGS_TWILIO_PORT   the simulated Twilio's loopback port in demo mode (default 5081)
#   Redaction__MasterKey     used instead of the generated .data/redaction-master-key
#
# ./run.sh --cluster: the same, as a small cluster on this machine - OpenStack Swift (the S3-compatible object store,
# data in .data/swift), two app nodes on free loopback ports sharing the database and the bucket, and nginx in front
# of them on RECORDINGS_URL. Node 1 runs the demo (with RECORDINGS_DEMO=1), node 2 the product alone.
set -euo pipefail

CLUSTER=0
for arg in "$@"; do
  case "$arg" in
    --cluster) CLUSTER=1 ;;
    *)
      printf '[run] unknown argument: %s (usage: ./run.sh [--cluster])\n' "$arg" >&2
      exit 2
      ;;
  esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
LOG_PREFIX="[run]"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=scripts/swift.sh
source "$ROOT/scripts/swift.sh"
# shellcheck source=scripts/cluster.sh
source "$ROOT/scripts/cluster.sh"
# shellcheck source=scripts/idp.sh
source "$ROOT/scripts/idp.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

PG_PORT="${RECORDINGS_PG_PORT:-5433}"
APP_URL="${RECORDINGS_URL:-http://127.0.0.1:5080}"
APP_URL="${APP_URL%/}"
DATA="$ROOT/.data"

DEMO="${RECORDINGS_DEMO:-1}"
TWILIO_PORT="${RECORDINGS_TWILIO_PORT:-5081}"

# PostgreSQL, and ffmpeg + pocketsphinx for the offline transcription engine (Transcription:Provider = pocketsphinx);
# demo mode speaks its calls with espeak-ng and uses pocketsphinx-testdata's human recordings.
PACKAGES=(postgresql-15 postgresql-client-15 ffmpeg pocketsphinx pocketsphinx-en-us)
if [[ "$DEMO" == "1" ]]; then
  PACKAGES+=(espeak-ng pocketsphinx-testdata)
fi
if [[ "$CLUSTER" == "1" ]]; then
  # Prometheus scrapes the cluster's nodes (deploy/alerts.yml loaded); see scripts/cluster.sh.
  PACKAGES+=(nginx curl prometheus "${SWIFT_PACKAGES[@]}")
fi
ensure_apt_packages "${PACKAGES[@]}"
ensure_dotnet

# Refuse early (before touching the cluster) if the app's port is taken, e.g. by another
# run.sh: its cluster must not be stopped under it.
url_port() {
  local rest="${1#*://}"
  rest="${rest%%/*}"
  if [[ "$rest" =~ :([0-9]+)$ ]]; then
    printf '%s\n' "${BASH_REMATCH[1]}"
  elif [[ "$1" == https://* ]]; then
    printf '443\n'
  else
    printf '80\n'
  fi
}
APP_PORT="$(url_port "$APP_URL")"
if port_in_use "$APP_PORT"; then
  die "port $APP_PORT ($APP_URL) is already in use - is the app already running? Set RECORDINGS_URL to use another port."
fi
if [[ "$DEMO" == "1" ]] && port_in_use "$TWILIO_PORT"; then
  die "port $TWILIO_PORT (the demo's simulated Twilio) is already in use. Set RECORDINGS_TWILIO_PORT to use another port."
fi

mkdir -p "$DATA" "$DATA/recordings"

# ---------------------------------------------------------------------------------------
# PostgreSQL cluster: .data/postgres, or /var/tmp when the postgres user cannot reach it
# ---------------------------------------------------------------------------------------
PG_DIR="$DATA/postgres"
if is_root; then
  chmod 711 "$DATA" # traversable (not listable) by the postgres system user
  if ! pg_user_can_reach "$DATA"; then
    hash="$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
    fallback="/var/tmp/recordings-$hash"
    mkdir -p "$fallback"
    chmod 711 "$fallback"
    PG_DIR="$fallback/postgres"
    log "the postgres system user cannot traverse $ROOT (e.g. /root is 700):"
    log "  the cluster lives in $PG_DIR instead of $DATA/postgres"
  fi
fi

APP_PID=""
NODE_PIDS=()
NGINX_PID=""
PROMETHEUS_PID=""
SWIFT_DIR="$DATA/swift"
# shellcheck disable=SC2317  # invoked through trap
cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  if [[ -n "$APP_PID" ]]; then
    # The app runs in its own process group (setsid): `dotnet run` and the app itself.
    stop_process "$APP_PID" "the app"
  fi
  if [[ -n "$NGINX_PID" ]]; then
    stop_process "$NGINX_PID" "nginx"
  fi
  if [[ -n "$PROMETHEUS_PID" ]]; then
    stop_process "$PROMETHEUS_PID" "Prometheus"
  fi
  for pid in "${NODE_PIDS[@]}"; do
    stop_process "$pid" "an app node"
  done
  if [[ "$CLUSTER" == "1" ]]; then
    swift_stop "$SWIFT_DIR" || true
  fi
  idp_stop
  pg_stop "$PG_DIR" || true
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

pg_start "$PG_DIR" "$PG_PORT"
pg_create_db "$PG_PORT" recordings

# ---------------------------------------------------------------------------------------
# Secrets for local use (generated once, kept in .data/)
# ---------------------------------------------------------------------------------------
ADMIN_KEY_FILE="$DATA/admin-key"
if [[ ! -s "$ADMIN_KEY_FILE" ]]; then
  log "generating an admin key in $ADMIN_KEY_FILE"
  (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$ADMIN_KEY_FILE")
fi
chmod 600 "$ADMIN_KEY_FILE"
ADMIN_KEY="$(tr -d '[:space:]' <"$ADMIN_KEY_FILE")"

random_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

# The master key that wraps the keys of redacted recordings' kept originals (Redaction:MasterKey): the demo business
# keeps them, and every app on this database (demo or not, every node of --cluster) must then have it to start.
MASTER_KEY_FILE="$DATA/redaction-master-key"
if [[ -z "${Redaction__MasterKey:-}" ]]; then
  if [[ ! -s "$MASTER_KEY_FILE" ]]; then
    log "generating a redaction master key in $MASTER_KEY_FILE"
    (umask 077 && head -c 32 /dev/urandom | base64 >"$MASTER_KEY_FILE")
  fi
  chmod 600 "$MASTER_KEY_FILE"
  Redaction__MasterKey="$(tr -d '[:space:]' <"$MASTER_KEY_FILE")"
fi

TWILIO_FILE="$DATA/twilio.env"
if [[ -z "${Twilio__AccountSid:-}" || -z "${Twilio__AuthToken:-}" ]]; then
  if [[ ! -s "$TWILIO_FILE" ]]; then
    log "generating local Twilio settings in $TWILIO_FILE"
    (
      umask 077
      printf 'Twilio__AccountSid=AC%s\n' "$(random_hex 16)"
      printf 'Twilio__AuthToken=%s\n' "$(random_hex 16)"
    ) >"$TWILIO_FILE"
  fi
  chmod 600 "$TWILIO_FILE"
  : "${Twilio__AccountSid:=$(sed -n 's/^Twilio__AccountSid=//p' "$TWILIO_FILE")}"
  : "${Twilio__AuthToken:=$(sed -n 's/^Twilio__AuthToken=//p' "$TWILIO_FILE")}"
fi

# ---------------------------------------------------------------------------------------
# ---- CLIENT BUILD (client/) -----------------------------------------------------------
# Builds the React client when it exists; the app serves client/dist at / (Client:Path, set below).
if [[ -f client/package.json ]]; then
  command -v npm >/dev/null 2>&1 || ensure_apt_packages nodejs npm
  if [[ ! -d client/node_modules ]] ||
    { [[ -f client/package-lock.json ]] &&
      [[ client/package-lock.json -nt client/node_modules/.package-lock.json ]]; }; then
    log "npm ci (client)"
    (cd client && npm ci --no-audit --no-fund)
  fi
  log "npm run build (client)"
  (cd client && npm run build)
fi
# ---- END CLIENT BUILD -----------------------------------------------------------------

# Demo mode lives in its own host (src/Demo: the product plus the simulated Twilio and the demo data); the product
# alone is src/Web, which holds no demo code.
APP_PROJECT=src/Web
if [[ "$DEMO" == "1" || "$CLUSTER" == "1" ]]; then
  APP_PROJECT=src/Demo
fi
log "dotnet build $APP_PROJECT -c Release"
dotnet build "$APP_PROJECT" -c Release || die "the build of $APP_PROJECT failed"

# ---------------------------------------------------------------------------------------
# Run
# ---------------------------------------------------------------------------------------
export ASPNETCORE_URLS="$APP_URL"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export ConnectionStrings__Recordings="Host=127.0.0.1;Port=$PG_PORT;Database=recordings;Username=postgres;Password=postgres"
export Admin__ApiKey="$ADMIN_KEY"
export Redaction__MasterKey
export Twilio__AccountSid Twilio__AuthToken
export Recordings__StoragePath="$DATA/recordings"
# Metrics for Prometheus on a listener of their own, at loopback (docs/api.md, "Metrics"; off unless Metrics:Url is set).
export Metrics__Url="${Metrics__Url:-${RECORDINGS_METRICS_URL:-http://127.0.0.1:9464}}"
# A stable Quartz instance id: after a crash this node recovers its own interrupted downloads at its first check-in
# instead of waiting out the cluster's check-in timeout.
export Quartz__InstanceId="${Quartz__InstanceId:-$(hostname)-recordings}"
if [[ -f client/dist/index.html ]]; then
  export Client__Path="$ROOT/client/dist"
fi
if [[ "$DEMO" == "1" ]]; then
  if [[ "$ASPNETCORE_ENVIRONMENT" == "Production" ]]; then
    die "demo mode is never on in Production: set RECORDINGS_DEMO=0 or another ASPNETCORE_ENVIRONMENT"
  fi
  export Demo__Enabled=true
  export Demo__TwilioUrl="http://127.0.0.1:$TWILIO_PORT"
  export Demo__AudioPath="$DATA/demo-audio"
  # The demo's failing download gives up within seconds (the product's default policy takes about a minute).
  export Twilio__MaxDownloadAttempts="${Twilio__MaxDownloadAttempts:-3}"
  export Twilio__RetryBaseDelay="${Twilio__RetryBaseDelay:-00:00:00.500}"
  DEMO_EMAIL="${Demo__AgentEmail:-demo@recordings.test}"
  DEMO_PASSWORD="${Demo__AgentPassword:-demo-password}"
  # The demo business also signs in through a local identity provider (oidc-provider, scripts/idp), whose users are
  # the demo's people with the same password: "Sign in with your organisation" on the login page.
  if idp_install && idp_start "$DATA/idp.log"; then
    DEMO_SSO_SECRET="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
    if idp_add_demo "$IDP_ISSUER" "$APP_URL" "$DEMO_SSO_SECRET" "$DEMO_PASSWORD" \
      "$DEMO_EMAIL" noa@recordings.test omer@recordings.test sam@recordings.test; then
      export Demo__Sso__Issuer="$IDP_ISSUER" Demo__Sso__ClientId=recordings-demo Demo__Sso__ClientSecret="$DEMO_SSO_SECRET"
    else
      warn "could not configure the demo's identity provider; single sign-on is off in this demo"
    fi
  else
    warn "the demo's identity provider did not start; single sign-on is off in this demo"
  fi
fi

demo_banner() {
  cat <<BANNER
$LOG_PREFIX DEMO MODE: a simulated Twilio on 127.0.0.1:$TWILIO_PORT delivers a dozen calls (ready within a minute).
$LOG_PREFIX open         $APP_URL
$LOG_PREFIX sign in as   $DEMO_EMAIL / $DEMO_PASSWORD
$LOG_PREFIX single sign-on: "Sign in with your organisation", same email and password, at ${Demo__Sso__Issuer:-(off)}
$LOG_PREFIX (RECORDINGS_DEMO=0 ./run.sh starts without demo data)
BANNER
}

admin_banner() {
  cat <<BANNER
$LOG_PREFIX create a business:
  curl -sS -X POST '$APP_URL/api/admin/businesses' \\
    -H 'X-Admin-Key: $ADMIN_KEY' -H 'Content-Type: application/json' \\
    -d '{"name":"Acme","phoneNumbers":["+15551230001"]}'
$LOG_PREFIX create an agent (BUSINESS_ID from the answer above):
  curl -sS -X POST '$APP_URL/api/admin/businesses/BUSINESS_ID/agents' \\
    -H 'X-Admin-Key: $ADMIN_KEY' -H 'Content-Type: application/json' \\
    -d '{"email":"agent@acme.test","password":"Passw0rd!Passw0rd","displayName":"Agent One"}'
BANNER
}

if [[ "$CLUSTER" == "1" ]]; then
  run_cluster
fi

cat <<EOF

$LOG_PREFIX ------------------------------------------------------------------------------
$LOG_PREFIX app          $APP_URL   ($ASPNETCORE_ENVIRONMENT)
$LOG_PREFIX health       $APP_URL/health/live   (readiness: $APP_URL/health/ready)
$LOG_PREFIX OpenAPI      $APP_URL/openapi/v1.json
$LOG_PREFIX Scalar       $APP_URL/scalar
$LOG_PREFIX database     $ConnectionStrings__Recordings   (data: $PG_DIR)
$LOG_PREFIX admin key    $ADMIN_KEY   (kept in $ADMIN_KEY_FILE)
$LOG_PREFIX Twilio SID   $Twilio__AccountSid
$LOG_PREFIX storage      $Recordings__StoragePath
$LOG_PREFIX metrics      ${Metrics__Url%/}/metrics   (Prometheus' text format; ./run.sh --cluster also runs Prometheus)
$LOG_PREFIX
$(if [[ "$DEMO" == "1" ]]; then demo_banner; else admin_banner; fi)
$LOG_PREFIX ------------------------------------------------------------------------------
$LOG_PREFIX Ctrl-C stops the app and the database.

EOF

# In its own process group so that cleanup can stop `dotnet run` and the app it starts.
setsid dotnet run --project "$APP_PROJECT" -c Release --no-build --no-launch-profile &
APP_PID=$!
app_rc=0
wait "$APP_PID" || app_rc=$?
APP_PID=""
log "the app exited with code $app_rc"
exit "$app_rc"
