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

WORK=""
PG_DIR=""
CLEANED=0

cleanup() {
  if [[ "$CLEANED" -eq 1 ]]; then
    return 0
  fi
  CLEANED=1
  if [[ -n "$PG_DIR" ]]; then
    pg_stop "$PG_DIR" >/dev/null 2>&1 || warn "could not stop the test cluster in $PG_DIR"
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

# Print the per-suite lines and, as the very last line, the totals; then exit.
finish() {
  cleanup
  local line
  echo
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

  log "=== tsc --noEmit ==="
  if (cd client && npx --no-install tsc --noEmit); then
    SUITE_LINES+=("check client-tsc -> ok")
  else
    record_suite "client-tsc" 0 1 "tsc --noEmit failed"
  fi

  run_e2e_suite
}

# ---- E2E SUITE (Playwright) -----------------------------------------------------------
# Hook for the browser suite: a later step fills in what the app needs to run (server,
# database) - probably through playwright.config.ts's webServer. Returns 0 and does nothing
# while client/e2e does not exist.
run_e2e_suite() {
  if [[ ! -d client/e2e ]]; then
    return 0
  fi
  if [[ ! -f client/playwright.config.ts ]]; then
    warn "client/e2e exists but client/playwright.config.ts does not: e2e suite skipped"
    return 0
  fi
  echo
  log "=== playwright (client/e2e) ==="
  # No browser download is possible here: Playwright must use Debian's /usr/bin/chromium.
  ensure_apt_packages chromium
  local rc counts p f t json="$RESULTS/playwright.json"
  rm -f "$json"
  rc=0
  (cd client && PLAYWRIGHT_JSON_OUTPUT_NAME="$json" \
    npx --no-install playwright test --reporter=json) || rc=$?
  if [[ -f "$json" ]] &&
    counts="$(json_counts "$json" '[(j.stats.expected||0)+(j.stats.flaky||0), j.stats.unexpected||0, (j.stats.expected||0)+(j.stats.flaky||0)+(j.stats.unexpected||0)+(j.stats.skipped||0)]')"; then
    read -r p f t <<<"$counts"
    if [[ "$rc" -ne 0 && "$f" -eq 0 ]]; then
      record_suite "client-e2e" "$p" 1 "playwright exit $rc without failed tests, total=$t"
    else
      record_suite "client-e2e" "$p" "$f" "total=$t, exit $rc"
    fi
  else
    record_suite "client-e2e" 0 1 "no usable playwright JSON report, exit $rc"
  fi
}
# ---- END E2E SUITE --------------------------------------------------------------------

# ---------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------

# PostgreSQL for every suite; ffmpeg + pocketsphinx (with its English model and test recordings) for the speech pipeline.
ensure_apt_packages postgresql-15 postgresql-client-15 ffmpeg pocketsphinx pocketsphinx-en-us pocketsphinx-testdata
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

run_dotnet_suites
run_client_suites

finish
