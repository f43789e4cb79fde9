#!/usr/bin/env bash
# bench-timeline.sh: an account's timeline (GET /accounts/:id/timeline) by p95 latency,
# against a throwaway rapportd holding one account with N activities
#
# Usage: bash tests/bench/bench-timeline.sh BUILD_DIR [N_ACTIVITIES]
#
# Loads with SQL, on one account of a sales rep's (own scope): N_ACTIVITIES [10000]
# activities a minute apart, 2,000 tasks, 500 quotes each with a create and a status
# change in the audit trail, and 1,000 changes of the account itself; then signs the rep
# in and times BENCH_REQUESTS [200] requests of each:
#   timeline-first    the first page (50), every kind
#   timeline-deep     the page after a cursor 5,000 items down
#   timeline-tasks    the first page of kind=task
# Every figure is a line `RESULT name=... p50_us=... p95_us=... activities=N`;
# progress and the sources' query plans go to stderr. Target: first page p95 < 50 ms.

set -euo pipefail

bench=bench-timeline
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:?usage: bench-timeline.sh BUILD_DIR [N_ACTIVITIES]}" && pwd)
n=${2:-10000}
requests=${BENCH_REQUESTS:-200}
password="bench timeline password"

for tool in curl jq mariadb bc; do
  command -v "$tool" >/dev/null || { echo "$bench: $tool is needed" >&2; exit 1; }
done

# shellcheck source=bench-rapportd.sh
source "$here/bench-rapportd.sh"

say "== starting rapportd in $data_dir"
start_rapportd
printf '%s' "$password" >"$data_dir/password"
"$admin" --data-dir "$data_dir" user add bench.rep --role sales --name "Bench Rep" \
  --password-file "$data_dir/password" >/dev/null || die "cannot add the rep"

say "== loading one account with $n activities, 2000 tasks, 500 quotes and 1000 changes"
start=$(date +%s.%N)
account=$(sql "SET @rep = (SELECT id FROM users WHERE login = 'bench.rep');
     SET @now = UTC_TIMESTAMP(6);
     INSERT INTO accounts (created_at, updated_at, name, owner_id) VALUES (@now, @now, 'Bench Timeline', @rep);
     SET @account = LAST_INSERT_ID();
     INSERT INTO accounts (created_at, updated_at, name, owner_id)
       SELECT @now, @now, CONCAT('Bench other ', seq), @rep FROM seq_1_to_1000;
     INSERT INTO activities (created_at, updated_at, kind, subject, account_id, owner_id, status, starts_at)
       SELECT @now - INTERVAL seq MINUTE, @now - INTERVAL seq MINUTE, ELT(1 + seq MOD 5, 'call', 'visit', 'meeting', 'email', 'note'),
              CONCAT('Bench activity ', seq), @account, @rep, 'closed', @now - INTERVAL seq MINUTE
         FROM seq_1_to_$n;
     INSERT INTO activities (created_at, updated_at, subject, account_id, owner_id, status, starts_at)
       SELECT @now - INTERVAL seq MINUTE, @now, 'Elsewhere', a.id, @rep, 'closed', @now - INTERVAL seq MINUTE
         FROM seq_1_to_20 s JOIN accounts a ON a.name LIKE 'Bench other %';
     INSERT INTO tasks (created_at, updated_at, subject, account_id, assignee_id)
       SELECT @now - INTERVAL (seq * 5) MINUTE, @now, CONCAT('Bench task ', seq), @account, @rep FROM seq_1_to_2000;
     INSERT INTO quotes (created_at, updated_at, number, account_id, owner_id, currency)
       SELECT @now - INTERVAL (seq * 20) MINUTE, @now, CONCAT('BQ-', seq), @account, @rep, 'CNY' FROM seq_1_to_500;
     SET @audit = (SELECT COALESCE(MAX(id), 0) FROM audit_log);
     INSERT INTO audit_log (id, at, actor_id, entity, entity_id, action, before_json, after_json, prev_hash, hash)
       SELECT @audit + ROW_NUMBER() OVER (ORDER BY q.id, s.seq), q.created_at + INTERVAL s.seq MINUTE, @rep, 'quote', q.id,
              IF(s.seq = 1, 'create', 'update'), IF(s.seq = 1, NULL, '{\"status\":\"draft\"}'),
              IF(s.seq = 1, CONCAT('{\"number\":\"', q.number, '\",\"status\":\"draft\"}'), '{\"status\":\"sent\"}'),
              REPEAT('0', 64), REPEAT('0', 64)
         FROM quotes q JOIN seq_1_to_2 s WHERE q.account_id = @account;
     SET @audit = (SELECT MAX(id) FROM audit_log);
     INSERT INTO audit_log (id, at, actor_id, entity, entity_id, action, before_json, after_json, prev_hash, hash)
       SELECT @audit + seq, @now - INTERVAL (seq * 7) MINUTE, @rep, 'account', @account, 'update',
              CONCAT('{\"phone\":\"', seq, '\"}'), CONCAT('{\"phone\":\"', seq + 1, '\"}'), REPEAT('0', 64), REPEAT('0', 64)
         FROM seq_1_to_1000;
     ANALYZE TABLE activities, tasks, quotes, audit_log, accounts;
     SELECT @account" | tail -1)
load=$(echo "$(date +%s.%N) - $start" | bc)
say "== loaded in ${load}s: account $account"
echo "RESULT name=timeline-load seconds=$load activities=$n"

token=$(sign_in bench.rep "$password")

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
  done | percentiles | { read -r figures; echo "RESULT name=$name requests=$requests $figures activities=$n items=$items target_p95_us=50000"; }
}

measure timeline-first "/accounts/$account/timeline?limit=50" 50

cursor=null
path="/accounts/$account/timeline?limit=200"
for _ in $(seq 25); do
  cursor=$(curl -fsS -H "Authorization: Bearer $token" "$base/api/v1$path" | jq -r .next)
  path="/accounts/$account/timeline?limit=200&before=$cursor"
done
measure timeline-deep "/accounts/$account/timeline?limit=50&before=$cursor" 50
measure timeline-tasks "/accounts/$account/timeline?limit=50&kind=task" 50

say "== the sources' plans"
rep=$(sql "SELECT id FROM users WHERE login = 'bench.rep'")
sql "EXPLAIN SELECT starts_at, id FROM activities FORCE INDEX (activities_account) WHERE account_id = $account AND archived = 0 AND (owner_id = $rep)
       ORDER BY starts_at DESC, id DESC LIMIT 51;
     EXPLAIN SELECT starts_at, id FROM activities FORCE INDEX (activities_contact) WHERE contact_id IN (SELECT id FROM contacts WHERE account_id = $account
       AND owner_id = $rep) AND archived = 0 ORDER BY starts_at DESC, id DESC LIMIT 51;
     EXPLAIN SELECT created_at, id FROM tasks FORCE INDEX (tasks_account_created) WHERE account_id = $account AND archived = 0 AND (assignee_id = $rep)
       ORDER BY created_at DESC, id DESC LIMIT 51;
     EXPLAIN SELECT a.at, a.id FROM audit_log a FORCE INDEX (audit_entity_at) WHERE (a.entity = 'quote' AND a.entity_id IN (SELECT id FROM quotes
       WHERE account_id = $account AND owner_id = $rep)) ORDER BY a.at DESC, a.id DESC LIMIT 51;
     EXPLAIN SELECT a.at, a.id FROM audit_log a FORCE INDEX (audit_entity_at) WHERE a.entity = 'account' AND a.entity_id = $account
       ORDER BY a.at DESC, a.id DESC LIMIT 51" >&2
