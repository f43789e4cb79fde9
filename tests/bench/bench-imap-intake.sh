#!/usr/bin/env bash
# bench-imap-intake.sh: IMAP intake: N messages in a real Dovecot mailbox read onto cases by one poll; messages a second (target >= 50)
#
# Usage: bash tests/bench/bench-imap-intake.sh BUILD_DIR [N [SENDERS]]
#
# Runs BUILD_DIR/tests/bench/bench-imap-intake (built here if missing) with
# the tests' fixtures: a private Dovecot and Exim and a rapportd on a
# throwaway MariaDB, all under a TMPDIR of their own that is removed at the
# end. N [2000] messages from SENDERS [100] contacts: a third open a thread,
# a third answer one by In-Reply-To, a third by References. Prints
#   RESULT name=imap-intake messages=N seconds=S per_second=R cases=C

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:?usage: bench-imap-intake.sh BUILD_DIR [N [SENDERS]]}" && pwd)
shift

ninja -C "$build" tests/bench/bench-imap-intake server/rapportd server/rapport-admin >/dev/null
export RAPPORTD="$build/server/rapportd" RAPPORT_ADMIN="$build/server/rapport-admin"
export LD_LIBRARY_PATH="$build/common${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
[ -w /dev/shm ] && export TMPDIR=${TMPDIR:-/dev/shm}
exec "$root/tests/server/with-tmpdir.sh" "$build/tests/bench/bench-imap-intake" "$@"
