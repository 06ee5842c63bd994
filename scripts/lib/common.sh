# Shared helpers for scripts/*.sh. Source it; besides the telemetry switch below it changes nothing.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

# Air-gapped by design: Next.js must not try to phone home with telemetry.
export NEXT_TELEMETRY_DISABLED=1

say()  { printf '\033[1;34m▸\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33m!\033[0m %s\n' "$*" >&2; }
die()  { printf '\033[1;31m✗\033[0m %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

apt_updated=""
apt_install() {
  is_root || die "missing Debian packages: $*. Install them (as root: apt-get update && apt-get install -y $*) and run this again."
  command -v apt-get >/dev/null || die "missing: $*; this script installs them only on Debian/Ubuntu (apt-get)."
  if [ -z "$apt_updated" ]; then say "apt-get update"; DEBIAN_FRONTEND=noninteractive apt-get update -qq; apt_updated=1; fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

check_node() {
  command -v node >/dev/null || die "Node.js 20.9+ is required (https://nodejs.org or Debian's nodejs package)."
  local major; major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 20 ] || die "Node.js 20.9+ is required; found $(node --version)."
}

# Install npm packages when node_modules is missing or older than the lock file.
ensure_npm_packages() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  # The Prisma client is generated from prisma/schema.prisma; offline-safe (docs/MIGRATIONS.md).
  if [ ! -f lib/generated/prisma/client.ts ] || [ prisma/schema.prisma -nt lib/generated/prisma/client.ts ]; then
    say "generating the Prisma client"
    npm run -s db:generate >/dev/null
  fi
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_port() { # host port seconds what
  local i
  for ((i = 0; i < $3 * 10; i++)); do port_open "$1" "$2" && return 0; sleep 0.1; done
  die "$4 did not come up on $1:$2 within $3 s"
}
