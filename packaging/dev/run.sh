#!/usr/bin/env bash
# make run: rapportd in embedded mode with demo data, in the foreground.
set -euo pipefail
build=${1:-build}
data=${2:-.rapport-data}
listen=${3:-127.0.0.1:8443}
port=${listen##*:}

first_run=0
[ -e "$data/initial-admin-password" ] || first_run=1

"$build/server/rapportd" --data-dir "$data" --listen "$listen" &
rapportd=$!
trap 'kill -TERM $rapportd 2>/dev/null; wait $rapportd' EXIT INT TERM

for _ in $(seq 1 600); do
  if curl -skf "https://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 $rapportd 2>/dev/null; then echo "rapportd failed to start" >&2; exit 1; fi
  sleep 0.2
done

if [ $first_run = 1 ]; then
  "$build/server/rapport-admin" --data-dir "$data" demo --accounts 300
fi

cat <<MSG

Rapport is running at https://$listen/api/v1/ (self-signed certificate in $data/tls/).
  Sign in as admin, password: $(cat "$data/initial-admin-password")
  or as li.na / john.smith / wang.wei, password: rapport-demo
  Try: curl -k https://$listen/api/v1/health
Press Ctrl+C to stop rapportd and its database.
MSG
wait $rapportd
