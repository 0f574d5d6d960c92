#!/usr/bin/env bash
# Start a real PostgreSQL server for the event-store tests (Debian's `postgresql` package).
#
# Installs the package when it is absent, starts (creating if needed) a cluster on localhost, creates the
# role and database the tests use, and prints ONE line on stdout:
#     export MARSAD_TEST_PG_URL=postgresql+psycopg://marsad:marsad@127.0.0.1:PORT/marsad_test
# so that CI can run   eval "$(bash scripts/ci_postgres.sh)"
# Everything else goes to stderr. Needs root (apt-get, and running the server as the postgres user).
# Idempotent: a second run finds the server up and the database there.
set -euo pipefail

log() { echo "ci_postgres: $*" >&2; }

PG_USER=${MARSAD_PG_USER:-marsad}
PG_PASSWORD=${MARSAD_PG_PASSWORD:-marsad}
PG_DB=${MARSAD_PG_DB:-marsad_test}

if [ "$(id -u)" -ne 0 ]; then
  log "must run as root (it installs and starts PostgreSQL)"
  exit 1
fi

if ! compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; then
  log "installing postgresql (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
fi

VERSION=$(ls /usr/lib/postgresql | sort -V | tail -1)
CLUSTER=main
if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$VERSION $CLUSTER"; then
  log "creating cluster $VERSION/$CLUSTER"
  pg_createcluster "$VERSION" "$CLUSTER" >&2
fi
PORT=$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $3}')
STATUS=$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}')
if [ "$STATUS" != "online" ]; then
  log "starting cluster $VERSION/$CLUSTER on port $PORT"
  pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi

for _ in $(seq 1 60); do
  if runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p "$PORT"; then break; fi
  sleep 0.5
done
runuser -u postgres -- pg_isready -h 127.0.0.1 -p "$PORT" >&2

psql_admin() { runuser -u postgres -- psql -p "$PORT" -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'")" != "1" ]; then
  log "creating role $PG_USER"
  psql_admin -c "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD' CREATEDB" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname='$PG_DB'")" != "1" ]; then
  log "creating database $PG_DB"
  psql_admin -c "CREATE DATABASE $PG_DB OWNER $PG_USER" >&2
fi

echo "export MARSAD_TEST_PG_URL=postgresql+psycopg://$PG_USER:$PG_PASSWORD@127.0.0.1:$PORT/$PG_DB"
