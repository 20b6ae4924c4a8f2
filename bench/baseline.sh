#!/usr/bin/env bash
# The sample stack by hand: what a careful human would type to bring up what AppHost/Program.cs
# describes, as fast as they could make it. It is the yardstick of bench/stack-startup.sh.
#
# The same programs as the AppHost, with the same arguments, environment and readiness checks:
#   postgres   setpriv (to the postgres user, as root) + postgres -D <volume> -h 127.0.0.1 -p P -k <run>;
#              initdb first when the volume is empty (scram-sha-256, --pwfile, UTF8, C.UTF-8, synced);
#              ready = postmaster.pid says "ready", then a real query with the password over TCP,
#              then database `app` created if missing, then a query in `app`
#   redis      redis-server <run>/redis.conf (0600: bind, port, requirepass, no persistence);
#              ready = an authenticated PING
#   minio      node <run>/s3rver-launch.js (the integration's own launch script, read from its source),
#              s3rver from AppHost/.tools; ready = a signed ListBuckets with the stack's key,
#              then PutBucket documents (200, or 409 when kept from an earlier run), then HeadBucket
#   api        dotnet services/api/bin/<Configuration>/net10.0/Api.dll with ASPNETCORE_URLS,
#              ConnectionStrings__{app,redis,documents}, services__redis__tcp__0, REDIS_TCP;
#              after app, redis and the bucket; ready = GET /health 200
#   worker     services/worker/.venv/bin/python worker.py (PORT, the same connection strings);
#              after app, redis and the bucket; ready = GET /health 200
#   gateway    nginx -p <run>/gateway/ -c nginx.conf -e stderr -g 'daemon off;', the AppHost's config;
#              after the api; ready = GET /nginx-health 200
# Independent chains run in parallel; every wait polls every 5 ms (a sleep without a process).
# What it leaves out, as a human would: `nginx -t` before nginx, the venv/requirements check before
# the worker, validation of the model. Warm = the state folder exists (passwords, the postgres
# cluster, the S3 data); cold = it does not (initdb, new passwords, the bucket created).
#
# Usage: bench/baseline.sh [--state DIR] [--gateway-port N] [--configuration Release|Debug] [--keep]
# Prints "Baseline ready: 8 resources healthy in N ms", then stops everything it started
# (reverse order) and prints "Baseline stopped in N ms". --keep waits for Ctrl+C/SIGTERM first.
set -uo pipefail
t0=$EPOCHREALTIME

here=$(cd "$(dirname "$0")/.." && pwd)
state=/tmp/orchestration-baseline/state
gateway_port=""
configuration=Release
keep=false
while [ $# -gt 0 ]; do
  case "$1" in
    --state) state=$2; shift 2 ;;
    --gateway-port) gateway_port=$2; shift 2 ;;
    --configuration) configuration=$2; shift 2 ;;
    --keep) keep=true; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

ms() { local now=${1:-$EPOCHREALTIME}; echo $(( (${now/./} - ${t0/./}) / 1000 )); }
say() { printf '%-9s| %s\n' "$1" "$2 [$(ms) ms]"; }
exec {SNOOZE}<> <(:)
snooze() { read -r -t "$1" -u "$SNOOZE" _ || :; }   # sleeps without starting a process

# --- ports: free loopback ports, as the AppHost takes them (bind to port 0) -------------------------
ports=$(/usr/bin/python3 -I -S -c '
import socket
ss = [socket.socket() for _ in range(6)]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))')
read -r pg_port redis_port s3_port api_port worker_port free_port <<<"$ports"
gateway_port=${gateway_port:-$free_port}

# --- folders: the state (kept) and this run's scratch folder (removed at the end) -------------------
umask 077
run=$(mktemp -d /tmp/baseline-run-XXXXXX)
chmod 711 "$run"
mkdir -p "$state/volumes" "$run/postgres" "$run/redis" "$run/minio" "$run/gateway/temp" "$run/pids"
chmod 711 "$state" "$state/volumes"
pg_data=$state/volumes/postgres-data
s3_data=$state/volumes/minio-data-s3rver
mkfifo "$run/events"
exec {EVENTS}<>"$run/events"

# --- parameters: generated once, kept with the state (0600) -----------------------------------------
secret() { # n characters of [A-Za-z0-9] from the kernel's random source, without a process
  local chars=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 s="" i
  for ((i = 0; i < $1; i++)); do s+=${chars:SRANDOM % 62:1}; done
  printf '%s' "$s"
}
if [ -f "$state/parameters.env" ]; then
  source "$state/parameters.env"
else
  pg_password=$(secret 22) redis_password=$(secret 22) s3_user=$(secret 20) s3_secret=$(secret 40)
  printf 'pg_password=%s\nredis_password=%s\ns3_user=%s\ns3_secret=%s\n' "$pg_password" "$redis_password" "$s3_user" "$s3_secret" >"$state/parameters.env"
fi

# The postgres user (PostgreSQL refuses root).
pg_switch=()
if [ "$(id -u)" -eq 0 ]; then
  while IFS=: read -r name _ uid gid _; do
    [ "$name" = postgres ] && { pg_uid=$uid; pg_gid=$gid; break; }
  done </etc/passwd
  pg_switch=(setpriv "--reuid=$pg_uid" "--regid=$pg_gid" --init-groups --)
fi
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

# --- configuration files ----------------------------------------------------------------------------
cat >"$run/redis/redis.conf" <<EOF
bind 127.0.0.1
port $redis_port
protected-mode yes
requirepass "$redis_password"
daemonize no
logfile ""
dir "$run/redis"
appendonly no
save ""
EOF

# The integration's launch script, verbatim (a C# raw string: the lines between the """ markers, unindented).
sed -n '/public const string Text = """/,/^        """;/p' "$here/src/Orchestration.Hosting/Integrations/Minio/S3rverLaunchScript.cs" \
  | sed '1d;$d;s/^        //' >"$run/minio/s3rver-launch.js"
s3_module=$(ls -d "$here"/AppHost/.tools/s3rver-*/node_modules/s3rver 2>/dev/null | tail -1)
[ -n "$s3_module" ] || { echo "s3rver is not installed under AppHost/.tools: run ./run.sh (or the AppHost) once first" >&2; exit 1; }

user_line=""; [ "$(id -u)" -eq 0 ] && user_line="user $(id -un);"
gw=$run/gateway
cat >"$gw/mime.types" <<'EOF'
types {
    text/html html htm; text/css css; text/plain txt; text/xml xml; text/javascript js mjs;
    application/json json map; application/manifest+json webmanifest; application/wasm wasm;
    application/pdf pdf; application/zip zip; image/svg+xml svg svgz; image/png png; image/jpeg jpeg jpg;
    image/gif gif; image/webp webp; image/avif avif; image/x-icon ico; font/woff woff; font/woff2 woff2;
    font/ttf ttf; audio/mpeg mp3; video/mp4 mp4; video/webm webm;
}
EOF
cat >"$gw/nginx.conf" <<EOF
$user_line
worker_processes 1;
pid "$gw/nginx.pid";
error_log stderr warn;
events { worker_connections 1024; }
http {
    log_format gateway '\$remote_addr "\$request" \$status \$body_bytes_sent \${request_time}s upstream=\$upstream_addr';
    access_log /dev/stdout gateway;
    client_body_temp_path "$gw/temp/client_body";
    proxy_temp_path "$gw/temp/proxy";
    fastcgi_temp_path "$gw/temp/fastcgi";
    uwsgi_temp_path "$gw/temp/uwsgi";
    scgi_temp_path "$gw/temp/scgi";
    include "$gw/mime.types";
    default_type application/octet-stream;
    charset utf-8;
    sendfile on;
    tcp_nopush on;
    server_tokens off;
    absolute_redirect off;
    client_max_body_size 100m;
    client_header_timeout 15s;
    client_body_timeout 60s;
    send_timeout 60s;
    keepalive_timeout 65s;
    gzip on;
    gzip_vary on;
    gzip_proxied any;
    gzip_min_length 1024;
    gzip_comp_level 5;
    gzip_types text/plain text/css text/javascript application/javascript application/json application/xml image/svg+xml application/wasm;
    map \$http_upgrade \$connection_upgrade { default upgrade; '' ''; }
    map \$http_host \$forwarded_host { '' \$host; default \$http_host; }
    upstream route0 { server 127.0.0.1:$api_port; keepalive 16; }
    server {
        listen 127.0.0.1:$gateway_port;
        server_name _;
        add_header X-Content-Type-Options "nosniff" always;
        add_header X-Frame-Options "DENY" always;
        add_header Referrer-Policy "strict-origin-when-cross-origin" always;
        location = /nginx-health { access_log off; default_type text/plain; return 200 "ok\n"; }
        location /api/ {
            proxy_pass http://route0;
            proxy_http_version 1.1;
            proxy_set_header Host \$forwarded_host;
            proxy_set_header X-Real-IP \$remote_addr;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Forwarded-Host \$forwarded_host;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
            proxy_connect_timeout 5s;
            proxy_send_timeout 60s;
            proxy_read_timeout 60s;
            proxy_request_buffering off;
        }
        location / {
            root "$here/AppHost/wwwroot";
            index index.html;
            try_files \$uri \$uri/ =404;
            add_header X-Content-Type-Options "nosniff" always;
            add_header X-Frame-Options "DENY" always;
            add_header Referrer-Policy "strict-origin-when-cross-origin" always;
            add_header Content-Security-Policy "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'" always;
        }
    }
}
EOF

# --- the chains: each starts its program, polls until it is ready, reports, and stays with it ------
# Each runs in a subshell of its own (so the chains are parallel) that waits on its program, so
# the program stays our descendant and is reaped; its pid goes to $run/pids/<name>.
event() { echo "$*" >"$run/events"; }
deadline() { echo $(( ${EPOCHREALTIME/./} + 60000000 )); }
late() { [ "${EPOCHREALTIME/./}" -gt "$1" ]; }
alive() { local stat; read -r stat 2>/dev/null <"/proc/$1/stat" || return 1; stat=${stat##*) }; [ "${stat:0:1}" != Z ]; }
http_ok() { curl -s -f -o /dev/null --max-time 2 "$1"; }
# Signed with the stack's key (curl's SigV4); S3 wants the payload hash header: that of an empty body.
s3_auth=(--aws-sigv4 aws:amz:us-east-1:s3 --user "$s3_user:$s3_secret" -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
s3() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "${s3_auth[@]}" "$@"; }
db_url="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=$pg_password;Database=app"
redis_cs="127.0.0.1:$redis_port,password=$redis_password"
s3_cs="Endpoint=http://127.0.0.1:$s3_port;AccessKey=$s3_user;SecretKey=$s3_secret;Bucket=documents"

# Starts "$@" in the background with its output prefixed; its pid in $pid and $run/pids/$1.
launch() {
  local name=$1; shift
  "$@" > >(while IFS= read -r l; do printf '%-9s| %s\n' "$name" "$l"; done) 2>&1 &
  pid=$!
  echo "$pid" >"$run/pids/$name"
  say "$name" "running (pid $pid)"
}

chain_postgres() (
  cd "$run/postgres" || exit 1
  chown "${pg_uid:-0}:${pg_gid:-0}" "$run/postgres" 2>/dev/null
  if [ ! -f "$pg_data/PG_VERSION" ]; then
    mkdir -p "$pg_data" && chmod 700 "$pg_data"
    [ -n "${pg_uid:-}" ] && chown "$pg_uid:$pg_gid" "$pg_data"
    printf '%s\n' "$pg_password" >"$run/postgres/initdb-password"
    [ -n "${pg_uid:-}" ] && chown "$pg_uid:$pg_gid" "$run/postgres/initdb-password"
    local start=$EPOCHREALTIME
    if ! "${pg_switch[@]}" "$pg_bin/initdb" -D "$pg_data" -U postgres --pwfile="$run/postgres/initdb-password" \
         --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$run/postgres/initdb.log" 2>&1; then
      cat "$run/postgres/initdb.log" >&2; event fail postgres initdb; exit 1
    fi
    rm -f "$run/postgres/initdb-password"
    say postgres "initdb done in $(( (${EPOCHREALTIME/./} - ${start/./}) / 1000 )) ms"
  fi
  launch postgres "${pg_switch[@]}" "$pg_bin/postgres" -D "$pg_data" -h 127.0.0.1 -p "$pg_port" -k "$run/postgres"
  local until; until=$(deadline)
  while :; do
    alive "$pid" || { event fail postgres exited; exit 1; }
    late "$until" && { event fail postgres timeout; kill -INT "$pid"; exit 1; }
    if [ -r "$pg_data/postmaster.pid" ] && mapfile -t lines <"$pg_data/postmaster.pid" && [[ ${lines[7]-} == ready* ]]; then
      # The server's check, the databases (created once, idempotently), the database's check: one psql.
      if PGPASSWORD=$pg_password PGCONNECT_TIMEOUT=5 psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres >/dev/null 2>&1 <<'SQL'
SELECT 1;
SELECT 'CREATE DATABASE app' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'app')\gexec
\c app
SELECT 1;
SQL
      then break; fi
    fi
    snooze 0.005
  done
  say postgres "healthy; database app healthy"
  event ready postgres
  wait "$pid"
)

chain_redis() (
  launch redis redis-server "$run/redis/redis.conf"
  local until; until=$(deadline)
  until [ "$(REDISCLI_AUTH=$redis_password redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null)" = PONG ]; do
    alive "$pid" || { event fail redis exited; exit 1; }
    late "$until" && { event fail redis timeout; exit 1; }
    snooze 0.005
  done
  say redis healthy
  event ready redis
  wait "$pid"
)

chain_minio() (
  mkdir -p "$s3_data"
  cd "$here/AppHost" || exit 1
  launch minio env MINIO_ROOT_USER="$s3_user" MINIO_ROOT_PASSWORD="$s3_secret" S3RVER_MODULE="$s3_module" \
    S3RVER_DIRECTORY="$s3_data" S3RVER_ADDRESS=127.0.0.1 S3RVER_PORT="$s3_port" node "$run/minio/s3rver-launch.js"
  local until; until=$(deadline)
  until [ "$(s3 "http://127.0.0.1:$s3_port/")" = 200 ]; do           # ListBuckets
    alive "$pid" || { event fail minio exited; exit 1; }
    late "$until" && { event fail minio timeout; exit 1; }
    snooze 0.005
  done
  say minio healthy
  # PutBucket (409 when it exists), then HeadBucket: one curl.
  codes=$(s3 -X PUT "http://127.0.0.1:$s3_port/documents" --next -s -o /dev/null -w ' %{http_code}' --max-time 2 \
    "${s3_auth[@]}" -I "http://127.0.0.1:$s3_port/documents")
  case "$codes" in 200\ 200|409\ 200) ;; *) event fail documents "PutBucket/HeadBucket: $codes"; exit 1 ;; esac
  say documents healthy
  event ready minio
  wait "$pid"
)

chain_http() ( # name, health url, program...
  local name=$1 url=$2; shift 2
  launch "$name" "$@"
  local until; until=$(deadline)
  until http_ok "$url"; do
    alive "$pid" || { event fail "$name" exited; exit 1; }
    late "$until" && { event fail "$name" timeout; exit 1; }
    snooze 0.005
  done
  say "$name" healthy
  event ready "$name"
  wait "$pid"
)

# --- stopping: dependents first (gateway, api, worker), then the servers ----------------------------
stopped=false
stop_all() {
  $stopped && return; stopped=true
  local s=$EPOCHREALTIME
  stop_group TERM gateway api worker
  stop_group TERM redis minio
  stop_group INT postgres      # PostgreSQL's fast shutdown, as the AppHost sends
  wait 2>/dev/null
  rm -rf "$run"
  echo "Baseline stopped in $(( (${EPOCHREALTIME/./} - ${s/./}) / 1000 )) ms"
}
stop_group() {
  local sig=$1; shift
  local pids=() n p
  for n in "$@"; do
    [ -f "$run/pids/$n" ] && { p=$(<"$run/pids/$n"); kill -s "$sig" "$p" 2>/dev/null && pids+=("$p"); }
  done
  local until=$(( ${EPOCHREALTIME/./} + 30000000 ))
  for p in "${pids[@]}"; do
    while alive "$p"; do
      late "$until" && { kill -KILL "$p" 2>/dev/null; break; }
      snooze 0.005
    done
  done
}
trap 'stop_all; exit 130' INT TERM
trap 'stop_all' EXIT

# --- the stack --------------------------------------------------------------------------------------
declare -A ready=()
await() { # blocks until every named chain reported ready; a failure ends the run
  local kind name rest
  while :; do
    local missing=0 n
    for n in "$@"; do [ -n "${ready[$n]-}" ] || missing=1; done
    [ $missing = 0 ] && return 0
    read -r -u "$EVENTS" kind name rest || return 1
    case "$kind" in
      ready) ready[$name]=$(ms) ;;
      fail) echo "Baseline failed: $name: $rest" >&2; exit 1 ;;
    esac
  done
}

chain_postgres &
chain_redis &
chain_minio &
await postgres redis minio
common_env=(ConnectionStrings__app="$db_url" ConnectionStrings__redis="$redis_cs" ConnectionStrings__documents="$s3_cs"
  services__redis__tcp__0="tcp://127.0.0.1:$redis_port" REDIS_TCP="tcp://127.0.0.1:$redis_port")
(cd "$here/services/api" && chain_http api "http://127.0.0.1:$api_port/health" \
  env "${common_env[@]}" ASPNETCORE_URLS="http://127.0.0.1:$api_port" DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production \
  dotnet "bin/$configuration/net10.0/Api.dll") &
(cd "$here/services/worker" && chain_http worker "http://127.0.0.1:$worker_port/health" \
  env "${common_env[@]}" PORT="$worker_port" PYTHONUNBUFFERED=1 .venv/bin/python worker.py) &
await api
(cd "$here/AppHost" && chain_http gateway "http://127.0.0.1:$gateway_port/nginx-health" \
  nginx -p "$gw/" -c "$gw/nginx.conf" -e stderr -g 'daemon off;') &
await worker gateway

echo "Baseline ready: 8 resources healthy in $(ms) ms (postgres+app ${ready[postgres]}, redis ${ready[redis]}, minio+documents ${ready[minio]}, api ${ready[api]}, worker ${ready[worker]}, gateway ${ready[gateway]}; gateway http://127.0.0.1:$gateway_port)"
if $keep; then
  while :; do snooze 3600; done
fi
