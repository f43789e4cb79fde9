#!/usr/bin/env bash
# bench-search.sh: the search index beyond bench-size.sh's nine searches: pinyin,
# short terms, searched counts and a search's deep page by p95, and the index's size
#
# Usage (bench-size.sh runs it against its loaded rapportd):
#   BENCH_BASE_URL=http://127.0.0.1:PORT RAPPORT_TOKEN=TOKEN BENCH_SOCKET=MARIADB_SOCKET \
#     tests/bench/bench-search.sh [BUILD_DIR]
#
# Every line on stdout is `RESULT name=search-... p95_us=...`; a count's line
# carries the total it answered and total_exact. Environment: BENCH_SECONDS [10],
# BENCH_WARMUP [2], BENCH_LATENCY_CONNECTIONS [1].

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
base=${BENCH_BASE_URL:?BENCH_BASE_URL is the rapportd to measure}
token=${RAPPORT_TOKEN:?RAPPORT_TOKEN is a session token of a user who sees every account}
seconds=${BENCH_SECONDS:-10}
warmup=${BENCH_WARMUP:-2}
connections=${BENCH_LATENCY_CONNECTIONS:-1}

for tool in wrk curl jq; do
  command -v "$tool" >/dev/null || { echo "bench-search: $tool is needed" >&2; exit 1; }
done

url_encode ()
{
  jq -rn --arg v "$1" '$v | @uri'
}

measure ()
{
  local name=$1 path=$2 answer out extra=

  answer=$(curl -fsS -H "Authorization: Bearer $token" "$base$path") ||
    { echo "bench-search: GET $path does not answer 200" >&2; exit 1; }
  case $path in
    *count=*) extra=" $(jq -r '"total=\(.total) total_exact=\(.total_exact)"' <<<"$answer")" ;;
  esac
  [[ $warmup == 0 ]] ||
    BENCH_NAME=$name BENCH_PATH=$path wrk -t1 -c"$connections" -d"${warmup}s" -s "$here/path.lua" "$base" >/dev/null
  out=$(BENCH_NAME=$name BENCH_PATH=$path wrk -t1 -c"$connections" -d"${seconds}s" -s "$here/path.lua" "$base" 2>&1)
  grep '^RESULT' <<<"$out" | sed "s/\$/ connections=$connections$extra/"
  echo "   $name $(grep -o 'p95_us=[0-9]*' <<<"$out")$extra" >&2
}

# a search's page deep in its results: the cursor after the first 2,000 matches of a common term
common=$(url_encode 有限公司)
deep=$(curl -fsS -H "Authorization: Bearer $token" "$base/api/v1/accounts?limit=500&q=$common" | jq -r .next)
for _ in 1 2 3; do
  [[ $deep == null ]] && break
  deep=$(curl -fsS -H "Authorization: Bearer $token" "$base/api/v1/accounts?limit=500&q=$common&after=$deep" |
         jq -r .next)
done

while read -r name path; do
  measure "search-$name" "$path"
done <<PATHS
pinyin-full /api/v1/accounts?limit=20&q=shanghai
pinyin-rare /api/v1/accounts?limit=20&q=huaxinyiliao
pinyin-initials /api/v1/accounts?limit=20&q=shhx
pinyin-none /api/v1/accounts?limit=20&q=qqqxxyy
han-one /api/v1/accounts?limit=20&q=$(url_encode 鲸)
latin-one /api/v1/accounts?limit=20&q=q
latin-two /api/v1/accounts?limit=20&q=zq
sorted-by-name /api/v1/accounts?limit=20&sort=name&q=$(url_encode 医疗)
count-common /api/v1/accounts?limit=20&count=true&q=Medical
count-rare /api/v1/accounts?limit=20&count=true&q=$(url_encode 上海华信医疗器械有限公司)
count-none /api/v1/accounts?limit=20&count=true&q=Zyxwvut
count-exact /api/v1/accounts?limit=20&count=exact&q=$(url_encode 上海)
PATHS
[[ $deep == null ]] || measure search-deep-page "/api/v1/accounts?limit=20&q=$common&after=$deep"

# the index's size beside the table's
if [[ -n ${BENCH_SOCKET:-} ]] && command -v mariadb >/dev/null; then
  mariadb --socket "$BENCH_SOCKET" --user root --batch --skip-column-names rapport --execute "
    SELECT CONCAT('RESULT name=search-index postings=', (SELECT COUNT(*) FROM search_grams),
                  ' accounts=', (SELECT COUNT(*) FROM accounts),
                  ' index_mb=', ROUND((SELECT data_length + index_length FROM information_schema.tables
                                       WHERE table_schema = 'rapport' AND table_name = 'search_grams') / 1048576),
                  ' accounts_mb=', ROUND((SELECT data_length + index_length FROM information_schema.tables
                                          WHERE table_schema = 'rapport' AND table_name = 'accounts') / 1048576))"
fi
