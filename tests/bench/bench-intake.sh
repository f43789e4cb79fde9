#!/usr/bin/env bash
# bench-intake.sh: leads through POST /api/v1/intake/leads at N demo accounts, leads/s
#
# Usage: bash tests/bench/bench-intake.sh BUILD_DIR [N_ACCOUNTS]
#
# Starts rapportd (plain HTTP on loopback), loads N_ACCOUNTS [10000] demo accounts and
# their contacts (rapport-admin demo), makes an intake key (rate 1,000,000 a minute, so
# the limit never bites) and one round-robin assignment rule over a team of four reps,
# then measures with wrk (intake.lua: company names drawn as the demo accounts' are, so
# their duplicate keys meet the accounts'; unique mobiles and emails):
#   intake        every lead validated, its duplicate keys written, assigned by the rule
#                 (cursor locked), audited, the key's use counted, at WRK_CONNECTIONS [4]
#   intake-c8     the same at 8 connections
#   intake-norule the same with the rule switched off (the lead stays without an owner)
# Every line on stdout is `RESULT name=... rps=... p95_us=... accounts=N keys=N leads=N`;
# progress goes to stderr. Environment: BENCH_SECONDS [10], BENCH_WARMUP [2],
# WRK_CONNECTIONS [4], BENCH_LOAD_JOBS [nproc].

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:?usage: bench-intake.sh BUILD_DIR [N_ACCOUNTS]}" && pwd)
n_accounts=${2:-10000}
seconds=${BENCH_SECONDS:-10}
warmup=${BENCH_WARMUP:-2}
connections=${WRK_CONNECTIONS:-4}
jobs=${BENCH_LOAD_JOBS:-$(nproc)}
password="bench intake password"

for tool in wrk curl jq mariadb; do
  command -v "$tool" >/dev/null || { echo "bench-intake: $tool is needed" >&2; exit 1; }
done

bench=bench-intake
# shellcheck source=tests/bench/bench-rapportd.sh
source "$here/bench-rapportd.sh"

api ()
{
  local method=$1 path=$2 body=${3:-}
  curl -fsS -X "$method" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    ${body:+--data-binary "$body"} "$base/api/v1$path"
}

start_rapportd
say "== rapportd at $base; loading $n_accounts demo accounts"
loaded=$(date +%s.%N)
"$admin" --data-dir "$data_dir" demo --accounts "$n_accounts" --jobs "$jobs" >"$data_dir/demo.log" 2>&1 ||
  { cat "$data_dir/demo.log" >&2; die "rapport-admin demo failed"; }
say "== loaded in $(echo "$(date +%s.%N) - $loaded" | bc) s"
printf '%s' "$password" >"$data_dir/password"
"$admin" --data-dir "$data_dir" user add bench.admin --role admin --name "Bench Admin" \
  --password-file "$data_dir/password" >/dev/null || die "cannot add the administrator"
for rep in 1 2 3 4; do
  "$admin" --data-dir "$data_dir" user add "bench.rep$rep" --role sales --name "Bench Rep $rep" \
    --password-file "$data_dir/password" >/dev/null || die "cannot add a rep"
done

token=$(jq -n --arg l bench.admin --arg p "$password" '{login: $l, password: $p}' |
          curl -fsS -H 'Content-Type: application/json' --data-binary @- "$base/api/v1/session" | jq -r .token)
[[ -n $token && $token != null ]] || die "cannot sign in"
team=$(api POST /teams '{"name":"Bench intake team"}' | jq -r .id)
sql "UPDATE users SET team_id = $team WHERE login LIKE 'bench.rep%'"
rule=$(api POST /assignment-rules "{\"position\":1,\"name\":\"Bench round-robin\",\"target\":\"round_robin\",\"target_team_id\":$team,\"condition\":\"industry != null or region != null\"}" | jq -r .id)
[[ -n $rule && $rule != null ]] || die "cannot make the rule"
key=$(api POST /intake-keys '{"name":"Bench form","channel":"web_form","rate_per_minute":100000}' | jq -r .key)
[[ $key == rik_* ]] || die "cannot make an intake key"
sql "UPDATE intake_keys SET rate_per_minute = 1000000"
keys=$(sql "SELECT COUNT(*) FROM dedup_keys")

run ()
{
  local name=$1 conns=$2 out leads
  [[ $warmup == 0 ]] ||
    RAPPORT_INTAKE_KEY=$key BENCH_NAME=$name wrk -t1 -c"$conns" -d"${warmup}s" -s "$here/intake.lua" "$base" >/dev/null
  out=$(RAPPORT_INTAKE_KEY=$key BENCH_NAME=$name wrk -t1 -c"$conns" -d"${seconds}s" -s "$here/intake.lua" "$base" 2>&1)
  leads=$(sql "SELECT COUNT(*) FROM leads")
  grep '^RESULT' <<<"$out" | sed "s/\$/ accounts=$n_accounts connections=$conns keys=$keys leads=$leads/"
  say "   $name $(grep -o 'rps=[0-9.]*' <<<"$out") $(grep -o 'p95_us=[0-9]*' <<<"$out") $(grep -o 'non2xx=[0-9]*' <<<"$out")"
}

run intake "$connections"
run intake-c8 8
spread=$(sql "SELECT GROUP_CONCAT(n ORDER BY owner_id) FROM (SELECT owner_id, COUNT(*) n FROM leads WHERE owner_id IS NOT NULL GROUP BY owner_id) t")
say "   leads per rep: $spread"
api PATCH "/assignment-rules/$rule" "{\"version\":1,\"active\":false}" >/dev/null
run intake-norule "$connections"
