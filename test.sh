#!/usr/bin/env bash
# Runs every test suite of the repository against a throwaway PostgreSQL cluster and ends
# with the line "N passed, M failed" (exit 1 when M > 0 or N == 0).
#
#   ./test.sh                    (CI: bash .ci/run, with CI=true)
#
# Environment:
#   TEST_RESULTS_DIR   keep the TRX / JSON result files there (default: a temp dir, deleted)
#   PG_EXTRA_OPTS      server options of the test cluster (default: fsync etc. off)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
LOG_PREFIX="[test]"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=scripts/swift.sh
source "$ROOT/scripts/swift.sh"
# shellcheck source=scripts/idp.sh
source "$ROOT/scripts/idp.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if [[ "${CI:-}" == "true" ]]; then
  export DEBIAN_FRONTEND=noninteractive NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
fi

# No MSBuild node / compiler server outlives the run: a lingering one can hold CI's output
# pipe open, and shutting the shared servers down afterwards would disturb other builds.
DOTNET_FLAGS=(--disable-build-servers)

PASSED=0
FAILED=0
SUITE_LINES=()
FAILED_TESTS=()

WORK=""
PG_DIR=""
CLEANED=0

cleanup() {
  if [[ "$CLEANED" -eq 1 ]]; then
    return 0
  fi
  CLEANED=1
  stop_e2e_app
  idp_stop
  if [[ -n "$PG_DIR" ]]; then
    pg_stop "$PG_DIR" >/dev/null 2>&1 || warn "could not stop the test cluster in $PG_DIR"
  fi
  if [[ -n "${SWIFT_DIR:-}" ]]; then
    swift_stop "$SWIFT_DIR" || warn "could not stop the object store in $SWIFT_DIR"
  fi
  if [[ -n "$WORK" && -d "$WORK" ]]; then
    rm -rf "$WORK"
  fi
}

# Any other way out (a failed install, Ctrl-C, an unexpected error) still ends with the
# totals line, counting the interruption as one failure.
# shellcheck disable=SC2317  # invoked through trap
on_exit() {
  local rc=$?
  if [[ "$rc" -ne 0 && "$FAILED" -eq 0 ]]; then
    record_suite "aborted" 0 1 "test.sh stopped early with exit $rc"
  fi
  finish
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# record_suite NAME PASSED FAILED NOTE
record_suite() {
  local name="$1" p="$2" f="$3" note="${4:-}"
  PASSED=$((PASSED + p))
  FAILED=$((FAILED + f))
  SUITE_LINES+=("suite $name -> passed=$p failed=$f${note:+ ($note)}")
  log "suite $name -> passed=$p failed=$f${note:+ ($note)}"
}

# failed_tests_of SUITE TRX: adds each failed test of the TRX, with the first line of its message, to FAILED_TESTS,
# so that the summary (the end of the output, which is what a CI log keeps) names what failed.
failed_tests_of() {
  local suite="$1" trx="$2" line
  while IFS= read -r line; do
    FAILED_TESTS+=("$suite: $line")
  done < <(awk '
    /<UnitTestResult / && /outcome="(Failed|Error|Timeout|Aborted)"/ {
      if (name != "") print name; name = $0; sub(/.*testName="/, "", name); sub(/".*/, "", name) }
    name != "" && /<Message>/ { m = $0; sub(/.*<Message>/, "", m); sub(/<\/Message>.*/, "", m);
      print name " -- " substr(m, 1, 300); name = "" }
    END { if (name != "") print name }' "$trx" | head -n 40)
}

# Print the per-suite lines and, as the very last line, the totals; then exit.
finish() {
  cleanup
  local line
  echo
  if [[ "${#FAILED_TESTS[@]}" -gt 0 ]]; then
    log "failed tests (at most 40 a suite, with the first line of each message):"
    for line in "${FAILED_TESTS[@]}"; do
      log "  $line"
    done
  fi
  log "summary:"
  for line in "${SUITE_LINES[@]}"; do
    log "  $line"
  done
  trap - EXIT
  echo "$PASSED passed, $FAILED failed"
  if [[ "$FAILED" -gt 0 || "$PASSED" -eq 0 ]]; then
    exit 1
  fi
  exit 0
}

# trx_counter FILE ATTRIBUTE -> the number in <Counters ATTRIBUTE="N" ...> (0 if absent)
trx_counter() {
  local file="$1" attr="$2" value
  value="$(grep -o '<Counters [^>]*>' "$file" | head -n 1 |
    sed -n "s/.*[[:space:]]$attr=\"\([0-9]*\)\".*/\1/p")" || true
  printf '%s\n' "${value:-0}"
}

# ---------------------------------------------------------------------------------------
# .NET test projects
# ---------------------------------------------------------------------------------------

is_test_project() {
  local proj="$1"
  if grep -Eqi '<IsTestProject>[[:space:]]*false' "$proj"; then
    return 1
  fi
  grep -Eqi '<IsTestProject>[[:space:]]*true|Microsoft\.NET\.Test\.Sdk|xunit\.v3|Microsoft\.Testing\.Platform' "$proj"
}

run_dotnet_suites() {
  local proj name dir rc trx total passed failed errors timeouts aborted found=0
  for proj in tests/*/*.csproj; do
    [[ -f "$proj" ]] || continue
    is_test_project "$proj" || continue
    found=1
    name="$(basename "$proj" .csproj)"
    dir="$RESULTS/$name"
    rm -rf "$dir" # no stale TRX from an earlier run in TEST_RESULTS_DIR
    mkdir -p "$dir"
    echo
    log "=== dotnet test $proj ==="
    rc=0
    dotnet test "$proj" -c Release --no-build "${DOTNET_FLAGS[@]}" \
      --logger "trx;LogFileName=$name.trx" --results-directory "$dir" || rc=$?

    trx="$(find "$dir" -name '*.trx' -type f | head -n 1)"
    if [[ -z "$trx" ]]; then
      record_suite "$name" 0 1 "no TRX produced, dotnet test exit $rc"
      continue
    fi
    total="$(trx_counter "$trx" total)"
    passed="$(trx_counter "$trx" passed)"
    failed="$(trx_counter "$trx" failed)"
    errors="$(trx_counter "$trx" error)"
    timeouts="$(trx_counter "$trx" timeout)"
    aborted="$(trx_counter "$trx" aborted)"
    failed=$((failed + errors + timeouts + aborted))
    [[ "$failed" -eq 0 ]] || failed_tests_of "$name" "$trx"
    if [[ "$rc" -ne 0 && "$failed" -eq 0 ]]; then
      record_suite "$name" "$passed" 1 "dotnet test exit $rc without failed tests (crash?), total=$total"
    else
      record_suite "$name" "$passed" "$failed" "total=$total, exit $rc"
    fi
  done
  if [[ "$found" -eq 0 ]]; then
    warn "no test project found under tests/*/"
  fi
}

# ---------------------------------------------------------------------------------------
# Client (React) suites - only when client/package.json exists
# ---------------------------------------------------------------------------------------

# npm ci when node_modules is missing or older than package-lock.json.
client_npm_ci() {
  if [[ ! -d client/node_modules ]] ||
    { [[ -f client/package-lock.json ]] &&
      [[ client/package-lock.json -nt client/node_modules/.package-lock.json ]]; }; then
    log "npm ci (client)"
    (cd client && npm ci --no-audit --no-fund)
  fi
}

# json_counts FILE EXPR -> "passed failed total" computed by node from the JSON in FILE.
# EXPR is a JS expression over `j` returning [passed, failed, total].
json_counts() {
  local file="$1" expr="$2"
  node -e '
    const fs = require("fs");
    const j = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const r = (new Function("j", "return " + process.argv[2]))(j);
    console.log(r.map((n) => Number(n) || 0).join(" "));
  ' "$file" "$expr"
}

run_client_suites() {
  if [[ ! -f client/package.json ]]; then
    return 0
  fi
  echo
  log "=== client (client/package.json found) ==="
  command -v npm >/dev/null 2>&1 || ensure_apt_packages nodejs npm
  if ! client_npm_ci; then
    record_suite "client-npm-ci" 0 1 "npm ci failed"
    return 0
  fi

  local rc counts p f t json="$RESULTS/vitest.json"
  rm -f "$json"
  log "=== vitest ==="
  rc=0
  (cd client && npx --no-install vitest run --reporter=json --outputFile="$json") || rc=$?
  if [[ -f "$json" ]] &&
    counts="$(json_counts "$json" '[j.numPassedTests, j.numFailedTests, j.numTotalTests]')"; then
    read -r p f t <<<"$counts"
    if [[ "$rc" -ne 0 && "$f" -eq 0 ]]; then
      record_suite "client-vitest" "$p" 1 "vitest exit $rc without failed tests, total=$t"
    else
      record_suite "client-vitest" "$p" "$f" "total=$t, exit $rc"
    fi
  else
    record_suite "client-vitest" 0 1 "no usable vitest JSON report, exit $rc"
  fi

  log "=== npm run lint ==="
  if (cd client && npm run lint); then
    SUITE_LINES+=("check client-lint -> ok")
  else
    record_suite "client-lint" 0 1 "npm run lint failed"
  fi

  # tsc -b: the root tsconfig only references the app's and the tools' projects, so a plain tsc --noEmit checks nothing.
  log "=== tsc -b --noEmit ==="
  if (cd client && npm run typecheck); then
    SUITE_LINES+=("check client-tsc -> ok")
  else
    record_suite "client-tsc" 0 1 "tsc -b --noEmit failed"
  fi

  run_e2e_suite proxy
  run_e2e_suite redirect
}

# ---- E2E SUITE (Playwright) -----------------------------------------------------------
# The browser suite runs Debian's Chromium against the real published app (dotnet publish, which builds the client
# into wwwroot) in demo mode, on a database of its own in the test cluster and a simulated Twilio on loopback.
# Screenshots and traces are kept in $E2E_ARTIFACTS_DIR (default .test-artifacts/e2e, git-ignored).
E2E_APP_PID=""

stop_e2e_app() {
  if [[ -n "$E2E_APP_PID" ]]; then
    stop_process "$E2E_APP_PID" "the app under test"
  fi
  E2E_APP_PID=""
}

# wait_for_ready URL LOG -> 0 once URL/health/ready answers 200 (the app also died -> 1; 3 minutes -> 1)
wait_for_ready() {
  local url="$1" logfile="$2" i
  for i in $(seq 1 360); do
    if curl -fsS -o /dev/null "$url/health/ready" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$E2E_APP_PID" 2>/dev/null; then
      err "the app under test exited; the end of its log ($logfile):"
      tail -n 40 "$logfile" >&2 || true
      return 1
    fi
    sleep 0.5
  done
  err "the app under test was not ready within 3 minutes; the end of its log ($logfile):"
  tail -n 40 "$logfile" >&2 || true
  return 1
}

E2E_PUBLISHED=""

# run_e2e_suite proxy|redirect: proxy runs every spec with the recordings on a local disk, streamed by the app;
# redirect runs the playing specs (and redirect.spec) with the app on the object store and
# Recordings:Storage:Delivery = redirect, so that Chromium follows the 307 to a presigned URL.
run_e2e_suite() {
  local delivery="$1" suite="client-e2e" specs=()
  if [[ "$delivery" == "redirect" ]]; then
    suite="client-e2e-redirect"
    specs=(e2e/player.spec.ts e2e/security.spec.ts e2e/redirect.spec.ts)
  fi
  if [[ ! -d client/e2e || ! -f client/playwright.config.ts ]]; then
    record_suite "$suite" 0 1 "client/e2e or client/playwright.config.ts is missing"
    return 0
  fi
  echo
  log "=== playwright (client/e2e) against the published app in demo mode, $delivery delivery ==="
  # No browser download is possible here: Playwright uses Debian's /usr/bin/chromium. Demo mode speaks its calls
  # with espeak-ng and uses pocketsphinx-testdata's recordings.
  ensure_apt_packages chromium espeak-ng curl

  local publish="$WORK/e2e/publish" data="$WORK/e2e/$delivery/data" applog="$WORK/e2e/$delivery/app.log"
  local artifacts
  artifacts="$(_abs_path "${E2E_ARTIFACTS_DIR:-$ROOT/.test-artifacts/e2e}")/$delivery"
  rm -rf "$artifacts"
  mkdir -p "$publish" "$data" "$artifacts"
  # The demo host (src/Demo: the product plus demo mode) serves the client built into client/dist.
  if [[ -z "$E2E_PUBLISHED" ]]; then
    log "npm run build (client), then dotnet publish src/Demo -c Release"
    if ! (cd client && npm run build) >"$WORK/e2e/publish.log" 2>&1 ||
      ! dotnet publish src/Demo -c Release -o "$publish" "${DOTNET_FLAGS[@]}" >>"$WORK/e2e/publish.log" 2>&1; then
      tail -n 40 "$WORK/e2e/publish.log" >&2
      record_suite "$suite" 0 1 "the client build or dotnet publish src/Demo failed"
      return 0
    fi
    E2E_PUBLISHED=1
  fi
  if ! pg_create_db "$PG_PORT" "recordings_e2e_$delivery" >/dev/null; then
    record_suite "$suite" 0 1 "could not create the e2e database"
    return 0
  fi

  local app_port twilio_port app_url
  app_port="$(free_port)"
  twilio_port="$(free_port)"
  while [[ "$twilio_port" == "$app_port" ]]; do twilio_port="$(free_port)"; done
  app_url="http://127.0.0.1:$app_port"
  # The demo business signs in through the test identity provider too (client recordings-demo of this app's URL).
  local e2e_sso_secret
  e2e_sso_secret="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
  if ! idp_add_demo "$RECORDINGS_TEST_IDP" "$app_url" "$e2e_sso_secret" "demo-password" \
    demo@recordings.test noa@recordings.test omer@recordings.test sam@recordings.test; then
    record_suite "$suite" 0 1 "could not configure the identity provider for the e2e app"
    return 0
  fi
  log "starting the published app at $app_url (simulated Twilio on 127.0.0.1:$twilio_port, log $applog)"
  (
    cd "$publish"
    export ASPNETCORE_URLS="$app_url" ASPNETCORE_ENVIRONMENT=Development
    export ConnectionStrings__Recordings="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=postgres;Database=recordings_e2e_$delivery"
    if [[ "$delivery" == "redirect" ]]; then
      export Recordings__Storage__Provider=s3 Recordings__Storage__Delivery=redirect
      export Recordings__Storage__S3__ServiceUrl="$RECORDINGS_TEST_S3" Recordings__Storage__S3__Bucket="e2e-redirect-$$"
      export Recordings__Storage__S3__AccessKey="test:tester" Recordings__Storage__S3__SecretKey="testing"
    fi
    export Recordings__StoragePath="$data/recordings" Recordings__RetryAfterSeconds=1
    export Twilio__AccountSid="AC$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
    export Twilio__AuthToken="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
    # The failing download gives up within seconds instead of a minute.
    export Twilio__MaxDownloadAttempts=3 Twilio__RetryBaseDelay=00:00:00.5
    export Quartz__InstanceId="e2e-$$"
    export Demo__Enabled=true Demo__TwilioUrl="http://127.0.0.1:$twilio_port" Demo__AudioPath="$data/demo-audio"
    export Client__Path="$ROOT/client/dist"
    export Demo__Sso__Issuer="$RECORDINGS_TEST_IDP" Demo__Sso__ClientId="recordings-demo" Demo__Sso__ClientSecret="$e2e_sso_secret"
    exec dotnet Recordings.Demo.dll
  ) >"$applog" 2>&1 &
  E2E_APP_PID=$!
  if ! wait_for_ready "$app_url" "$applog"; then
    stop_e2e_app
    record_suite "$suite" 0 1 "the published app did not start"
    return 0
  fi

  local rc counts p f t json="$RESULTS/playwright.json"
  rm -f "$json"
  rc=0
  (cd client && CI="${CI:-}" E2E_BASE_URL="$app_url" E2E_IDP_URL="$RECORDINGS_TEST_IDP" E2E_RESULTS_FILE="$json" E2E_ARTIFACTS_DIR="$artifacts" \
    E2E_SCREENSHOT="${E2E_SCREENSHOT:-$artifacts/call-page.png}" E2E_DELIVERY="$delivery" \
    npx --no-install playwright test "${specs[@]}") || rc=$?
  stop_e2e_app
  cp "$applog" "$artifacts/app.log" 2>/dev/null || true
  log "e2e artifacts (screenshots, traces, the app's log): $artifacts"
  if [[ -f "$json" ]] &&
    counts="$(json_counts "$json" '[(j.stats.expected||0)+(j.stats.flaky||0), (j.stats.unexpected||0)+(j.errors||[]).length, (j.stats.expected||0)+(j.stats.flaky||0)+(j.stats.unexpected||0)+(j.stats.skipped||0)]')"; then
    read -r p f t <<<"$counts"
    if [[ "$rc" -ne 0 && "$f" -eq 0 ]]; then
      record_suite "$suite" "$p" 1 "playwright exit $rc without failed tests, total=$t"
    else
      record_suite "$suite" "$p" "$f" "total=$t, exit $rc"
    fi
  else
    record_suite "$suite" 0 1 "no usable playwright JSON report, exit $rc"
  fi
}
# ---- END E2E SUITE --------------------------------------------------------------------

# ---------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------

# PostgreSQL for every suite; ffmpeg + pocketsphinx (with its English model and test recordings) for the speech pipeline;
# espeak-ng for demo mode's spoken calls (DemoModeTests and the end-to-end suite); OpenStack Swift, the real
# S3-compatible object store of the storage tests; nginx for the accel delivery tests; Prometheus (and promtool) for the
# metrics tests and the deploy/ rules.
ensure_apt_packages postgresql-15 postgresql-client-15 ffmpeg pocketsphinx pocketsphinx-en-us pocketsphinx-testdata espeak-ng \
  curl nginx-light prometheus "${SWIFT_PACKAGES[@]}"
ensure_dotnet

WORK="$(mktemp -d "${TMPDIR:-/tmp}/recordings-test.XXXXXX")"
chmod 755 "$WORK" # the postgres system user must traverse it
PG_DIR="$WORK/pg/data"
if [[ -n "${TEST_RESULTS_DIR:-}" ]]; then
  RESULTS="$(_abs_path "$TEST_RESULTS_DIR")"
else
  RESULTS="$WORK/results"
fi
mkdir -p "$RESULTS"

PG_PORT="$(free_port)"
: "${PG_EXTRA_OPTS:=-c fsync=off -c synchronous_commit=off -c full_page_writes=off}"
export PG_EXTRA_OPTS
mkdir -p "$WORK/pg"
if is_root; then
  chown "$PG_SYSTEM_USER:$PG_SYSTEM_USER" "$WORK/pg"
fi
pg_start "$PG_DIR" "$PG_PORT" || {
  record_suite "postgres" 0 1 "the test cluster did not start"
  finish
}
export RECORDINGS_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=postgres;Database=postgres"
log "RECORDINGS_TEST_PG=$RECORDINGS_TEST_PG"

SWIFT_DIR="$WORK/swift"
if ! RECORDINGS_TEST_S3="$(swift_start "$SWIFT_DIR")"; then
  record_suite "object-store" 0 1 "OpenStack Swift (the S3-compatible store) did not start"
  finish
fi
export RECORDINGS_TEST_S3
log "RECORDINGS_TEST_S3=$RECORDINGS_TEST_S3 (OpenStack Swift's S3 API; access key test:tester, secret testing)"

# The identity provider of the single sign-on tests (oidc-provider from npm), like PostgreSQL: the tests fail without it.
if ! idp_install || ! idp_start "$WORK/idp.log"; then
  record_suite "identity-provider" 0 1 "the test identity provider (scripts/idp, oidc-provider) did not start"
  finish
fi
export RECORDINGS_TEST_IDP="$IDP_ISSUER"
log "RECORDINGS_TEST_IDP=$RECORDINGS_TEST_IDP (oidc-provider; clients and users are added by the tests)"

echo
log "=== dotnet restore Recordings.sln ==="
if ! dotnet restore Recordings.sln "${DOTNET_FLAGS[@]}"; then
  err "dotnet restore failed"
  record_suite "restore" 0 1 "dotnet restore Recordings.sln failed"
  finish
fi
echo
log "=== dotnet build Recordings.sln -c Release ==="
if ! dotnet build Recordings.sln -c Release --no-restore "${DOTNET_FLAGS[@]}"; then
  err "the build failed: no test was run"
  record_suite "build" 0 1 "dotnet build Recordings.sln failed"
  finish
fi

# ---- DEPLOY CHECKS (issue 27) ---------------------------------------------------------
# deploy/prometheus.yml and the alert rules it loads (deploy/alerts.yml), checked by Prometheus' own promtool.
run_deploy_checks() {
  echo
  log "=== promtool check config deploy/prometheus.yml (and deploy/alerts.yml) ==="
  if promtool check config deploy/prometheus.yml && promtool check rules deploy/alerts.yml; then
    record_suite "deploy-prometheus" 1 0
  else
    record_suite "deploy-prometheus" 0 1 "promtool refused deploy/prometheus.yml or deploy/alerts.yml"
  fi
}
# ---- END DEPLOY CHECKS ----------------------------------------------------------------

run_deploy_checks
run_dotnet_suites
run_client_suites

finish
