#!/usr/bin/env bash
# Sourced by run.sh for ./run.sh --cluster (needs scripts/lib.sh and scripts/swift.sh sourced first, and run.sh's
# DATA, DEMO, TWILIO_PORT, APP_PORT, APP_URL, SWIFT_DIR, NODE_PIDS, NGINX_PID, PROMETHEUS_PID, ROOT, demo_banner and
# admin_banner).
# ---------------------------------------------------------------------------------------
# A small cluster on this machine: OpenStack Swift (the S3-compatible store), two app nodes on free loopback ports
# sharing the database and the bucket, and nginx in front of them on APP_URL, round robin; Prometheus scraping both.
# ---------------------------------------------------------------------------------------

# write_nginx_conf DIR LISTEN_PORT NODE1_PORT NODE2_PORT -> DIR/nginx.conf
write_nginx_conf() {
  local dir="$1" listen="$2" node1="$3" node2="$4" user_line=""
  mkdir -p "$dir/tmp"
  if is_root; then
    # Workers drop to www-data; they only need the temporary folder.
    user_line="user www-data;"
    chown www-data "$dir/tmp" 2>/dev/null || chmod 1777 "$dir/tmp"
  fi
  cat >"$dir/nginx.conf" <<CONF
$user_line
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  upstream recordings {
    server 127.0.0.1:$node1;
    server 127.0.0.1:$node2;
    keepalive 32;
  }
  server {
    listen 127.0.0.1:$listen;
    client_max_body_size 1m;
    # Every proxied location: keep-alive connections to the nodes, the browser's host and scheme passed on (the app's
    # links and cookies), Prefer: wait holds a request up to 30 s, and audio streams through as it comes (proxy delivery).
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host \$host;
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto \$scheme;
    proxy_buffering off;
    proxy_request_buffering off;
    proxy_read_timeout 60s;

    location / {
      proxy_pass http://recordings;
    }

    # Prepare only makes sure a download is queued (idempotent, though a POST): when the node holding one dies, nginx
    # asks the next node, as it does for a GET (by default it never passes a POST on once it was sent).
    location ~ ^/api/recordings/[^/]+/prepare\$ {
      proxy_pass http://recordings;
      proxy_next_upstream error timeout non_idempotent;
    }
  }
}
CONF
}

# start_node N PORT DEMO_ENABLED METRICS_PORT -> runs the built src/Demo host (the product; demo mode when
# DEMO_ENABLED=true), its metrics listener on 127.0.0.1:METRICS_PORT.
start_node() {
  local n="$1" port="$2" demo="$3" metrics="$4"
  (
    export ASPNETCORE_URLS="http://127.0.0.1:$port"
    export Metrics__Url="http://127.0.0.1:$metrics"
    export Quartz__InstanceId="$(hostname)-node$n"
    export Demo__Enabled="$demo"
    exec setsid dotnet run --project src/Demo -c Release --no-build --no-launch-profile
  ) >"$DATA/cluster/node$n.log" 2>&1 &
  NODE_PIDS+=($!)
}

# start_prometheus DIR PORT TARGET... -> Debian's Prometheus on 127.0.0.1:PORT scraping the targets (host:port) every
# 5 s with deploy/alerts.yml loaded, like deploy/prometheus.yml; sets PROMETHEUS_PID.
start_prometheus() {
  local dir="$1" port="$2" target targets=""
  shift 2
  for target in "$@"; do targets+="'$target', "; done
  mkdir -p "$dir/data"
  cp "$ROOT/deploy/alerts.yml" "$dir/alerts.yml"
  cat >"$dir/prometheus.yml" <<CONF
global:
  scrape_interval: 5s
  evaluation_interval: 5s
rule_files:
  - $dir/alerts.yml
scrape_configs:
  - job_name: recordings
    static_configs:
      - targets: [${targets%, }]
CONF
  setsid prometheus --config.file="$dir/prometheus.yml" --web.listen-address="127.0.0.1:$port" \
    --storage.tsdb.path="$dir/data" --log.level=warn >"$dir/prometheus.log" 2>&1 &
  PROMETHEUS_PID=$!
}

# run_cluster -> starts everything, prints where, and waits until Ctrl-C or until a node or nginx stops.
run_cluster() {
  local s3 node1 node2 metrics1 metrics2 prometheus_port nginx_dir="$DATA/cluster/nginx" i demo_on=false rc=0
  mkdir -p "$DATA/cluster"
  log "starting OpenStack Swift (S3 API) in $SWIFT_DIR"
  s3="$(swift_start "$SWIFT_DIR")" || die "OpenStack Swift did not start (its logs: $SWIFT_DIR/logs)"
  export Recordings__Storage__Provider=s3 Recordings__Storage__S3__ServiceUrl="$s3" Recordings__Storage__S3__Bucket=recordings
  export Recordings__Storage__S3__AccessKey="test:tester" Recordings__Storage__S3__SecretKey="testing"
  # nginx on loopback is a known proxy: the nodes believe its X-Forwarded-For (the login rate limit is per client).
  export ForwardedHeaders__Enabled=true
  if [[ "$DEMO" == "1" ]]; then
    demo_on=true
    # Node 2 runs no demo of its own but downloads from the same simulated Twilio.
    export Twilio__MediaOrigins__0="https://api.twilio.com" Twilio__MediaOrigins__1="http://127.0.0.1:$TWILIO_PORT"
  fi
  node1="$(free_port)"
  node2="$(free_port)"
  while [[ "$node2" == "$node1" ]]; do node2="$(free_port)"; done
  metrics1="$(free_port)"
  metrics2="$(free_port)"
  while [[ "$metrics2" == "$metrics1" ]]; do metrics2="$(free_port)"; done
  log "starting node 1 on 127.0.0.1:$node1 and node 2 on 127.0.0.1:$node2 (logs in $DATA/cluster)"
  start_node 1 "$node1" "$demo_on" "$metrics1"
  start_node 2 "$node2" false "$metrics2"
  prometheus_port="${RECORDINGS_PROMETHEUS_PORT:-9090}"
  start_prometheus "$DATA/cluster/prometheus" "$prometheus_port" "127.0.0.1:$metrics1" "127.0.0.1:$metrics2"
  for i in $(seq 1 240); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$node1/health/ready" 2>/dev/null &&
      curl -fsS -o /dev/null "http://127.0.0.1:$node2/health/ready" 2>/dev/null; then
      break
    fi
    if [[ "$i" == 240 ]]; then
      die "the nodes were not ready within 2 minutes (logs: $DATA/cluster/node1.log, $DATA/cluster/node2.log)"
    fi
    sleep 0.5
  done
  write_nginx_conf "$nginx_dir" "$APP_PORT" "$node1" "$node2"
  setsid nginx -p "$nginx_dir" -c "$nginx_dir/nginx.conf" -g 'daemon off;' &
  NGINX_PID=$!
  cat <<BANNER

$LOG_PREFIX ------------------------------------------------------------------------------
$LOG_PREFIX cluster      $APP_URL   (nginx, round robin over the two nodes)
$LOG_PREFIX node 1       http://127.0.0.1:$node1   (log $DATA/cluster/node1.log)
$LOG_PREFIX node 2       http://127.0.0.1:$node2   (log $DATA/cluster/node2.log)
$LOG_PREFIX metrics      http://127.0.0.1:$metrics1/metrics   http://127.0.0.1:$metrics2/metrics
$LOG_PREFIX Prometheus   http://127.0.0.1:$prometheus_port   (scrapes both nodes, deploy/alerts.yml; log $DATA/cluster/prometheus/prometheus.log)
$LOG_PREFIX object store $s3   (OpenStack Swift's S3 API, bucket recordings, data in $SWIFT_DIR)
$LOG_PREFIX database     $ConnectionStrings__Recordings
$(if [[ "$DEMO" == "1" ]]; then demo_banner; else admin_banner; fi)
$LOG_PREFIX ------------------------------------------------------------------------------
$LOG_PREFIX Ctrl-C stops nginx, the nodes, the object store and the database.

BANNER
  wait -n "${NODE_PIDS[@]}" "$NGINX_PID" "$PROMETHEUS_PID" || rc=$?
  log "a node, nginx or Prometheus stopped (exit $rc); stopping the cluster"
  exit "$rc"
}
