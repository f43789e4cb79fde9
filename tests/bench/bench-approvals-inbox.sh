#!/usr/bin/env bash
# bench-approvals-inbox.sh: the approvals inbox with what each request is about (customer,
# amount, discount, trigger), by p95 latency, against a throwaway rapportd
#
# Usage: bash tests/bench/bench-approvals-inbox.sh BUILD_DIR [N_REQUESTS]
#
# Starts rapportd (plain HTTP on loopback), adds a director, a manager and a rep,
# has the rep submit N_REQUESTS [200] quotes at 15 % discount (each waits for the
# manager), then measures with wrk at BENCH_LATENCY_CONNECTIONS [1] connection(s):
#   approvals-pending     GET /approvals?mine=pending as the manager (every request)
#   approvals-submitted   GET /approvals?mine=submitted as the rep (at most 200)
#   approval-detail       GET /approvals/:id as the manager (one request)
# Every line on stdout is `RESULT name=... p95_us=... approvals=N items=N`; progress
# goes to stderr. Environment: BENCH_SECONDS [10], BENCH_WARMUP [2].
# Not run by bench-size.sh: it writes quotes, which the read benchmarks there count.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:?usage: bench-approvals-inbox.sh BUILD_DIR [N_REQUESTS]}" && pwd)
n_requests=${2:-200}
seconds=${BENCH_SECONDS:-10}
warmup=${BENCH_WARMUP:-2}
connections=${BENCH_LATENCY_CONNECTIONS:-1}
rapportd=$build/server/rapportd
admin=$build/server/rapport-admin
password="bench approvals password"

for tool in wrk curl jq; do
  command -v "$tool" >/dev/null || { echo "bench-approvals-inbox: $tool is needed" >&2; exit 1; }
done

say () { echo "$*" >&2; }
die () { say "bench-approvals-inbox: $*"; exit 1; }

data_dir=$(mktemp -d "${TMPDIR:-/tmp}/bench-approvals-XXXXXX")
rapportd_pid=
cleanup ()
{
  if [[ -n $rapportd_pid ]]; then
    kill "$rapportd_pid" 2>/dev/null || true
    wait "$rapportd_pid" 2>/dev/null || true
  fi
  rm -rf "$data_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$rapportd" --data-dir "$data_dir" --listen 127.0.0.1:0 --no-tls >>"$data_dir/rapportd.log" 2>&1 &
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
say "== rapportd at $base"

printf '%s' "$password" >"$data_dir/password"
add_user ()
{
  "$admin" --data-dir "$data_dir" user add "$1" --role "$2" --name "$3" --password-file "$data_dir/password" \
    ${4:+--manager "$4"} >/dev/null || die "cannot add $1"
}
add_user dir director "Dora Director"
add_user mgr manager "Max Manager" dir
add_user rep sales "Rita Rep" mgr

sign_in ()
{
  jq -n --arg l "$1" --arg p "$password" '{login: $l, password: $p}' |
    curl -fsS -H 'Content-Type: application/json' --data-binary @- "$base/api/v1/session" | jq -r .token
}
rep=$(sign_in rep)
manager=$(sign_in mgr)
[[ -n $rep && $rep != null && -n $manager && $manager != null ]] || die "cannot sign in"

post ()
{
  curl -fsS -H "Authorization: Bearer $1" -H 'Content-Type: application/json' --data-binary "$3" "$base/api/v1$2"
}
account=$(post "$rep" /accounts '{"name":"Bench Hospital 基准医院"}' | jq -r .id)
say "== $n_requests quotes submitted by the rep"
approval=
for i in $(seq "$n_requests"); do
  quote=$(post "$rep" /quotes "{\"account_id\":$account,\"currency\":\"CNY\",\"title\":\"Bench $i\",\"lines\":[{\"description\":\"Ventilator\",\"quantity\":\"1\",\"unit_price\":\"100000\",\"discount\":\"15\",\"tax_rate\":\"13\"}]}" | jq -r .id)
  approval=$(post "$rep" "/quotes/$quote/submit" '{}' | jq -r .approval_id)
done

measure ()
{
  local name=$1 token=$2 path=$3 answer items out

  answer=$(curl -fsS -H "Authorization: Bearer $token" "$base/api/v1$path") ||
    die "GET $path does not answer 200"
  items=$(jq '(.items // [.]) | length' <<<"$answer")
  jq -e '(.items // [.])[0] | .customer and .amount and .trigger.condition' >/dev/null <<<"$answer" ||
    die "GET $path does not say what a request is about"
  [[ $warmup == 0 ]] ||
    RAPPORT_TOKEN=$token BENCH_NAME=$name BENCH_PATH=/api/v1$path \
      wrk -t1 -c"$connections" -d"${warmup}s" -s "$here/path.lua" "$base" >/dev/null
  out=$(RAPPORT_TOKEN=$token BENCH_NAME=$name BENCH_PATH=/api/v1$path \
          wrk -t1 -c"$connections" -d"${seconds}s" -s "$here/path.lua" "$base" 2>&1)
  grep '^RESULT' <<<"$out" | sed "s/\$/ approvals=$n_requests connections=$connections items=$items/"
  say "   $name $(grep -o 'p95_us=[0-9]*' <<<"$out") items=$items"
}

measure approvals-pending "$manager" "/approvals?mine=pending"
measure approvals-submitted "$rep" "/approvals?mine=submitted"
measure approval-detail "$manager" "/approvals/$approval"
