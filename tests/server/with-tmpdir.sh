#!/bin/bash
# with-tmpdir.sh COMMAND [ARG...]
#
# Runs a server test with a TMPDIR of its own, made in the TMPDIR it is given
# (a RAM disk, see tests/meson.build), and removes it when the test ends,
# however it ends: a test that fails or is stopped leaves no data directory
# (its MariaDB, some hundred MB) behind. RAPPORT_TEST_KEEP keeps it. The
# test's exit status is this script's.
set -u

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/rapport-tmp-XXXXXX") || exit 1
test_pid=

# shellcheck disable=SC2317 # run by the EXIT trap
clean_up ()
{
  if [ -n "$test_pid" ]; then
    kill "$test_pid" 2>/dev/null
    wait "$test_pid" 2>/dev/null
  fi
  if [ -n "${RAPPORT_TEST_KEEP:-}" ]; then
    echo "with-tmpdir.sh: kept $dir" >&2
  else
    rm -rf "$dir"
  fi
}
trap clean_up EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

export TMPDIR="$dir"
# in the background, so that a signal to this script stops the test at once
"$@" &
test_pid=$!
wait "$test_pid"
status=$?
test_pid=
exit "$status"
