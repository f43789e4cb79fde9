#!/usr/bin/env bash
# run-bench.sh: every benchmark at each number of accounts, then one table of figures, baselines and targets
#
# Usage: tests/bench/run-bench.sh [BUILD_DIR]          (default: build)
#
# Runs bench-size.sh for each size in BENCH_SIZES (default "10000 1000000"),
# then bench-render once, collects their RESULT lines in BENCH_RESULTS
# (default BUILD_DIR/bench-results.txt) and prints the table of
# bench-table.sh, headed by the machine, its load average at start and end,
# and the settings of the run. The other settings are bench-size.sh's (see
# tests/bench/README). A size that fails leaves n/a in its rows and makes the
# script fail after the table.

set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd) || exit 1
sizes=${BENCH_SIZES:-10000 1000000}
results=${BENCH_RESULTS:-$build/bench-results.txt}
status=0

load_average ()
{
  cut -d' ' -f1 /proc/loadavg
}

for program in bench-pk-select bench-insert bench-render; do
  if [[ ! -x $build/tests/bench/$program ]]; then
    ninja -C "$build" "tests/bench/$program" >/dev/null || { echo "run-bench: cannot build $program" >&2; exit 1; }
  fi
done

load_start=$(load_average)
started=$(date -u +%Y-%m-%dT%H:%MZ)
: >"$results"
echo "== $(nproc) CPUs, load average $load_start; sizes: $sizes; results in $results" >&2

for size in $sizes; do
  echo "== $size accounts" >&2
  if ! "$here/bench-size.sh" "$build" "$size" >>"$results"; then
    echo "run-bench: the run at $size accounts failed" >&2
    status=1
  fi
done

echo "== bench-render" >&2
if render=$("$build/tests/bench/bench-render" "$root/schemas/templates/default.json"); then
  grep -v '^RESULT' <<<"$render" >&2
  grep '^RESULT' <<<"$render" >>"$results"
else
  echo "run-bench: bench-render failed" >&2
  status=1
fi

echo "RESULT name=run nproc=$(nproc) load_start=$load_start load_end=$(load_average) date=$started" \
     "sizes=$(tr -s ' ' ',' <<<"$sizes" | sed 's/^,//; s/,$//') seconds=${BENCH_SECONDS:-10} warmup=${BENCH_WARMUP:-2}" \
     "wrk_threads=${WRK_THREADS:-2} wrk_connections=${WRK_CONNECTIONS:-16}" \
     "latency_connections=${BENCH_LATENCY_CONNECTIONS:-1}" >>"$results"
echo
"$here/bench-table.sh" "$results"
exit $status
