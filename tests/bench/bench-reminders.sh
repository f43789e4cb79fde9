#!/usr/bin/env bash
# bench-reminders.sh: the reminder job over N tasks: how long a run takes to find and tell what is due
#
# Usage: bash tests/bench/bench-reminders.sh BUILD_DIR [N_TASKS]
# (not executable, so that bench-size.sh does not load a million tasks for every size)
#
# Starts rapportd (plain HTTP on loopback) on a fresh data directory and
# loads N_TASKS [1000000] tasks inside MariaDB (INSERT … SELECT from the
# sequence engine, timed: load_s): nine in ten done, the rest with a
# reminder every 5 minutes from 2027-01-01 on. Then:
#   reminders-find  the job's claim of a batch (SELECT … WHERE next_reminder_at
#                   <= now … LIMIT 500 FOR UPDATE SKIP LOCKED) as MariaDB's
#                   ANALYZE times it inside the server, BENCH_REQUESTS times
#   reminders-run   POST /api/v1/jobs/run?now=… (every periodic job), each
#                   run BENCH_DUE [100] reminders later than the one before,
#                   so that each finds, marks (audited) and tells that many
# Every line on stdout is `RESULT name=... runs=... p50_us=... p95_us=... tasks=N due=D`
# (target: the job finds what is due in < 200 ms); progress goes to stderr.
# Environment: BENCH_REQUESTS [20], BENCH_DUE [100].

set -euo pipefail

bench=bench-reminders
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:?usage: bench-reminders.sh BUILD_DIR [N_TASKS]}" && pwd)
n=${2:-1000000}
runs=${BENCH_REQUESTS:-20}
due=${BENCH_DUE:-100}
password="bench reminders password"

for tool in curl jq mariadb; do
  command -v "$tool" >/dev/null || { echo "$bench: $tool is needed" >&2; exit 1; }
done

# shellcheck source=bench-rapportd.sh
source "$here/bench-rapportd.sh"

say "== starting rapportd in $data_dir"
start_rapportd
printf '%s' "$password" >"$data_dir/password"
"$admin" --data-dir "$data_dir" user add bench.admin --role admin --name "Bench Admin" \
  --password-file "$data_dir/password" >/dev/null || die "cannot add the administrator"
"$admin" --data-dir "$data_dir" user add bench.rep --role sales --name "Bench Rep" \
  --password-file "$data_dir/password" >/dev/null || die "cannot add the rep"
admin_token=$(sign_in bench.admin "$password")

say "== loading $n tasks"
start=$(date +%s.%N)
sql "SET @rep = (SELECT id FROM users WHERE login = 'bench.rep');
     SET @base = TIMESTAMP'2027-01-01 00:00:00';
     SET @n = $n;
     SET @batch = 0;
     DELIMITER //
     FOR b IN 0 .. ($n - 1) DIV 100000 DO
       INSERT INTO tasks (created_at, updated_at, subject, assignee_id, due_at, remind_at, done, done_at, next_reminder_at)
       SELECT UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), CONCAT('Bench task ', seq), @rep,
              @base + INTERVAL (seq DIV 10) * 300 + 3600 SECOND,
              @base + INTERVAL (seq DIV 10) * 300 SECOND,
              seq MOD 10 <> 0,
              IF(seq MOD 10 <> 0, @base - INTERVAL 1 DAY, NULL),
              IF(seq MOD 10 = 0, @base + INTERVAL (seq DIV 10) * 300 SECOND, NULL)
         FROM seq_1_to_10000000 WHERE seq > b * 100000 AND seq <= LEAST((b + 1) * 100000, @n);
     END FOR //
     DELIMITER ;
     ANALYZE TABLE tasks" >/dev/null
load=$(echo "$(date +%s.%N) - $start" | bc)
say "== loaded in ${load}s"
echo "RESULT name=reminders-load seconds=$load tasks=$n"

# the k-th run's time: k * due reminders have come
at_step ()
{
  date -u -d "2027-01-01 00:00:00 UTC + $(( $1 * due * 300 )) seconds" +%Y-%m-%dT%H:%M:%SZ
}

say "== the job's claim, timed inside MariaDB"
for i in $(seq "$runs"); do
  now=$(at_step "$i" | sed 's/T/ /; s/Z$//')
  mariadb --socket "$data_dir/db/mariadb.sock" --user root --batch --raw --skip-column-names rapport --execute \
    "ANALYZE FORMAT=JSON SELECT id, version FROM tasks WHERE next_reminder_at <= '$now' ORDER BY next_reminder_at, id LIMIT 500 FOR UPDATE SKIP LOCKED" |
    jq -r '.query_block.r_total_time_ms' |
    awk '{ printf "%d\n", $1 * 1000 }'
done | percentiles | { read -r figures; echo "RESULT name=reminders-find runs=$runs $figures tasks=$n limit=500"; }

say "== the job, $due reminders due at each run"
curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $admin_token" "$base/api/v1/jobs/run?now=$(at_step 1)" ||
  die "the first run failed"
for i in $(seq 2 $(( runs + 1 ))); do
  now=$(at_step "$i")
  out=$(curl -fsS -w ' %{time_total}' -X POST -H "Authorization: Bearer $admin_token" "$base/api/v1/jobs/run?now=$now") ||
    die "the run at $now failed"
  told=$(jq -r .reminded <<<"${out% *}")
  [[ $told == "$due" ]] || die "the run at $now told $told reminders, not $due"
  awk -v t="${out##* }" 'BEGIN { printf "%d\n", t * 1000000 }'
done | percentiles | { read -r figures; echo "RESULT name=reminders-run runs=$runs $figures tasks=$n due=$due"; }
