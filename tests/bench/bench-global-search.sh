#!/usr/bin/env bash
# bench-global-search.sh: GET /api/v1/search, one term over every kind of business
# record, by p95 latency: pinyin in full and by initials, one Han character, two
# letters (no gram: every kind walks its table), phone digits, a rare name and nothing
#
# Usage (bench-size.sh runs it against its loaded rapportd):
#   BENCH_BASE_URL=http://127.0.0.1:PORT RAPPORT_TOKEN=TOKEN \
#     tests/bench/bench-global-search.sh [BUILD_DIR]
#
# Every line on stdout is `RESULT name=global-search-... p95_us=... hits=N`, hits
# being the hits the answer held over all kinds. Environment: BENCH_SECONDS [10],
# BENCH_WARMUP [2], BENCH_LATENCY_CONNECTIONS [1].

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
base=${BENCH_BASE_URL:?BENCH_BASE_URL is the rapportd to measure}
token=${RAPPORT_TOKEN:?RAPPORT_TOKEN is a session token of a user who sees every account}
seconds=${BENCH_SECONDS:-10}
warmup=${BENCH_WARMUP:-2}
connections=${BENCH_LATENCY_CONNECTIONS:-1}

for tool in wrk curl jq; do
  command -v "$tool" >/dev/null || { echo "bench-global-search: $tool is needed" >&2; exit 1; }
done

url_encode ()
{
  jq -rn --arg v "$1" '$v | @uri'
}

measure ()
{
  local name=$1 path=$2 answer out hits

  answer=$(curl -fsS -H "Authorization: Bearer $token" "$base$path") ||
    { echo "bench-global-search: GET $path does not answer 200" >&2; exit 1; }
  hits=$(jq '[.groups[].items | length] | add // 0' <<<"$answer")
  [[ $warmup == 0 ]] ||
    BENCH_NAME=$name BENCH_PATH=$path wrk -t1 -c"$connections" -d"${warmup}s" -s "$here/path.lua" "$base" >/dev/null
  out=$(BENCH_NAME=$name BENCH_PATH=$path wrk -t1 -c"$connections" -d"${seconds}s" -s "$here/path.lua" "$base" 2>&1)
  grep '^RESULT' <<<"$out" | sed "s/\$/ connections=$connections hits=$hits/"
  echo "   $name $(grep -o 'p95_us=[0-9]*' <<<"$out") hits=$hits" >&2
}

# the terms of bench-search.sh, as the demo data draws them, once for every kind
while read -r name term; do
  measure "global-search-$name" "/api/v1/search?limit=5&q=$(url_encode "$term")"
done <<TERMS
pinyin-full shanghai
pinyin-rare huaxinyiliao
pinyin-initials shhx
han-one 鲸
han-name 上海华信医疗器械有限公司
latin-two zq
phone 138
none qqqxxyy
TERMS
