#!/usr/bin/env bash
# bench-sla.sh: the SLA job over N open cases: how long it takes to find the warnings and breaches that came due
#
# Usage: bash tests/bench/bench-sla.sh BUILD_DIR [N]
# (not executable, so that bench-size.sh does not load it for every size)
#
# Starts rapportd (plain HTTP on loopback) on a fresh data directory and
# loads N [100000] open cases (in progress, first response given) inside
# MariaDB (INSERT … SELECT from the sequence engine, timed: load_s), each
# with an SLA policy, its resolution's warning instant one minute after
# the previous case's, from 2030-01-01 00:00 UTC on, and its resolution due
# BENCH_REQUESTS hours after its warning. The owner (bench.agent) has a
# manager (bench.manager), who has none. Then:
#   sla-explain     the plan of the job's query (EXPLAIN), printed for the
#                   reader: a range of the sla_next_at index, never the table
#   sla-query       the job's query alone, as MariaDB times it (SHOW
#                   PROFILES), BENCH_REQUESTS times, an hour later each time:
#                   the cases whose next SLA instant has passed
#   sla-run         POST /api/v1/jobs/run?now=… (every periodic job), an
#                   hour later each run, BENCH_REQUESTS times: each finds the
#                   60 cases whose warning came due that hour among the N,
#                   marks, audits and tells each
#   sla-nothing-new the same a minute after each: the query runs and finds
#                   nothing (the job's cost when nothing is due)
#   sla-run-breaches the next BENCH_REQUESTS hours, a run an hour: each finds
#                   60 warnings and 60 breaches; each breach opens the
#                   "SLA escalation" workflow to the owner's manager (an
#                   approval, audited, the manager told), and from the fifth
#                   hour on, the escalations left unacknowledged for four
#                   hours come due, find nobody above the manager and are
#                   put off by another four
# Every line on stdout is `RESULT name=... runs=... p50_us=... p95_us=... rows=N`;
# progress goes to stderr.
# Environment: BENCH_REQUESTS [20].

# Every line on stdout is `RESULT name=... runs=... p50_us=... p95_us=... rows=N`;
# progress goes to stderr.
# Environment: BENCH_REQUESTS [20].

set -euo pipefail

bench=bench-sla
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:?usage: bench-sla.sh BUILD_DIR [N]}" && pwd)
n=${2:-100000}
runs=${BENCH_REQUESTS:-20}
password="bench sla password"

for tool in curl jq mariadb bc; do
  command -v "$tool" >/dev/null || { echo "$bench: $tool is needed" >&2; exit 1; }
done

# shellcheck source=bench-rapportd.sh
source "$here/bench-rapportd.sh"

say "== starting rapportd in $data_dir"
start_rapportd
printf '%s' "$password" >"$data_dir/password"
"$admin" --data-dir "$data_dir" user add bench.admin --role admin --name "Bench Admin" \
  --password-file "$data_dir/password" >/dev/null || die "cannot add the administrator"
"$admin" --data-dir "$data_dir" user add bench.agent --role service --name "Bench Agent" \
  --password-file "$data_dir/password" >/dev/null || die "cannot add the agent"
"$admin" --data-dir "$data_dir" user add bench.manager --role manager --name "Bench Manager" \
  --password-file "$data_dir/password" >/dev/null || die "cannot add the manager"
# a breach escalates to the owner's manager (the shipped SLA escalation workflow)
sql "UPDATE users SET manager_id = (SELECT id FROM (SELECT id FROM users WHERE login = 'bench.manager') m)
      WHERE login = 'bench.agent'" >/dev/null
admin_token=$(sign_in bench.admin "$password")
curl -fsS -X POST -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
  --data-binary '{"name":"Bench policy","first_response_minutes":60,"resolution_minutes":2400}' \
  "$base/api/v1/sla-policies" >/dev/null || die "cannot create the policy"

say "== loading $n open cases"
start=$(date +%s.%N)
sql "SET @agent = (SELECT id FROM users WHERE login = 'bench.agent');
     SET @policy = (SELECT id FROM \`sla-policies\` WHERE name = 'Bench policy');
     SET @base = TIMESTAMP'2030-01-01 00:00:00';
     INSERT INTO accounts (created_at, updated_at, code, name, owner_id)
       VALUES (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'BSLA-1', 'Bench SLA account', @agent);
     SET @account = LAST_INSERT_ID();
     DELIMITER //
     FOR b IN 0 .. ($n - 1) DIV 100000 DO
       INSERT INTO cases (created_at, updated_at, number, subject, account_id, status, priority, owner_id,
                          first_response_at, sla_policy_id, first_response_due_at, first_response_warn_at,
                          resolution_due_at, resolution_warn_at, sla_next_at)
       SELECT @base - INTERVAL 30 DAY, UTC_TIMESTAMP(6), CONCAT('CS-BENCH-', seq), CONCAT('Bench case ', seq), @account,
              'in_progress', 'normal', @agent, @base - INTERVAL 29 DAY, @policy,
              @base - INTERVAL 28 DAY, @base - INTERVAL 28 DAY - INTERVAL 12 MINUTE,
              @base + INTERVAL seq MINUTE + INTERVAL $runs HOUR, @base + INTERVAL seq MINUTE, @base + INTERVAL seq MINUTE
         FROM seq_1_to_10000000 WHERE seq > b * 100000 AND seq <= LEAST((b + 1) * 100000, $n);
     END FOR //
     DELIMITER ;
     ANALYZE TABLE cases" >/dev/null
load=$(echo "$(date +%s.%N) - $start" | bc)
say "== loaded in ${load}s"
# the policy was created before the cases: its recompute must not rewrite their hand-set instants
sql "DELETE FROM sla_recomputes" >/dev/null
echo "RESULT name=sla-load seconds=$load rows=$n"

query="SELECT id, version FROM cases WHERE sla_next_at <= '2030-01-01 05:00:00' ORDER BY sla_next_at, id LIMIT 500"
say "== the plan of the job's query"
mariadb --socket "$data_dir/db/mariadb.sock" --user root --batch --raw rapport --execute "EXPLAIN $query" | sed 's/^/  /' >&2

say "== the job's query alone, an hour later each time"
for i in $(seq 1 "$runs"); do
  at=$(date -u -d "2030-01-01 00:00:00 UTC + $i hours" '+%Y-%m-%d %H:%M:%S')
  sql "SET profiling = 1;
       SELECT id, version FROM cases WHERE sla_next_at <= '$at' ORDER BY sla_next_at, id LIMIT 500 FOR UPDATE SKIP LOCKED;
       SHOW PROFILES" | awk -F'\t' '$3 ~ /FOR UPDATE/ { printf "%d\n", $2 * 1000000 }'
done | percentiles | { read -r figures; echo "RESULT name=sla-query runs=$runs $figures rows=$n"; }

say "== the job, an hour later each run, then again 30 seconds later"
: >"$data_dir/again"
for i in $(seq 0 "$runs"); do
  now=$(date -u -d "2030-01-01 00:00:00 UTC + $i hours" +%Y-%m-%dT%H:%M:%SZ)
  later=$(date -u -d "2030-01-01 00:00:30 UTC + $i hours" +%Y-%m-%dT%H:%M:%SZ)
  out=$(curl -fsS -o /dev/null -w '%{time_total}' -X POST -H "Authorization: Bearer $admin_token" "$base/api/v1/jobs/run?now=$now") ||
    die "the run at $now failed"
  again=$(curl -fsS -o /dev/null -w '%{time_total}' -X POST -H "Authorization: Bearer $admin_token" "$base/api/v1/jobs/run?now=$later") ||
    die "the run at $later failed"
  say "  $now: ${out}s; 30 seconds later, nothing new, in ${again}s"
  # the first run also does the other jobs' first work
  [[ $i == 0 ]] && continue
  awk -v t="$out" 'BEGIN { printf "%d\n", t * 1000000 }'
  awk -v t="$again" 'BEGIN { printf "%d\n", t * 1000000 }' >>"$data_dir/again"
done | percentiles | { read -r figures; echo "RESULT name=sla-run runs=$runs $figures rows=$n"; }
percentiles <"$data_dir/again" | { read -r figures; echo "RESULT name=sla-nothing-new runs=$runs $figures rows=$n"; }

say "== the next hours: warnings and breaches, each breach escalated"
for i in $(seq $((runs + 1)) $((2 * runs))); do
  now=$(date -u -d "2030-01-01 00:00:00 UTC + $i hours" +%Y-%m-%dT%H:%M:%SZ)
  out=$(curl -fsS -o /dev/null -w '%{time_total}' -X POST -H "Authorization: Bearer $admin_token" "$base/api/v1/jobs/run?now=$now") ||
    die "the run at $now failed"
  say "  $now: ${out}s"
  awk -v t="$out" 'BEGIN { printf "%d\n", t * 1000000 }'
done | percentiles | { read -r figures; echo "RESULT name=sla-run-breaches runs=$runs $figures rows=$n"; }
warned=$(sql "SELECT COUNT(*) FROM cases WHERE resolution_warned_at IS NOT NULL")
told=$(sql "SELECT COUNT(*) FROM events WHERE kind = 'case.sla_warning'")
say "== $warned cases warned, $told warnings told"
[[ $warned == "$told" && $warned -gt 0 ]] || die "warned $warned cases but told $told warnings"
breached=$(sql "SELECT COUNT(*) FROM cases WHERE resolution_breached_at IS NOT NULL")
escalations=$(sql "SELECT COUNT(*) FROM approvals a JOIN approval_pending p ON p.approval_id = a.id
                   JOIN users u ON u.id = p.user_id WHERE a.state = 'pending' AND u.login = 'bench.manager'")
say "== $breached cases breached, $escalations escalations waiting for bench.manager"
[[ $breached -gt 0 && $breached == "$escalations" ]] || die "breached $breached cases but opened $escalations escalations"
