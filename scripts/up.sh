#!/usr/bin/env bash
# npm run up — the whole product on this machine with demo data: services, local S3, database,
# migrations, seed, build, then the web app and every worker. Safe to run again (keeps data).
# Ctrl-C stops everything this script started.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

check_node
ensure_npm_packages
bash scripts/services.sh

# Settings come from .env when present, else the loopback defaults in lib/config.ts.
PORT="${PORT:-3000}" HOST="${HOST:-127.0.0.1}"
S3_PORT=$(node -e 'const u=new URL(process.argv[1]);console.log(u.port||80)' "${S3_ENDPOINT:-http://127.0.0.1:4569}")
# The local SMTP sink stands in for the relay only when SMTP_URL points at this machine.
read -r SMTP_HOST SMTP_PORT < <(node -e 'const u=new URL(process.argv[1]);console.log(u.hostname, u.port||25)' "${SMTP_URL:-smtp://127.0.0.1:2525}")
export NODE_ENV=production ALLOW_DEV_SECRETS="${ALLOW_DEV_SECRETS:-true}" PORT HOST
# The local identity-service simulator (scripts/identity-sim.ts) listens on loopback: webhooks may
# go to private addresses for this script's processes only (never set this in a deployment).
IDENTITY_SIM_PORT="${IDENTITY_SIM_PORT:-4580}"
export WEBHOOK_ALLOW_PRIVATE_TARGETS="${WEBHOOK_ALLOW_PRIVATE_TARGETS:-true}"
# The demo shows auto-assignment: staff who turn it on (queue page) get cases while signed in.
export AUTO_ASSIGN_ENABLED="${AUTO_ASSIGN_ENABLED:-true}"

pids=()
cleanup() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    say "stopping (${#pids[@]} processes)"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap 'cleanup; exit 130' INT TERM
trap cleanup EXIT

# run NAME CMD… — in the background, output prefixed with the name; $! is the command itself.
run() {
  local name=$1; shift
  "$@" > >(sed -u "s/^/[$name] /") 2>&1 &
  pids+=($!)
}

if port_open 127.0.0.1 "$S3_PORT"; then
  say "local S3 already listening on 127.0.0.1:$S3_PORT"
else
  run s3 node --import tsx scripts/s3-server.ts
  wait_port 127.0.0.1 "$S3_PORT" 20 "local S3 (s3rver)"
fi
node --import tsx scripts/ensure-buckets.ts
npm run -s db:migrate
npm run -s db:seed
# A webhook endpoint for the simulator (idempotent; its secret is kept in .data/identity-sim/).
node --import tsx scripts/identity-sim.ts register --port "$IDENTITY_SIM_PORT" || warn "could not register the identity-service simulator's webhook endpoint"

if [ -f .next/BUILD_ID ] && [ -z "$(find app components lib proxy.ts next.config.js postcss.config.mjs package-lock.json -newer .next/BUILD_ID -print -quit 2>/dev/null)" ]; then
  say "build is up to date"
else
  say "building the web app (next build)"
  npx next build >/dev/null || { warn "next build failed; rerun 'npx next build' to see why"; exit 1; }
fi

port_open "$HOST" "$PORT" && die "port $PORT on $HOST is taken; stop what runs there or set PORT=…"
run web npx next start -p "$PORT" -H "$HOST"
# Customer email goes to the local SMTP sink (scripts/smtp-sink.ts); start it before the workers that send.
if [ "$SMTP_HOST" = 127.0.0.1 ] || [ "$SMTP_HOST" = localhost ]; then
  if port_open 127.0.0.1 "$SMTP_PORT"; then
    say "SMTP already listening on 127.0.0.1:$SMTP_PORT"
  elif [ -f scripts/smtp-sink.ts ]; then
    run smtp node --import tsx scripts/smtp-sink.ts
    wait_port 127.0.0.1 "$SMTP_PORT" 20 "local SMTP sink"
  else
    warn "scripts/smtp-sink.ts is missing: outbound email will wait in the queue until an SMTP server listens on $SMTP_PORT"
  fi
fi
run outbox node --import tsx workers/outbox-relay.ts
run scheduler node --import tsx workers/scheduler.ts
run intake node --import tsx workers/intake.ts
wait_port "$HOST" "$PORT" 60 "the web app"
# The identity-service simulator: receives and verifies webhooks, pushes account/device/login events.
if port_open 127.0.0.1 "$IDENTITY_SIM_PORT"; then
  warn "port $IDENTITY_SIM_PORT is taken: the identity-service simulator is not started"
else
  run idsim node --import tsx scripts/identity-sim.ts serve --port "$IDENTITY_SIM_PORT" --push-every "${IDENTITY_SIM_PUSH_EVERY:-30}"
  wait_port 127.0.0.1 "$IDENTITY_SIM_PORT" 20 "the identity-service simulator"
fi

node --import tsx scripts/print-banner.ts
# Stay in the foreground until Ctrl-C or until a process dies (then stop the rest).
wait -n "${pids[@]}" || true
warn "a process exited; stopping the others"
