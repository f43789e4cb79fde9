#!/usr/bin/env bash
# bench-preview.sh: rapportd's resident memory before and after 1,000 quote previews over HTTP, and its CPU time per preview
#
# Usage: tests/bench/bench-preview.sh [BUILD_DIR]        (default: build)
#
# Against a running rapportd when BENCH_BASE_URL, RAPPORT_TOKEN (signed in,
# able to create an account and a quote) and RAPPORTD_PID are set, as
# bench-size.sh runs it; otherwise it starts a rapportd of its own on a
# throwaway embedded database and stops it at the end. It previews one
# quote BENCH_PREVIEWS times (default 1000), BENCH_PREVIEW_CONNECTIONS at once
# (default 4), in the language BENCH_PREVIEW_LANGUAGE (zh_CN, the shipped
# template's, or en), and prints RESULT lines (see tests/bench/README):
#
#   preview-rss-before   rapportd's RSS in MB before the previews
#   preview-rss-after    its RSS in MB after them (target < 40)
#   preview-cpu          rapportd's CPU ms (user + system) per preview
#
# and, for a rapportd of its own, preview-idle-rss (target < 30).

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
n_previews=${BENCH_PREVIEWS:-1000}
connections=${BENCH_PREVIEW_CONNECTIONS:-4}
language=${BENCH_PREVIEW_LANGUAGE:-zh_CN}

die ()
{
  echo "bench-preview: $*" >&2
  exit 1
}

say ()
{
  echo "$*" >&2
}

for tool in curl jq awk mariadb; do
  command -v "$tool" >/dev/null || die "$tool is needed (apt-get install $tool)"
done

data_dir=
own_pid=

cleanup ()
{
  if [[ -n $own_pid ]] && kill -0 "$own_pid" 2>/dev/null; then
    kill -TERM "$own_pid"
    for _ in $(seq 600); do
      kill -0 "$own_pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  [[ -n $data_dir ]] && rm -rf "$data_dir"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rss_mb ()
{
  awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status"
}

# user + system time of the process, in clock ticks
cpu_ticks ()
{
  # the command name in field 2 may hold spaces: count from after its ")"
  sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }'
}

# the mappings that hold the most resident memory, e.g. "[heap] 9.1 MB, anon 8.0 MB, …"
top_mappings ()
{
  awk '/^[0-9a-f]+-[0-9a-f]+ / { name = NF >= 6 ? $6 : "anon"; sub(".*/", "", name) }
       /^Rss:/ { rss[name] += $2 }
       END { for (n in rss) printf "%s %.1f MB\n", n, rss[n] / 1024 }' "/proc/$pid/smaps" |
    sort -k2 -rn | head -n 6 | paste -sd, | sed 's/,/, /g'
}

if [[ -n ${BENCH_BASE_URL:-} ]]; then
  base=$BENCH_BASE_URL
  token=${RAPPORT_TOKEN:?RAPPORT_TOKEN is needed with BENCH_BASE_URL}
  pid=${RAPPORTD_PID:?RAPPORTD_PID is needed with BENCH_BASE_URL}
else
  rapportd=$build/server/rapportd
  [[ -x $rapportd ]] || die "no $rapportd; build first"
  data_dir=$(mktemp -d "${TMPDIR:-/tmp}/rapport-preview.XXXXXX")
  say "== rapportd in $data_dir"
  "$rapportd" --data-dir "$data_dir" --listen 127.0.0.1:0 --no-tls >>"$data_dir/rapportd.log" 2>&1 &
  own_pid=$!
  pid=$own_pid
  listening=
  for _ in $(seq 3000); do
    listening=$(grep -s 'Listening on' "$data_dir/rapportd.log" | tail -n1 || true)
    [[ -n $listening ]] && break
    kill -0 "$pid" 2>/dev/null || { cat "$data_dir/rapportd.log" >&2; die "rapportd exited"; }
    sleep 0.1
  done
  [[ -n $listening ]] || die "rapportd did not start in 300 s"
  base=http://127.0.0.1:$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' <<<"$listening")
  for _ in $(seq 300); do
    curl -fsS "$base/api/v1/health" >/dev/null 2>&1 && break
    sleep 0.1
  done
  # what a fresh rapportd holds once it has settled
  sleep 2
  echo "RESULT name=preview-idle-rss value=$(rss_mb) unit=MB target=<30"
  say "   idle: $(grep -E '^(RssAnon|RssFile|Threads)' "/proc/$pid/status" | tr -s ' \t\n' ' ')"
  mariadb --socket "$data_dir/db/mariadb.sock" --user root rapport \
    --execute "UPDATE role_scopes SET scope = 'company' WHERE role = 'admin';
               UPDATE users SET must_change_password = 0 WHERE login = 'admin'" || die "cannot prepare the admin"
  token=$(jq -n --arg p "$(<"$data_dir/initial-admin-password")" '{login: "admin", password: $p}' |
          curl -fsS -H 'Content-Type: application/json' --data-binary @- "$base/api/v1/session" | jq -r .token)
  [[ -n $token && $token != null ]] || die "cannot sign in as admin"
fi
auth=(-H "Authorization: Bearer $token")

# one quote of three lines, as a one-page preview shows it
if [[ $language == en ]]; then
  account_body='{"name":"Northwind Clinical Supplies Ltd.","address":"1 Harbour Road, Hamburg"}'
  descriptions=("Single-use sterile syringe 5 ml with needle, 100 per box" "ECG electrodes" "Surgical face mask, three-ply")
else
  account_body='{"name":"上海华东医疗器械有限公司","address":"上海市浦东新区张江路 100 号"}'
  descriptions=("一次性使用无菌注射器 5ml（带针），每箱 100 支" "心电电极片" "医用外科口罩，三层无纺布")
fi
account=$(curl -fsS "${auth[@]}" -H 'Content-Type: application/json' --data-binary "$account_body" \
            "$base/api/v1/accounts" | jq -r .id)
[[ $account =~ ^[0-9]+$ ]] || die "cannot create the account"
quote_body=$(jq -n --argjson a "$account" --arg t "$language" --arg d0 "${descriptions[0]}" \
                --arg d1 "${descriptions[1]}" --arg d2 "${descriptions[2]}" \
  '{account_id: $a, currency: "CNY", template: $t, lines: [
     {description: $d0, quantity: "20", unit_price: "125.5000", tax_rate: "13"},
     {description: $d1, quantity: "500", unit_price: "1.2000", tax_rate: "13"},
     {description: $d2, quantity: "40", unit_price: "35.0000", tax_rate: "13"}]}')
quote=$(curl -fsS "${auth[@]}" -H 'Content-Type: application/json' --data-binary "$quote_body" \
          "$base/api/v1/quotes" | jq -r .id)
[[ $quote =~ ^[0-9]+$ ]] || die "cannot create the quote"
url=$base/api/v1/quotes/$quote/pdf
curl -fsS "${auth[@]}" -o /dev/null "$url" || die "GET $url fails"

config=$(mktemp "${TMPDIR:-/tmp}/rapport-preview-curl.XXXXXX")
trap 'rm -f "$config"; cleanup' EXIT
for _ in $(seq "$n_previews"); do
  printf 'url = "%s"\noutput = "/dev/null"\n' "$url"
done >"$config"

rss_before=$(rss_mb)
ticks_before=$(cpu_ticks)
started=$(date +%s.%N)
codes=$(curl -sS --no-progress-meter --parallel --parallel-max "$connections" "${auth[@]}" -w '%{http_code}\n' --config "$config")
seconds=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
ticks_after=$(cpu_ticks)
rss_after=$(rss_mb)
failed=$(grep -vc '^200$' <<<"$codes" || true)
[[ $failed == 0 ]] || die "$failed of $n_previews previews failed: $(grep -v '^200$' <<<"$codes" | sort | uniq -c | tr '\n' ' ')"

ms_per_preview=$(awk -v t=$((ticks_after - ticks_before)) -v hz="$(getconf CLK_TCK)" -v n="$n_previews" \
                   'BEGIN { printf "%.2f", t * 1000 / hz / n }')
say "   after: $(grep -E '^(RssAnon|RssFile|RssShmem|Threads)' "/proc/$pid/status" | tr -s ' \t\n' ' ')"
say "   largest: $(top_mappings)"
# Connector/C keeps some 18 KB a prepared statement that rapportd caches (a
# 30-column SELECT): with many connections they outweigh the previews
if [[ -n ${BENCH_SOCKET:-} ]]; then
  say "   prepared statements cached on the server: $(mariadb --socket "$BENCH_SOCKET" --user root --batch \
        --skip-column-names --execute "SHOW GLOBAL STATUS LIKE 'Prepared_stmt_count'" | cut -f2)"
fi
say "   $n_previews $language previews, $connections at once, in $seconds s; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "RESULT name=preview-rss-before value=$rss_before unit=MB"
echo "RESULT name=preview-rss-after value=$rss_after unit=MB baseline=$rss_before target=<40 previews=$n_previews"
echo "RESULT name=preview-cpu value=$ms_per_preview unit=ms target=<=10 previews=$n_previews language=$language"
