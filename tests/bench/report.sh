#!/usr/bin/env bash
# Writes the benchmark report ($1, e.g. docs/benchmarks.md) and prints the ratios, from the results
# tests/bench/run.sh exports: BENCH_RESULT_{COPY,EVENTS,TRACE,QUERY,VECTOR} (akashi-bench result lines),
# BENCH_PGBENCH_{TPS,LATENCY,SCALE}, BENCH_PG_VERSION, BENCH_PG_SETTINGS, BENCH_STATE (the state dir),
# BENCH_POOL_MAX, BENCH_SERVER_STOPPED, BENCH_DURATION_S, BENCH_WARMUP_S, BENCH_DECISION_COUNT,
# BENCH_LOAD_BEFORE (the load average when measuring began), and for the "SSE fan-out" section
# BENCH_RESULT_SSE, BENCH_SSE_DROPPED_SUBSCRIBERS, BENCH_SSE_SERVER_FD_LIMIT, BENCH_SSE_MAX_SUBSCRIBERS,
# BENCH_SSE_LOAD_BEFORE, BENCH_SSE_CONNECT_BATCH, BENCH_SSE_SERVER_STOPPED.
# With BENCH_SSE_ONLY=1 only those are needed: the "SSE fan-out" section of the existing report is replaced
# (or added before "## Machine") and the rest of the file is left as it is.
set -euo pipefail
out=$1

# `key` of an akashi-bench result line.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }
# a / b with two decimals ("n/a" when b is zero).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
# "met" / "MISSED" for `value op target`.
verdict() { awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN {
  ok = (op == ">=") ? (v + 0 >= t + 0) : (v + 0 < t + 0); print (v == "n/a" ? "n/a" : (ok ? "met" : "MISSED")) }'; }
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git status --porcelain 2>/dev/null)" ] || commit="$commit + uncommitted changes"

# --- SSE fan-out -------------------------------------------------------------------------------------------
sse() { field "$BENCH_RESULT_SSE" "$1"; }
# A reason list of the result line ("HTTP_503:_too_many_subscribers_on_this_instance_(12);...") as text.
reasons() { [ "$1" = none ] && echo none || sed 's/_/ /g; s/;/; /g' <<<"$1"; }
sse_wanted=$(sse subscribers)
sse_streams=$(sse streams_at_publish)
sse_p99=$(sse p99_ms)
sse_rss_peak=$(sse rss_peak_mb)
sse_lost=$(sse lost)
sse_disconnects=$(sse disconnects)
sse_connect_failures=$(sse connect_failures)
# 10,000 streams held through the run; a run asked for fewer does not test the target.
if [ "$sse_wanted" -lt 10000 ]; then sse_held_verdict="n/a (run with $sse_wanted)"
elif [ "$sse_streams" -ge 10000 ] && [ "$sse_disconnects" -eq 0 ]; then sse_held_verdict=met
else sse_held_verdict=MISSED; fi
sse_p99_verdict=$(verdict "$sse_p99" "<" 250)
# 500 MB = 476.8 MiB (the tool reports MiB).
sse_rss_verdict=$(verdict "$sse_rss_peak" "<" 476.8)
[ "$sse_lost" -eq 0 ] && sse_lost_verdict=met || sse_lost_verdict=MISSED

# What one core fans out at the measured CPU cost per delivery: deliveries/s, and decisions/s to every stream.
sse_us=$(sse server_us_per_delivery)
sse_core_deliveries=$(awk -v us="$sse_us" 'BEGIN { if (us + 0 > 0) printf "%.0f", 1e6 / us; else print "n/a" }')
sse_core_rate=$(awk -v d="$sse_core_deliveries" -v n="$sse_streams" 'BEGIN { if (d + 0 > 0 && n + 0 > 0) printf "%.1f", d / n; else print "n/a" }')

sse_console() {
  cat <<TEXT
bench: SSE streams held    = $sse_streams of $sse_wanted (target 10000: $sse_held_verdict); $sse_connect_failures failed to open, $sse_disconnects ended early
bench: SSE deliver p99     = $sse_p99 ms (target < 250 ms: $sse_p99_verdict); $(sse received) of $(sse expected) deliveries
bench: SSE server RSS peak = $sse_rss_peak MiB (target < 500 MB: $sse_rss_verdict)
TEXT
}

sse_section() {
  cat <<MARKDOWN
## SSE fan-out

\`akashi-bench --mode=sse-fanout\` against the running server, measured on $(date -u +%Y-%m-%d) at commit $commit
(load average before: $BENCH_SSE_LOAD_BEFORE). One client thread opens $sse_wanted \`GET /v1/subscribe\` streams
(\`Authorization: ApiKey admin:…\`) on non-blocking sockets in one epoll set, with at most
$BENCH_SSE_CONNECT_BATCH handshakes in flight; then $(sse publishers) keep-alive connections post $(sse rate) decisions/s to
\`POST /v1/trace\` for $(sse seconds) s after a ${BENCH_WARMUP_S:-2} s warm-up, while the same thread reads every stream.

| Measure | Result | Target | |
|---|---|---|---|
| Streams held by one instance | **$sse_streams** open when publishing began, of $sse_wanted asked for ($sse_connect_failures failed to open, $sse_disconnects ended during the run) | 10,000 | $sse_held_verdict |
| Publish → deliver latency p99 | **$sse_p99 ms** (p50 $(sse p50_ms) ms, p90 $(sse p90_ms) ms, max $(sse max_ms) ms) | < 250 ms | $sse_p99_verdict |
| Server RSS (VmRSS), peak | **$sse_rss_peak MiB** (idle before subscribing $(sse rss_idle_mb) MiB, all streams open $(sse rss_connected_mb) MiB) | < 500 MB (476.8 MiB) | $sse_rss_verdict |
| Deliveries received / expected | $(sse received) / $(sse expected) ($sse_lost lost, $(sse out_of_order) out of order) | all | $sse_lost_verdict |
| Events delivered/s during the window | $(sse delivered_per_s) (asked: $(sse rate) × $sse_streams) | recorded | |
| Time to open the streams | $(sse connect_s) s | recorded | |
| \`POST /v1/trace\` while fanning out | $(sse published) decisions, p50 $(sse publish_p50_ms) ms, p99 $(sse publish_p99_ms) ms, $(sse publish_errors) errors | recorded | |
| First delivery of a decision (POST, commit, relay, broker, first stream) | p50 $(sse first_p50_ms) ms, p99 $(sse first_p99_ms) ms | recorded | |
| Fan-out time of a decision (its first stream to its last) | p50 $(sse spread_p50_ms) ms, p99 $(sse spread_p99_ms) ms | recorded | |
| CPU from the first post to the last delivery | server $(sse server_cpu_pct) % of one core, the subscriber thread $(sse client_cpu_pct) % | recorded | |
| CPU per delivery | server **$sse_us µs** (all threads), client $(sse client_us_per_delivery) µs: one core at that cost fans out ~$sse_core_deliveries events/s, **~$sse_core_rate decisions/s** to $sse_streams streams | recorded | |
| Slow subscribers the broker dropped | $BENCH_SSE_DROPPED_SUBSCRIBERS (its \`sse broker: slow subscriber dropped\` log lines) | recorded | |

Streams that failed to open: $(reasons "$(sse connect_failure_reasons)"). Streams that ended early: $(reasons "$(sse disconnect_reasons)").
First failed publish: $(reasons "$(sse publish_error)").

\`\`\`
$BENCH_RESULT_SSE
\`\`\`

- **Latency** is the time the event's bytes were read on a stream minus the time just before its decision's
  \`POST /v1/trace\` was sent, on one steady clock in one process; one sample per delivery (per stream and
  decision), exact percentiles. Each decision's outcome carries its number, which is how an event is matched
  to its send time. It includes the relay's polling: committed decisions are numbered and published every
  \`AKASHI_SSE_RELAY_INTERVAL\` (100 ms by default), so about 50 ms on average and up to 100 ms of every figure
  is that interval.
- **Deliveries expected** are the decisions posted in the measured window and answered 201, times the streams
  open when publishing began. After the last post's answer, late events are awaited until all have arrived
  or none came for 3 s (at most 60 s); this run waited $(sse drain_s) s. Events of other
  decisions (e.g. the trace benchmark's, relayed late) and of the \`akashi_conflicts\` channel are not counted
  ($(sse other_events) such events, $(sse keepalives) keepalive comments). The broker's
  \`akashi.broker.dropped_events\` counter is not readable from outside the process (no exporter serves it),
  so lost events are expected − received, and the broker's drop warnings are counted in the server log.
- **RSS** is VmRSS of the server process (\`/proc/<pid>/status\`; PostgreSQL's processes are not included):
  before the first stream, 1 s after the last stream opened, and the highest of samples every 100 ms from
  the first connection to the end. In a full \`make bench\` run this step follows the HTTP measurements, so
  "idle" includes what they left allocated.
- **CPU** is the server's user + system time (all threads, \`/proc/<pid>/stat\`) and the subscriber
  thread's (\`getrusage\`) from the first post to the last delivery awaited; 100 % is one core of the
  $(nproc) the server, PostgreSQL and the client share. Per delivery, it is divided by every delivery of that
  time (warm-up included); the server's share also holds the posts, the relay and the outbox worker, a
  small part at these rates.
- The server ran with \`AKASHI_SSE_MAX_SUBSCRIBERS=$BENCH_SSE_MAX_SUBSCRIBERS\`, a descriptor limit of
  $BENCH_SSE_SERVER_FD_LIMIT, and the defaults otherwise (AKASHI_SSE_SUBSCRIBER_BUFFER 64 events,
  AKASHI_HTTP_MAX_THREADS 64, AKASHI_HTTP_MAX_QUEUED 256); it stopped cleanly by SIGTERM afterwards:
  $BENCH_SSE_SERVER_STOPPED. Rerun this section alone with \`BENCH_SSE_ONLY=1 tests/bench/run.sh\`.

### What bounds the SSE figures

Found with \`perf record\` on the broker thread and short runs of 10,000 streams (this VM's two cores shared
by the server, PostgreSQL and the client):

- **Holding streams is cheap.** 10,000 open in about 2 s without a failure; each costs one descriptor and
  about 1.4 KiB (VmRSS about 21 MiB idle, 35 MiB with 10,000 streams). The hard descriptor limit in this
  container is 20,000 and cannot be raised (no CAP_SYS_RESOURCE), which caps one server at about 19,000
  streams here; elsewhere raise \`LimitNOFILE\`.
- **Fan-out is bounded by the broker's one thread**, at about 4.5–5 µs of server CPU per delivery, most of it
  in the socket write, half of which is loopback's receive path charged to the sender (a real NIC would
  not). One core thus delivers about 200,000 events/s: 20 decisions/s to 10,000 streams is close to that
  limit on this machine, so p99 moves around the target with what else the two cores run: 153, 235 and
  259 ms in runs of this step alone, 269 ms in a full \`make bench\`, where it follows the trace step and the
  outbox worker is still embedding that step's 13,600 decisions on the same cores. At 10 decisions/s it
  stays far below (p99 180 ms before coalescing).
- **Writes are coalesced.** The broker first applies every event of one wake-up to the subscriber queues,
  then writes each subscriber once (\`sendmsg\` of up to 64 frames). The first version sent each event to
  each subscriber on its own: at 20 decisions/s it sustained only about 114,000 events/s and the latency
  grew with the run (p99 11.5 s after 12 s). With coalescing, a broker behind schedule catches up, since
  more events per wake-up cost fewer writes per event.
- **Nothing is lost when the broker is behind**: events wait in its command list; a subscriber whose socket
  stops draining is disconnected after 64 queued events (\`akashi.broker.dropped_events\`) and replays on
  reconnect. \`akashi.broker.backlog\` shows how many commands the last wake-up took.
- **Latency floor.** A trace kicks the relay of its own instance, so it is published at once; decisions
  traced on another instance, and conflicts, wait for the relay's tick (\`AKASHI_SSE_RELAY_INTERVAL\`,
  100 ms).
- **Beyond one core**: the next step would be one epoll thread per core, subscribers spread across them.
MARKDOWN
}

if [ "${BENCH_SSE_ONLY:-0}" = 1 ]; then
  sse_console
  [ -f "$out" ] || { echo "report.sh: $out does not exist; BENCH_SSE_ONLY=1 replaces one section of it" >&2; exit 1; }
  section=$(mktemp)
  spliced=$(mktemp)
  trap 'rm -f "$section" "$spliced"' EXIT
  sse_section >"$section"
  # Replace from "## SSE fan-out" to the next "## " heading; without that section, insert it before "## Machine".
  awk -v file="$section" '
    function emit() { while ((getline line < file) > 0) print line; print ""; done = 1 }
    /^## SSE fan-out$/ { emit(); skipping = 1; next }
    skipping && /^## / { skipping = 0 }
    skipping { next }
    /^## Machine$/ && !done { emit() }
    { print }
    END { if (!done) { print ""; emit() } }' "$out" >"$spliced"
  cat "$spliced" >"$out"
  exit 0
fi

copy_rows=$(field "$BENCH_RESULT_COPY" rows_per_s)
copy_p99=$(field "$BENCH_RESULT_COPY" p99_ms)
copy_clients=$(field "$BENCH_RESULT_COPY" clients)
events_rows=$(field "$BENCH_RESULT_EVENTS" rows_per_s)
events_req=$(field "$BENCH_RESULT_EVENTS" ops_per_s)
events_p50=$(field "$BENCH_RESULT_EVENTS" p50_ms)
events_p99=$(field "$BENCH_RESULT_EVENTS" p99_ms)
events_clients=$(field "$BENCH_RESULT_EVENTS" clients)
events_errors=$(field "$BENCH_RESULT_EVENTS" errors)
trace_tps=$(field "$BENCH_RESULT_TRACE" ops_per_s)
trace_p50=$(field "$BENCH_RESULT_TRACE" p50_ms)
trace_p99=$(field "$BENCH_RESULT_TRACE" p99_ms)
trace_clients=$(field "$BENCH_RESULT_TRACE" clients)
trace_errors=$(field "$BENCH_RESULT_TRACE" errors)
query_rps=$(field "$BENCH_RESULT_QUERY" ops_per_s)
query_p50=$(field "$BENCH_RESULT_QUERY" p50_ms)
query_p99=$(field "$BENCH_RESULT_QUERY" p99_ms)
query_clients=$(field "$BENCH_RESULT_QUERY" clients)
query_errors=$(field "$BENCH_RESULT_QUERY" errors)

vector_count=$(field "$BENCH_RESULT_VECTOR" count)
vector_dims=$(field "$BENCH_RESULT_VECTOR" dims)
vector_queries=$(field "$BENCH_RESULT_VECTOR" queries)
vector_model=$(field "$BENCH_RESULT_VECTOR" model)
vector_p50=$(field "$BENCH_RESULT_VECTOR" p50_ms)
vector_p99=$(field "$BENCH_RESULT_VECTOR" p99_ms)
vector_recall=$(field "$BENCH_RESULT_VECTOR" recall_at_10)
vector_embed=$(field "$BENCH_RESULT_VECTOR" embeddings_per_s)
vector_inserts=$(field "$BENCH_RESULT_VECTOR" inserts_per_s)
vector_exact=$(field "$BENCH_RESULT_VECTOR" exact_mean_ms)
vector_save=$(field "$BENCH_RESULT_VECTOR" save_s)
vector_load=$(field "$BENCH_RESULT_VECTOR" load_s)
vector_mb=$(field "$BENCH_RESULT_VECTOR" saved_mb)
vector_reload=$(field "$BENCH_RESULT_VECTOR" reload_identical)
vector_p99_verdict=$(verdict "$vector_p99" "<" 10)
vector_recall_verdict=$(verdict "$vector_recall" ">=" 0.95)

events_ratio=$(ratio "$events_rows" "$copy_rows")
trace_ratio=$(ratio "$trace_tps" "$BENCH_PGBENCH_TPS")
events_verdict=$(verdict "$events_ratio" ">=" 0.6)
trace_verdict=$(verdict "$trace_ratio" ">=" 1.0)
p99_verdict=$(verdict "$trace_p99" "<" 50)

cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -n1)
hypervisor=$(lscpu | sed -n 's/^Hypervisor vendor: *//p' | head -n1)
cores=$(nproc)
ram=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
kernel="$(uname -sr)"
device=$(findmnt -no SOURCE -T "$BENCH_STATE" 2>/dev/null | head -n1 || true)
mount="${device:-unknown device}, $(findmnt -no FSTYPE -T "$BENCH_STATE" 2>/dev/null | head -n1 || true) mounted $(findmnt -no OPTIONS -T "$BENCH_STATE" 2>/dev/null | head -n1 || true)"
rotational=$( [ -n "$device" ] && lsblk -dno ROTA "$device" 2>/dev/null | tr -d ' ' || true)
case "$rotational" in 0) disk_kind="non-rotational per the kernel" ;; 1) disk_kind="rotational per the kernel" ;; *) disk_kind="kind unknown" ;; esac
cat <<TEXT
bench: events / raw COPY  = $events_ratio (target >= 0.6: $events_verdict)  [$events_rows vs $copy_rows rows/s]
bench: trace / pgbench    = $trace_ratio (target >= 1.0: $trace_verdict)  [$trace_tps vs $BENCH_PGBENCH_TPS tps]
bench: trace p99          = $trace_p99 ms (target < 50 ms: $p99_verdict)
bench: query              = $query_rps req/s, p99 $query_p99 ms
bench: vector search p99  = $vector_p99 ms at $vector_count decisions (target < 10 ms: $vector_p99_verdict)
bench: vector recall@10   = $vector_recall (target >= 0.95: $vector_recall_verdict); local embeddings $vector_embed/s
TEXT
sse_console

cat >"$out" <<MARKDOWN
# Benchmarks

Generated by \`make bench\` (tests/bench/run.sh) on $(date -u +%Y-%m-%d) at commit $commit. Every figure below
comes from one run, on one machine, against one embedded PostgreSQL cluster; rerun \`make bench\` to
regenerate this file (\`BENCH_DURATION=<s>\` changes the measured time per figure, here ${BENCH_DURATION_S} s
after a ${BENCH_WARMUP_S} s warm-up whose samples are discarded).

## Targets

| Measure | Result | Target | |
|---|---|---|---|
| HTTP event ingestion / raw COPY | **$events_ratio** ($events_rows / $copy_rows rows/s) | ≥ 0.6 | $events_verdict |
| \`POST /v1/trace\` / pgbench TPC-B | **$trace_ratio** ($trace_tps / $BENCH_PGBENCH_TPS tps) | ≥ 1.0 | $trace_verdict |
| \`POST /v1/trace\` p99 latency | **$trace_p99 ms** | < 50 ms | $p99_verdict |
| \`POST /v1/query\` | **$query_rps req/s**, p99 $query_p99 ms | recorded | |

## Figures

| Measurement | Clients | Throughput | p50 | p99 | Errors |
|---|---|---|---|---|---|
| Raw COPY into agent_events, 1000 rows/transaction (libpq) | $copy_clients | $copy_rows rows/s | $(field "$BENCH_RESULT_COPY" p50_ms) ms | $copy_p99 ms | $(field "$BENCH_RESULT_COPY" errors) |
| pgbench TPC-B (scale $BENCH_PGBENCH_SCALE, \`-c 32 -j 2\`) | 32 | $BENCH_PGBENCH_TPS tps | avg $BENCH_PGBENCH_LATENCY ms | – | – |
| \`POST /v1/runs/{id}/events\`, 100 events/request, durable ack | $events_clients | $events_rows rows/s ($events_req req/s) | $events_p50 ms | $events_p99 ms | $events_errors |
| \`POST /v1/trace\`, 2 alternatives + 2 evidence | $trace_clients | $trace_tps decisions/s | $trace_p50 ms | $trace_p99 ms | $trace_errors |
| \`POST /v1/query\`, decision_type filter, limit 20, over $BENCH_DECISION_COUNT decisions | $query_clients | $query_rps req/s | $query_p50 ms | $query_p99 ms | $query_errors |

The server runs as in production: its outbox worker embeds every traced decision (the \`local\`
provider, 1024 dimensions) and detects conflicts on the same two cores while the trace and query
figures are measured, so those include that background work.

Latencies are exact percentiles over every request completed in the measured window (COPY: one sample
per committed transaction, BEGIN to COMMIT). Raw result lines:

\`\`\`
$BENCH_RESULT_COPY
$BENCH_RESULT_EVENTS
$BENCH_RESULT_TRACE
$BENCH_RESULT_QUERY
pgbench tps=$BENCH_PGBENCH_TPS latency_avg_ms=$BENCH_PGBENCH_LATENCY scale=$BENCH_PGBENCH_SCALE clients=32 threads=2
\`\`\`

## Semantic search (vector index)

\`akashi-bench --mode=vector-index\`, in the same run, with no server: $vector_count synthetic decisions embedded
by the \`local\` embedding plugin ($vector_model, $vector_dims dimensions) into one org of the in-process
hnswlib index (M 16, ef_construction 200, search ef max(64, 2k)), then $vector_queries queries, each
answered by the index and checked against the exact top 10 by brute-force cosine over the same vectors.

| Measure | Result | Target | |
|---|---|---|---|
| Search latency p99 at $vector_count decisions | **$vector_p99 ms** (p50 $vector_p50 ms) | < 10 ms | $vector_p99_verdict |
| Recall@10 against exact search | **$vector_recall** | ≥ 0.95 | $vector_recall_verdict |
| \`local\` provider embeddings/s (one thread) | **$vector_embed** | recorded | |
| Index inserts/s (one org, one writer) | $vector_inserts | recorded | |
| Exact brute-force search, mean per query | $vector_exact ms | for comparison | |
| \`save()\` / \`load()\` of the whole index | $vector_save s / $vector_load s, $vector_mb MiB; reloaded answers identical: $vector_reload | recorded | |

\`\`\`
$BENCH_RESULT_VECTOR
\`\`\`

- Decision texts follow the server's embedding input (\`<decision_type>: <outcome> <reasoning>\`), drawn from a
  fixed vocabulary of types, technologies, components, reasons and rejected alternatives with a fixed seed;
  queries come from the same generator with another seed.
- Latency is the wall time of \`VectorIndex::search\` (normalising the query, the org lookup, hnswlib's
  searchKnn, mapping labels to decision ids), one query at a time after 50 warm-up queries; exact
  percentiles over all measured queries.
- Recall@10 counts a returned decision as correct when its exact cosine similarity reaches the 10th best
  exact similarity (within 1e-5): the vocabulary produces near-identical decisions, and any of several tied
  ones is a correct answer.
- \`save()\` writes the graph with hnswlib's saveIndex, fsyncs, checksums (SHA-256) and renames it, then the
  manifest; \`load()\` verifies size and checksum before loading (docs/search.md).

$(sse_section)

## Machine

| | |
|---|---|
| CPU | $cpu, $cores cores${hypervisor:+ (virtualised: $hypervisor)} |
| RAM | $ram |
| Load average before measuring | $BENCH_LOAD_BEFORE (1, 5, 15 min; anything above 0 is other work sharing the cores) |
| Kernel | $kernel |
| State dir filesystem | $mount ($disk_kind) |
| PostgreSQL | $BENCH_PG_VERSION, embedded cluster (unix socket) |
| PostgreSQL settings | $BENCH_PG_SETTINGS |
| Server | database pool max $BENCH_POOL_MAX, HTTP threads ${AKASHI_HTTP_MAX_THREADS:-64 (default)}; stopped cleanly by SIGTERM: $BENCH_SERVER_STOPPED |

The load generator (\`akashi-bench\`), pgbench, the server and PostgreSQL share these cores, so every figure
includes the cost of generating its own load.

## Method

- **Raw COPY** (baseline): \`akashi-bench --mode=copy\` connects to the embedded cluster's unix socket
  with libpq and repeats \`BEGIN; COPY agent_events (id, run_id, org_id, event_type, sequence_num,
  occurred_at, agent_id, payload) FROM STDIN; COMMIT\` with 1000 rows per transaction, on the same number of
  connections as the server's single event flusher. Rows have the server's shape and the events
  workload's payload; ids are client-generated UUIDv4s and sequence numbers a local counter, so the
  figure is the cost of COPY and commit alone.
- **pgbench** (baseline): \`pgbench -i -s $BENCH_PGBENCH_SCALE\` then \`pgbench -c 32 -j 2 -T ${BENCH_DURATION_S}\` (TPC-B-like) in a
  separate database of the same cluster, while the server is idle.
- **Events**: each client opens its own run (\`POST /v1/runs\`, not timed) and posts 100 events per
  request; a request counts only when answered 200 with \`status: "persisted"\` (after its batch commits).
- **Trace**: \`POST /v1/trace\` with a decision carrying 2 alternatives and 2 evidence items; counts on 201.
- **Query**: \`POST /v1/query\` filtering on the trace workload's decision type, limit 20, after the trace
  measurement (so every decision in the table, $BENCH_DECISION_COUNT here, matches); counts on 200.
- Every measurement, pgbench included, starts right after a \`CHECKPOINT\`.
- Every HTTP client is a thread with one keep-alive connection (Poco \`HTTPClientSession\`), sending its
  next request as soon as the previous answer is read. Only loopback targets are accepted.

## What bounds the figures

Measured with \`perf\` and \`pg_stat_activity\` during the runs that shaped the current code:

- **Trace vs TPC-B.** One trace writes 7 rows (run, decision, 2 alternatives, 2 evidence, outbox) and about
  20 index entries, including a GIN entry for the decision's full-text vector and three foreign-key checks;
  a TPC-B transaction updates 3 rows and inserts 1. The trace's SQL alone, run by pgbench with no HTTP at
  all, reached about 3.0k calls/s where TPC-B reached 3.5k on the same cluster. Over HTTP the server's
  own work (request parsing, JSON, the agent lookup of authentication, the response) and the 32-thread
  load generator share the same two cores with PostgreSQL. What was removed on the way: NOTIFY inside the
  transaction (it serialised commits on PostgreSQL's global notify lock), per-request planning (the write
  is a PL/pgSQL function now, planned once per connection), BEGIN/COMMIT and a second pool lease for the
  common trace (2 round trips instead of 5), a 4-connection pool (16 now), and the Ed25519 check on every
  request (verified tokens are cached).
- **Events vs raw COPY.** The server's flusher uses the same single-connection COPY as the baseline; the
  difference is the HTTP path: parsing 100 events per request and re-serialising each payload for COPY,
  authentication, and the run lookup per request. Raw COPY itself varies by ±20 % between runs here.
- **Query.** Before migration 0007 and the NULLS LAST fix a page was sorted from every match; it is
  now read in index order, and the total is counted up to 1,000 matches only.
- Figures move by 10–30 % between runs on this shared virtual machine; compare runs by their ratios.
MARKDOWN
