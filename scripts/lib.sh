# Shared set-up for scripts/serve and scripts/test: installs what is missing (and only that),
# puts the right tools on PATH, and builds. Sourced, not run.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TRUNK_VERSION="0.21.14"
# The wasm-bindgen CLI must match the crate version locked in Cargo.lock exactly.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)"

export PATH="$ROOT/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER=/usr/bin/chromedriver

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    say "apt-get update"
    apt-get update -qq
    apt_updated=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_system_packages() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  command -v brotli >/dev/null || missing+=(brotli)
  # A CJK font, or Chinese text renders as empty boxes in the browser tests' screenshots.
  fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-wqy-microhei)
  # PostgreSQL (with pg_trgm) for the second database's suites; started by the scripts.
  ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
  # nginx: the load balancer in front of several nodes (scripts/serve --postgres --nodes N).
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
}

ensure_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
    say "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
    # Not --locked: its lockfile wants a crate version the registry no longer has.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
  if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
    say "cargo install trunk $TRUNK_VERSION (10-15 minutes, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked --force
  fi
}

ensure_node_packages() {
  # Playwright and the npm wasm-opt (binaryen 132): Debian's wasm-opt breaks the bundle.
  local stamp="end2end/node_modules/.package-lock.stamp"
  if [ ! -f "$stamp" ] || ! cmp -s end2end/package-lock.json "$stamp"; then
    say "npm ci (end2end)"
    (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
    cp end2end/package-lock.json "$stamp"
  fi
}

AIOSMTPD_VERSION="1.4.6"

# The API fuzzer that reads the OpenAPI document (scripts/api-fuzz).
SCHEMATHESIS_VERSION="4.32.5"
# The Standard Webhooks reference library: the tests' receiver verifies deliveries with it
# (scripts/webhook_receiver.py).
STANDARDWEBHOOKS_VERSION="1.3.0"
ensure_python_packages() {
  # A real SMTP server for the mail tests (scripts/mail_sink.py).
  if ! python3 -c "import aiosmtpd, sys; sys.exit(aiosmtpd.__version__ != '$AIOSMTPD_VERSION')" 2>/dev/null; then
    say "pip install aiosmtpd $AIOSMTPD_VERSION"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "aiosmtpd==$AIOSMTPD_VERSION"
  fi
  if [ "$(python3 -m pip show standardwebhooks 2>/dev/null | awk '/^Version:/ {print $2}')" != "$STANDARDWEBHOOKS_VERSION" ]; then
    say "pip install standardwebhooks $STANDARDWEBHOOKS_VERSION"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "standardwebhooks==$STANDARDWEBHOOKS_VERSION"
  fi
  if [ "$(python3 -m pip show schemathesis 2>/dev/null | awk '/^Version:/ {print $2}')" != "$SCHEMATHESIS_VERSION" ]; then
    say "pip install schemathesis $SCHEMATHESIS_VERSION"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "schemathesis==$SCHEMATHESIS_VERSION"
  fi
}

ensure_tools() {
  ensure_system_packages
  ensure_rust_tools
  ensure_node_packages
  ensure_python_packages
}

build_app() {
  say "trunk build --release (the workspace, then the public pages, the API reference, the admin pages)"
  trunk build --release
  # After the workspace: its build empties dist/. The other builds (shared::public_page): each
  # in its folder, its assets served under /<folder>/.
  trunk build app/public.html --release --dist dist/public --public-url /public/
  trunk build app/reference.html --release --dist dist/reference --public-url /reference/
  trunk build app/admin.html --release --dist dist/admin --public-url /admin/
  # Precompressed copies the server sends as they are (ServeDir precompressed_br/gzip): a fresh
  # load then costs no on-the-fly compression of the bundle, and gets brotli's best ratio.
  local f
  for f in dist/*.wasm dist/*.js dist/*.css dist/*/*.wasm dist/*/*.js dist/*/*.css; do
    [ -f "$f" ] || continue
    brotli -q 11 -f -k "$f"
    gzip -9 -f -k "$f"
  done
}

# A free TCP port on loopback.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts a throwaway PostgreSQL server on loopback (data in a temporary folder, removed by
# stop_postgres) and sets PG_URL to its `postgres` database. Runs the server as the `postgres`
# user when started as root (initdb refuses root). Durability is off (fsync, synchronous
# commit) unless PG_DURABLE=1: the data lives for one run.
# The key that seals stored secrets (authenticator apps'), the same for every node of one
# PostgreSQL database: one per run unless the caller gave one. (On SQLite the server keeps a key
# file beside the database by itself.)
ensure_secret_key() {
  if [ -z "${PARTNERDESK_SECRET_KEY:-}" ]; then
    PARTNERDESK_SECRET_KEY="$(head -c 32 /dev/urandom | base64)"
    export PARTNERDESK_SECRET_KEY
  fi
}

start_postgres() {
  ensure_secret_key
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  PG_DIR="$(mktemp -d /tmp/partnerdesk-pg.XXXXXX)"
  PG_PORT="$(free_port)"
  local as=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$PG_DIR"
    as=(runuser -u postgres --)
  fi
  say "PostgreSQL on 127.0.0.1:$PG_PORT ($PG_DIR)"
  "${as[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log"; return 1; }
  PG_BIN="$bin"
  PG_AS=("${as[@]}")
  PG_OPTIONS="-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=400"
  # PG_DURABLE=1 keeps every acknowledged commit across a crash (the fault drills crash it).
  [ "${PG_DURABLE:-0}" = 1 ] || PG_OPTIONS+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  pg_start || { cat "$PG_DIR/server.log"; return 1; }
  PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
}

# Starts the server of start_postgres (again, after a stop) with its options.
pg_start() {
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "$PG_OPTIONS" start >/dev/null
}

stop_postgres() {
  [ -n "${PG_DIR:-}" ] || return 0
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}

# Writes an nginx configuration into DIR that listens on 127.0.0.1:PORT and spreads requests
# over the nodes' ports (round robin, no stickiness: the nodes share everything through the
# database), then starts nginx in the foreground of a background job; NGINX_PID is its pid.
start_nginx() {
  local dir="$1" port="$2"
  shift 2
  local servers="" node
  for node in "$@"; do servers+="    server 127.0.0.1:$node max_fails=1 fail_timeout=2s;"$'\n'; done
  mkdir -p "$dir/logs"
  cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
error_log $dir/logs/error.log warn;
pid $dir/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  upstream partnerdesk {
$servers    keepalive 16;
  }
  server {
    listen 127.0.0.1:$port;
    # Above the API's largest body (imports: 16 MB), so the app answers in its own format.
    client_max_body_size 17m;
    location / {
      proxy_pass http://partnerdesk;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      # A node that is down or dies: the request goes to the next one (only if nothing was sent).
      # Not on a 503: the database is the same for every node, and a node marked failed for it
      # would turn the JSON 503 into nginx's own 502 page.
      proxy_next_upstream error timeout;
      # Server-sent events (import progress) flow through unbuffered.
      proxy_buffering off;
      proxy_read_timeout 1h;
    }
  }
}
CONF
  /usr/sbin/nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' &
  NGINX_PID=$!
}

# Waits (up to 30 s) until URL answers 2xx.
wait_for_http() {
  python3 - "$1" <<'PY'
import sys, time, urllib.request
for _ in range(300):
    try:
        with urllib.request.urlopen(sys.argv[1], timeout=1) as r:
            if 200 <= r.status < 300:
                sys.exit(0)
    except Exception:
        pass
    time.sleep(0.1)
sys.exit(1)
PY
}
