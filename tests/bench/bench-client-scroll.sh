#!/usr/bin/env bash
# bench-client-scroll.sh: the desktop client scrolls through 100,000 accounts under Xvfb;
# prints the time, the pages fetched and the client's memory (RSS).
#
# Usage: tests/bench/bench-client-scroll.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:-$here/../../build}" && pwd)

export RAPPORTD=$build/server/rapportd RAPPORT_ADMIN=$build/server/rapport-admin
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR=$build/schemas GSK_RENDERER=cairo
export GTK_A11Y=none NO_AT_BRIDGE=1 RAPPORT_LOCALEDIR=$build/po RAPPORT_SCROLL_ALL=1
export RAPPORT_SCREENSHOT_DIR=$build/tests/client/screenshots

xvfb-run -a -s '-screen 0 1280x900x24' "$build/tests/client/test-list-scale" --tap 2>&1 |
  awk '/^SCROLL/ { split($0, f, /[ =]/); printf "client scrolled through %s accounts in %s s: %s pages fetched, RSS %s MB\n", f[3], f[5], f[7], f[9]; found=1 }
       /^not ok/ { print; failed=1 }
       END { exit (found && !failed) ? 0 : 1 }'
