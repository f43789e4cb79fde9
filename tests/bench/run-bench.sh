#!/usr/bin/env bash
# run-bench.sh: rapportd GET-by-id and search throughput against a raw Connector/C loop
#
# Usage: tests/bench/run-bench.sh [BUILD_DIR] [N_ACCOUNTS]     (defaults: build 100000)
#
# Starts a throwaway rapportd (plain HTTP on loopback), loads N demo accounts,
# then measures with wrk, and runs bench-pk-select with 1 connection and with
# as many connections as rapportd has workers, against the same MariaDB.
# For reference it also measures /api/v1/health (HTTP and worker pool with a
# trivial query) and the raw loop running rapportd's session lookup before each
# SELECT, which is the SQL of one authenticated GET.
#
# Environment:
#   BENCH_SECONDS      length of each measured run (default 15)
#   BENCH_WARMUP       length of each discarded warm-up run (default 3)
#   WRK_THREADS        wrk threads (default 2)
#   WRK_CONNECTIONS    wrk connections (default 16)
#   BENCH_KEEP=1       keep the data directory (rapportd is stopped all the same)
#   BENCH_TARGET       the ratio rapportd/raw to reach (default 0.7)

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
n_accounts=${2:-100000}
seconds=${BENCH_SECONDS:-15}
warmup=${BENCH_WARMUP:-3}
wrk_threads=${WRK_THREADS:-2}
wrk_connections=${WRK_CONNECTIONS:-16}
target=${BENCH_TARGET:-0.7}

build=$(cd "$build" && pwd)
rapportd=$build/server/rapportd
admin=$build/server/rapport-admin
raw=$build/tests/bench/bench-pk-select

die ()
{
  echo "run-bench: $*" >&2
  exit 1
}

for tool in wrk curl jq awk sha256sum; do
  command -v "$tool" >/dev/null || die "$tool is needed (apt-get install $tool)"
done
[[ -x $rapportd && -x $admin ]] || die "no rapportd or rapport-admin in $build/server; build first"
if [[ ! -x $raw ]]; then
  ninja -C "$build" tests/bench/bench-pk-select >/dev/null || die "cannot build bench-pk-select"
fi

data_dir=$(mktemp -d "${TMPDIR:-/tmp}/rapport-bench.XXXXXX")
rapportd_pid=

cleanup ()
{
  if [[ -n $rapportd_pid ]] && kill -0 "$rapportd_pid" 2>/dev/null; then
    kill -TERM "$rapportd_pid"
    for _ in $(seq 300); do
      kill -0 "$rapportd_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$rapportd_pid" 2>/dev/null && echo "run-bench: rapportd $rapportd_pid did not stop" >&2
  fi
  if [[ ${BENCH_KEEP:-0} == 1 ]]; then
    echo "run-bench: kept $data_dir"
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

ms ()
{
  awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'
}

echo "== rapportd in $data_dir"
# port 0: the kernel picks a free port, rapportd logs which
"$rapportd" --data-dir "$data_dir" --listen 127.0.0.1:0 --no-tls >"$data_dir/rapportd.log" 2>&1 &
rapportd_pid=$!

listening=
for _ in $(seq 1200); do
  listening=$(grep -m1 'Listening on' "$data_dir/rapportd.log" || true)
  [[ -n $listening ]] && break
  kill -0 "$rapportd_pid" 2>/dev/null || { cat "$data_dir/rapportd.log" >&2; die "rapportd exited"; }
  sleep 0.1
done
[[ -n $listening ]] || die "rapportd did not start in 120 s"
port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' <<<"$listening")
workers=$(sed -n 's|.*, \([0-9]*\) workers).*|\1|p' <<<"$listening")
base=http://127.0.0.1:$port
socket=$data_dir/db/mariadb.sock

for _ in $(seq 300); do
  curl -fsS "$base/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "$base/api/v1/health" >/dev/null || die "$base/api/v1/health does not answer"
echo "   listening on $base, $workers workers, MariaDB at $socket"
# the benchmark signs in as admin, who sees business data only when given a scope
# and would otherwise have to replace the initial password first
mariadb --socket "$socket" --user root rapport \
  --execute "UPDATE role_scopes SET scope = 'company' WHERE role = 'admin';
             UPDATE users SET must_change_password = 0 WHERE login = 'admin'" || die "cannot prepare the admin"

echo "== loading $n_accounts demo accounts"
load_start=$(date +%s.%N)
"$admin" --data-dir "$data_dir" demo --accounts "$n_accounts" >"$data_dir/demo.log" 2>&1 ||
  { cat "$data_dir/demo.log" >&2; die "rapport-admin demo failed"; }
load_seconds=$(awk -v a="$load_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "   loaded in $load_seconds s"

password=$(<"$data_dir/initial-admin-password")
token=$(jq -n --arg p "$password" '{login: "admin", password: $p}' |
        curl -fsS -H 'Content-Type: application/json' --data-binary @- "$base/api/v1/session" |
        jq -r .token)
[[ -n $token && $token != null ]] || die "cannot sign in as admin"

# the endpoints answer as expected before they are timed
auth=(-H "Authorization: Bearer $token")
got=$(curl -fsS "${auth[@]}" "$base/api/v1/accounts/$n_accounts" | jq -r .id)
[[ $got == "$n_accounts" ]] || die "GET /api/v1/accounts/$n_accounts answered id $got"
hits=$(curl -fsS "${auth[@]}" "$base/api/v1/accounts?q=GmbH&limit=20" | jq '.items | length')
[[ $hits -gt 0 ]] || die "search for GmbH found nothing"
n_rows=$("$raw" "$socket" "$n_accounts" 0.2 1 | sed -n 's/.*missing=\([0-9]*\).*/\1/p')
[[ $n_rows == 0 ]] || die "bench-pk-select missed rows: is the database loaded?"

export RAPPORT_TOKEN=$token BENCH_ACCOUNTS=$n_accounts
# rapportd keeps the hex SHA-256 of a token in sessions.token_hash
token_hash=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
n_rows=$("$raw" "$socket" "$n_accounts" 0.2 1 "$token_hash" | sed -n 's/.*missing=\([0-9]*\).*/\1/p')
[[ $n_rows == 0 ]] || die "bench-pk-select does not find the admin session"

run_wrk ()
{
  local script=$1 url=$2 out

  wrk -t"$wrk_threads" -c"$wrk_connections" -d"${warmup}s" -s "$here/$script" "$url" >/dev/null
  out=$(wrk -t"$wrk_threads" -c"$wrk_connections" -d"${seconds}s" -s "$here/$script" "$url")
  grep '^RESULT' <<<"$out"
}

run_raw ()
{
  "$raw" "$socket" "$n_accounts" "$warmup" "$@" >/dev/null
  "$raw" "$socket" "$n_accounts" "$seconds" "$@" | grep '^RESULT'
}

echo "== wrk -t$wrk_threads -c$wrk_connections -d${seconds}s GET /api/v1/accounts/ID"
get=$(run_wrk get-by-id.lua "$base")
echo "   $get"
echo "== wrk -t$wrk_threads -c$wrk_connections -d${seconds}s GET /api/v1/accounts?q=…&limit=20"
search=$(run_wrk search.lua "$base")
echo "   $search"
echo "== wrk -t$wrk_threads -c$wrk_connections -d${seconds}s GET /api/v1/health (no session, one DO 1)"
health=$(run_wrk health.lua "$base")
echo "   $health"
echo "== bench-pk-select, 1 connection"
raw1=$(run_raw 1)
echo "   $raw1"
echo "== bench-pk-select, $workers connections"
rawn=$(run_raw "$workers")
echo "   $rawn"
echo "== bench-pk-select, $workers connections, session lookup + SELECT an iteration"
rawsession=$(run_raw "$workers" "$token_hash")
echo "   $rawsession"

get_rps=$(field rps "$get")
raw1_qps=$(field qps "$raw1")
rawn_qps=$(field qps "$rawn")
if awk -v a="$raw1_qps" -v b="$rawn_qps" 'BEGIN { exit !(a >= b) }'; then
  best_qps=$raw1_qps best_label="1 connection" other_qps=$rawn_qps other_label="$workers connections"
else
  best_qps=$rawn_qps best_label="$workers connections" other_qps=$raw1_qps other_label="1 connection"
fi
ratio=$(awk -v r="$get_rps" -v q="$best_qps" 'BEGIN { printf "%.2f", r / q }')
ratio_other=$(awk -v r="$get_rps" -v q="$other_qps" 'BEGIN { printf "%.2f", r / q }')
verdict=$(awk -v r="$ratio" -v t="$target" 'BEGIN { print (r >= t) ? "MET" : "NOT MET" }')

row ()
{
  printf '%-44s %12s %10s %10s\n' "$@"
}

echo
echo "== Summary: $n_accounts accounts (loaded in $load_seconds s), $(nproc) CPUs, rapportd $workers workers,"
echo "   wrk -t$wrk_threads -c$wrk_connections, ${seconds} s a run, loopback, no TLS"
row "" "per second" "p50 ms" "p99 ms"
row "rapportd GET /api/v1/accounts/ID" "$(field rps "$get")" "$(ms "$(field p50_us "$get")")" "$(ms "$(field p99_us "$get")")"
row "rapportd GET /api/v1/accounts?q=...&limit=20" "$(field rps "$search")" "$(ms "$(field p50_us "$search")")" "$(ms "$(field p99_us "$search")")"
row "rapportd GET /api/v1/health (reference)" "$(field rps "$health")" "$(ms "$(field p50_us "$health")")" "$(ms "$(field p99_us "$health")")"
row "raw PK SELECT, 1 connection" "$raw1_qps" "$(ms "$(field p50_us "$raw1")")" "$(ms "$(field p99_us "$raw1")")"
row "raw PK SELECT, $workers connections" "$rawn_qps" "$(ms "$(field p50_us "$rawn")")" "$(ms "$(field p99_us "$rawn")")"
row "raw session + PK SELECT, $workers connections" "$(field qps "$rawsession")" "$(ms "$(field p50_us "$rawsession")")" "$(ms "$(field p99_us "$rawsession")")"
for result in "$get" "$search" "$health"; do
  if [[ $(field non2xx "$result") != 0 || $(field socket_errors "$result") != 0 ]]; then
    echo "   warning: errors in a wrk run: $result"
  fi
done
echo
echo "ratio rapportd GET-by-id / raw loop ($best_label, the stronger baseline): $ratio"
echo "ratio rapportd GET-by-id / raw loop ($other_label): $ratio_other"
echo "ratio rapportd GET-by-id / raw session + PK SELECT ($workers connections, same SQL as a GET): $(
  awk -v r="$get_rps" -v q="$(field qps "$rawsession")" 'BEGIN { printf "%.2f", r / q }')"
echo "target ≥ $target (against the stronger raw baseline): $verdict"
