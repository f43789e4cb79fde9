#!/usr/bin/env bash
# bench-auto-reminders.sh: the automatic reminders over N contracts, quotes, accounts and contacts: how long the job takes
#
# Usage: bash tests/bench/bench-auto-reminders.sh BUILD_DIR [N]
# (not executable, so that bench-size.sh does not load millions of rows for every size)
#
# Starts rapportd (plain HTTP on loopback) on a fresh data directory and
# loads N [1000000] of each of contracts in force, sent quotes, owned
# accounts and contacts with a birthday inside MariaDB (INSERT … SELECT from
# the sequence engine, timed: load_s), their dates spread over three years
# (end dates, validity, idle time) and over the year (birthdays). Every kind
# is turned on (contracts 30 days ahead, quotes 7, 30 days without activity,
# birthdays 3 days ahead). Then:
#   auto-reminders-explain  the plan of each of the job's queries (EXPLAIN),
#                           printed for the reader: each reads its index by
#                           range, never the whole table
#   auto-reminders-run      POST /api/v1/jobs/run?now=… (every periodic
#                           job), a day later each run, BENCH_REQUESTS times:
#                           each finds what came due that day among N rows of
#                           each kind, and tells up to 500 of each kind
#   auto-reminders-nothing-new  the same a minute after each: every query
#                           runs and finds that all was told (the job's cost
#                           when nothing is due, as most of its runs)
# Every line on stdout is `RESULT name=... runs=... p50_us=... p95_us=... rows=N told=T`;
# progress goes to stderr.
# Environment: BENCH_REQUESTS [20].

set -euo pipefail

bench=bench-auto-reminders
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:?usage: bench-auto-reminders.sh BUILD_DIR [N]}" && pwd)
n=${2:-1000000}
runs=${BENCH_REQUESTS:-20}
password="bench auto reminders password"

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
"$admin" --data-dir "$data_dir" user add bench.rep --role sales --name "Bench Rep" \
  --password-file "$data_dir/password" >/dev/null || die "cannot add the rep"
admin_token=$(sign_in bench.admin "$password")

say "== loading $n accounts, contacts, contracts and quotes"
start=$(date +%s.%N)
sql "SET @rep = (SELECT id FROM users WHERE login = 'bench.rep');
     SET @base = TIMESTAMP'2027-03-01 00:00:00';
     DELIMITER //
     FOR b IN 0 .. ($n - 1) DIV 100000 DO
       INSERT INTO accounts (created_at, updated_at, code, name, owner_id, last_activity_at)
       SELECT @base - INTERVAL (seq MOD 1095) DAY, UTC_TIMESTAMP(6), CONCAT('BAR-', seq), CONCAT('Bench account ', seq), @rep,
              IF(seq MOD 2 = 0, @base - INTERVAL (seq MOD 1095) DAY + INTERVAL 1 HOUR, NULL)
         FROM seq_1_to_10000000 WHERE seq > b * 100000 AND seq <= LEAST((b + 1) * 100000, $n);
     END FOR //
     DELIMITER ;
     CREATE TEMPORARY TABLE bench_accounts (id BIGINT UNSIGNED PRIMARY KEY, seq INT NOT NULL)
       SELECT id, CAST(SUBSTRING(code, 5) AS UNSIGNED) AS seq FROM accounts WHERE code LIKE 'BAR-%';
     INSERT INTO contacts (created_at, updated_at, account_id, owner_id, name, birthday)
     SELECT UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), id, @rep, CONCAT('Bench contact ', seq),
            DATE'1970-01-01' + INTERVAL (seq MOD 10000) DAY FROM bench_accounts;
     INSERT INTO contracts (created_at, updated_at, number, account_id, owner_id, status, currency, end_date)
     SELECT UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), CONCAT('C-BAR-', seq), id, @rep, 'active', 'CNY',
            DATE'2027-01-01' + INTERVAL (seq MOD 1095) DAY FROM bench_accounts;
     INSERT INTO quotes (created_at, updated_at, number, account_id, owner_id, status, currency, valid_until)
     SELECT UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), CONCAT('Q-BAR-', seq), id, @rep, 'sent', 'CNY',
            DATE'2027-01-01' + INTERVAL (seq MOD 1095) DAY FROM bench_accounts;
     UPDATE \`reminder-settings\` SET enabled = 1, days = CASE kind WHEN 'contract_end' THEN 30 WHEN 'quote_expiry' THEN 7
                                                           WHEN 'no_activity' THEN 30 ELSE 3 END;
     ANALYZE TABLE accounts, contacts, contracts, quotes" >/dev/null
load=$(echo "$(date +%s.%N) - $start" | bc)
say "== loaded in ${load}s"
echo "RESULT name=auto-reminders-load seconds=$load rows=$n"

say "== the plans of the job's queries (as of 2027-03-01)"
explain ()
{
  mariadb --default-character-set=utf8mb4 --socket "$data_dir/db/mariadb.sock" --user root --batch --raw rapport --execute "EXPLAIN $1" | sed 's/^/  /' >&2
}
explain "SELECT c.id FROM contracts c WHERE c.status = 'active' AND c.end_date BETWEEN '2027-03-01' AND '2027-03-31' AND c.archived = 0
         AND NOT EXISTS (SELECT 1 FROM reminders_told t WHERE t.kind = 'contract_end' AND t.record_id = c.id
                         AND t.occurrence = CAST(c.end_date AS CHAR) COLLATE utf8mb4_unicode_ci)
         ORDER BY c.end_date, c.id LIMIT 500"
explain "SELECT a.id FROM accounts a WHERE a.idle_since > '2027-01-23' AND a.idle_since <= '2027-01-30'
         AND a.owner_id IS NOT NULL AND a.archived = 0 ORDER BY a.idle_since, a.id LIMIT 500"
explain "SELECT c.id FROM contacts c JOIN accounts a ON a.id = c.account_id WHERE c.birthday_md IN (301, 302, 303, 304)
         AND c.archived = 0 ORDER BY c.birthday_md, c.id LIMIT 500"

say "== the job, a day later each run, then again a minute later"
: >"$data_dir/again"
for i in $(seq 0 "$runs"); do
  now=$(date -u -d "2027-03-01 04:00:00 UTC + $i days" +%Y-%m-%dT%H:%M:%SZ)
  out=$(curl -fsS -w ' %{time_total}' -X POST -H "Authorization: Bearer $admin_token" "$base/api/v1/jobs/run?now=$now") ||
    die "the run at $now failed"
  told=$(jq -r .auto_reminded <<<"${out% *}")
  # a run tells up to 500 of a kind: the next ones, a minute apart, tell
  # the rest, until one finds nothing new
  for m in $(seq 1 30); do
    later=$(date -u -d "2027-03-01 04:00:00 UTC + $i days + $m minutes" +%Y-%m-%dT%H:%M:%SZ)
    again=$(curl -fsS -w ' %{time_total}' -X POST -H "Authorization: Bearer $admin_token" "$base/api/v1/jobs/run?now=$later") ||
      die "the run at $later failed"
    [[ $(jq -r .auto_reminded <<<"${again% *}") == 0 ]] && break
  done
  say "  $now: told $told in ${out##* }s; a minute later, nothing new, in ${again##* }s"
  # the first run tells the backlog of the windows (and expires what ended
  # before); the others, a day's worth
  [[ $i == 0 ]] && continue
  awk -v t="${out##* }" 'BEGIN { printf "%d\n", t * 1000000 }'
  awk -v t="${again##* }" 'BEGIN { printf "%d\n", t * 1000000 }' >>"$data_dir/again"
done | percentiles | { read -r figures; echo "RESULT name=auto-reminders-run runs=$runs $figures rows=$n"; }
percentiles <"$data_dir/again" | { read -r figures; echo "RESULT name=auto-reminders-nothing-new runs=$runs $figures rows=$n"; }
