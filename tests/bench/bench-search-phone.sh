#!/usr/bin/env bash
# bench-search-phone.sh: one phone number of the data searched as people type it (as
# stored, digits only, with +86, the last eight digits) and a number of no one, by p95
#
# Usage (bench-size.sh runs it against its loaded rapportd):
#   BENCH_BASE_URL=http://127.0.0.1:PORT RAPPORT_TOKEN=TOKEN tests/bench/bench-search-phone.sh [BUILD_DIR]
#
# Every line on stdout is `RESULT name=search-phone-... p95_us=... found=N`, found
# being the items of the first page. Environment: BENCH_SECONDS [10], BENCH_WARMUP [2],
# BENCH_LATENCY_CONNECTIONS [1].

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
base=${BENCH_BASE_URL:?BENCH_BASE_URL is the rapportd to measure}
token=${RAPPORT_TOKEN:?RAPPORT_TOKEN is a session token of a user who sees every account}
seconds=${BENCH_SECONDS:-10}
warmup=${BENCH_WARMUP:-2}
connections=${BENCH_LATENCY_CONNECTIONS:-1}

for tool in wrk curl jq; do
  command -v "$tool" >/dev/null || { echo "bench-search-phone: $tool is needed" >&2; exit 1; }
done

url_encode ()
{
  jq -rn --arg v "$1" '$v | @uri'
}

measure ()
{
  local name=$1 term=$2 path found out

  path="/api/v1/accounts?limit=20&q=$(url_encode "$term")"
  found=$(curl -fsS -H "Authorization: Bearer $token" "$base$path" | jq '.items | length') ||
    { echo "bench-search-phone: GET $path does not answer 200" >&2; exit 1; }
  [[ $warmup == 0 ]] ||
    BENCH_NAME=$name BENCH_PATH=$path wrk -t1 -c"$connections" -d"${warmup}s" -s "$here/path.lua" "$base" >/dev/null
  out=$(BENCH_NAME=$name BENCH_PATH=$path wrk -t1 -c"$connections" -d"${seconds}s" -s "$here/path.lua" "$base" 2>&1)
  grep '^RESULT' <<<"$out" | sed "s/\$/ connections=$connections found=$found/"
  echo "   $name $(grep -o 'p95_us=[0-9]*' <<<"$out") found=$found term=$term" >&2
}

# a number of the data, from the middle of the list: "+86 21 62345678" as the demo writes them
stored=$(curl -fsS -H "Authorization: Bearer $token" "$base/api/v1/accounts?limit=200" |
         jq -r '[.items[] | select(.phone != null and (.phone | startswith("+86")))] | .[length / 2 | floor].phone')
[[ -n $stored && $stored != null ]] || { echo "bench-search-phone: no account with a +86 phone" >&2; exit 1; }
digits=${stored//[^0-9]/}
national=0${digits#86}

measure search-phone-as-stored "$stored"
measure search-phone-national "$national"
measure search-phone-plus86 "+$digits"
measure search-phone-last8 "${digits: -8}"
measure search-phone-dashed "${national:0:3}-${national:3:4}-${national:7}"
measure search-phone-nobody "021-0000 0000"
