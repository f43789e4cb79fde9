#!/usr/bin/env bash
# bench-dedup.sh: creates with duplicate checks at N demo accounts, creates/s with
# the duplicate-key index and without it, and the on-demand check's p95
#
# Usage: bash tests/bench/bench-dedup.sh BUILD_DIR [N_ACCOUNTS]
#
# Starts rapportd (plain HTTP on loopback), loads N_ACCOUNTS [10000] demo accounts
# and their contacts (rapport-admin demo), restarts rapportd so that its start-up
# step keys any row not keyed yet (timed: backfill_s), then measures with wrk:
#   dedup-create          POST /accounts (create.lua: unique names, random phones),
#                         each checked against dedup_keys, at WRK_CONNECTIONS [4]
#   dedup-check           GET /accounts/:id/duplicates of a demo account, at 1 connection
#   dedup-create-noindex  the same creates once dedup_keys has lost its (kind, dedup_key)
#                         index: every check reads the whole table
# Every line on stdout is `RESULT name=... rps=... p95_us=... accounts=N keys=N`;
# progress goes to stderr. Environment: BENCH_SECONDS [10], BENCH_WARMUP [2],
# WRK_CONNECTIONS [4], BENCH_LOAD_JOBS [nproc].

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:?usage: bench-dedup.sh BUILD_DIR [N_ACCOUNTS]}" && pwd)
n_accounts=${2:-10000}
seconds=${BENCH_SECONDS:-10}
warmup=${BENCH_WARMUP:-2}
connections=${WRK_CONNECTIONS:-4}
jobs=${BENCH_LOAD_JOBS:-$(nproc)}
password="bench dedup password"

for tool in wrk curl jq mariadb; do
  command -v "$tool" >/dev/null || { echo "bench-dedup: $tool is needed" >&2; exit 1; }
done

bench=bench-dedup
# shellcheck source=tests/bench/bench-rapportd.sh
source "$here/bench-rapportd.sh"

start_rapportd
say "== rapportd at $base; loading $n_accounts demo accounts"
"$admin" --data-dir "$data_dir" demo --accounts "$n_accounts" --jobs "$jobs" >"$data_dir/demo.log" 2>&1 ||
  { cat "$data_dir/demo.log" >&2; die "rapport-admin demo failed"; }
printf '%s' "$password" >"$data_dir/password"
"$admin" --data-dir "$data_dir" user add bench.rep --role sales --name "Bench Rep" \
  --password-file "$data_dir/password" >/dev/null || die "cannot add the user"

# forgetting how far the start-up step went makes it key every account and contact again
sql "DELETE FROM dedup_backfill" || die "cannot reset the backfill"
stop_rapportd
started=$(date +%s.%N)
start_rapportd
backfill=$(echo "$(date +%s.%N) - $started" | bc)
keys=$(sql "SELECT COUNT(*) FROM dedup_keys")
say "== restarted (keys made again for every account and contact) in ${backfill}s; $keys keys"

token=$(jq -n --arg l bench.rep --arg p "$password" '{login: $l, password: $p}' |
          curl -fsS -H 'Content-Type: application/json' --data-binary @- "$base/api/v1/session" | jq -r .token)
owner=$(curl -fsS -H "Authorization: Bearer $token" "$base/api/v1/session" | jq -r .id)
[[ -n $token && $token != null ]] || die "cannot sign in"
# a demo account the rep may read: the rep's own copy of one
first=$(curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
          --data-binary '{"name":"上海华信医疗器械有限公司","phone":"13800000000"}' "$base/api/v1/accounts")
jq -e '.possible_duplicates' >/dev/null <<<"$first" || die "a create does not answer possible_duplicates"
first_id=$(jq -r .id <<<"$first")

echo "RESULT name=dedup-backfill seconds=$backfill accounts=$n_accounts keys=$keys"

creates ()
{
  local name=$1 out
  [[ $warmup == 0 ]] ||
    RAPPORT_TOKEN=$token BENCH_OWNER=$owner BENCH_NAME=$name \
      wrk -t1 -c"$connections" -d"${warmup}s" -s "$here/create.lua" "$base" >/dev/null
  out=$(RAPPORT_TOKEN=$token BENCH_OWNER=$owner BENCH_NAME=$name \
          wrk -t1 -c"$connections" -d"${seconds}s" -s "$here/create.lua" "$base" 2>&1)
  grep '^RESULT' <<<"$out" | sed "s/\$/ accounts=$n_accounts connections=$connections keys=$keys/"
  say "   $name $(grep -o 'rps=[0-9.]*' <<<"$out") $(grep -o 'p95_us=[0-9]*' <<<"$out")"
}

creates dedup-create

out=$(RAPPORT_TOKEN=$token BENCH_NAME=dedup-check BENCH_PATH=/api/v1/accounts/$first_id/duplicates \
        wrk -t1 -c1 -d"${seconds}s" -s "$here/path.lua" "$base" 2>&1)
grep '^RESULT' <<<"$out" | sed "s/\$/ accounts=$n_accounts connections=1 keys=$keys/"
say "   dedup-check $(grep -o 'p95_us=[0-9]*' <<<"$out")"

sql "ALTER TABLE dedup_keys DROP INDEX dedup_keys_key" || die "cannot drop the index"
creates dedup-create-noindex
