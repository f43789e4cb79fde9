#!/usr/bin/env bash
# bench-merge.sh: a merge's answer time by the number of records it re-points,
# and a CSV import's rows/s with its duplicate checks, at N demo accounts
#
# Usage: bash tests/bench/bench-merge.sh BUILD_DIR [N_ACCOUNTS]
#
# Starts rapportd (plain HTTP on loopback), loads N_ACCOUNTS [10000] demo
# accounts and their contacts (rapport-admin demo), then, as a sales rep:
#   merge-import-contacts  imports BENCH_CHILDREN [500] contacts under one account
#                          (each checked for duplicates), rows/s
#   merge                  merges that account into another one: every contact
#                          re-pointed and audited in one transaction, seconds
#   import-checked         imports BENCH_IMPORT_ROWS [2000] accounts, half of them
#                          named and numbered as demo accounts (so each has a
#                          match), every row checked against the database and the
#                          rows before it, rows/s
# Every line on stdout is `RESULT name=... key=value...`; progress goes to stderr.
# Environment: BENCH_CHILDREN, BENCH_IMPORT_ROWS, BENCH_LOAD_JOBS [nproc].

set -euo pipefail

build=$(cd "${1:?usage: bench-merge.sh BUILD_DIR [N_ACCOUNTS]}" && pwd)
n_accounts=${2:-10000}
children=${BENCH_CHILDREN:-500}
import_rows=${BENCH_IMPORT_ROWS:-2000}
jobs=${BENCH_LOAD_JOBS:-$(nproc)}
password="bench merge password"

for tool in curl jq mariadb bc; do
  command -v "$tool" >/dev/null || { echo "bench-merge: $tool is needed" >&2; exit 1; }
done

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bench=bench-merge
# shellcheck source=tests/bench/bench-rapportd.sh
source "$here/bench-rapportd.sh"
start_rapportd

say "== rapportd at $base; loading $n_accounts demo accounts"
"$admin" --data-dir "$data_dir" demo --accounts "$n_accounts" --jobs "$jobs" >"$data_dir/demo.log" 2>&1 ||
  { cat "$data_dir/demo.log" >&2; die "rapport-admin demo failed"; }
printf '%s' "$password" >"$data_dir/password"
"$admin" --data-dir "$data_dir" user add bench.rep --role sales --name "Bench Rep" \
  --password-file "$data_dir/password" >/dev/null || die "cannot add the user"
token=$(jq -n --arg l bench.rep --arg p "$password" '{login: $l, password: $p}' |
          curl -fsS -H 'Content-Type: application/json' --data-binary @- "$base/api/v1/session" | jq -r .token)
[[ -n $token && $token != null ]] || die "cannot sign in"

api ()
{
  curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"
}

# seconds a request takes, its answer in $data_dir/answer
timed ()
{
  curl -sS -o "$data_dir/answer" -w '%{time_total}' -H "Authorization: Bearer $token" "$@"
}

into=$(api --data-binary '{"name":"合并基准存续有限公司","phone":"13900000001"}' "$base/api/v1/accounts" | jq -r .id)
from=$(api --data-binary '{"name":"合并基准被合并有限公司","phone":"13900000002"}' "$base/api/v1/accounts" | jq -r .id)

{
  echo "name,account_id,mobile"
  for i in $(seq "$children"); do printf 'Bench Contact %d,%s,137%08d\n' "$i" "$from" "$i"; done
} >"$data_dir/contacts.csv"
seconds=$(timed -H 'Content-Type: text/csv' --data-binary @"$data_dir/contacts.csv" "$base/api/v1/contacts/import.csv")
[[ $(jq -r .created "$data_dir/answer") == "$children" ]] || die "the contacts' import failed: $(cat "$data_dir/answer")"
echo "RESULT name=merge-import-contacts rows=$children seconds=$seconds rows_per_s=$(echo "scale=1; $children / $seconds" | bc) accounts=$n_accounts"

seconds=$(timed -H 'Content-Type: application/json' --data-binary "{\"from_id\":$from}" "$base/api/v1/accounts/$into/merge")
moved=$(jq -r '.moved.contact // 0' "$data_dir/answer")
[[ $moved == "$children" ]] || die "the merge failed: $(head -c 500 "$data_dir/answer")"
echo "RESULT name=merge children=$moved seconds=$seconds accounts=$n_accounts"
say "   merge of an account with $moved contacts: ${seconds}s"

half=$((import_rows / 2))
{
  echo "name,phone"
  sql "SELECT name, IFNULL(phone, '') FROM accounts WHERE id <= $((half + 2)) AND id > 2 ORDER BY id LIMIT $half" |
    awk -F'\t' '{ gsub(/"/, "\"\"", $1); printf "\"%s\",%s\n", $1, $2 }'
  for i in $(seq $((import_rows - half))); do printf 'Bench Import Works %d,136%08d\n' "$i" "$i"; done
} >"$data_dir/accounts.csv"
rows=$(($(wc -l <"$data_dir/accounts.csv") - 1))
seconds=$(timed -H 'Content-Type: text/csv' --data-binary @"$data_dir/accounts.csv" "$base/api/v1/accounts/import.csv")
[[ $(jq -r .created "$data_dir/answer") == "$rows" ]] || die "the accounts' import failed: $(head -c 500 "$data_dir/answer")"
reported=$(jq -r '.duplicates | length' "$data_dir/answer")
echo "RESULT name=import-checked rows=$rows rows_with_matches=$reported seconds=$seconds rows_per_s=$(echo "scale=1; $rows / $seconds" | bc) accounts=$n_accounts"
say "   import of $rows accounts, $reported with possible duplicates shown to the rep: ${seconds}s"
