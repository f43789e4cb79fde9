#!/usr/bin/env bash
# bench-export.sh: how long GET /contacts/export.csv takes in each format
#
# Usage: bash tests/bench/bench-export.sh BUILD_DIR [N_ACCOUNTS]
#
# Starts rapportd (plain HTTP on loopback), loads N_ACCOUNTS [2000] demo accounts and
# their contacts (rapport-admin demo), signs in as a director (who sees every
# contact) and fetches the whole contact list BENCH_ROUNDS [3] times in each format:
# csv, csv with bom=true, csv with charset=gb18030, xlsx and vcard; then CSV and xlsx with
# references=portable (account codes, owner logins) and four portable columns alone.
# Every line on stdout is `RESULT name=export-FORMAT rows=N bytes=N best_s=S rows_per_s=R`,
# from the fastest round; progress goes to stderr. Environment: BENCH_ROUNDS [3],
# BENCH_LOAD_JOBS [nproc].

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:?usage: bench-export.sh BUILD_DIR [N_ACCOUNTS]}" && pwd)
n_accounts=${2:-2000}
rounds=${BENCH_ROUNDS:-3}
jobs=${BENCH_LOAD_JOBS:-$(nproc)}
password="bench export password"

for tool in curl jq mariadb bc; do
  command -v "$tool" >/dev/null || { echo "bench-export: $tool is needed" >&2; exit 1; }
done

bench=bench-export
# shellcheck source=tests/bench/bench-rapportd.sh
source "$here/bench-rapportd.sh"

start_rapportd
say "== rapportd at $base; loading $n_accounts demo accounts"
"$admin" --data-dir "$data_dir" demo --accounts "$n_accounts" --jobs "$jobs" >"$data_dir/demo.log" 2>&1 ||
  { cat "$data_dir/demo.log" >&2; die "rapport-admin demo failed"; }
printf '%s' "$password" >"$data_dir/password"
"$admin" --data-dir "$data_dir" user add bench.director --role director --name "Bench Director" \
  --password-file "$data_dir/password" >/dev/null || die "cannot add the user"
token=$(jq -n --arg l bench.director --arg p "$password" '{login: $l, password: $p}' |
          curl -fsS -H 'Content-Type: application/json' --data-binary @- "$base/api/v1/session" | jq -r .token)
[[ -n $token && $token != null ]] || die "cannot sign in"
rows=$(sql "SELECT COUNT(*) FROM contacts WHERE restricted = 0")
say "== $rows contacts"

for spec in csv:format=csv csv-bom:bom=true csv-gb18030:charset=gb18030 xlsx:format=xlsx vcard:format=vcard \
            csv-portable:bom=true\&references=portable xlsx-portable:format=xlsx\&references=portable \
            csv-columns:columns=name,account_id,mobile,email\&references=portable; do
  name=${spec%%:*}
  query=${spec#*:}
  best=
  for ((round = 1; round <= rounds; round++)); do
    out=$(curl -fsS -o "$data_dir/export.out" -w '%{time_total} %{size_download}' \
            -H "Authorization: Bearer $token" "$base/api/v1/contacts/export.csv?$query") ||
      die "export $name failed"
    read -r seconds bytes <<<"$out"
    if [[ -z $best ]] || (( $(echo "$seconds < $best" | bc) )); then
      best=$seconds
    fi
  done
  echo "RESULT name=export-$name rows=$rows bytes=$bytes best_s=$best rows_per_s=$(echo "$rows / $best" | bc)"
done
