# shellcheck shell=bash
# The real OpenID Provider of the tests and the demo (oidc-provider from npm, run by scripts/idp/idp.mjs; ADR-021).
# Sourced after scripts/lib.sh:
#   idp_install                  npm ci in scripts/idp when its node_modules is missing or older than its lock file
#   idp_start LOGFILE [CONFIG]   starts it on a free loopback port; sets IDP_ISSUER and IDP_PID
#   idp_stop                     stops it

IDP_PID=""
IDP_ISSUER=""

idp_install() {
  local dir="$ROOT/scripts/idp"
  command -v node >/dev/null 2>&1 || ensure_apt_packages nodejs npm
  if [[ ! -d "$dir/node_modules/oidc-provider" ]] ||
    [[ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
    log "npm ci (scripts/idp: oidc-provider, the identity provider of the tests)"
    (cd "$dir" && npm ci --no-audit --no-fund) >&2
  fi
}

idp_start() {
  local logfile="$1" config="${2:-}" ready i
  ready="$(mktemp)"
  rm -f "$ready"
  (
    export IDP_PORT=0 IDP_READY_FILE="$ready"
    if [[ -n "$config" ]]; then export IDP_CONFIG="$config"; fi
    exec node "$ROOT/scripts/idp/idp.mjs"
  ) >"$logfile" 2>&1 &
  IDP_PID=$!
  for i in $(seq 1 100); do
    if [[ -s "$ready" ]]; then
      IDP_ISSUER="$(cat "$ready")"
      rm -f "$ready"
      return 0
    fi
    if ! kill -0 "$IDP_PID" 2>/dev/null; then
      err "the identity provider exited; its log ($logfile):"
      tail -n 20 "$logfile" >&2 || true
      return 1
    fi
    sleep 0.1
  done
  err "the identity provider did not start within 10 s; its log ($logfile):"
  tail -n 20 "$logfile" >&2 || true
  return 1
}

idp_stop() {
  if [[ -n "$IDP_PID" ]]; then
    stop_process "$IDP_PID" "the identity provider"
  fi
  IDP_PID=""
}

# idp_add_demo ISSUER APP_URL CLIENT_SECRET PASSWORD EMAIL... : registers the demo's client of the app at APP_URL
# (client id recordings-demo) and the demo's people as the provider's users, each with PASSWORD.
idp_add_demo() {
  local issuer="$1" app="$2" secret="$3" password="$4" email backchannel
  shift 4
  # Node resolves localhost to ::1 first: the back-channel logout goes to the loopback address itself.
  backchannel="${app/localhost/127.0.0.1}/api/auth/sso/backchannel-logout"
  curl -fsS -o /dev/null -X POST "$issuer/_test/clients" -H 'Content-Type: application/json' -d "{
    \"client_id\": \"recordings-demo\", \"client_secret\": \"$secret\",
    \"redirect_uris\": [\"$app/api/auth/sso/callback\"], \"post_logout_redirect_uris\": [\"$app/login\"],
    \"backchannel_logout_uri\": \"$backchannel\", \"backchannel_logout_session_required\": true }" || return 1
  for email in "$@"; do
    curl -fsS -o /dev/null -X POST "$issuer/_test/users" -H 'Content-Type: application/json' \
      -d "{ \"email\": \"$email\", \"password\": \"$password\" }" || return 1
  done
}
