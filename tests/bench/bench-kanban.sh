#!/usr/bin/env bash
# bench-kanban.sh: the opportunities' board with 5,000 open opportunities (or N) under Xvfb, against a
# throwaway rapportd: the time from opening the board to every column filled (each column's sum checked
# against MariaDB's), then the frames while the first column scrolls 150 px a frame: each frame's own
# work (update to painted; over 16.7 ms misses 60 Hz) and the intervals between frames (over 33.3 ms: a
# frame dropped).
#
# Usage: tests/bench/bench-kanban.sh [BUILD_DIR] [N]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:-$here/../../build}" && pwd)
n=${2:-5000}

export RAPPORTD=$build/server/rapportd RAPPORT_ADMIN=$build/server/rapport-admin
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR=$build/schemas GSK_RENDERER=cairo
export GTK_A11Y=none NO_AT_BRIDGE=1 RAPPORT_LOCALEDIR=$build/po LANG=C.UTF-8
export RAPPORT_SCREENSHOT_DIR=$build/tests/client/screenshots

echo "load: $(uptime)"
xvfb-run -a -s '-screen 0 1280x900x24' "$build/tests/bench/bench-kanban" "$n" "${@:3}"
