#!/usr/bin/env bash
# bench-import-gbk.sh: an import of N contacts from a GBK CSV saved by Excel, checked
# for duplicates against the data already loaded, and its undo
#
# Usage: bash tests/bench/bench-import-gbk.sh BUILD_DIR [N_ROWS]
#
# Run by bench-size.sh against its loaded rapportd (BENCH_BASE_URL, RAPPORT_TOKEN,
# BENCH_ACCOUNTS), or alone: then it starts rapportd (plain HTTP on loopback) and
# loads BENCH_ACCOUNTS [10000] demo accounts without contacts first, or copies the data
# directory BENCH_IMPORT_DATA (bench-intake.sh's cache of a million accounts: data/).
# Writes N_ROWS [BENCH_IMPORT_ROWS, 100000] contacts with Chinese headers (姓名, 职务,
# 手机, 邮箱, account_id: one of the loaded accounts, each row its own mobile and
# e-mail) in GBK, posts them to POST /contacts/import (encoding detected, mode=all,
# duplicates checked against the stored contacts and the file's earlier rows), then
# undoes the import (POST /imports/ID/undo: every contact archived and audited).
# Prints `RESULT name=import-gbk rows=N seconds=S rows_per_s=R value=R unit=rows/s
# target=>=20000` (with, where it started rapportd, per row: the statements executed, other
# queries, rows read, and the CPU time of rapportd and of mariadbd: stmt_exec, queries,
# rows_read, rapportd_cpu_us, mariadbd_cpu_us, and the search index's postings: postings) and `RESULT name=import-gbk-undo rows=N seconds=S rows_per_s=R`.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:?usage: bench-import-gbk.sh BUILD_DIR [N_ROWS]}" && pwd)
n_rows=${2:-${BENCH_IMPORT_ROWS:-100000}}

for tool in curl jq iconv awk; do
  command -v "$tool" >/dev/null || { echo "bench-import-gbk: $tool is needed" >&2; exit 1; }
done

bench=bench-import-gbk
# shellcheck source=tests/bench/bench-rapportd.sh
source "$here/bench-rapportd.sh"

if [[ -n ${BENCH_BASE_URL:-} ]]; then
  base=$BENCH_BASE_URL
  token=${RAPPORT_TOKEN:?bench-import-gbk: RAPPORT_TOKEN is needed with BENCH_BASE_URL}
elif [[ -n ${BENCH_IMPORT_DATA:-} ]]; then
  # a copy of a loaded data directory (bench-intake.sh's of a million accounts), with bench.admin's password
  say "== copying the data directory $BENCH_IMPORT_DATA"
  cp -a "$BENCH_IMPORT_DATA/." "$data_dir/"
  start_rapportd
  sql "UPDATE role_scopes SET scope = 'company' WHERE role = 'admin'" || die "cannot prepare the admin"
  # the copy starts cold: read the indexes every row writes into, as a fresh load leaves them
  sql "SELECT COUNT(*) FROM dedup_keys FORCE INDEX (dedup_keys_key)" >/dev/null
  sql "SELECT COUNT(*) FROM search_grams" >/dev/null
  token=$(jq -n --arg p "$(<"$data_dir/password")" '{login: "bench.admin", password: $p}' |
            curl -fsS -H 'Content-Type: application/json' --data-binary @- "$base/api/v1/session" | jq -r .token)
  [[ -n $token && $token != null ]] || die "cannot sign in as bench.admin"
else
  n_accounts=${BENCH_ACCOUNTS:-10000}
  start_rapportd
  # the admin sees business data only when given a scope, and keeps the first password
  sql "UPDATE role_scopes SET scope = 'company' WHERE role = 'admin';
       UPDATE users SET must_change_password = 0 WHERE login = 'admin'" || die "cannot prepare the admin"
  say "== loading $n_accounts demo accounts"
  "$admin" --data-dir "$data_dir" demo --accounts "$n_accounts" --no-contacts >"$data_dir/demo.log" 2>&1 ||
    { cat "$data_dir/demo.log" >&2; die "rapport-admin demo failed"; }
  token=$(jq -n --arg p "$(<"$data_dir/initial-admin-password")" '{login: "admin", password: $p}' |
            curl -fsS -H 'Content-Type: application/json' --data-binary @- "$base/api/v1/session" | jq -r .token)
  [[ -n $token && $token != null ]] || die "cannot sign in as admin"
fi
auth=(-H "Authorization: Bearer $token")

# the accounts the contacts belong to: the first page of the loaded ones
curl -fsS "${auth[@]}" "$base/api/v1/accounts?limit=500" | jq -r '.items[].id' >"$data_dir/accounts.txt"
[[ -s $data_dir/accounts.txt ]] || die "no accounts are loaded"

awk -v n="$n_rows" 'NR == FNR { ids[++k] = $1; next }
  END {
    print "姓名,职务,手机,邮箱,account_id\r";
    for (i = 1; i <= n; i++)
      printf "导入联系人%d,采购经理,139%08d,gbk.%d@example.cn,%s\r\n", i, i, i, ids[(i % k) + 1]
  }' "$data_dir/accounts.txt" /dev/null | iconv -f UTF-8 -t GBK >"$data_dir/contacts-gbk.csv"
say "== rapportd at $base; $n_rows contacts, $(wc -c <"$data_dir/contacts-gbk.csv") bytes of GBK"

# the statements and rows read per row, where this script started rapportd and reaches its database
counters=
status_value () { sql "SHOW GLOBAL STATUS LIKE '$1'" | awk '{ sum += $2 } END { print sum + 0 }'; }
[[ -z ${BENCH_BASE_URL:-} ]] && counters=yes
cpu_ticks () { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
if [[ -n $counters ]]; then
  g0=$(sql "SELECT COUNT(*) FROM search_grams")
  exec0=$(status_value Com_stmt_execute); q0=$(status_value Questions); read0=$(status_value 'Handler_read%')
  mariadbd_pid=$(pgrep -f -- "$data_dir/db" | grep -v "^$rapportd_pid\$" | head -1)
  r0=$(cpu_ticks "$rapportd_pid"); m0=$(cpu_ticks "$mariadbd_pid")
fi

out=$(curl -sS -o "$data_dir/answer.json" -w '%{http_code} %{time_total}' "${auth[@]}" \
        -H 'Content-Type: text/csv' --data-binary @"$data_dir/contacts-gbk.csv" \
        "$base/api/v1/contacts/import") || die "the import failed"
read -r status seconds <<<"$out"
[[ $status == 201 ]] || { head -c 2000 "$data_dir/answer.json" >&2; die "the import answered $status"; }
created=$(jq .created "$data_dir/answer.json")
encoding=$(jq -r .encoding "$data_dir/answer.json")
batch=$(jq .batch_id "$data_dir/answer.json")
[[ $created == "$n_rows" ]] || die "created $created of $n_rows"
say "== read as $encoding, batch $batch"
rate=$(awk -v n="$n_rows" -v s="$seconds" 'BEGIN { printf "%d", n / s }')
extra=
if [[ -n $counters ]]; then
  r1=$(cpu_ticks "$rapportd_pid"); m1=$(cpu_ticks "$mariadbd_pid")
  exec1=$(status_value Com_stmt_execute); q1=$(status_value Questions); read1=$(status_value 'Handler_read%')
  g1=$(sql "SELECT COUNT(*) FROM search_grams")
  extra=$(awk -v n="$n_rows" -v e=$((exec1 - exec0)) -v q=$((q1 - q0 - exec1 + exec0)) -v r=$((read1 - read0)) \
            -v rc=$((r1 - r0)) -v mc=$((m1 - m0)) -v hz="$(getconf CLK_TCK)" -v g=$((g1 - g0)) \
            'BEGIN { printf " stmt_exec=%.2f queries=%.2f rows_read=%.2f rapportd_cpu_us=%d mariadbd_cpu_us=%d postings=%.1f",
                     e / n, q / n, r / n, rc * 1e6 / hz / n, mc * 1e6 / hz / n, g / n }')
fi
echo "RESULT name=import-gbk rows=$n_rows seconds=$seconds rows_per_s=$rate value=$rate unit=rows/s target=>=20000$extra"

out=$(curl -sS -o "$data_dir/undo.json" -w '%{http_code} %{time_total}' "${auth[@]}" -X POST \
        "$base/api/v1/imports/$batch/undo") || die "the undo failed"
read -r status seconds <<<"$out"
[[ $status == 200 ]] || { head -c 2000 "$data_dir/undo.json" >&2; die "the undo answered $status"; }
rate=$(awk -v n="$n_rows" -v s="$seconds" 'BEGIN { printf "%d", n / s }')
echo "RESULT name=import-gbk-undo rows=$(jq .undone "$data_dir/undo.json") seconds=$seconds rows_per_s=$rate"
