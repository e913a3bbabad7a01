#!/usr/bin/env bash
# Starts PgBouncer in transaction pooling mode on 127.0.0.1:6432, in front of the PostgreSQL on
# 127.0.0.1:5432 (any database name, the users postgres and root, no password), for the test suite's
# pooler run (TEST_POOLER_URL) and for trying the product behind a pooler. Installs Debian's package
# when missing. Does nothing when something already answers on the port.
#
# The server pool is kept small (PGBOUNCER_POOL_SIZE, default 4 per database and user) so that the
# tests' client connections really share server connections. Files (config, log, pid) go to
# PGBOUNCER_DIR (default /tmp/openlevel-pgbouncer). Stop it with: kill "$(cat "$PGBOUNCER_DIR/pgbouncer.pid")"
set -euo pipefail

port=${PGBOUNCER_PORT:-6432}
dir=${PGBOUNCER_DIR:-/tmp/openlevel-pgbouncer}
pool_size=${PGBOUNCER_POOL_SIZE:-4}

if pg_isready -h 127.0.0.1 -p "$port" -q; then
  echo "PgBouncer: already answering on 127.0.0.1:$port"
  exit 0
fi

binary=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
if [ ! -x "$binary" ]; then
  echo "PgBouncer: installing Debian's package"
  apt-get install -y -qq pgbouncer >/dev/null || {
    apt-get update -qq
    apt-get install -y -qq pgbouncer >/dev/null
  }
  # Where the package's own service was allowed to start (with its config, on the same port), stop it.
  if [ -f /run/postgresql/pgbouncer.pid ]; then
    service pgbouncer stop >/dev/null 2>&1 || kill "$(cat /run/postgresql/pgbouncer.pid)" 2>/dev/null || true
  fi
fi

mkdir -p "$dir"
cat >"$dir/userlist.txt" <<'EOF'
"postgres" ""
"root" ""
EOF
cat >"$dir/pgbouncer.ini" <<EOF
[databases]
; Any database name, on the PostgreSQL beside it (the tests create one database per test file).
* = host=127.0.0.1 port=5432

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
default_pool_size = $pool_size
min_pool_size = 0
reserve_pool_size = 0
max_client_conn = 200
; What clients may send at startup that PgBouncer does not track itself (node-postgres sends none of
; them; JDBC sends extra_float_digits, psql -c options); application_name is tracked natively.
ignore_startup_parameters = extra_float_digits,options
; No reset query between clients: in transaction mode the product must leave nothing behind on its
; own (every tenant setting is transaction-local), which is what the pooler tests check.
server_reset_query =
log_connections = 0
log_disconnections = 0
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
EOF

# PgBouncer refuses to run as root: as root, it runs as postgres.
user_args=()
if [ "$(id -u)" = 0 ]; then
  chown -R postgres "$dir"
  user_args=(-u postgres)
fi
rm -f "$dir/pgbouncer.pid"
"$binary" -d "${user_args[@]}" "$dir/pgbouncer.ini"

for _ in $(seq 1 50); do
  if pg_isready -h 127.0.0.1 -p "$port" -q; then
    echo "PgBouncer: transaction pooling on 127.0.0.1:$port (pool $pool_size per database), files in $dir"
    exit 0
  fi
  sleep 0.2
done
echo "PgBouncer did not start; its log:" >&2
tail -20 "$dir/pgbouncer.log" >&2 || true
exit 1
