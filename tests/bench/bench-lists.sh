#!/usr/bin/env bash
# bench-lists.sh: what lists that say whose and for whom cost: list pages that
# carry the names of owners and customers, the owner filters, contacts found by
# their company's name, and the re-indexing of an account's contacts on a rename
#
# Usage:
#   bash tests/bench/bench-lists.sh BUILD_DIR
#       starts its own throwaway rapportd (plain HTTP on loopback) and measures
#   BENCH_BASE_URL=http://127.0.0.1:PORT RAPPORT_TOKEN=TOKEN bash tests/bench/bench-lists.sh
#       measures a running rapportd
# It writes records, so it is not executable: bench-size.sh, whose reads expect
# exactly N accounts, runs only the executable bench-*.sh.
#
# It adds one account with BENCH_LIST_CONTACTS contacts [300] and times, by wrk
# at BENCH_LATENCY_CONNECTIONS connections [1]: a page of 50 accounts and of
# 50 contacts (names of owner, creator, editor and company), the owner filters
# me and team, and a contacts search by the company's name; then, by curl, the
# rename of that account, which re-indexes its contacts (median of 5).
# Every line on stdout is `RESULT name=lists-... p95_us=...` or `... ms=...`.
# Environment: BENCH_SECONDS [5], BENCH_WARMUP [1].

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
seconds=${BENCH_SECONDS:-5}
warmup=${BENCH_WARMUP:-1}
connections=${BENCH_LATENCY_CONNECTIONS:-1}
n_contacts=${BENCH_LIST_CONTACTS:-300}

for tool in wrk curl jq; do
  command -v "$tool" >/dev/null || { echo "bench-lists: $tool is needed" >&2; exit 1; }
done

data_dir=
rapportd_pid=
cleanup ()
{
  [[ -z $rapportd_pid ]] || { kill -TERM "$rapportd_pid" 2>/dev/null; wait "$rapportd_pid" 2>/dev/null || true; }
  [[ -z $data_dir ]] || rm -rf "$data_dir"
}
trap cleanup EXIT

if [[ -z ${BENCH_BASE_URL:-} ]]; then
  build=$(cd "${1:?usage: bench-lists.sh BUILD_DIR}" && pwd)
  data_dir=$(mktemp -d "${TMPDIR:-/tmp}/rapport-bench-lists.XXXXXX")
  printf '[server]\nworkers=8\n' >"$data_dir/rapportd.conf"
  "$build/server/rapportd" --config "$data_dir/rapportd.conf" --data-dir "$data_dir" --listen 127.0.0.1:0 --no-tls \
    >"$data_dir/rapportd.log" 2>&1 &
  rapportd_pid=$!
  for _ in $(seq 3000); do
    grep -q 'Listening on' "$data_dir/rapportd.log" && break
    kill -0 "$rapportd_pid" 2>/dev/null || { cat "$data_dir/rapportd.log" >&2; exit 1; }
    sleep 0.1
  done
  port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$data_dir/rapportd.log" | head -1)
  BENCH_BASE_URL=http://127.0.0.1:$port
  mariadb --socket "$data_dir/db/mariadb.sock" --user root rapport \
    --execute "UPDATE role_scopes SET scope = 'company' WHERE role = 'admin';
               UPDATE users SET must_change_password = 0 WHERE login = 'admin'"
  RAPPORT_TOKEN=$(jq -n --arg p "$(<"$data_dir/initial-admin-password")" '{login: "admin", password: $p}' |
                  curl -fsS -H 'Content-Type: application/json' --data-binary @- "$BENCH_BASE_URL/api/v1/session" |
                  jq -r .token)
fi
base=$BENCH_BASE_URL
token=${RAPPORT_TOKEN:?RAPPORT_TOKEN is a session token of a user who sees every account}
export RAPPORT_TOKEN
auth=(-H "Authorization: Bearer $token")

post ()
{
  curl -fsS "${auth[@]}" -H 'Content-Type: application/json' --data-binary "$2" "$base$1"
}

# the account and its contacts, in a few parallel streams
stamp=$(date +%s%N)
account=$(post /api/v1/accounts "{\"name\":\"瑞安制药 Bench $stamp\"}" | jq -r .id)
streams=()
for stream in 0 1 2 3; do
  for ((i = stream; i < n_contacts; i += 4)); do
    post /api/v1/contacts "{\"name\":\"Bench Contact $i\",\"account_id\":$account}" >/dev/null
  done &
  streams+=($!)
done
# not a bare wait: that would wait for a rapportd started here too
wait "${streams[@]}"
for _ in 1 2 3 4 5 6 7 8 9 10; do
  post /api/v1/accounts "{\"name\":\"Bench Filler $stamp $RANDOM\"}" >/dev/null
done

measure ()
{
  local name=$1 path=$2 out

  curl -fsS "${auth[@]}" "$base$path" >/dev/null || { echo "bench-lists: GET $path does not answer 200" >&2; exit 1; }
  [[ $warmup == 0 ]] ||
    BENCH_NAME=$name BENCH_PATH=$path wrk -t1 -c"$connections" -d"${warmup}s" -s "$here/path.lua" "$base" >/dev/null
  out=$(BENCH_NAME=$name BENCH_PATH=$path wrk -t1 -c"$connections" -d"${seconds}s" -s "$here/path.lua" "$base" 2>&1)
  grep '^RESULT' <<<"$out" | sed "s/\$/ connections=$connections/"
  echo "   $name $(grep -o 'p95_us=[0-9]*' <<<"$out")" >&2
}

measure lists-accounts-page "/api/v1/accounts?limit=50"
measure lists-contacts-page "/api/v1/contacts?limit=50"
measure lists-owner-me "/api/v1/accounts?limit=50&owner_id=me"
measure lists-owner-team "/api/v1/accounts?limit=50&owner_id=team"
measure lists-contacts-by-company "/api/v1/contacts?limit=20&q=$(jq -rn --arg v "瑞安制药 Bench $stamp" '$v | @uri')"

# a rename re-indexes the account's contacts in its transaction
times=()
for round in 1 2 3 4 5; do
  version=$(curl -fsS "${auth[@]}" "$base/api/v1/accounts/$account" | jq -r .version)
  times+=("$(curl -fsS -o /dev/null -w '%{time_total}' "${auth[@]}" -X PATCH -H 'Content-Type: application/json' \
               --data-binary "{\"version\":$version,\"name\":\"瑞安制药 Bench $stamp r$round\"}" \
               "$base/api/v1/accounts/$account")")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
echo "RESULT name=lists-rename-reindex contacts=$n_contacts ms=$(awk -v s="$median" 'BEGIN { printf "%.1f", s * 1000 }')"
echo "   lists-rename-reindex of $n_contacts contacts: $(awk -v s="$median" 'BEGIN { printf "%.1f", s * 1000 }') ms" >&2
