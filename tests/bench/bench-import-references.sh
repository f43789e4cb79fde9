#!/usr/bin/env bash
# bench-import-references.sh: what finding references by meaning costs an import, and
# what on_duplicate=update does at size
#
# Usage: bash tests/bench/bench-import-references.sh BUILD_DIR [N_ROWS]
#
# Starts rapportd (plain HTTP on loopback), loads BENCH_ACCOUNTS [2000] demo accounts
# without contacts, and imports N_ROWS [BENCH_IMPORT_ROWS, 20000] contacts into them
# three times through POST /contacts/import: the account by account_id, by its name
# under a 公司 header (each distinct name looked up once, then remembered for the
# file), and the same file again with on_duplicate=skip (each row matched by the
# duplicate checks); then sends the accounts' export.csv (id, region, name) back to
# import.csv?on_duplicate=update with every region changed.
# Prints `RESULT name=import-ref-id|import-ref-name|import-ref-skip|import-update
# rows=N seconds=S rows_per_s=R` for each.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:?usage: bench-import-references.sh BUILD_DIR [N_ROWS]}" && pwd)
n_rows=${2:-${BENCH_IMPORT_ROWS:-20000}}
n_accounts=${BENCH_ACCOUNTS:-2000}

for tool in curl jq awk sed; do
  command -v "$tool" >/dev/null || { echo "bench-import-references: $tool is needed" >&2; exit 1; }
done

bench=bench-import-references
# shellcheck source=tests/bench/bench-rapportd.sh
source "$here/bench-rapportd.sh"

start_rapportd
sql "UPDATE role_scopes SET scope = 'company' WHERE role = 'admin';
     UPDATE users SET must_change_password = 0 WHERE login = 'admin'" || die "cannot prepare the admin"
say "== loading $n_accounts demo accounts"
"$admin" --data-dir "$data_dir" demo --accounts "$n_accounts" --no-contacts >"$data_dir/demo.log" 2>&1 ||
  { cat "$data_dir/demo.log" >&2; die "rapport-admin demo failed"; }
token=$(jq -n --arg p "$(<"$data_dir/initial-admin-password")" '{login: "admin", password: $p}' |
          curl -fsS -H 'Content-Type: application/json' --data-binary @- "$base/api/v1/session" | jq -r .token)
[[ -n $token && $token != null ]] || die "cannot sign in as admin"
auth=(-H "Authorization: Bearer $token")

# accounts whose name no other account has: a name names one of them
sql "SELECT id, name FROM accounts WHERE archived = 0 AND name IN
       (SELECT name FROM accounts WHERE archived = 0 GROUP BY name HAVING COUNT(*) = 1)
     ORDER BY id LIMIT 500" >"$data_dir/accounts.tsv"
[[ -s $data_dir/accounts.tsv ]] || die "no accounts are loaded"
say "== $(wc -l <"$data_dir/accounts.tsv") accounts of a name of their own"

write_contacts ()
{
  local by=$1 prefix=$2
  awk -F'\t' -v n="$n_rows" -v by="$by" -v prefix="$prefix" 'NR == FNR { ids[++k] = $1; names[k] = $2; next }
    END {
      printf "姓名,职务,手机,%s\r\n", by == "id" ? "account_id" : "公司";
      for (i = 1; i <= n; i++)
        {
          a = (i % k) + 1;
          value = by == "id" ? ids[a] : names[a];
          gsub(/"/, "\"\"", value);
          printf "%s%d,采购经理,13%d%08d,\"%s\"\r\n", prefix, i, by == "id" ? 7 : 8, i, value
        }
    }' "$data_dir/accounts.tsv" /dev/null
}

# POST $1 (path and query) with file $2; sets status, seconds
post ()
{
  local out
  out=$(curl -sS -o "$data_dir/answer.json" -w '%{http_code} %{time_total}' "${auth[@]}" \
          -H 'Content-Type: text/csv' --data-binary @"$2" "$base/api/v1/$1") || die "POST $1 failed"
  read -r status seconds <<<"$out"
  [[ $status == 201 ]] || { head -c 2000 "$data_dir/answer.json" >&2; die "POST $1 answered $status"; }
}

result ()
{
  local name=$1 rows=$2
  echo "RESULT name=$name rows=$rows seconds=$seconds rows_per_s=$(awk -v n="$rows" -v s="$seconds" 'BEGIN { printf "%d", n / s }')"
}

write_contacts id 按编号 >"$data_dir/by-id.csv"
post contacts/import "$data_dir/by-id.csv"
[[ $(jq .created "$data_dir/answer.json") == "$n_rows" ]] || die "by id: created $(jq .created "$data_dir/answer.json")"
result import-ref-id "$n_rows"

write_contacts name 按名称 >"$data_dir/by-name.csv"
post contacts/import "$data_dir/by-name.csv"
[[ $(jq .created "$data_dir/answer.json") == "$n_rows" ]] || die "by name: created $(jq .created "$data_dir/answer.json")"
result import-ref-name "$n_rows"

post "contacts/import?on_duplicate=skip" "$data_dir/by-name.csv"
[[ $(jq '.skipped | length' "$data_dir/answer.json") == "$n_rows" ]] || die "skip: skipped $(jq '.skipped | length' "$data_dir/answer.json")"
result import-ref-skip "$n_rows"

# id first and region next, so that the region is the second cell whatever the name holds
curl -fsS "${auth[@]}" "$base/api/v1/accounts/export.csv?columns=id,region,name" >"$data_dir/accounts.csv" ||
  die "the export failed"
n_exported=$(( $(wc -l <"$data_dir/accounts.csv") - 1 ))
sed -e '1!s/^\([0-9]*\),[^,]*,/\1,Bench region,/' "$data_dir/accounts.csv" >"$data_dir/accounts-changed.csv"
post "accounts/import.csv?on_duplicate=update&mode=good_rows" "$data_dir/accounts-changed.csv"
updated=$(jq '.updated | length' "$data_dir/answer.json")
say "== $updated of $n_exported exported accounts updated, $(jq '.rejected | length' "$data_dir/answer.json") rejected"
result import-update "$updated"
