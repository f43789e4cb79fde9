# bench-rapportd.sh: sourced by the benchmark scripts that run a throwaway rapportd.
# Before sourcing, set `bench` (the script's name, for messages) and `build` (the build
# directory); before start_rapportd, `rapportd_config` may name a config file for it.
# Gives: say, die, data_dir (removed at exit, with rapportd stopped),
# start_rapportd (plain HTTP on loopback; sets rapportd_pid and base), stop_rapportd,
# sql (a statement through the root socket, tab-separated, no column names), sign_in
# (a session token for LOGIN [PASSWORD], after start_rapportd), and percentiles (p50_us= and p95_us= of the microsecond figures on stdin).

rapportd=$build/server/rapportd
admin=$build/server/rapport-admin

say () { echo "$*" >&2; }
die () { say "$bench: $*"; exit 1; }

data_dir=$(mktemp -d "${TMPDIR:-/tmp}/$bench-XXXXXX")
rapportd_pid=
stop_rapportd ()
{
  if [[ -n $rapportd_pid ]]; then
    kill "$rapportd_pid" 2>/dev/null || true
    wait "$rapportd_pid" 2>/dev/null || true
    rapportd_pid=
  fi
}
cleanup ()
{
  stop_rapportd
  rm -rf "$data_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_rapportd ()
{
  local listening=
  : >"$data_dir/rapportd.log"
  "$rapportd" ${rapportd_config:+--config "$rapportd_config"} --data-dir "$data_dir" --listen 127.0.0.1:0 --no-tls \
    >>"$data_dir/rapportd.log" 2>&1 &
  rapportd_pid=$!
  for _ in $(seq 3000); do
    listening=$(grep -m1 'Listening on' "$data_dir/rapportd.log" || true)
    [[ -n $listening ]] && break
    kill -0 "$rapportd_pid" 2>/dev/null || { cat "$data_dir/rapportd.log" >&2; die "rapportd exited"; }
    sleep 0.1
  done
  [[ -n $listening ]] || die "rapportd did not start in 300 s"
  base=http://127.0.0.1:$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' <<<"$listening")
}

sql ()
{
  mariadb --socket "$data_dir/db/mariadb.sock" --user root --batch --skip-column-names \
    rapport --execute "$1"
}

# p50 and p95 of the microsecond figures on stdin, one a line
percentiles ()
{
  sort -n | awk '{ v[NR] = $1 } END { i50 = int(NR * 0.50 + 0.5); i95 = int(NR * 0.95 + 0.5);
                   if (i50 < 1) i50 = 1; if (i95 < 1) i95 = 1; printf "p50_us=%d p95_us=%d\n", v[i50], v[i95] }'
}

# a session token for login $1 with password $2 (default: $password); dies
# when the sign-in fails
sign_in ()
{
  local token
  token=$(jq -n --arg l "$1" --arg p "${2:-$password}" '{login: $l, password: $p}' |
          curl -fsS -H 'Content-Type: application/json' --data-binary @- "$base/api/v1/session" | jq -r .token) || true
  [[ -n $token && $token != null ]] || die "cannot sign in as $1"
  printf '%s' "$token"
}
