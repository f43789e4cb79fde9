#!/usr/bin/env bash
# bench-review-pending.sh: "Awaiting my review" (GET /reviews/pending) for a manager of
# 50 reps, by p95 latency, against a throwaway rapportd holding N activities
#
# Usage: bash tests/bench/bench-review-pending.sh BUILD_DIR [N_ACTIVITIES]
#
# Loads with SQL N_ACTIVITIES [1000000] activities owned by 500 reps in 10 teams, one
# a minute back from now (the manager's team of 50 owns a tenth), and two years of
# submitted weekly plans and summaries of every rep (104,000), then signs the
# manager in and times BENCH_REQUESTS [200] requests of each:
#   review-pending-first     the first page (50) when the manager never reviewed
#   review-pending-next      the page after a cursor 1,000 rows down
#   review-pending-horizon   the first page after marking all reviewed up to 3 days ago
#                            and 200 of the newer ones one by one
# Every figure is a line `RESULT name=... p50_us=... p95_us=... activities=N`;
# progress goes to stderr. Target: p95 < 100 ms (100000 us).
# BENCH_REVIEW_WEEKLY=0 loads no weekly reports (to see what they cost).
# BENCH_REVIEW_KINDS=visit;meeting runs rapportd with `[reviews] kinds` so set (the
# kinds reviewed one by one, which stay past mark-all): the horizon figure then reads
# past the horizon for them.

set -euo pipefail

bench=bench-review-pending
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:?usage: bench-review-pending.sh BUILD_DIR [N_ACTIVITIES]}" && pwd)
n=${2:-1000000}
requests=${BENCH_REQUESTS:-200}
password="bench review password"

for tool in curl jq mariadb; do
  command -v "$tool" >/dev/null || { echo "$bench: $tool is needed" >&2; exit 1; }
done

# shellcheck source=bench-rapportd.sh
source "$here/bench-rapportd.sh"

say "== starting rapportd in $data_dir"
if [[ -n ${BENCH_REVIEW_KINDS:-} ]]; then
  printf '[reviews]\nkinds=%s\n' "$BENCH_REVIEW_KINDS" >"$data_dir/rapportd.conf"
  rapportd_config="$data_dir/rapportd.conf"
fi
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
     INSERT INTO rep_row SELECT * FROM rep_row;
     DELETE FROM rep_row LIMIT 1;
     DELIMITER //
     FOR i IN 2 .. 500 DO
       UPDATE rep_row SET id = NULL, login = CONCAT('bench.rep', i), name = CONCAT('Bench Rep ', i), email = NULL;
       INSERT INTO users SELECT * FROM rep_row;
     END FOR //
     UPDATE users SET team_id = @first_team + (id MOD 10) WHERE login LIKE 'bench.rep%' //
     UPDATE users SET team_id = @first_team WHERE login = 'bench.manager' //
     CREATE TEMPORARY TABLE reps (n INT PRIMARY KEY, id BIGINT UNSIGNED)
       SELECT ROW_NUMBER() OVER (ORDER BY id) - 1 AS n, id FROM users WHERE login LIKE 'bench.rep%' //
     SET @reps = (SELECT COUNT(*) FROM reps) //
     SET @now = UTC_TIMESTAMP(6) //
     FOR b IN 0 .. ($n - 1) DIV 100000 DO
       INSERT INTO activities (created_at, updated_at, kind, subject, owner_id, status, starts_at)
       SELECT @now - INTERVAL ($n - seq) MINUTE, @now - INTERVAL ($n - seq) MINUTE,
              ELT(1 + seq MOD 5, 'call', 'visit', 'meeting', 'email', 'note'),
              CONCAT('Bench activity ', seq), r.id, 'closed', @now - INTERVAL ($n - seq) MINUTE
         FROM seq_1_to_10000000 s JOIN reps r ON r.n = s.seq MOD @reps
        WHERE seq > b * 100000 AND seq <= LEAST((b + 1) * 100000, $n);
     END FOR //
     INSERT INTO \`weekly-reports\` (created_at, updated_at, week, kind, text, status, submitted_at, owner_id)
       SELECT @now - INTERVAL w.seq WEEK, @now - INTERVAL w.seq WEEK,
              DATE_FORMAT(@now - INTERVAL w.seq WEEK, '%x-W%v'), k.kind, 'Bench week', 'submitted',
              @now - INTERVAL w.seq WEEK + INTERVAL k.n SECOND, r.id
         FROM seq_1_to_104 w JOIN reps r
              JOIN (SELECT 0 AS n, 'plan' AS kind UNION ALL SELECT 1, 'summary') k
        WHERE ${BENCH_REVIEW_WEEKLY:-1} <> 0 //
     DELIMITER ;
     ANALYZE TABLE activities, \`weekly-reports\`, users, teams" >/dev/null
load=$(echo "$(date +%s.%N) - $start" | bc)
say "== loaded in ${load}s; the manager's team owns $(sql "SELECT COUNT(*) FROM activities a JOIN users u ON u.id = a.owner_id
                                                         WHERE u.team_id = (SELECT team_id FROM users WHERE login = 'bench.manager')
                                                           AND u.login <> 'bench.manager'")"
echo "RESULT name=review-pending-load seconds=$load activities=$n"

token=$(sign_in bench.manager "$password")

# times BENCH_REQUESTS GETs of $2, checks the first answer has $3 items
measure ()
{
  local name=$1 path=$2 want=$3 answer items

  answer=$(curl -fsS -H "Authorization: Bearer $token" "$base/api/v1$path") || die "GET $path does not answer 200"
  items=$(jq '.items | length' <<<"$answer")
  [[ $items == "$want" ]] || die "GET $path gives $items items, not $want"
  for _ in $(seq "$requests"); do
    curl -fsS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$base/api/v1$path" |
      awk '{ printf "%d\n", $1 * 1000000 }'
  done | percentiles | { read -r figures; echo "RESULT name=$name requests=$requests $figures activities=$n items=$items kinds=${BENCH_REVIEW_KINDS:-none} target_p95_us=100000"; }
}

measure review-pending-first "/reviews/pending?limit=50" 50

cursor=null
path="/reviews/pending?limit=200"
for _ in 1 2 3 4 5; do
  cursor=$(curl -fsS -H "Authorization: Bearer $token" "$base/api/v1$path" | jq -r .next)
  path="/reviews/pending?limit=200&after=$cursor"
done
measure review-pending-next "/reviews/pending?limit=50&after=$cursor" 50

until_time=$(date -u -d '3 days ago' +%Y-%m-%dT%H:%M:%SZ)
curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  --data-binary "{\"until\":\"$until_time\"}" "$base/api/v1/reviews/mark-all" || die "mark-all failed"
for record in $(curl -fsS -H "Authorization: Bearer $token" "$base/api/v1/reviews/pending?limit=200" |
                 jq -r '.items[] | (if .entity == "weekly_report" then "weekly-reports" else "activities" end) + "/" + (.id | tostring)'); do
  curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $token" "$base/api/v1/$record/reviewed" ||
    die "marking $record reviewed failed"
done
left=$(curl -fsS -H "Authorization: Bearer $token" "$base/api/v1/reviews/pending?limit=200" | jq '.items | length')
measure review-pending-horizon "/reviews/pending?limit=50" "$(( left < 50 ? left : 50 ))"

