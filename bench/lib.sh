# bench/lib.sh - what the benchmarks share: app nodes, and the API as Twilio and an agent use it. Sourced after the
# caller has set WORK, APP_DLL, PG_PORT, ADMIN_KEY, ACCOUNT_SID, AUTH_TOKEN, TWILIO_PORT, STORAGE, CLIENT and the
# SERVER array (a taskset prefix, or empty), and has a NODE_PIDS array.
# shellcheck shell=bash

# start_node N PORT DATABASE [KEY=VALUE...] -> the product on 127.0.0.1:PORT, its log in $WORK/nodeN.log
start_node() {
  local n="$1" port="$2" database="$3"
  shift 3
  (
    export ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production
    export ConnectionStrings__Recordings="Host=127.0.0.1;Port=$PG_PORT;Database=$database;Username=postgres;Password=postgres"
    export Admin__ApiKey="$ADMIN_KEY" Twilio__AccountSid="$ACCOUNT_SID" Twilio__AuthToken="$AUTH_TOKEN"
    export Twilio__MediaOrigins__0="http://127.0.0.1:$TWILIO_PORT"
    export Recordings__StoragePath="$STORAGE" Client__Path="$CLIENT" Quartz__InstanceId="bench-node$n"
    export Transcription__Provider=none Summarization__Provider=none
    local setting
    for setting in "$@"; do
      export "${setting?}"
    done
    # From its own folder, as a deployment runs it: appsettings.json (log levels) is read from the working folder.
    cd "$(dirname "$APP_DLL")"
    exec setsid "${SERVER[@]}" dotnet "$APP_DLL"
  ) >"$WORK/node$n.log" 2>&1 &
  NODE_PIDS+=($!)
}

wait_live() {
  local url="$1" name="$2" i
  for i in $(seq 1 300); do
    if curl -fs -o /dev/null "$url/health/live"; then
      return 0
    fi
    sleep 0.2
  done
  die "$name did not start: see $WORK"
}

# --- the API as Twilio and an agent use it ------------------------------------------------------------------------
# webhook_args APP_URL PATH KEY=VALUE... -> curl's arguments for a Twilio webhook signed with the auth token (one per line)
webhook_args() {
  local app="$1" path="$2" url payload pair signature
  shift 2
  url="$app$path"
  payload="$url"
  while IFS= read -r pair; do
    payload+="${pair%%=*}${pair#*=}"
    printf '%s\n%s\n' --data-urlencode "$pair"
  done < <(printf '%s\n' "$@" | LC_ALL=C sort)
  signature="$(printf '%s' "$payload" | openssl dgst -sha1 -hmac "$AUTH_TOKEN" -binary | base64)"
  printf '%s\n%s\n%s\n' -H "X-Twilio-Signature: $signature" "$url"
}

# signed_webhook APP_URL PATH KEY=VALUE... -> posts a Twilio webhook signed with the auth token
signed_webhook() {
  local args=()
  mapfile -t args < <(webhook_args "$@")
  curl -fsS -o /dev/null "${args[@]}"
}

# new_agent APP_URL NAME NUMBER -> creates a business with an agent; prints "BUSINESS_ID COOKIE_HEADER"
new_agent() {
  local app="$1" name="$2" number="$3" business cookie
  business="$(curl -fsS -H "X-Admin-Key: $ADMIN_KEY" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$name\",\"phoneNumbers\":[\"$number\"]}" "$app/api/admin/businesses" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')"
  read -r _ cookie < <(new_account "$app" "$business" "agent@$name.example" Agent)
  printf '%s %s\n' "$business" "$cookie"
}

# new_account APP_URL BUSINESS_ID EMAIL DISPLAY_NAME -> creates an account of the business through the operator API
# (an agent: its role is the product's default) and logs in with it; prints "ACCOUNT_ID COOKIE_HEADER"
new_account() {
  local app="$1" business="$2" email="$3" name="$4" id jar
  id="$(curl -fsS -H "X-Admin-Key: $ADMIN_KEY" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"correct horse battery\",\"displayName\":\"$name\"}" \
    "$app/api/admin/businesses/$business/agents" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')"
  [[ -n "$id" ]] || die "could not create the account $email"
  jar="$WORK/${email//[^A-Za-z0-9]/_}.cookies"
  curl -fsS -o /dev/null -c "$jar" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"correct horse battery\"}" "$app/api/auth/login"
  # curl writes HttpOnly cookies as comments (#HttpOnly_host ...).
  printf '%s %s\n' "$id" "$(awk '{ sub(/^#HttpOnly_/, "") } !/^#/ && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep="; " }' "$jar")"
}
