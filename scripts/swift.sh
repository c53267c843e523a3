#!/usr/bin/env bash
# Sourced by test.sh (and run.sh): needs scripts/lib.sh (free_port, _abs_path) sourced first.
# ---------------------------------------------------------------------------------------
# OpenStack Swift with its S3 API (Debian's packages), on loopback: the real S3-compatible store of the tests and
# the cluster. Four servers (proxy, account, container, object) under one directory; S3 credentials test:tester /
# testing, region us-east-1, path-style addressing.
# ---------------------------------------------------------------------------------------

SWIFT_PACKAGES=(swift-proxy swift-object swift-container swift-account)

# swift_start DIR -> starts Swift in DIR (created when missing) and prints the S3 endpoint URL; the pids go to
# DIR/pids. Fails (non-zero) when it does not answer /healthcheck within 30 s.
swift_start() {
  local dir="$1" proxy_port account_port container_port object_port kind port
  dir="$(_abs_path "$dir")"
  mkdir -p "$dir/rings" "$dir/devices/sdb1" "$dir/conf" "$dir/logs"
  proxy_port="$(free_port)"
  account_port="$(free_port)"
  container_port="$(free_port)"
  object_port="$(free_port)"
  : >"$dir/pids"
  for kind in account container object; do
    case "$kind" in
      account) port="$account_port" ;;
      container) port="$container_port" ;;
      object) port="$object_port" ;;
    esac
    rm -f "$dir/rings/$kind.builder" "$dir/rings/$kind.ring.gz"
    (cd "$dir/rings" &&
      swift-ring-builder "$kind.builder" create 8 1 1 >/dev/null &&
      swift-ring-builder "$kind.builder" add "r1z1-127.0.0.1:$port/sdb1" 1 >/dev/null &&
      swift-ring-builder "$kind.builder" rebalance >/dev/null) || return 1
    cat >"$dir/conf/$kind-server.conf" <<CONF
[DEFAULT]
devices = $dir/devices
mount_check = false
bind_ip = 127.0.0.1
bind_port = $port
workers = 1
swift_dir = $dir/rings
user = root
log_name = $kind-server

[pipeline:main]
pipeline = $kind-server

[app:$kind-server]
use = egg:swift#$kind
CONF
    if [[ "$kind" == "object" || "$kind" == "container" ]]; then
      printf '\n[%s-replicator]\n\n[%s-updater]\n\n[%s-auditor]\n' "$kind" "$kind" "$kind" >>"$dir/conf/$kind-server.conf"
    fi
  done
  cat >"$dir/conf/proxy-server.conf" <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $proxy_port
workers = 1
swift_dir = $dir/rings
user = root
log_name = proxy-server

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:cache]
use = egg:swift#memcache

[filter:listing_formats]
use = egg:swift#listing_formats

[filter:s3api]
use = egg:swift#s3api
location = us-east-1

[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = testing .admin

[filter:copy]
use = egg:swift#copy

[filter:slo]
use = egg:swift#slo

[filter:dlo]
use = egg:swift#dlo
CONF
  for kind in account container object proxy; do
    # The system Python: a python3 earlier on PATH may lack Swift's modules.
    setsid /usr/bin/python3 "/usr/bin/swift-$kind-server" "$dir/conf/$kind-server.conf" >"$dir/logs/$kind.log" 2>&1 &
    echo "$!" >>"$dir/pids"
  done
  local i
  for i in $(seq 1 60); do
    if [[ "$(curl -fsS "http://127.0.0.1:$proxy_port/healthcheck" 2>/dev/null)" == "OK" ]]; then
      printf 'http://127.0.0.1:%s\n' "$proxy_port"
      return 0
    fi
    sleep 0.5
  done
  tail -n 20 "$dir"/logs/*.log >&2
  return 1
}

# swift_stop DIR -> stops the servers swift_start started there.
swift_stop() {
  local dir="$1" pid
  [[ -f "$dir/pids" ]] || return 0
  while read -r pid; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null
  done <"$dir/pids"
  sleep 0.5
  while read -r pid; do
    [[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null
  done <"$dir/pids"
  rm -f "$dir/pids"
}
