# tests/cluster/galera.sh: three MariaDB Galera nodes on loopback ports, each
# with its own data directory under $CLUSTER_DIR (sourced by check-cluster.sh)
#
# Node N listens for SQL on SQL_PORT[N], for replication on GCOMM_PORT[N],
# and receives incremental (IST) and full state transfers (SST, by mariabackup)
# on IST_PORT[N] and SST_PORT[N]. Small buffers: a 2-core machine runs it.

GALERA_PROVIDER=${GALERA_PROVIDER:-/usr/lib/galera/libgalera_smm.so}

# galera_config N: writes node N's option file
galera_config ()
{
  local n=$1 dir=$CLUSTER_DIR/node$1
  local members="127.0.0.1:${GCOMM_PORT[1]},127.0.0.1:${GCOMM_PORT[2]},127.0.0.1:${GCOMM_PORT[3]}"

  mkdir -p "$dir/data" "$dir/tmp"
  cat > "$dir/my.cnf" <<CNF
[mariadbd]
datadir=$dir/data
tmpdir=$dir/tmp
socket=$dir/mariadb.sock
pid-file=$dir/mariadb.pid
log-error=$dir/mariadb.err
port=${SQL_PORT[$n]}
bind-address=127.0.0.1
user=$(id -un)
skip-name-resolve
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
default-time-zone=+00:00
default-storage-engine=InnoDB
performance-schema=OFF
innodb-buffer-pool-size=32M
innodb-log-file-size=16M
innodb-autoinc-lock-mode=2
innodb-flush-log-at-trx-commit=2
max-connections=200
binlog-format=ROW
# the migrations create triggers and functions as the rapport user, not SUPER
log-bin-trust-function-creators=1
wsrep-on=ON
wsrep-provider=$GALERA_PROVIDER
wsrep-cluster-name=rapport-cluster-test
wsrep-cluster-address=gcomm://$members
wsrep-node-name=node$n
wsrep-node-address=127.0.0.1:${GCOMM_PORT[$n]}
wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:${GCOMM_PORT[$n]};ist.recv_addr=127.0.0.1:${IST_PORT[$n]};gcache.size=32M;gcache.page_size=16M
wsrep-sst-method=mariabackup
wsrep-sst-auth=root:
wsrep-sst-receive-address=127.0.0.1:${SST_PORT[$n]}
wsrep-slave-threads=2
CNF
}

# galera_sql N STATEMENT: runs STATEMENT as root on node N (its socket)
galera_sql ()
{
  mariadb --no-defaults --socket="$CLUSTER_DIR/node$1/mariadb.sock" -uroot -N -B -e "$2"
}

# galera_wait_synced N SECONDS: until node N says Synced in a cluster of 3
galera_wait_synced ()
{
  local n=$1 deadline=$((SECONDS + $2)) state size

  while [ $SECONDS -lt $deadline ]; do
    state=$(galera_sql "$n" "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | cut -f2)
    size=$(galera_sql "$n" "SHOW STATUS LIKE 'wsrep_cluster_size'" 2>/dev/null | cut -f2)
    if [ "$state" = Synced ] && [ "${size:-0}" -ge "${3:-3}" ]; then
      return 0
    fi
    if ! kill -0 "${GALERA_PID[$n]}" 2>/dev/null; then
      echo "node$n exited:"; tail -n 30 "$CLUSTER_DIR/node$n/mariadb.err"; return 1
    fi
    sleep 0.5
  done
  echo "node$n not synced after $2 s (state '$state', cluster size '$size'):"
  tail -n 30 "$CLUSTER_DIR/node$n/mariadb.err"
  return 1
}

# galera_start N [--wsrep-new-cluster]: starts node N in the background
galera_start ()
{
  local n=$1; shift
  mariadbd --defaults-file="$CLUSTER_DIR/node$n/my.cnf" "$@" >>"$CLUSTER_DIR/node$n/mariadb.out" 2>&1 &
  GALERA_PID[$n]=$!
}

# galera_bootstrap: node 1 initialised and bootstrapping the cluster, then
# nodes 2 and 3 joining it by a state transfer
galera_bootstrap ()
{
  for n in 1 2 3; do galera_config "$n"; done
  mariadb-install-db --defaults-file="$CLUSTER_DIR/node1/my.cnf" --auth-root-authentication-method=normal \
    --skip-test-db --wsrep-on=OFF >"$CLUSTER_DIR/node1/install.log" 2>&1 ||
    { cat "$CLUSTER_DIR/node1/install.log"; return 1; }
  galera_start 1 --wsrep-new-cluster
  galera_wait_synced 1 60 1 || return 1
  galera_start 2
  galera_wait_synced 2 120 2 || return 1
  galera_start 3
  galera_wait_synced 3 120 3 || return 1
}

# galera_stop: every node still running, by TERM, then KILL
galera_stop ()
{
  local n
  for n in 1 2 3; do
    [ -n "${GALERA_PID[$n]:-}" ] && kill "${GALERA_PID[$n]}" 2>/dev/null
  done
  for n in 1 2 3; do
    [ -n "${GALERA_PID[$n]:-}" ] || continue
    for _ in $(seq 60); do kill -0 "${GALERA_PID[$n]}" 2>/dev/null || break; sleep 0.5; done
    kill -9 "${GALERA_PID[$n]}" 2>/dev/null
  done
  return 0
}
