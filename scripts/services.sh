#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis run on loopback: starts them when installed but stopped, installs
# them with apt when missing (as root), otherwise says exactly what to install.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

PG_HOST=127.0.0.1 PG_PORT=5432 REDIS_HOST=127.0.0.1 REDIS_PORT=6379

ensure_postgres() {
  if pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null || port_open "$PG_HOST" "$PG_PORT"; then return 0; fi
  local fresh=""
  if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    apt_install postgresql postgresql-client
    fresh=1
  fi
  local ver; ver=$(ls /etc/postgresql | sort -V | tail -1)
  if [ -n "$fresh" ]; then
    # A fresh local cluster: let the local postgres user in over loopback without a password, as
    # the defaults in .env.example expect. Only done on a cluster this script installed.
    local hba="/etc/postgresql/$ver/main/pg_hba.conf"
    sed -i '1i host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust' "$hba"
  fi
  say "starting PostgreSQL $ver"
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start || die "PostgreSQL $ver did not start; see /var/log/postgresql/"
  wait_port "$PG_HOST" "$PG_PORT" 30 PostgreSQL
}

ensure_redis() {
  if port_open "$REDIS_HOST" "$REDIS_PORT"; then return 0; fi
  command -v redis-server >/dev/null || apt_install redis-server
  say "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  local dir=/var/lib/redis log=/var/log/redis/gatehouse.log
  [ -w "$dir" ] || { dir="$ROOT/.data/redis"; log="$ROOT/.data/redis/redis.log"; mkdir -p "$dir"; }
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no --dir "$dir" --logfile "$log"
  wait_port "$REDIS_HOST" "$REDIS_PORT" 15 Redis
}

ensure_postgres
ensure_redis
say "PostgreSQL on $PG_HOST:$PG_PORT and Redis on $REDIS_HOST:$REDIS_PORT are running"
