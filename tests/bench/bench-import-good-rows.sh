#!/usr/bin/env bash
# bench-import-good-rows.sh: what mode=good_rows (a savepoint a row) costs an import
#
# Usage: bash tests/bench/bench-import-good-rows.sh BUILD_DIR [N_ROWS]
#
# Starts rapportd (plain HTTP on loopback), writes a CSV of N_ROWS [5000] accounts and
# the same file with every tenth row bad (an industry there is not), and posts them to
# POST /accounts/import.csv as dry runs (checked and written, then rolled back, so
# rounds start alike) BENCH_ROUNDS [3] times each: the good file with mode=all and with
# mode=good_rows, the file with bad rows with mode=good_rows. Every line on stdout is
# `RESULT name=import-CASE rows=N rejected=N best_s=S rows_per_s=R`, from the fastest
# round; progress goes to stderr. Environment: BENCH_ROUNDS [3].

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:?usage: bench-import-good-rows.sh BUILD_DIR [N_ROWS]}" && pwd)
n_rows=${2:-5000}
rounds=${BENCH_ROUNDS:-3}
password="bench import password"

for tool in curl jq mariadb bc; do
  command -v "$tool" >/dev/null || { echo "bench-import-good-rows: $tool is needed" >&2; exit 1; }
done

bench=bench-import-good-rows
# shellcheck source=tests/bench/bench-rapportd.sh
source "$here/bench-rapportd.sh"

start_rapportd
printf '%s' "$password" >"$data_dir/password"
"$admin" --data-dir "$data_dir" user add bench.manager --role manager --name "Bench Manager" \
  --password-file "$data_dir/password" >/dev/null || die "cannot add the user"
token=$(jq -n --arg l bench.manager --arg p "$password" '{login: $l, password: $p}' |
          curl -fsS -H 'Content-Type: application/json' --data-binary @- "$base/api/v1/session" | jq -r .token)
[[ -n $token && $token != null ]] || die "cannot sign in"

awk -v n="$n_rows" 'BEGIN { print "name,code,industry,region";
  for (i = 1; i <= n; i++) printf "Bench Account %d,BI-%d,pharma,Region %d\n", i, i, i % 50 }' >"$data_dir/good.csv"
awk -v n="$n_rows" 'BEGIN { print "name,code,industry,region";
  for (i = 1; i <= n; i++) printf "Bench Account %d,BI-%d,%s,Region %d\n", i, i, (i % 10 == 0 ? "spaceflight" : "pharma"), i % 50 }' >"$data_dir/bad.csv"
say "== rapportd at $base; $n_rows rows a file"

for spec in all:good.csv:all good-rows:good.csv:good_rows good-rows-10pc-bad:bad.csv:good_rows; do
  IFS=: read -r name file mode <<<"$spec"
  best=
  for ((round = 1; round <= rounds; round++)); do
    out=$(curl -sS -o "$data_dir/answer.json" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $token" \
            -H 'Content-Type: text/csv' --data-binary @"$data_dir/$file" \
            "$base/api/v1/accounts/import.csv?dry_run=true&mode=$mode") || die "import $name failed"
    read -r status seconds <<<"$out"
    [[ $status == 200 ]] || { cat "$data_dir/answer.json" >&2; die "import $name answered $status"; }
    if [[ -z $best ]] || (( $(echo "$seconds < $best" | bc) )); then
      best=$seconds
    fi
  done
  rejected=$(jq '.rejected // [] | length' "$data_dir/answer.json")
  echo "RESULT name=import-$name rows=$n_rows rejected=$rejected best_s=$best rows_per_s=$(echo "$n_rows / $best" | bc)"
done
