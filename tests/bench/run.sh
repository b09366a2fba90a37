#!/usr/bin/env bash
# `make bench`: builds the server and akashi-bench, starts the server on the embedded default (a private
# PostgreSQL cluster in a scratch state directory, loopback port), and measures in one run on this machine:
#   1. raw COPY rows/s into agent_events through libpq (the ingestion baseline),
#   2. pgbench TPC-B tps in a separate database of the same cluster (the transaction baseline),
#   3. HTTP event ingestion rows/s, 100 events per request, durable ack,
#   4. POST /v1/trace decisions/s with 2 alternatives + 2 evidence at 32 clients, p50/p99,
#   5. POST /v1/query req/s, p50/p99,
#   6. SSE fan-out: BENCH_SSE_SUBSCRIBERS streams of GET /v1/subscribe held by one epoll client thread while
#      decisions are posted at BENCH_SSE_RATE/s: deliveries expected vs received, publish->deliver p50/p99/max,
#      the server's VmRSS idle / all connected / peak (akashi-bench --mode=sse-fanout).
# Then stops the server with SIGTERM and, without a server,
#   7. semantic search at BENCH_VECTOR_COUNT decisions: local-plugin embeddings/s, HNSW p50/p99 and recall@10
#      against exact search in the same run (akashi-bench --mode=vector-index),
# prints the ratios and writes docs/benchmarks.md (tests/bench/report.sh).
# Environment: BENCH_DURATION (seconds per measurement, default 12), BENCH_WARMUP (2), BENCH_EVENT_CLIENTS (8),
# BENCH_TRACE_CLIENTS (32), BENCH_QUERY_CLIENTS (8), BENCH_COPY_CLIENTS (1), BENCH_PGBENCH_SCALE (32),
# BENCH_VECTOR_COUNT (100000), BENCH_VECTOR_DIMS (1024), BENCH_VECTOR_QUERIES (1000),
# BENCH_SSE_SUBSCRIBERS (10000), BENCH_SSE_RATE (20 decisions/s), BENCH_SSE_PUBLISHERS (2 keep-alive connections),
# BENCH_SSE_CONNECT_BATCH (100 handshakes in flight), BENCH_SSE_DURATION (BENCH_DURATION),
# BENCH_SSE_ONLY=1 (start the server, run only step 6 and replace only the "SSE fan-out" section of the report:
# a quick run while working on streaming, e.g. `BENCH_SSE_ONLY=1 BENCH_SSE_SUBSCRIBERS=500 BENCH_SSE_DURATION=3
# tests/bench/run.sh`). The script raises `ulimit -n` (as root also the hard limit) for the server and the
# client to hold the streams, and starts the server with AKASHI_SSE_MAX_SUBSCRIBERS above BENCH_SSE_SUBSCRIBERS
# unless it is set.
# BENCH_STATE_DIR (default <build>/bench-state, wiped first; when set it must be empty), BENCH_KEEP_STATE=1 (keep it), BENCH_REPORT
# (default docs/benchmarks.md), BUILD_DIR (build), JOBS. Server variables (AKASHI_DB_MAX_CONNS,
# AKASHI_HTTP_MAX_THREADS, ...) pass through to the server unchanged.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
build=${BUILD_DIR:-build}
jobs=${JOBS:-$(nproc)}
duration=${BENCH_DURATION:-12}
warmup=${BENCH_WARMUP:-2}
event_clients=${BENCH_EVENT_CLIENTS:-8}
trace_clients=${BENCH_TRACE_CLIENTS:-32}
query_clients=${BENCH_QUERY_CLIENTS:-8}
copy_clients=${BENCH_COPY_CLIENTS:-1}
pgbench_scale=${BENCH_PGBENCH_SCALE:-32}
vector_count=${BENCH_VECTOR_COUNT:-100000}
vector_dims=${BENCH_VECTOR_DIMS:-1024}
vector_queries=${BENCH_VECTOR_QUERIES:-1000}
sse_subscribers=${BENCH_SSE_SUBSCRIBERS:-10000}
sse_rate=${BENCH_SSE_RATE:-20}
sse_publishers=${BENCH_SSE_PUBLISHERS:-2}
sse_connect_batch=${BENCH_SSE_CONNECT_BATCH:-100}
sse_duration=${BENCH_SSE_DURATION:-$duration}
sse_only=${BENCH_SSE_ONLY:-0}
report=${BENCH_REPORT:-docs/benchmarks.md}
pg_bin=${AKASHI_EMBEDDED_PG_BIN_DIR:-/usr/lib/postgresql/15/bin}
admin_key=akashi-bench-admin-key
log() { echo "bench: $*" >&2; }
die() { log "$*"; exit 1; }

# --- build ------------------------------------------------------------------------------------------------
[ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" >/dev/null
# The server, the plugins it loads and the load generator; not the test suites.
plugin_targets=$(cmake --build "$build" --target help | sed -n 's/^\.\.\. \(akashi-plugin-[a-z0-9_-]*\).*/\1/p' | grep -v -- '-fixture-')
# shellcheck disable=SC2086  # one word per target
cmake --build "$build" -j "$jobs" --target akashi $plugin_targets akashi-bench >"$build/bench-build.log" 2>&1 ||
  { tail -n 30 "$build/bench-build.log" >&2; die "build failed (log: $build/bench-build.log)"; }
bench_tool=$build/tests/bench/akashi-bench

# --- state dir: as root the cluster runs as postgres, which must reach it (as `make run` arranges) ---------
state=${BENCH_STATE_DIR:-$repo/$build/bench-state}
if [ -z "${BENCH_STATE_DIR:-}" ] && [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$repo/$build"; then
  state=/var/lib/akashi-bench$repo
fi
if [ -n "${BENCH_STATE_DIR:-}" ] && [ -n "$(ls -A "$state" 2>/dev/null)" ]; then
  die "BENCH_STATE_DIR=$state is not empty; the benchmark needs a fresh cluster"
fi
rm -rf "$state"
mkdir -p "$state"
chmod 755 "$state"
server_log=$state/server.log
socket_dir=$state/postgres/socket
pg_port=${AKASHI_EMBEDDED_PG_PORT:-5432}
conninfo="host=$socket_dir port=$pg_port user=akashi dbname=akashi"

# The value of `key` in the first JSON log line whose msg is $1 (empty when there is none yet).
log_field() { jq -rR --arg msg "$1" --arg key "$2" 'fromjson? | select(.msg? == $msg) | .[$key]' "$server_log" 2>/dev/null | head -n1; }

server_pid=
cleanup() {
  local status=$?
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  # A server that died without stopping its cluster leaves it running: stop it too.
  if [ -f "$state/postgres/data/postmaster.pid" ]; then
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$pg_bin/pg_ctl" stop -D "$state/postgres/data" -m fast >/dev/null 2>&1 || true
    else "$pg_bin/pg_ctl" stop -D "$state/postgres/data" -m fast >/dev/null 2>&1 || true; fi
  fi
  if [ "$status" -ne 0 ]; then log "state kept for inspection: $state (server log: $server_log)"
  elif [ "${BENCH_KEEP_STATE:-0}" != 1 ]; then rm -rf "$state"; fi
}
trap cleanup EXIT

# --- descriptors: every SSE stream holds one in the server and one in akashi-bench ------------------------
# The server raises its own soft limit to the hard one; both inherit the hard limit from this shell.
fd_wanted=$((sse_subscribers + 4096))
if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt "$fd_wanted" ]; then
  ulimit -Hn "$fd_wanted" 2>/dev/null || log "cannot raise the hard descriptor limit ($(ulimit -Hn)) to $fd_wanted (needs root with CAP_SYS_RESOURCE)"
fi
ulimit -Sn "$(ulimit -Hn)"
sse_max_subscribers=${AKASHI_SSE_MAX_SUBSCRIBERS:-$((sse_subscribers + 1000))}
log "descriptor limit $(ulimit -n); AKASHI_SSE_MAX_SUBSCRIBERS=$sse_max_subscribers"

# --- server -----------------------------------------------------------------------------------------------
log "starting the server (state: $state)"
# One admin key drives the whole load: rate limiting (100 rps per agent by default) would measure 429s.
AKASHI_RATE_LIMIT_ENABLED=${AKASHI_RATE_LIMIT_ENABLED:-false} \
AKASHI_SSE_MAX_SUBSCRIBERS=$sse_max_subscribers \
AKASHI_STATE_DIR=$state AKASHI_PORT=0 AKASHI_LISTEN_ADDRESS=127.0.0.1 AKASHI_ADMIN_API_KEY=$admin_key \
AKASHI_PLUGINS_DIR=${AKASHI_PLUGINS_DIR:-$repo/$build/plugins} AKASHI_EMBEDDED_PG_PORT=$pg_port \
  "$build/server/akashi" --config-file=/dev/null >"$server_log" 2>"$state/server.err" &
server_pid=$!
port=
for _ in $(seq 1 600); do
  port=$(log_field "http server starting" port)
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { tail -n 20 "$server_log" "$state/server.err" >&2; die "the server exited during start"; }
  sleep 0.2
done
[ -n "$port" ] || { tail -n 20 "$server_log" "$state/server.err" >&2; die "the server did not start listening within 120 s"; }
pool_max=$(log_field "database connected" pool_max)
log "server listening on 127.0.0.1:$port (database pool max $pool_max)"

token=$(curl -sf -X POST "http://127.0.0.1:$port/auth/token" -H 'Content-Type: application/json' \
          -d "{\"agent_id\":\"admin\",\"api_key\":\"$admin_key\"}" | jq -r '.data.token') ||
  die "POST /auth/token failed"
[ -n "$token" ] && [ "$token" != null ] || die "POST /auth/token returned no token"

psql_at() { "$pg_bin/psql" "$conninfo" -X -At -c "$1"; }
pg_version=$(psql_at "SHOW server_version")
pg_settings=$(psql_at "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name) FROM pg_settings
                       WHERE name IN ('fsync','synchronous_commit','full_page_writes','wal_sync_method','shared_buffers',
                                      'max_connections','wal_level','checkpoint_timeout','max_wal_size')")

# One measurement: prints the result line on stdout; fails the run if the tool failed. Each starts right
# after a CHECKPOINT, so none pays for the dirty pages of the one before (pgbench -i writes ~500 MB).
measure() {
  local line
  psql_at "CHECKPOINT" >/dev/null
  line=$("$bench_tool" --duration="$duration" --warmup="$warmup" "$@") || die "akashi-bench $1 failed (see above)"
  log "$line"
  echo "$line"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)

if [ "$sse_only" != 1 ]; then
# --- 1. raw COPY baseline ---------------------------------------------------------------------------------
log "raw COPY into agent_events ($copy_clients connection(s), 1000 rows per transaction)"
copy_line=$(measure --mode=copy --conninfo="$conninfo" --clients="$copy_clients" --batch=1000)

# --- 2. pgbench TPC-B in its own database -----------------------------------------------------------------
log "pgbench -i -s $pgbench_scale, then TPC-B -c 32 -j 2 -T $duration"
psql_at "DROP DATABASE IF EXISTS pgbench" >/dev/null
psql_at "CREATE DATABASE pgbench" >/dev/null
pgbench_conn=(-h "$socket_dir" -p "$pg_port" -U akashi)
"$pg_bin/pgbench" "${pgbench_conn[@]}" -i -s "$pgbench_scale" -q pgbench >"$state/pgbench-init.log" 2>&1 ||
  { tail -n 20 "$state/pgbench-init.log" >&2; die "pgbench -i failed"; }
psql_at "CHECKPOINT" >/dev/null
"$pg_bin/pgbench" "${pgbench_conn[@]}" -c 32 -j 2 -T "$duration" pgbench >"$state/pgbench.log" 2>&1 ||
  { tail -n 20 "$state/pgbench.log" >&2; die "pgbench failed"; }
pgbench_tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$state/pgbench.log")
pgbench_latency=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$state/pgbench.log")
[ -n "$pgbench_tps" ] || { cat "$state/pgbench.log" >&2; die "cannot read tps from pgbench's output"; }
pgbench_tps=$(printf '%.1f' "$pgbench_tps")
log "pgbench tps=$pgbench_tps latency_avg_ms=$pgbench_latency"
psql_at "DROP DATABASE pgbench" >/dev/null

# --- 3-5. HTTP ------------------------------------------------------------------------------------------
http=(--host=127.0.0.1 --port="$port" --token="$token")
log "POST /v1/runs/{id}/events, 100 events per request, $event_clients clients"
events_line=$(measure --mode=events "${http[@]}" --clients="$event_clients" --batch=100)
log "POST /v1/trace, 2 alternatives + 2 evidence, $trace_clients clients"
trace_line=$(measure --mode=trace "${http[@]}" --clients="$trace_clients")
decision_count=$(psql_at "SELECT count(*) FROM decisions")
log "POST /v1/query, $query_clients clients, over $decision_count decisions"
query_line=$(measure --mode=query "${http[@]}" --clients="$query_clients")
fi

# --- 6. SSE fan-out ---------------------------------------------------------------------------------------
sse_load_before=$(cut -d' ' -f1-3 /proc/loadavg)
sse_drops_msg="sse broker: slow subscriber dropped"
count_log() { jq -rR --arg msg "$1" 'fromjson? | select(.msg? == $msg) | .msg' "$server_log" 2>/dev/null | wc -l; }
sse_drops_before=$(count_log "$sse_drops_msg")
log "SSE fan-out: $sse_subscribers streams of GET /v1/subscribe, $sse_rate decisions/s on $sse_publishers connection(s)"
sse_line=$(measure --mode=sse-fanout --duration="$sse_duration" --host=127.0.0.1 --port="$port" --api-key="$admin_key" \
             --subscribers="$sse_subscribers" --rate="$sse_rate" --clients="$sse_publishers" \
             --connect-batch="$sse_connect_batch" --server-pid="$server_pid")
sse_drops=$(( $(count_log "$sse_drops_msg") - sse_drops_before ))
sse_fd_limit=$(sed -n 's/^Max open files *\([0-9a-z]*\) .*/\1/p' "/proc/$server_pid/limits")
log "SSE fan-out: the broker dropped $sse_drops slow subscriber(s); the server's descriptor limit is $sse_fd_limit"

# --- stop -------------------------------------------------------------------------------------------------
kill -TERM "$server_pid"
server_status=0
wait "$server_pid" || server_status=$?
server_pid=
stopped_cleanly=no
[ "$server_status" -eq 0 ] && [ -n "$(log_field "akashi stopped" msg)" ] && stopped_cleanly=yes
log "server stopped (exit $server_status, clean: $stopped_cleanly)"

# --- 7. vector index, no server running (its files go under the state dir, on the disk reported) -----------
export BENCH_RESULT_SSE="$sse_line" BENCH_SSE_DROPPED_SUBSCRIBERS="$sse_drops" BENCH_SSE_SERVER_FD_LIMIT="$sse_fd_limit" \
       BENCH_SSE_MAX_SUBSCRIBERS="$sse_max_subscribers" BENCH_SSE_LOAD_BEFORE="$sse_load_before" \
       BENCH_SSE_CONNECT_BATCH="$sse_connect_batch" BENCH_SSE_SERVER_STOPPED="$stopped_cleanly" BENCH_WARMUP_S="$warmup"
if [ "$sse_only" = 1 ]; then
  BENCH_SSE_ONLY=1 tests/bench/report.sh "$report"
  log "replaced the SSE fan-out section of $report"
  [ "$stopped_cleanly" = yes ] || die "the server did not stop cleanly (exit $server_status); see the figures above"
  exit 0
fi
log "vector index: $vector_count decisions, $vector_dims dimensions, $vector_queries queries (local embedding plugin)"
vector_line=$(TMPDIR="$state" "$bench_tool" --mode=vector-index --count="$vector_count" --dims="$vector_dims" \
                             --queries="$vector_queries" --plugins-dir="$repo/$build/plugins") ||
  die "akashi-bench vector-index failed (see above)"
log "$vector_line"

# --- ratios and report ------------------------------------------------------------------------------------
export BENCH_RESULT_COPY="$copy_line" BENCH_RESULT_EVENTS="$events_line" BENCH_RESULT_TRACE="$trace_line" \
       BENCH_RESULT_QUERY="$query_line" BENCH_RESULT_VECTOR="$vector_line" BENCH_PGBENCH_TPS="$pgbench_tps" BENCH_PGBENCH_LATENCY="$pgbench_latency" \
       BENCH_PGBENCH_SCALE="$pgbench_scale" BENCH_PG_VERSION="$pg_version" BENCH_PG_SETTINGS="$pg_settings" \
       BENCH_STATE="$state" BENCH_POOL_MAX="$pool_max" BENCH_SERVER_STOPPED="$stopped_cleanly" \
       BENCH_DURATION_S="$duration" BENCH_WARMUP_S="$warmup" \
       BENCH_DECISION_COUNT="$decision_count" BENCH_LOAD_BEFORE="$load_before"
tests/bench/report.sh "$report"
log "wrote $report"
[ "$stopped_cleanly" = yes ] || die "the server did not stop cleanly (exit $server_status); see the figures above"
