#!/usr/bin/env bash
# bench-size.sh: every measure of `make bench` at one number of accounts, as RESULT lines
#
# Usage: tests/bench/bench-size.sh BUILD_DIR N_ACCOUNTS
#
# Starts a throwaway rapportd (plain HTTP on loopback, BENCH_WORKERS workers),
# loads N demo accounts (or copies them from BENCH_DATA_CACHE), signs in as
# admin and measures, against the same MariaDB:
#   through rapportd (wrk)   GET by id, /health, creates at 4 and 16 connections
#                            (throughput); GET by id, first page, deep cursor
#                            page, count=true and nine searches (latency at
#                            BENCH_LATENCY_CONNECTIONS connections)
#   raw (Connector/C)        PK SELECT (the columns of a GET by id), the same with
#                            the names of its references as rapportd reads them,
#                            session lookup + PK SELECT, single-row
#                            INSERT and the create's transaction without audit
#   other benchmarks         bench-audit and bench-count-plan when they are built;
#                            bench-preview.sh, bench-search.sh and any
#                            other executable tests/bench/bench-*.sh of that kind
#   rapportd                 resident memory idle before the load and after the run
# Every line on stdout is `RESULT name=... size=N key=value ...`; progress goes
# to stderr. tests/bench/bench-table.sh turns the lines into the table.
#
# A count's line carries the total it answered and total_exact.
#
# Environment (defaults in brackets):
#   BENCH_SECONDS [10] BENCH_WARMUP [2]   length of each measured / discarded run
#   WRK_THREADS [2] WRK_CONNECTIONS [16]  wrk for the throughput runs
#   BENCH_LATENCY_CONNECTIONS [1]         wrk connections for the latency runs
#   BENCH_WORKERS [16]                    rapportd's [server] workers
#   BENCH_HTTP_THREADS                    rapportd's [server] http_threads (default: its own)
#   BENCH_MARIADBD_OPTIONS                its [embedded] mariadbd_options (default: none)
#   BENCH_LOAD_JOBS [nproc]               rapport-admin demo --jobs (accounts without
#                                         contacts), when it has it
#   BENCH_DATA_CACHE                      a directory keeping each size's loaded data
#                                         directory between runs (default: none)
#   BENCH_KEEP=1                          keep the data directory

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:?usage: bench-size.sh BUILD_DIR N_ACCOUNTS}" && pwd)
n_accounts=${2:?usage: bench-size.sh BUILD_DIR N_ACCOUNTS}
# whole seconds: wrk takes no fractions
seconds=${BENCH_SECONDS:-10}
warmup=${BENCH_WARMUP:-2}
wrk_threads=${WRK_THREADS:-2}
wrk_connections=${WRK_CONNECTIONS:-16}
latency_connections=${BENCH_LATENCY_CONNECTIONS:-1}
workers=${BENCH_WORKERS:-16}
load_jobs=${BENCH_LOAD_JOBS:-$(nproc)}

rapportd=$build/server/rapportd
admin=$build/server/rapport-admin
pk_select=$build/tests/bench/bench-pk-select
insert=$build/tests/bench/bench-insert
create_tx=$build/tests/bench/bench-create-tx

die ()
{
  echo "bench-size: $*" >&2
  exit 1
}

say ()
{
  echo "$*" >&2
}

[[ $seconds =~ ^[1-9][0-9]*$ ]] || die "BENCH_SECONDS must be a whole number of seconds"
[[ $warmup =~ ^[0-9]+$ ]] || die "BENCH_WARMUP must be a whole number of seconds"

for tool in wrk curl jq awk sha256sum mariadb; do
  command -v "$tool" >/dev/null || die "$tool is needed (apt-get install $tool)"
done
for program in "$rapportd" "$admin" "$pk_select" "$insert"; do
  [[ -x $program ]] || die "no $program; build first"
done

data_dir=$(mktemp -d "${TMPDIR:-/tmp}/rapport-bench.XXXXXX")
rapportd_pid=

stop_rapportd ()
{
  if [[ -n $rapportd_pid ]] && kill -0 "$rapportd_pid" 2>/dev/null; then
    kill -TERM "$rapportd_pid"
    for _ in $(seq 600); do
      kill -0 "$rapportd_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$rapportd_pid" 2>/dev/null && say "bench-size: rapportd $rapportd_pid did not stop"
  fi
  rapportd_pid=
}

cleanup ()
{
  stop_rapportd
  if [[ ${BENCH_KEEP:-0} == 1 ]]; then
    say "bench-size: kept $data_dir"
  else
    rm -rf "$data_dir"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# the value of key=... in a RESULT line
field ()
{
  sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<"$2"
}

# a RESULT line of this size on stdout, and echoed to stderr
emit ()
{
  local name=$1 line=$2

  line=$(sed -E 's/^RESULT//; s/(^|[[:space:]])name=[^[:space:]]*//' <<<"$line")
  echo "RESULT name=$name size=$n_accounts$line"
  say "   $name$line"
}

rss_kb ()
{
  awk '/^VmRSS:/ { print $2 }' "/proc/$rapportd_pid/status"
}

write_config ()
{
  {
    echo "[server]"
    echo "workers=$workers"
    [[ -z ${BENCH_HTTP_THREADS:-} ]] || echo "http_threads=$BENCH_HTTP_THREADS"
    [[ -z ${BENCH_MARIADBD_OPTIONS:-} ]] || printf '[embedded]\nmariadbd_options=%s\n' "$BENCH_MARIADBD_OPTIONS"
  } >"$data_dir/rapportd.conf"
}
write_config

start_rapportd ()
{
  local listening=

  # port 0: the kernel picks a free port, rapportd logs which
  "$rapportd" --config "$data_dir/rapportd.conf" --data-dir "$data_dir" --listen 127.0.0.1:0 --no-tls \
    >>"$data_dir/rapportd.log" 2>&1 &
  rapportd_pid=$!
  for _ in $(seq 3000); do
    # the line of this start: the log keeps those of earlier ones
    listening=$(grep 'Listening on' "$data_dir/rapportd.log" | sed -n "$1p" || true)
    [[ -n $listening ]] && break
    kill -0 "$rapportd_pid" 2>/dev/null || { cat "$data_dir/rapportd.log" >&2; die "rapportd exited"; }
    sleep 0.1
  done
  [[ -n $listening ]] || die "rapportd did not start in 300 s"
  port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' <<<"$listening")
  base=http://127.0.0.1:$port
  for _ in $(seq 300); do
    curl -fsS "$base/api/v1/health" >/dev/null 2>&1 && break
    sleep 0.1
  done
  curl -fsS "$base/api/v1/health" >/dev/null || die "$base/api/v1/health does not answer"
  # rapportd's own words for its threads, e.g. "(embedded database, 2 HTTP threads, 16 workers)"
  echo "RESULT name=rapportd size=$n_accounts load_average=$(cut -d' ' -f1 /proc/loadavg) workers=$(sed -n 's/.* \([0-9]*\) workers.*/\1/p' <<<"$listening") \
http_threads=$(sed -n 's/.* \([0-9]*\) [A-Za-z ]*HTTP threads\{0,1\}.*/\1/p' <<<"$listening" | grep . || echo 1)"
}

socket=$data_dir/db/mariadb.sock
cache=
# a cache holds the data of one schema: migrations that change start it afresh
[[ -z ${BENCH_DATA_CACHE:-} ]] ||
  cache=$BENCH_DATA_CACHE/accounts-$n_accounts-$(cat "$here"/../../schemas/sql/*.sql | sha256sum | cut -c1-12)
if [[ -n $cache && -d $cache ]]; then
  say "== rapportd in $data_dir, $n_accounts accounts copied from $cache"
  cp -a "$cache/." "$data_dir/"
  rm -f "$data_dir/rapportd.log"
  # the configuration of this run, not the cached one
  write_config
  start_rapportd 1
  echo "RESULT name=load size=$n_accounts seconds=cached"
  sleep 2
  emit rapportd-idle-rss "RESULT rss_kb=$(rss_kb)"
else
  say "== rapportd in $data_dir"
  start_rapportd 1
  sleep 2
  emit rapportd-idle-rss "RESULT rss_kb=$(rss_kb)"
  # the benchmark signs in as admin, who sees business data only when given a scope
  # and would otherwise have to replace the initial password first
  mariadb --socket "$socket" --user root rapport \
    --execute "UPDATE role_scopes SET scope = 'company' WHERE role = 'admin';
               UPDATE users SET must_change_password = 0 WHERE login = 'admin'" || die "cannot prepare the admin"

  # the contacts take twice the accounts' time and no measure reads them
  jobs=()
  if "$admin" --help 2>/dev/null | grep -q -- '--jobs'; then
    jobs=(--jobs "$load_jobs" --no-contacts)
  fi
  say "== loading $n_accounts demo accounts ${jobs[*]}"
  load_start=$(date +%s.%N)
  "$admin" --data-dir "$data_dir" demo --accounts "$n_accounts" "${jobs[@]}" >"$data_dir/demo.log" 2>&1 ||
    { cat "$data_dir/demo.log" >&2; die "rapport-admin demo failed"; }
  load_seconds=$(awk -v a="$load_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  emit load "RESULT seconds=$load_seconds jobs=${jobs[1]:-1}"
  if [[ -n $cache ]]; then
    say "== keeping the loaded data in $cache"
    stop_rapportd
    mkdir -p "$BENCH_DATA_CACHE"
    rm -rf "$cache.partial"
    cp -a "$data_dir" "$cache.partial"
    mv "$cache.partial" "$cache"
    start_rapportd 2
  fi
fi
[[ $n_accounts -gt 0 ]] || die "N_ACCOUNTS must be positive"

password=$(<"$data_dir/initial-admin-password")
token=$(jq -n --arg p "$password" '{login: "admin", password: $p}' |
        curl -fsS -H 'Content-Type: application/json' --data-binary @- "$base/api/v1/session" |
        jq -r .token)
[[ -n $token && $token != null ]] || die "cannot sign in as admin"
owner=$(mariadb --socket "$socket" --user root rapport --batch --skip-column-names \
          --execute "SELECT id FROM users WHERE login = 'admin'")
# rapportd keeps the hex SHA-256 of a token in sessions.token_hash
token_hash=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
auth=(-H "Authorization: Bearer $token")
export RAPPORT_TOKEN=$token BENCH_ACCOUNTS=$n_accounts BENCH_OWNER=$owner

# the endpoints answer as expected before they are timed
got=$(curl -fsS "${auth[@]}" "$base/api/v1/accounts/$n_accounts" | jq -r .id)
[[ $got == "$n_accounts" ]] || die "GET /api/v1/accounts/$n_accounts answered id $got"
[[ $(field missing "$("$pk_select" "$socket" "$n_accounts" 0.2 1 "$token_hash")") == 0 ]] ||
  die "bench-pk-select misses rows or the admin's session"

base64url_decode ()
{
  local text
  text=$(tr -- '-_' '+/' <<<"$1")
  while (( ${#text} % 4 )); do text+="="; done
  base64 -d <<<"$text" 2>/dev/null || true
}

url_encode ()
{
  jq -rn --arg text "$1" '$text | @uri'
}

# a deep page: the cursor of the default order (by id) just before 90 % of the accounts
deep_id=$((n_accounts * 9 / 10))
first_cursor=$(curl -fsS "${auth[@]}" "$base/api/v1/accounts?limit=1" | jq -r .next)
[[ $(base64url_decode "$first_cursor") == '["1","1"]' ]] ||
  die "the list cursor is no longer [sort value, id] in id order: update the deep page of bench-size.sh"
deep_cursor=$(printf '["%s","%s"]' "$deep_id" "$deep_id" | base64 -w0 | tr '+/' '-_' | tr -d '=')
got=$(curl -fsS "${auth[@]}" "$base/api/v1/accounts?limit=20&after=$deep_cursor" | jq -r '.items[0].id')
[[ $got == $((deep_id + 1)) ]] || die "the deep page starts at id $got, not $((deep_id + 1))"

run_wrk ()
{
  local name=$1 connections=$2 script=$3 threads out

  threads=$((connections < wrk_threads ? connections : wrk_threads))
  [[ $warmup == 0 ]] ||
    BENCH_NAME=$name wrk -t"$threads" -c"$connections" -d"${warmup}s" --timeout 30s -s "$here/$script" "$base" >/dev/null
  # wrk leaves a request slower than its timeout out of the latencies: 30 s, not its 2
  out=$(BENCH_NAME=$name wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 30s -s "$here/$script" "$base" 2>&1) &&
    grep -q '^RESULT' <<<"$out" || die "wrk $name: $out"
  emit "$name" "$(grep '^RESULT' <<<"$out") connections=$connections${extra:-}"
}

# a latency run of one GET; a count's line tells the total it answered and whether it is exact
run_path ()
{
  local name=$1 path=$2 answer

  answer=$(curl -fsS "${auth[@]}" "$base$path") || die "GET $path does not answer 200"
  case $path in
    *count=*) extra=" $(jq -r '"total=\(.total) total_exact=\(.total_exact)"' <<<"$answer")" ;;
    *) extra= ;;
  esac
  BENCH_PATH=$path run_wrk "$name" "$latency_connections" path.lua
  extra=
}

run_raw ()
{
  local program=$1 out

  shift
  if [[ $warmup != 0 ]]; then
    "$program" "$1" "${@:2:1}" "$warmup" "${@:4}" >/dev/null
  fi
  out=$("$program" "$@" | grep '^RESULT') || die "$program $* failed"
  emit "$(field name "$out")-${4}" "$out"
}

say "== through rapportd at $base ($workers workers)"
run_wrk get-by-id "$wrk_connections" get-by-id.lua
run_wrk health "$wrk_connections" health.lua
run_wrk get-by-id-latency "$latency_connections" get-by-id.lua
run_path first-page "/api/v1/accounts?limit=20"
run_path deep-page "/api/v1/accounts?limit=20&after=$deep_cursor"
run_path count "/api/v1/accounts?limit=20&count=true"
run_path count-exact "/api/v1/accounts?limit=20&count=exact"
run_path search-count "/api/v1/accounts?limit=20&count=true&q=$(url_encode 上海)"
# common, rare and absent terms in Chinese, Latin and phone digits, as the demo data draws them
while read -r name term; do
  run_path "search-$name" "/api/v1/accounts?limit=20&q=$(url_encode "$term")"
done <<'EOF'
chinese-common 上海
chinese-rare 上海华信医疗器械有限公司
chinese-none 鲸鱼汽水
latin-common Medical
latin-rare Harbor Medical GmbH
latin-none Zyxwvut
phone-common +49 30
phone-rare 555012
phone-none 0000000000
EOF

say "== raw Connector/C on $socket"
run_raw "$pk_select" "$socket" "$n_accounts" "$seconds" "$wrk_connections"
run_raw "$pk_select" "$socket" "$n_accounts" "$seconds" "$wrk_connections" "$token_hash"
# rapportd's own statement for a GET by id: the columns and, in subqueries, the names they point at
BENCH_PK_NAMES=1 run_raw "$pk_select" "$socket" "$n_accounts" "$seconds" "$wrk_connections"

# rapportd's memory after the HTTP read runs
sleep 2
emit rapportd-rss-after "RESULT rss_kb=$(rss_kb)"

# the read benchmarks of other areas: a failure of theirs leaves n/a in their rows, not in ours
if [[ -x $build/tests/bench/bench-count-plan ]]; then
  say "== bench-count-plan on $socket"
  if ! "$build/tests/bench/bench-count-plan" "$socket" >"$data_dir/count-plan.out"; then
    say "bench-size: bench-count-plan failed"
  fi
  grep '^RESULT name=' "$data_dir/count-plan.out" | while read -r line; do
    emit "$(field name "$line")" "$line"
  done || true
fi

# bench-preview.sh and any other script of the kind, against this rapportd and database
for script in "$here"/bench-*.sh; do
  case ${script##*/} in
    bench-size.sh|bench-table.sh|bench-client-scroll.sh|bench-test-suites.sh|bench-intake-ab.sh) continue ;;
  esac
  [[ -x $script ]] || continue
  say "== ${script##*/}"
  if ! BENCH_BASE_URL=$base RAPPORTD_PID=$rapportd_pid BENCH_SOCKET=$socket \
       "$script" "$build" >"$data_dir/script.out"; then
    say "bench-size: ${script##*/} failed"
  fi
  grep '^RESULT name=' "$data_dir/script.out" | while read -r line; do
    emit "$(field name "$line")" "$line"
  done || true
done

# the writes last: everything above saw exactly N accounts
for connections in 4 16; do
  run_raw "$insert" "$socket" insert "$seconds" "$connections" "$owner"
  if [[ -x $create_tx ]]; then
    run_raw "$create_tx" "$socket" transaction "$seconds" "$connections" "$owner" "$token_hash"
  else
    run_raw "$insert" "$socket" transaction "$seconds" "$connections" "$owner" "$token_hash"
  fi
  run_wrk "create-$connections" "$connections" create.lua
done

# the audit chain at database level, which writes too
if [[ -x $build/tests/bench/bench-audit ]]; then
  say "== bench-audit on $socket"
  if ! "$build/tests/bench/bench-audit" --socket "$socket" --seconds "$seconds" --connections 4,16 >"$data_dir/audit.out"; then
    say "bench-size: bench-audit failed"
  fi
  grep '^RESULT mode=' "$data_dir/audit.out" | while read -r line; do
    emit "audit-$(field mode "$line")-$(field connections "$line")" "$line"
  done || true
fi

if grep -q -E 'CRITICAL|WARNING' "$data_dir/rapportd.log"; then
  say "bench-size: rapportd logged warnings:"
  grep -E 'CRITICAL|WARNING' "$data_dir/rapportd.log" | head -n 5 >&2
fi
