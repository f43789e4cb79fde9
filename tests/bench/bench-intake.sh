#!/usr/bin/env bash
# bench-intake.sh: leads through POST /api/v1/intake/leads at N accounts, leads/s
#
# Usage: bash tests/bench/bench-intake.sh BUILD_DIR [N_ACCOUNTS]
#
# Starts rapportd (plain HTTP on loopback), loads up to 10,000 demo accounts and their
# contacts (rapport-admin demo) and, past 10,000, copies of them up to N_ACCOUNTS
# [10000] with their duplicate keys in bulk SQL (bench-intake-data.sql); makes an intake
# key (its rate raised to 1,000,000 a minute, so the limit never bites) and one
# round-robin assignment rule over a team of four reps, then measures with wrk
# (intake.lua: company names drawn as the demo accounts' are, so their duplicate keys
# meet the accounts'; unique mobiles and emails), at each number of connections in
# WRK_CONNECTIONS [4 16]:
#   intake-cC         every lead validated, its duplicate keys written, assigned by the
#                     rule (cursor locked), audited, the key's use counted
#   intake-norule-cC  the same with the rule switched off (the lead stays without an owner)
# Each run's line has rps (answers a second), created_s (leads found in the table a
# second: what was stored, not only answered), p95_us, and per lead: the statements
# rapportd executed (stmt_exec), prepared (stmt_prepare; 0 when every statement comes
# from the connection's cache) and re-prepared by MariaDB (stmt_reprepare), queries
# (text protocol: transactions), the rows the handlers read (rows_read: the Handler_read_*
# counters, whatever the machine's load), and the CPU milliseconds of rapportd and of mariadbd
# (inflated when other work shares the cores: compare runs at a like load average).
# Every line on stdout is `RESULT name=... rps=... p95_us=... accounts=N keys=N leads=N`;
# progress goes to stderr. Environment: BENCH_SECONDS [10], BENCH_WARMUP [2],
# WRK_CONNECTIONS [4 16], BENCH_LOAD_JOBS [nproc], BENCH_INTAKE_CACHE (a directory: the
# first run keeps there the data directory as loaded, before any lead, and later runs
# with the same N_ACCOUNTS start from a copy of it instead of loading again), BENCH_WORKERS
# (rapportd's [server] workers; default its own: concurrent intakes are batched at most as
# many at once as there are workers).

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:?usage: bench-intake.sh BUILD_DIR [N_ACCOUNTS]}" && pwd)
n_accounts=${2:-10000}
seconds=${BENCH_SECONDS:-10}
warmup=${BENCH_WARMUP:-2}
connections=${WRK_CONNECTIONS:-4 16}
jobs=${BENCH_LOAD_JOBS:-$(nproc)}
password="bench intake password"

for tool in wrk curl jq mariadb; do
  command -v "$tool" >/dev/null || { echo "bench-intake: $tool is needed" >&2; exit 1; }
done

bench=bench-intake
# shellcheck source=tests/bench/bench-rapportd.sh
source "$here/bench-rapportd.sh"
if [[ -n ${BENCH_WORKERS:-} ]]; then
  rapportd_config=$data_dir/bench-workers.conf
  printf '[server]\nworkers=%s\n' "$BENCH_WORKERS" >"$rapportd_config"
fi

api ()
{
  local method=$1 path=$2 body=${3:-}
  curl -fsS -X "$method" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    ${body:+--data-binary "$body"} "$base/api/v1$path"
}

cache=${BENCH_INTAKE_CACHE:+$BENCH_INTAKE_CACHE/intake-$n_accounts}
if [[ -n $cache && -f $cache/vars ]]; then
  say "== copying the data directory of $n_accounts accounts from $cache"
  cp -a "$cache/data/." "$data_dir/"
  # shellcheck source=/dev/null
  source "$cache/vars"
  start_rapportd
  # the copy starts cold: read the indexes every lead writes into, as a fresh load leaves them
  sql "SELECT COUNT(*) FROM dedup_keys FORCE INDEX (dedup_keys_key)" >/dev/null
  sql "SELECT COUNT(*) FROM search_grams" >/dev/null
else
  start_rapportd
  say "== rapportd at $base; loading $n_accounts demo accounts"
  loaded=$(date +%s.%N)
  "$admin" --data-dir "$data_dir" demo --accounts "$(( n_accounts < 10000 ? n_accounts : 10000 ))" --jobs "$jobs" \
    >"$data_dir/demo.log" 2>&1 || { cat "$data_dir/demo.log" >&2; die "rapport-admin demo failed"; }
  if (( n_accounts > 10000 )); then
    mariadb --socket "$data_dir/db/mariadb.sock" --user root rapport \
      --execute "SOURCE $here/bench-intake-data.sql; CALL bench_intake_accounts($n_accounts)" ||
      die "cannot load the accounts in bulk"
    sql "ANALYZE TABLE accounts, dedup_keys" >/dev/null
  fi
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
  if [[ -n $cache ]]; then
    say "== keeping the loaded data directory in $cache"
    stop_rapportd
    rm -rf "$cache" && mkdir -p "$cache/data"
    cp -a "$data_dir/." "$cache/data/"
    rm -f "$cache/data/rapportd.log"
    printf 'team=%s\nrule=%s\nkey=%s\nkeys=%s\n' "$team" "$rule" "$key" "$keys" >"$cache/vars"
    start_rapportd
  fi
fi
token=$(jq -n --arg l bench.admin --arg p "$password" '{login: $l, password: $p}' |
          curl -fsS -H 'Content-Type: application/json' --data-binary @- "$base/api/v1/session" | jq -r .token)
[[ -n $token && $token != null ]] || die "cannot sign in"

# the server's counters whose names match a LIKE pattern, summed (Com_stmt_execute,
# Handler_read%…)
status_value ()
{
  sql "SHOW GLOBAL STATUS LIKE '$1'" | awk '{ sum += $2 } END { print sum + 0 }'
}

cpu_ticks ()
{
  local pid
  for pid in "$@"; do
    awk '{ print $14 + $15 }' "/proc/$pid/stat"
  done | paste -sd+ | bc
}

mariadbd_pid=$(pgrep -f -- "$data_dir/db" | grep -v "^$rapportd_pid\$" | head -1)
[[ -n $mariadbd_pid ]] || die "cannot find mariadbd"
tick=$(getconf CLK_TCK)
# A / B to two decimals
per ()
{
  echo "scale=2; $1 / $2" | bc
}

run ()
{
  local name=$1 conns=$2 out before_leads after_leads counters=() after=() r0 m0 r1 m1 n extra
  local names=(Com_stmt_execute Com_stmt_prepare Com_stmt_reprepare Questions Handler_read%)
  [[ $warmup == 0 ]] ||
    RAPPORT_INTAKE_KEY=$key BENCH_NAME=$name wrk -t1 -c"$conns" -d"${warmup}s" -s "$here/intake.lua" "$base" >/dev/null
  before_leads=$(sql "SELECT COUNT(*) FROM leads")
  for n in "${names[@]}"; do counters+=("$(status_value "$n")"); done
  r0=$(cpu_ticks "$rapportd_pid"); m0=$(cpu_ticks "$mariadbd_pid")
  out=$(RAPPORT_INTAKE_KEY=$key BENCH_NAME=$name wrk -t1 -c"$conns" -d"${seconds}s" -s "$here/intake.lua" "$base" 2>&1)
  r1=$(cpu_ticks "$rapportd_pid"); m1=$(cpu_ticks "$mariadbd_pid")
  for n in "${names[@]}"; do after+=("$(status_value "$n")"); done
  after_leads=$(sql "SELECT COUNT(*) FROM leads")
  n=$(( after_leads - before_leads ))
  (( n > 0 )) || die "$name stored no lead: $out"
  extra="created_s=$(per "$n" "$seconds")"
  extra+=" stmt_exec=$(per "$(( after[0] - counters[0] ))" "$n")"
  extra+=" stmt_prepare=$(per "$(( after[1] - counters[1] ))" "$n")"
  extra+=" stmt_reprepare=$(per "$(( after[2] - counters[2] ))" "$n")"
  extra+=" queries=$(per "$(( after[3] - counters[3] - after[0] + counters[0] ))" "$n")"
  extra+=" rows_read=$(per "$(( after[4] - counters[4] ))" "$n")"
  extra+=" rapportd_cpu_ms=$(per "$(( (r1 - r0) * 1000 / tick ))" "$n")"
  extra+=" mariadbd_cpu_ms=$(per "$(( (m1 - m0) * 1000 / tick ))" "$n")"
  grep '^RESULT' <<<"$out" | sed "s/\$/ $extra accounts=$n_accounts connections=$conns keys=$keys leads=$after_leads/"
  say "   $name $(grep -o 'rps=[0-9.]*' <<<"$out") $(grep -o 'p95_us=[0-9]*' <<<"$out") $(grep -o 'non2xx=[0-9]*' <<<"$out")"
}

for c in $connections; do
  run "intake-c$c" "$c"
done
spread=$(sql "SELECT GROUP_CONCAT(n ORDER BY owner_id) FROM (SELECT owner_id, COUNT(*) n FROM leads WHERE owner_id IS NOT NULL GROUP BY owner_id) t")
say "   leads per rep: $spread"
api PATCH "/assignment-rules/$rule" "{\"version\":1,\"active\":false}" >/dev/null
for c in $connections; do
  run "intake-norule-c$c" "$c"
done

# the duplicate lookup of the last lead (GET /leads/:id/duplicates, an import's check) as
# rapportd-dedup.c words it: one index range a key, at most 200 rows each
last=$(sql "SELECT MAX(id) FROM leads")
lookup=$(sql "SELECT GROUP_CONCAT(CONCAT('(SELECT entity, record_id, kind FROM dedup_keys WHERE kind = ''', kind,
                                         ''' AND dedup_key = ', QUOTE(dedup_key), ' LIMIT 200)') SEPARATOR ' UNION ALL ')
              FROM dedup_keys WHERE entity = 'lead' AND record_id = $last")
plan=$(sql "EXPLAIN $lookup" | awk -F'\t' '$3 != "" && $3 != "NULL" { printf "%s%s:%s:%s", n++ ? "," : "", $3, $6, $9 }')
say "   duplicate lookup of lead $last (table:key:rows): $plan"
started=$(date +%s%N)
found=$(sql "SELECT COUNT(*) FROM ($lookup) t")
echo "RESULT name=intake-dedup-lookup ms=$(( ($(date +%s%N) - started) / 1000000 )) rows=$found plan=$plan accounts=$n_accounts"
say "   load average: $(cut -d' ' -f1-3 /proc/loadavg)"
