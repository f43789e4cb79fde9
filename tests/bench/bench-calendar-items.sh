#!/usr/bin/env bash
# bench-calendar-items.sh: the Calendar section's read (GET /calendar-items) for a rep and
# for a manager of 50 reps, by p95 latency, against a throwaway rapportd holding N activities
#
# Usage: bash tests/bench/bench-calendar-items.sh BUILD_DIR [N_ACTIVITIES]
#
# Loads with SQL N_ACTIVITIES [300000] activities owned by 500 reps in 10 teams, one every
# five minutes back from now (about 20 a week for each rep; the manager's team owns a
# tenth), 500 visit plans and 500 tasks for the measured rep, then times BENCH_REQUESTS
# [200] requests of each:
#   calendar-week-mine     a rep's week (their activities, visit plans and tasks)
#   calendar-week-team     the manager's week of their team
#   calendar-month-team    the manager's month grid (six weeks) of their team
# Every figure is a line `RESULT name=... p50_us=... p95_us=... activities=N items=...`;
# progress goes to stderr.

set -euo pipefail

bench=bench-calendar-items
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:?usage: bench-calendar-items.sh BUILD_DIR [N_ACTIVITIES]}" && pwd)
n=${2:-300000}
requests=${BENCH_REQUESTS:-200}
password="bench calendar password"

for tool in curl jq mariadb; do
  command -v "$tool" >/dev/null || { echo "$bench: $tool is needed" >&2; exit 1; }
done

# shellcheck source=bench-rapportd.sh
source "$here/bench-rapportd.sh"

say "== starting rapportd in $data_dir"
start_rapportd
printf '%s' "$password" >"$data_dir/password"
"$admin" --data-dir "$data_dir" user add bench.manager --role manager --name "Bench Manager" \
  --password-file "$data_dir/password" >/dev/null || die "cannot add the manager"
"$admin" --data-dir "$data_dir" user add bench.rep --role sales --name "Bench Rep" \
  --password-file "$data_dir/password" >/dev/null || die "cannot add a rep"

say "== loading 10 teams, 500 reps and $n activities"
start=$(date +%s.%N)
sql "INSERT INTO teams (created_at, updated_at, name)
       SELECT UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), CONCAT('Bench team ', seq) FROM seq_1_to_10;
     SET @first_team = (SELECT MIN(id) FROM teams WHERE name LIKE 'Bench team %');
     CREATE TEMPORARY TABLE rep_row AS SELECT * FROM users WHERE login = 'bench.rep';
     ALTER TABLE rep_row MODIFY id BIGINT UNSIGNED NULL;
     DELIMITER //
     FOR i IN 2 .. 500 DO
       UPDATE rep_row SET id = NULL, login = CONCAT('bench.rep', i), name = CONCAT('Bench Rep ', i), email = NULL;
       INSERT INTO users SELECT * FROM rep_row;
     END FOR //
     UPDATE users SET team_id = @first_team + (id MOD 10) WHERE login LIKE 'bench.rep%' //
     UPDATE users SET team_id = (SELECT team_id FROM users WHERE login = 'bench.rep') WHERE login = 'bench.manager' //
     CREATE TEMPORARY TABLE reps (n INT PRIMARY KEY, id BIGINT UNSIGNED)
       SELECT ROW_NUMBER() OVER (ORDER BY id) - 1 AS n, id FROM users WHERE login LIKE 'bench.rep%' //
     SET @reps = (SELECT COUNT(*) FROM reps) //
     SET @now = UTC_TIMESTAMP(6) //
     SET @rep = (SELECT id FROM users WHERE login = 'bench.rep') //
     FOR b IN 0 .. ($n - 1) DIV 100000 DO
       INSERT INTO activities (created_at, updated_at, kind, subject, owner_id, status, starts_at, ends_at)
       SELECT @now - INTERVAL 5 * ($n - seq) MINUTE, @now - INTERVAL 5 * ($n - seq) MINUTE,
              ELT(1 + seq MOD 5, 'call', 'visit', 'meeting', 'email', 'note'),
              CONCAT('Bench activity ', seq), r.id, 'closed', @now - INTERVAL 5 * ($n - seq) MINUTE,
              @now - INTERVAL 5 * ($n - seq) MINUTE + INTERVAL 30 MINUTE
         FROM seq_1_to_10000000 s JOIN reps r ON r.n = s.seq MOD @reps
        WHERE seq > b * 100000 AND seq <= LEAST((b + 1) * 100000, $n);
     END FOR //
     INSERT INTO accounts (created_at, updated_at, name, owner_id) VALUES (@now, @now, 'Bench account', @rep) //
     SET @account = LAST_INSERT_ID() //
     INSERT INTO \`visit-plans\` (created_at, updated_at, account_id, purpose, planned_at, status, owner_id)
       SELECT @now, @now, @account, CONCAT('Bench visit ', seq), @now - INTERVAL seq * 2 HOUR, 'planned', @rep
         FROM seq_1_to_500 //
     INSERT INTO tasks (created_at, updated_at, subject, due_at, assignee_id, done)
       SELECT @now, @now, CONCAT('Bench task ', seq), @now - INTERVAL seq * 2 HOUR, @rep, 0 FROM seq_1_to_500 //
     DELIMITER ;
     ANALYZE TABLE activities, users, teams, tasks, \`visit-plans\`" >/dev/null
load=$(echo "$(date +%s.%N) - $start" | bc)
say "== loaded in ${load}s"
echo "RESULT name=calendar-items-load seconds=$load activities=$n"

rep_token=$(sign_in bench.rep)
manager_token=$(sign_in bench.manager)
[[ -n $rep_token && $rep_token != null && -n $manager_token && $manager_token != null ]] || die "cannot sign in"

# the Monday two weeks back, at midnight UTC, and the window of the month grid after it
monday=$(date -u -d "$(date -u +%F) -$(( $(date -u +%u) - 1 + 14 )) days" +%Y-%m-%dT00:00:00Z)
next_monday=$(date -u -d "${monday%T*} +7 days" +%Y-%m-%dT00:00:00Z)
grid_end=$(date -u -d "${monday%T*} +42 days" +%Y-%m-%dT00:00:00Z)

# times BENCH_REQUESTS GETs of $3 with the token $2
measure ()
{
  local name=$1 token=$2 path=$3 answer items

  answer=$(curl -fsS -H "Authorization: Bearer $token" "$base/api/v1$path") || die "GET $path does not answer 200"
  items=$(jq '.items | length' <<<"$answer")
  for _ in $(seq "$requests"); do
    curl -fsS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$base/api/v1$path" |
      awk '{ printf "%d\n", $1 * 1000000 }'
  done | percentiles | { read -r figures; echo "RESULT name=$name requests=$requests $figures activities=$n items=$items truncated=$(jq .truncated <<<"$answer")"; }
}

measure calendar-week-mine "$rep_token" "/calendar-items?from=$monday&to=$next_monday&scope=mine"
measure calendar-week-team "$manager_token" "/calendar-items?from=$monday&to=$next_monday&scope=team"
measure calendar-month-team "$manager_token" "/calendar-items?from=$monday&to=$grid_end&scope=team"
