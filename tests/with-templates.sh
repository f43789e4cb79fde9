#!/bin/bash
# with-templates.sh COMMAND [ARG...]
#
# Runs COMMAND (a `meson test` of one build) with RAPPORT_TEST_TEMPLATES
# naming a directory of its own, where the test fixture keeps a data
# directory as rapportd leaves its first start and copies it for each fresh
# start instead of initialising MariaDB and migrating again
# (tests/server/rapport-test-template.c). The directory is made on the RAM
# disk when the tests use it (tests/meson.build) and is removed when
# COMMAND ends, however it ends: the next run, of a build that may have
# changed, starts without templates. COMMAND's exit status is this script's.
set -u

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi

base=/tmp
if [ -w /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -ge $((4 * 1024 * 1024)) ]; then
  base=/dev/shm
fi
dir=$(mktemp -d "$base/rapport-templates-XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

export RAPPORT_TEST_TEMPLATES="$dir"
"$@"
