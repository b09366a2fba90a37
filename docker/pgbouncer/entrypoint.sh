#!/bin/sh
# Writes PgBouncer's auth file from POSTGRES_USER and POSTGRES_PASSWORD (the variables the postgres
# service is created with) and runs pgbouncer in the foreground, logging to stderr.
set -eu
umask 077
: "${POSTGRES_USER:?POSTGRES_USER is not set}"
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is not set}"
# userlist.txt: "user" "password", a double quote inside doubled.
quote() { printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')"; }
printf '%s %s\n' "$(quote "$POSTGRES_USER")" "$(quote "$POSTGRES_PASSWORD")" >/run/pgbouncer/userlist.txt
exec pgbouncer /etc/pgbouncer/pgbouncer.ini
