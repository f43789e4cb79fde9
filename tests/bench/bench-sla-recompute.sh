#!/usr/bin/env bash
# bench-sla-recompute.sh: open cases counted again after their SLA policy changed: how long the periodic job takes over N
#
# Usage: bash tests/bench/bench-sla-recompute.sh BUILD_DIR [N]
# (not executable, so that bench-size.sh does not load it for every size)
#
# Starts rapportd (plain HTTP on loopback) on a fresh data directory, makes
# one SLA policy for any case (counted in the default calendar, Monday to
# Friday 09:00-18:00) and loads N [10000] open cases holding it inside
# MariaDB (INSERT … SELECT from the sequence engine), each created a minute
# after the previous one from 2030-01-07 on, their due instants left empty.
# Then:
#   recompute-ask  PATCH of the policy's first-response target: the
#                  administrator's write, which only asks (one row of
#                  sla_recomputes) whatever N
#   recompute-run  POST /api/v1/jobs/run (as of 2029, when nothing is due)
#                  until the request is through: each run counts at most
#                  2,000 cases again (4 batches of 500) and writes, audits
#                  and tells each that changed; p50/p95 of one run
#   recompute-all  the whole walk over the N cases: the runs' total, and
#                  the cases written a second
#   recompute-timer the same walk by rapportd's own timer (restarted with
#                  [jobs] interval_seconds=1, the target changed again):
#                  from the PATCH until every case holds the new due
#                  instant; a tick walks for up to 15 s, a transaction of
#                  2,000 cases at most each turn
# Every line on stdout is `RESULT name=... ...`; progress goes to stderr.

set -euo pipefail

bench=bench-sla-recompute
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:?usage: bench-sla-recompute.sh BUILD_DIR [N]}" && pwd)
n=${2:-10000}
password="bench sla password"

for tool in curl jq mariadb bc; do
  command -v "$tool" >/dev/null || { echo "$bench: $tool is needed" >&2; exit 1; }
done

# shellcheck source=bench-rapportd.sh
source "$here/bench-rapportd.sh"

say "== starting rapportd in $data_dir"
# the timer keeps out of the runs timed by hand
printf '[jobs]\ninterval_seconds=3600\n' >"$data_dir/hand.conf"
rapportd_config=$data_dir/hand.conf
start_rapportd
printf '%s' "$password" >"$data_dir/password"
"$admin" --data-dir "$data_dir" user add bench.admin --role admin --name "Bench Admin" \
  --password-file "$data_dir/password" >/dev/null || die "cannot add the administrator"
"$admin" --data-dir "$data_dir" user add bench.agent --role service --name "Bench Agent" \
  --password-file "$data_dir/password" >/dev/null || die "cannot add the agent"
admin_token=$(sign_in bench.admin "$password")
policy=$(curl -fsS -X POST -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
  --data-binary '{"name":"Bench policy","first_response_minutes":240,"resolution_minutes":2400}' \
  "$base/api/v1/sla-policies" | jq -r .id) || die "cannot create the policy"

say "== loading $n open cases"
sql "SET @agent = (SELECT id FROM users WHERE login = 'bench.agent');
     SET @base = TIMESTAMP'2030-01-07 00:00:00';
     INSERT INTO accounts (created_at, updated_at, code, name, owner_id)
       VALUES (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'BSLR-1', 'Bench SLA account', @agent);
     SET @account = LAST_INSERT_ID();
     INSERT INTO cases (created_at, updated_at, number, subject, account_id, status, priority, owner_id, sla_policy_id)
     SELECT @base + INTERVAL seq MINUTE, UTC_TIMESTAMP(6), CONCAT('CS-BENCH-', seq), CONCAT('Bench case ', seq), @account,
            'in_progress', 'normal', @agent, $policy
       FROM seq_1_to_10000000 WHERE seq <= $n;
     ANALYZE TABLE cases" >/dev/null

say "== the administrator shortens the first-response target"
version=$(curl -fsS -H "Authorization: Bearer $admin_token" "$base/api/v1/sla-policies/$policy" | jq -r .version)
ask=$(curl -fsS -o /dev/null -w '%{time_total}' -X PATCH -H "Authorization: Bearer $admin_token" \
  -H 'Content-Type: application/json' --data-binary "{\"version\":$version,\"first_response_minutes\":60}" \
  "$base/api/v1/sla-policies/$policy") || die "cannot change the policy"
echo "RESULT name=recompute-ask seconds=$ask rows=$n"

say "== the job, run after run, until the request is through"
: >"$data_dir/runs"
total=0
runs=0
while [[ $(sql "SELECT COUNT(*) FROM sla_recomputes") != 0 ]]; do
  t=$(curl -fsS -o /dev/null -w '%{time_total}' -X POST -H "Authorization: Bearer $admin_token" \
    "$base/api/v1/jobs/run?now=2029-06-01T00:00:00Z") || die "the run failed"
  runs=$((runs + 1))
  total=$(echo "$total + $t" | bc)
  say "  run $runs: ${t}s"
  awk -v t="$t" 'BEGIN { printf "%d\n", t * 1000000 }' >>"$data_dir/runs"
  (( runs <= n / 500 + 5 )) || die "the request is not through after $runs runs"
done
percentiles <"$data_dir/runs" | { read -r figures; echo "RESULT name=recompute-run runs=$runs $figures rows=$n"; }
changed=$(sql "SELECT COUNT(*) FROM cases WHERE first_response_due_at IS NOT NULL AND sla_next_at IS NOT NULL")
audited=$(sql "SELECT COUNT(*) FROM audit_log WHERE entity = 'case'")
echo "RESULT name=recompute-all seconds=$total runs=$runs cases_per_second=$(echo "$n / $total" | bc) rows=$n"
say "== $changed cases counted again, $audited audited"
[[ $changed == "$n" && $audited == "$n" ]] || die "counted $changed and audited $audited of $n cases"

say "== rapportd's own timer, every second, walks a second change"
stop_rapportd
printf '[jobs]\ninterval_seconds=1\n' >"$data_dir/timer.conf"
rapportd_config=$data_dir/timer.conf
start_rapportd
admin_token=$(sign_in bench.admin "$password")
version=$(curl -fsS -H "Authorization: Bearer $admin_token" "$base/api/v1/sla-policies/$policy" | jq -r .version)
start=$(date +%s.%N)
curl -fsS -o /dev/null -X PATCH -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
  --data-binary "{\"version\":$version,\"first_response_minutes\":90}" "$base/api/v1/sla-policies/$policy" ||
  die "cannot change the policy again"
for _ in $(seq 6000); do
  [[ $(sql "SELECT COUNT(*) FROM sla_recomputes") == 0 ]] && break
  sleep 0.1
done
timer=$(echo "$(date +%s.%N) - $start" | bc)
[[ $(sql "SELECT COUNT(*) FROM sla_recomputes") == 0 ]] || die "the timer has not walked the cases in 600 s"
audited=$(sql "SELECT COUNT(*) FROM audit_log WHERE entity = 'case'")
echo "RESULT name=recompute-timer seconds=$timer rows=$n"
say "== $((audited - n)) cases counted again by the timer"
[[ $audited == $((2 * n)) ]] || die "$((audited - n)) of $n cases counted again by the timer"
