#!/usr/bin/env bash
# The throw-away PostgreSQL 15 cluster the tests run against: `start STATE_DIR` makes one
# (initdb as the unprivileged postgres user when run as root: initdb refuses root) in a folder
# under /tmp, listening only on 127.0.0.1 on a free port, and writes its connection string to
# STATE_DIR/conninfo; `stop STATE_DIR` stops it and removes it. CTest runs these as the setup and
# clean-up of the "postgres" fixture. `start STATE_DIR durable` keeps PostgreSQL's own settings
# (fsync, synchronous_commit): the cluster the benchmarks measure.
set -euo pipefail
action=$1
state=$2
mode=${3:-tests}
bindir=$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
[[ -x $bindir/initdb ]] || { echo "pg_cluster: no initdb in $bindir: run scripts/install-deps.sh (postgresql-15)" >&2; exit 1; }

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_cluster() {
  [[ -f $state/data ]] || return 0
  local data
  data=$(cat "$state/data")
  as_owner "$bindir/pg_ctl" -D "$data/db" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$data"
  rm -f "$state/data" "$state/conninfo"
}

case $action in
start)
  mkdir -p "$state"
  stop_cluster  # a cluster a killed run left behind
  data=$(mktemp -d /tmp/hotline-test-pg.XXXXXX)
  echo "$data" >"$state/data"
  [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$data"
  # C collation: text sorts by its bytes, as in SQLite, so both backends list in the same order.
  as_owner "$bindir/initdb" -D "$data/db" --username=postgres --auth=trust --encoding=UTF8 --locale=C \
    --no-sync >"$data/initdb.log" 2>&1 || { cat "$data/initdb.log" >&2; exit 1; }
  # No fsync: the tests kill bot instances, never this server, and a test run should not wait on
  # the disk. The benchmarks use a server with the defaults (docs/benchmarks.md).
  settings="-c max_connections=300 -c shared_buffers=64MB"
  [[ $mode == durable ]] && settings="-c max_connections=300 -c shared_buffers=256MB"
  [[ $mode == durable ]] || settings+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  for port in $(seq 25432 25531); do
    if as_owner "$bindir/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 30 \
      -o "-p $port -k $data -c listen_addresses=127.0.0.1 $settings" start >/dev/null 2>&1; then
      echo "host=127.0.0.1 port=$port user=postgres dbname=postgres connect_timeout=5" >"$state/conninfo"
      echo "pg_cluster: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($data)"
      exit 0
    fi
  done
  cat "$data/server.log" >&2
  echo "pg_cluster: no free port between 25432 and 25531" >&2
  exit 1
  ;;
stop)
  stop_cluster
  ;;
*)
  echo "usage: pg_cluster.sh start|stop STATE_DIR" >&2
  exit 2
  ;;
esac
