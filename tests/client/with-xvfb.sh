#!/bin/bash
# with-xvfb.sh [--screen WxHxD] [--session-bus] [--] COMMAND [ARG...]
#
# (xvfb-run's -a is taken and means nothing here: the display is always
# chosen by Xvfb; its -s 'ARGS' gives Xvfb's arguments instead of --screen's.)
#
# Runs a client test on an X server of its own, so that several run at once:
# Xvfb chooses a free display number itself (-displayfd, with its lock file:
# two starting together never take the same one) and writes it once it
# accepts connections; the test starts once a client (xdpyinfo) has been
# answered on it, and a display that answers none within 10 s is an error
# that names it, with Xvfb's log. The test gets a private XDG_RUNTIME_DIR and no session
# bus from the caller (with --session-bus, one of its own from
# dbus-run-session), so that two tests share no bus, no accessibility bus and
# no socket. Xvfb is stopped whatever way the test ends; the test's exit
# status is this script's. What the test leaves in its TMPDIR (a private one
# too: data directories, compiled locales) goes with it, unless
# RAPPORT_TEST_KEEP is set.
set -u

server_args="-screen 0 1280x900x24"
session_bus=false
while [ $# -gt 0 ]; do
  case "$1" in
    --screen) server_args="-screen 0 $2"; shift 2 ;;
    -s) server_args=$2; shift 2 ;;
    -a) shift ;;
    --session-bus) session_bus=true; shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done
if [ $# -eq 0 ]; then
  echo "usage: $0 [--screen WxHxD] [--session-bus] [--] COMMAND [ARG...]" >&2
  exit 2
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/rapport-xvfb-XXXXXX") || exit 1
xvfb_pid=
test_pid=

# shellcheck disable=SC2317 # run by the EXIT trap
stop_xvfb ()
{
  if [ -n "$test_pid" ]; then
    kill "$test_pid" 2>/dev/null
    wait "$test_pid" 2>/dev/null
  fi
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null
    wait "$xvfb_pid" 2>/dev/null
    xvfb_pid=
  fi
  if [ -n "${RAPPORT_TEST_KEEP:-}" ]; then
    rm -rf "$dir/displayfd" "$dir/runtime"
    echo "with-xvfb.sh: kept $dir" >&2
  else
    rm -rf "$dir"
  fi
}
trap stop_xvfb EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# Xvfb writes the display's number into the pipe when it is ready, or exits
# (closing it) when it cannot start: the read below waits for exactly that
mkfifo "$dir/displayfd" || exit 1
# shellcheck disable=SC2086 # the server's arguments are words
Xvfb -displayfd 3 -nolisten tcp $server_args \
  3>"$dir/displayfd" </dev/null >"$dir/xvfb.log" 2>&1 &
xvfb_pid=$!
display=
read -r display <"$dir/displayfd"
case "$display" in
  ''|*[!0-9]*)
    echo "with-xvfb.sh: Xvfb did not start:" >&2
    cat "$dir/xvfb.log" >&2
    exit 1 ;;
esac

export DISPLAY=":$display"
# the display answers a client before the test starts (xdpyinfo, x11-utils)
answered=false
for _ in $(seq 100); do
  if xdpyinfo >/dev/null 2>&1; then answered=true; break; fi
  kill -0 "$xvfb_pid" 2>/dev/null || break
  sleep 0.1
done
if ! $answered; then
  echo "with-xvfb.sh: Xvfb reported display $DISPLAY, which answers no client:" >&2
  cat "$dir/xvfb.log" >&2
  exit 1
fi
unset DBUS_SESSION_BUS_ADDRESS
mkdir -m 0700 "$dir/runtime" "$dir/tmp" || exit 1
export XDG_RUNTIME_DIR="$dir/runtime"
export TMPDIR="$dir/tmp"

# the test runs in the background so that a signal to this script stops it
# at once (the traps run while `wait` waits, not after the test)
if $session_bus; then
  dbus-run-session -- "$@" &
else
  "$@" &
fi
test_pid=$!
wait "$test_pid"
status=$?
test_pid=
exit "$status"
