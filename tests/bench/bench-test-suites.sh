#!/bin/bash
# bench-test-suites.sh BUILD [JOBS] [MESON-TEST-ARGS...]
#
# Runs `meson test -C BUILD --num-processes JOBS` (default 2) with the given
# arguments (e.g. --suite ui) and prints its wall time, the sum of the tests'
# own durations (what one process at a time would take), their ratio, and the
# ten longest tests: the figures to compare before and after a change to how
# the tests are run. The load average is printed first and last: on a busy
# machine the figures say little.
#   bash tests/bench/bench-test-suites.sh build 2 --suite ui
#   bash tests/bench/bench-test-suites.sh build 1 --suite ui
set -u
build=${1:?usage: $0 BUILD [JOBS] [MESON-TEST-ARGS...]}
jobs=${2:-2}
shift
[ $# -gt 0 ] && shift

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
meson test -C "$build" --num-processes "$jobs" --print-errorlogs "$@"
status=$?
end=$(date +%s.%N)
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$build/meson-logs/testlog.json" "$start" "$end" "$jobs" <<'EOF'
import json
import sys

log, start, end, jobs = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
tests = [json.loads(line) for line in open(log)]
total = sum(t['duration'] for t in tests)
wall = end - start
failed = [t['name'] for t in tests if t['result'] not in ('OK', 'EXPECTEDFAIL', 'SKIP')]
print(f"tests: {len(tests)}, failed: {len(failed)} {' '.join(failed)}")
print(f"wall: {wall:.0f} s with {jobs} at a time; sum of the tests' durations: {total:.0f} s; "
      f"ratio {total / wall:.2f}")
for t in sorted(tests, key=lambda t: -t['duration'])[:10]:
    print(f"  {t['duration']:6.1f} s  {t['name']}")
EOF
exit $status
