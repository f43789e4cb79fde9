#!/usr/bin/env bash
# bench-pipeline.sh: p50/p95 of the funnel and the forecast over N opportunities
#
# Usage: bash tests/bench/bench-pipeline.sh BUILD_DIR [N_OPPORTUNITIES]
# (not executable, so that bench-size.sh does not load a million opportunities for every size)
#
# Starts rapportd (plain HTTP on loopback) on a fresh data directory, loads
# N_OPPORTUNITIES [1000000] opportunities with their stage history inside
# MariaDB (bench-pipeline-data.sql: INSERT … SELECT from the sequence engine,
# timed: load_s), then times BENCH_REQUESTS requests one after the other with
# curl (a report can take longer than wrk's time-out), after one unmeasured:
#   pipeline-funnel-company     GET /pipeline/funnel as an administrator with a company scope
#   pipeline-funnel-team        the same as a manager of one team of 10 reps (a fifth of the data)
#   pipeline-forecast-company   GET /pipeline/forecast (by month)
#   pipeline-forecast-team      the same as the manager
#   pipeline-funnel-rep         the same as a sales rep who sees their own (a fiftieth)
#   pipeline-forecast-rep       the same as the rep
#   pipeline-forecast-owners    the forecast by quarter and owner, as an administrator
#   pipeline-funnel-year        the funnel of one calendar year, as an administrator
#   pipeline-win-rate-company   GET /pipeline/win-rate (only with BENCH_WIN_RATE=1: it reads
#                               every closed opportunity, seconds at a million)
# The funnel and the forecast read sums kept per owner and month
# (migration 024); the load leaves them alone and counts them once at the
# end (summary_s). Then BENCH_WRITES [2000] opportunity creates and as many
# updates (amount, owner, stage and stay), one transaction each, inside
# MariaDB with the sums kept (pipeline-writes-summary) and without
# (pipeline-writes-bare): creates_per_s, updates_per_s.
# Every line on stdout is `RESULT name=... requests=... p50_us=... p95_us=... opportunities=N`
# (target p95 < 200 ms for funnel and forecast); progress goes to stderr.
# Environment: BENCH_REQUESTS [20], BENCH_KEEP=1 keeps the data directory,
# BENCH_DATA_DIR=DIR runs on a directory kept before (its data is not loaded again).

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:?usage: bench-pipeline.sh BUILD_DIR [N_OPPORTUNITIES]}" && pwd)
n=${2:-1000000}
requests=${BENCH_REQUESTS:-20}
rapportd=$build/server/rapportd
admin=$build/server/rapport-admin
password="bench pipeline password"

for tool in curl jq mariadb bc; do
  command -v "$tool" >/dev/null || { echo "bench-pipeline: $tool is needed" >&2; exit 1; }
done

say () { echo "$*" >&2; }
die () { say "bench-pipeline: $*"; exit 1; }

reuse=${BENCH_DATA_DIR:+1}
data_dir=${BENCH_DATA_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/bench-pipeline-XXXXXX")}
rapportd_pid=
cleanup ()
{
  if [[ -n $rapportd_pid ]]; then
    kill "$rapportd_pid" 2>/dev/null || true
    wait "$rapportd_pid" 2>/dev/null || true
  fi
  if [[ ${BENCH_KEEP:-0} == 1 || -n $reuse ]]; then say "kept $data_dir"; else rm -rf "$data_dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$rapportd" --data-dir "$data_dir" --listen 127.0.0.1:0 --no-tls >"$data_dir/rapportd.log" 2>&1 &
rapportd_pid=$!
listening=
for _ in $(seq 3000); do
  listening=$(grep -m1 'Listening on' "$data_dir/rapportd.log" || true)
  [[ -n $listening ]] && break
  kill -0 "$rapportd_pid" 2>/dev/null || { cat "$data_dir/rapportd.log" >&2; die "rapportd exited"; }
  sleep 0.1
done
[[ -n $listening ]] || die "rapportd did not start in 300 s"
base=http://127.0.0.1:$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' <<<"$listening")

sql ()
{
  mariadb --socket "$data_dir/db/mariadb.sock" --user root --batch --skip-column-names rapport "$@"
}

if [[ -n $reuse ]]; then
  n=$(sql --execute "SELECT COUNT(*) FROM opportunities")
  sql <"$here/bench-pipeline-data.sql" || die "cannot create the generator"
  say "== rapportd at $base on $data_dir: $n opportunities"
else
  say "== rapportd at $base; loading $n opportunities"
  started=$(date +%s.%N)
  sql <"$here/bench-pipeline-data.sql" || die "cannot create the generator"
  sql --execute "CALL bench_pipeline_load($n)" || die "the generator failed"
  load=$(echo "$(date +%s.%N) - $started" | bc)
  started=$(date +%s.%N)
  sql --execute "CALL pipeline_summary_rebuild()" || die "cannot count the sums"
  summary=$(echo "$(date +%s.%N) - $started" | bc)
  echo "RESULT name=pipeline-summary-rebuild seconds=$summary opportunities=$n"
  sql --execute "ANALYZE TABLE opportunities, opportunity_stage_history" >/dev/null
  history=$(sql --execute "SELECT COUNT(*) FROM opportunity_stage_history")
  say "== loaded in ${load}s: $n opportunities, $history stays"
  echo "RESULT name=pipeline-load seconds=$load opportunities=$n history=$history"

  printf '%s' "$password" >"$data_dir/password"
  "$admin" --data-dir "$data_dir" user add bench.admin --role admin --name "Bench Admin" \
    --password-file "$data_dir/password" >/dev/null || die "cannot add the administrator"
  "$admin" --data-dir "$data_dir" user add bench.manager --role manager --name "Bench Manager" \
    --password-file "$data_dir/password" >/dev/null || die "cannot add the manager"
  "$admin" --data-dir "$data_dir" user add bench.seller --role sales --name "Bench Seller" \
    --password-file "$data_dir/password" >/dev/null || die "cannot add the rep"
  # the seller takes over rep 0's deals (the triggers keep the sums)
  sql --execute "UPDATE role_scopes SET scope = 'company' WHERE role = 'admin';
                 UPDATE users SET team_id = (SELECT id FROM teams WHERE name = 'Bench team 0') WHERE login = 'bench.manager';
                 UPDATE users SET team_id = (SELECT id FROM teams WHERE name = 'Bench team 0') WHERE login = 'bench.seller';
                 UPDATE opportunities SET owner_id = (SELECT id FROM users WHERE login = 'bench.seller')
                  WHERE owner_id = (SELECT id FROM users WHERE login = 'bench.rep0')"
fi

sign_in ()
{
  jq -n --arg l "$1" --arg p "$password" '{login: $l, password: $p}' |
    curl -fsS -H 'Content-Type: application/json' --data-binary @- "$base/api/v1/session" | jq -r .token
}
admin_token=$(sign_in bench.admin)
manager_token=$(sign_in bench.manager)
seller_token=$(sign_in bench.seller)
[[ -n $admin_token && $admin_token != null && -n $manager_token && $manager_token != null &&
   -n $seller_token && $seller_token != null ]] || die "cannot sign in"

# the figures are checked once against the data before they are timed
stages=$(curl -fsS -H "Authorization: Bearer $admin_token" "$base/api/v1/pipeline/funnel" |
           jq -c '[.stages[] | {name, count, reached}]')
say "   funnel: $stages"

# the p-th percentile (nearest rank) of the microseconds on stdin
percentile ()
{
  sort -n | awk -v p="$1" '{ v[NR] = $1 } END { i = int((p * NR + 99) / 100); if (i < 1) i = 1; print v[i] }'
}

measure ()
{
  local name=$1 token=$2 path=$3 times
  curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$base$path" || die "$path failed"
  times=$(for _ in $(seq "$requests"); do
            curl -fsS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$base$path" |
              awk '{ printf "%d\n", $1 * 1000000 }'
          done)
  echo "RESULT name=$name requests=$requests p50_us=$(percentile 50 <<<"$times") p95_us=$(percentile 95 <<<"$times")" \
       "max_us=$(percentile 100 <<<"$times") opportunities=$n connections=1"
  say "   $name p50_us=$(percentile 50 <<<"$times") p95_us=$(percentile 95 <<<"$times")"
}

measure pipeline-funnel-company "$admin_token" /api/v1/pipeline/funnel
measure pipeline-funnel-team "$manager_token" /api/v1/pipeline/funnel
measure pipeline-forecast-company "$admin_token" /api/v1/pipeline/forecast
measure pipeline-forecast-team "$manager_token" /api/v1/pipeline/forecast
measure pipeline-funnel-rep "$seller_token" /api/v1/pipeline/funnel
measure pipeline-forecast-rep "$seller_token" /api/v1/pipeline/forecast
measure pipeline-forecast-owners "$admin_token" '/api/v1/pipeline/forecast?period=quarter&group_by=owner'
measure pipeline-funnel-year "$admin_token" '/api/v1/pipeline/funnel?from=2025-01-01&to=2025-12-31'
[[ ${BENCH_WIN_RATE:-0} == 1 ]] && measure pipeline-win-rate-company "$admin_token" /api/v1/pipeline/win-rate

writes=${BENCH_WRITES:-2000}
for bulk in 0 1; do
  name=$([[ $bulk == 0 ]] && echo pipeline-writes-summary || echo pipeline-writes-bare)
  read -r created updated < <(sql --execute "CALL bench_pipeline_writes($writes, $bulk)")
  echo "RESULT name=$name writes=$writes creates_per_s=$(echo "$writes / $created" | bc) updates_per_s=$(echo "$writes / $updated" | bc) opportunities=$n"
  say "   $name: $writes creates in ${created}s, $writes updates in ${updated}s"
done
