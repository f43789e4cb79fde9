#!/usr/bin/env bash
# make run: rapportd in embedded mode with demo data, then the desktop client.
set -euo pipefail
build=${1:-build}
data=${2:-.rapport-data}
listen=${3:-127.0.0.1:8443}
port=${listen##*:}
url="https://127.0.0.1:$port"

first_run=0
[ -e "$data/initial-admin-password" ] || first_run=1

export RAPPORT_LOCALEDIR="$PWD/$build/po"
mkdir -p "$data"
log="$data/rapportd.log"
: > "$log"
"$build/server/rapportd" --data-dir "$data" --listen "$listen" 2> >(tee -a "$log" >&2) &
rapportd=$!
trap 'kill -TERM $rapportd 2>/dev/null; wait $rapportd' EXIT INT TERM

# ready when this rapportd says it listens (another server on the port does not count)
until grep -q "Listening on" "$log"; do
  if ! kill -0 $rapportd 2>/dev/null; then echo "rapportd failed to start; see above" >&2; exit 1; fi
  sleep 0.2
done

if [ $first_run = 1 ]; then
  "$build/server/rapport-admin" --data-dir "$data" demo --accounts 300
fi

fingerprint=$(openssl x509 -in "$data/tls/cert.pem" -noout -fingerprint -sha256 | cut -d= -f2 | tr -d : | tr 'A-F' 'a-f')

cat <<MSG

Rapport is running at $url/api/v1/ (self-signed certificate in $data/tls/,
SHA-256 fingerprint $fingerprint).
  Demo users, password rapport-demo: zhao.min (director, sees every account),
  wang.wei (manager of the Sales teams), li.na and john.smith (sales, see their own).
  The administrator, admin, password $(cat "$data/initial-admin-password"), manages users
  and settings and sees no business data unless given a data scope.
MSG

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "Opening the client, signed in as zhao.min; close it to stop the server."
  (umask 077 && printf 'rapport-demo\n' > "$data/demo-password")
  GSETTINGS_SCHEMA_DIR="$PWD/$build/schemas" "$build/client/rapport" --server "$url" \
    --login zhao.min --password-file "$data/demo-password" --trust-certificate "$fingerprint" || true
else
  cat <<MSG
There is no display here, so the desktop client is not opened. From a machine
with one, run:  rapport --server https://THIS-HOST:$port
(rapportd listens on $listen; start it with --listen 0.0.0.0:$port to reach it
from other machines), or on this machine:  curl -k $url/api/v1/health
Press Ctrl+C to stop rapportd and its database.
MSG
  wait $rapportd
fi
