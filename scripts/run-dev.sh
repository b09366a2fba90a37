#!/usr/bin/env bash
# `make run`: the server in the foreground on the embedded default — a private PostgreSQL cluster under
# ./var, plugins from the build tree, port 8080. Every variable the server reads passes through, and any
# that is already set wins over these development defaults.
set -euo pipefail
build_dir=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)

export AKASHI_STATE_DIR=${AKASHI_STATE_DIR:-$root/var}
export AKASHI_PLUGINS_DIR=${AKASHI_PLUGINS_DIR:-$root/$build_dir/plugins}
export AKASHI_PORT=${AKASHI_PORT:-8080}
mkdir -p "$AKASHI_STATE_DIR"
# The embedded cluster runs as an unprivileged user when we are root; it must be able to reach the state dir.
chmod 755 "$AKASHI_STATE_DIR"

where=${DATABASE_URL:+the PostgreSQL at DATABASE_URL}
cat <<BANNER
akashi: starting on http://localhost:$AKASHI_PORT (state: $AKASHI_STATE_DIR, database: ${where:-embedded cluster under the state dir})
akashi: try   curl -s http://localhost:$AKASHI_PORT/health
akashi: stop with Ctrl-C (SIGINT) or SIGTERM
BANNER
exec "$root/$build_dir/server/akashi" ${AKASHI_CONFIG_FILE:+--config-file="$AKASHI_CONFIG_FILE"} "${@:2}"
