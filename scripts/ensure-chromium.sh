#!/usr/bin/env bash
# End-to-end tests drive Debian's Chromium; Playwright's own browser download is never used.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
if [ -x /usr/bin/chromium ]; then exit 0; fi
apt_install chromium
[ -x /usr/bin/chromium ] || die "chromium did not install at /usr/bin/chromium"
