#!/usr/bin/env bash
# bench-intake-ab.sh: two builds' intake throughput compared, run after run in turn
#
# Usage: bash tests/bench/bench-intake-ab.sh BUILD_A BUILD_B [N_ACCOUNTS]
#
# Runs bench-intake.sh against BUILD_A, then BUILD_B, ROUNDS [2] times, so that both
# meet the same machine in turn (on a shared machine one run's figures can be a
# third off the next one's). Each RESULT line of bench-intake.sh is printed with
# `build=A|B round=R load=L` (L: the load average over the last minute as the run
# started). Compare the CPU per lead (rapportd_cpu_ms, mariadbd_cpu_ms) and the
# statements per lead besides rps: on a loaded machine rps follows the load more than
# the code. Environment: ROUNDS; the rest (BENCH_SECONDS, WRK_CONNECTIONS,
# BENCH_WORKERS, BENCH_INTAKE_CACHE…) goes to bench-intake.sh, which each build runs
# from its own source tree when BUILD is a build directory of another checkout.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build_a=$(cd "${1:?usage: bench-intake-ab.sh BUILD_A BUILD_B [N_ACCOUNTS]}" && pwd)
build_b=$(cd "${2:?usage: bench-intake-ab.sh BUILD_A BUILD_B [N_ACCOUNTS]}" && pwd)
n_accounts=${3:-10000}
rounds=${ROUNDS:-2}

# the bench script of the checkout a build directory was set up from
bench_of ()
{
  local source
  source=$(jq -r '.directories.source // empty' "$1/meson-info/meson-info.json" 2>/dev/null || true)
  if [[ -n $source && -f $source/tests/bench/bench-intake.sh ]]; then
    echo "$source/tests/bench/bench-intake.sh"
  else
    echo "$here/bench-intake.sh"
  fi
}

for (( round = 1; round <= rounds; round++ )); do
  for side in A B; do
    build=$build_a
    [[ $side == B ]] && build=$build_b
    load=$(cut -d' ' -f1 /proc/loadavg)
    echo "== round $round, build $side ($build), load $load" >&2
    bash "$(bench_of "$build")" "$build" "$n_accounts" | sed "s/\$/ build=$side round=$round load=$load/"
  done
done
