#include "config/ConfigSchema.h"

#include "common/BuildInfo.h"

namespace akashi::config
{
namespace
{
using T = ValueType;

std::vector<ConfigKey> buildSchema()
{
    return {
        {"akashi.http.port", T::integer, "8080", {"AKASHI_PORT"}, "HTTP listen port (0 = any free port).", {}, 0, 65535},
        {"akashi.http.address", T::string, "0.0.0.0", {"AKASHI_LISTEN_ADDRESS"}, "Address the HTTP server binds to."},
        {"akashi.http.read_timeout", T::duration, "30s", {"AKASHI_READ_TIMEOUT"}, "Time allowed to read a request."},
        {"akashi.http.write_timeout", T::duration, "30s", {"AKASHI_WRITE_TIMEOUT"}, "Time allowed to write a response."},
        {"akashi.http.keep_alive_timeout", T::duration, "5s", {"AKASHI_HTTP_KEEP_ALIVE_TIMEOUT"},
         "Idle keep-alive connections are closed after this (each holds a worker thread)."},
        {"akashi.http.max_threads", T::integer, "64", {"AKASHI_HTTP_MAX_THREADS"},
         "Worker threads serving HTTP connections.", {}, 1, 4096},
        {"akashi.http.max_queued", T::integer, "256", {"AKASHI_HTTP_MAX_QUEUED"},
         "Accepted connections waiting for a worker before new ones are refused.", {}, 1, 65536},
        {"akashi.http.max_request_body_bytes", T::integer, "1048576", {"AKASHI_MAX_REQUEST_BODY_BYTES"},
         "Largest request body accepted; larger bodies get 413.", {}, 1, 1073741824},
        {"akashi.http.cors_allowed_origins", T::list, "", {"AKASHI_CORS_ALLOWED_ORIGINS"},
         "Origins allowed to call the API from a browser (comma-separated, * for any; empty = none)."},
        {"akashi.http.trust_proxy", T::boolean, "false", {"AKASHI_TRUST_PROXY"},
         "Take the client IP of IP-based rate limits from the left-most valid X-Forwarded-For address instead of the "
         "socket peer. Only behind a trusted reverse proxy that sets the header: clients can write it themselves."},
        {"akashi.log.level", T::enumeration, "info", {"AKASHI_LOG_LEVEL"}, "Lowest level written to the log.",
         {"debug", "info", "warn", "error"}},
        {"akashi.state_dir", T::string, "/var/lib/akashi", {"AKASHI_STATE_DIR", "STATE_DIRECTORY"},
         "Directory for server state (the embedded PostgreSQL cluster lives under it). "
         "STATE_DIRECTORY is what systemd's StateDirectory= sets."},
        {"akashi.shutdown.http_timeout", T::duration, "10s", {"AKASHI_SHUTDOWN_HTTP_TIMEOUT"},
         "Grace period for in-flight requests on shutdown (0 = wait forever)."},
        {"akashi.shutdown.readiness_delay", T::duration, "0", {"AKASHI_SHUTDOWN_READINESS_DELAY"},
         "On shutdown, how long the server keeps serving with GET /ready answering 503 before HTTP stops accepting "
         "and drains, so load balancers notice and stop routing here first (0 = drain at once)."},
        {"akashi.shutdown.loop_drain_timeout", T::duration, "10s", {"AKASHI_SHUTDOWN_LOOP_DRAIN_TIMEOUT"},
         "Time allowed on shutdown for a background loop's pass in progress (idempotency cleanup, dead-letter "
         "archive, stream relay and prune, partition check) to finish; past it, its database statement is "
         "cancelled (0 = wait until it is done)."},
        {"akashi.database.url", T::string, "", {"DATABASE_URL"},
         "PostgreSQL URL for queries (PgBouncer in production). Empty = embedded private cluster under the state dir."},
        {"akashi.database.notify_url", T::string, "", {"NOTIFY_URL"},
         "Direct PostgreSQL URL for LISTEN/NOTIFY (never through PgBouncer)."},
        {"akashi.database.max_conns", T::integer, "0", {"AKASHI_DB_MAX_CONNS"},
         "Largest session pool size (0 = max(16, 4 x CPU cores)).", {}, 0, 1000},
        {"akashi.database.min_conns", T::integer, "0", {"AKASHI_DB_MIN_CONNS"}, "Sessions kept open when idle.", {}, 0, 1000},
        {"akashi.database.connect_timeout", T::duration, "5s", {"AKASHI_DB_CONNECT_TIMEOUT"},
         "Time allowed to connect to PostgreSQL or wait for a pooled session."},
        {"akashi.database.skip_embedded_migrations", T::boolean, "false", {"AKASHI_SKIP_EMBEDDED_MIGRATIONS"},
         "Do not apply the migrations built into the server at startup: set it when an external tool owns the "
         "schema. The server still checks that every migration it ships is recorded and refuses to start otherwise."},
        {"akashi.database.partition_check_interval", T::duration, "1h", {"AKASHI_PARTITION_CHECK_INTERVAL"},
         "How often the server checks that the daily agent_events partitions exist ahead of time (must be more than 0)."},
        {"akashi.database.partitions_ahead_days", T::integer, "7", {"AKASHI_PARTITIONS_AHEAD_DAYS"},
         "Days beyond today for which agent_events partitions are kept ready (events of other days land in "
         "the default partition).", {}, 1, 90},
        {"akashi.database.embedded.bin_dir", T::string, "/usr/lib/postgresql/15/bin", {"AKASHI_EMBEDDED_PG_BIN_DIR"},
         "Where initdb, pg_ctl and postgres are, for the embedded cluster."},
        {"akashi.database.embedded.port", T::integer, "5432", {"AKASHI_EMBEDDED_PG_PORT"},
         "Port number of the embedded cluster; it only names the unix socket file (no TCP).", {}, 1, 65535},
        {"akashi.database.embedded.user", T::string, "postgres", {"AKASHI_EMBEDDED_PG_OS_USER"},
         "OS user that runs the embedded cluster when the server runs as root (initdb refuses root)."},
        {"akashi.plugins.dir", T::string, buildinfo::kInstalledPluginDir, {"AKASHI_PLUGINS_DIR"},
         "Plugin directories, colon-separated, searched in order (empty entries ignored); every *.so in each is "
         "loaded at startup. An unreadable directory or a plugin found twice stops startup."},
        {"akashi.embedding.provider", T::string, "auto", {"AKASHI_EMBEDDING_PROVIDER"},
         "Embedding provider plugin by name (local, openai, ollama, noop), or auto: ollama if reachable, else openai "
         "if OPENAI_API_KEY is set, else local (noop when local is not installed). The choice is logged."},
        {"akashi.embedding.dimensions", T::integer, "1024", {"AKASHI_EMBEDDING_DIMENSIONS"},
         "Vector dimensions of the embedding provider.", {}, 1, 16000},
        {"akashi.embedding.local.ngram_min", T::integer, "3", {"AKASHI_LOCAL_EMBEDDING_NGRAM_MIN"},
         "local provider: shortest character n-gram hashed (words are always hashed too).", {}, 1, 8},
        {"akashi.embedding.local.ngram_max", T::integer, "5", {"AKASHI_LOCAL_EMBEDDING_NGRAM_MAX"},
         "local provider: longest character n-gram hashed.", {}, 1, 8},
        {"akashi.embedding.openai.api_key", T::string, "", {"OPENAI_API_KEY"},
         "API key for the openai provider (sent as a bearer token, never logged). auto picks openai when it is set "
         "and Ollama is not reachable."},
        {"akashi.embedding.openai.model", T::string, "text-embedding-3-small", {"AKASHI_EMBEDDING_MODEL"},
         "Model the openai provider asks for."},
        {"akashi.embedding.openai.url", T::string, "https://api.openai.com", {"AKASHI_OPENAI_URL"},
         "Base URL of the OpenAI-compatible API (POST <url>/v1/embeddings)."},
        {"akashi.embedding.ollama.url", T::string, "http://localhost:11434", {"OLLAMA_URL"},
         "Base URL of the Ollama server (POST <url>/api/embed). auto picks ollama when GET <url>/api/tags answers "
         "within 2 s."},
        {"akashi.embedding.ollama.model", T::string, "mxbai-embed-large", {"OLLAMA_MODEL"},
         "Model the ollama provider asks for."},
        {"akashi.embedding.openai.timeout", T::duration, "30s", {"AKASHI_OPENAI_TIMEOUT"},
         "Time allowed for one embedding request of the openai provider."},
        {"akashi.embedding.openai.max_retries", T::integer, "3", {"AKASHI_OPENAI_MAX_RETRIES"},
         "Retries of one openai embedding request after a timeout, 429 or 5xx, with exponential backoff honouring "
         "Retry-After.", {}, 0, 10},
        {"akashi.embedding.ollama.timeout", T::duration, "30s", {"AKASHI_OLLAMA_TIMEOUT"},
         "Time allowed for one embedding request of the ollama provider."},
        {"akashi.embedding.ollama.max_retries", T::integer, "3", {"AKASHI_OLLAMA_MAX_RETRIES"},
         "Retries of one ollama embedding request after a timeout, 429 or 5xx, with exponential backoff honouring "
         "Retry-After.", {}, 0, 10},
        {"akashi.search.outbox_poll_interval", T::duration, "1s", {"AKASHI_OUTBOX_POLL_INTERVAL"},
         "How often the outbox worker looks for decisions to embed or remove from the vector index (must be more "
         "than 0)."},
        {"akashi.search.outbox_batch_size", T::integer, "100", {"AKASHI_OUTBOX_BATCH_SIZE"},
         "Most search_outbox entries one worker claims per poll.", {}, 1, 10000},
        {"akashi.search.outbox_lease", T::duration, "60s", {"AKASHI_OUTBOX_LEASE"},
         "How long a claimed outbox entry stays locked (locked_until); a crashed worker's entries are picked up "
         "by another once it expires."},
        {"akashi.search.index_dir", T::string, "", {"AKASHI_VECTOR_INDEX_DIR"},
         "Where the in-process HNSW vector index is persisted (empty = <state dir>/vector-index)."},
        {"akashi.shutdown.outbox_drain_timeout", T::duration, "0", {"AKASHI_SHUTDOWN_OUTBOX_DRAIN_TIMEOUT"},
         "Time allowed on shutdown for the outbox worker to finish the batch it holds (0 = wait until it is done)."},
        {"akashi.search.dead_letter_archive_interval", T::duration, "1h", {"AKASHI_OUTBOX_DEAD_LETTER_ARCHIVE_INTERVAL"},
         "How often outbox entries that gave up (10 attempts) are moved to search_outbox_dead_letters once older "
         "than the archive age (must be more than 0)."},
        {"akashi.search.dead_letter_archive_age", T::duration, "168h", {"AKASHI_OUTBOX_DEAD_LETTER_ARCHIVE_AGE"},
         "Age (since the entry was queued) after which a dead outbox entry is archived; until then it stays in "
         "search_outbox, where the runbook's reset query can retry it."},
        {"akashi.ratelimit.backend", T::string, "auto", {"AKASHI_RATE_LIMIT_BACKEND"},
         "Rate limiter plugin by name (memory, redis), or auto: redis on REDIS_URL when it is set (limits shared by "
         "every instance), else memory (per instance)."},
        {"akashi.ratelimit.enabled", T::boolean, "true", {"AKASHI_RATE_LIMIT_ENABLED"},
         "Rate-limit requests (docs/rate-limiting.md). false = no limiter is consulted and no X-RateLimit-* header "
         "is sent."},
        {"akashi.ratelimit.rps", T::integer, "100", {"AKASHI_RATE_LIMIT_RPS"},
         "Sustained requests per second of one agent (key org:<uuid>:agent:<id>) across every authenticated /v1 and "
         "/mcp route; platform_admin is exempt.", {}, 1, 1000000},
        {"akashi.ratelimit.burst", T::integer, "200", {"AKASHI_RATE_LIMIT_BURST"},
         "Requests one agent may send at once above the sustained rate (the bucket's size).", {}, 1, 10000000},
        {"akashi.ratelimit.auth.per_minute", T::integer, "20", {"AKASHI_RATE_LIMIT_AUTH_PER_MINUTE"},
         "Requests per minute per client IP to /auth/* (token, refresh), for everyone (0 = no auth limit).",
         {}, 0, 1000000},
        {"akashi.ratelimit.ingest.per_minute", T::integer, "300", {"AKASHI_RATE_LIMIT_INGEST_PER_MINUTE"},
         "Requests per minute per agent to POST /v1/trace, /v1/runs, /v1/runs/{id}/events and /v1/runs/{id}/complete, "
         "on top of the global bucket (0 = global bucket only).", {}, 0, 1000000},
        {"akashi.ratelimit.query.per_minute", T::integer, "300", {"AKASHI_RATE_LIMIT_QUERY_PER_MINUTE"},
         "Requests per minute per agent to reads: POST /v1/query, /v1/query/temporal, /v1/check, every GET under /v1 "
         "(a /v1/subscribe stream counts once, at connect) and /mcp (0 = global bucket only).", {}, 0, 1000000},
        {"akashi.ratelimit.search.per_minute", T::integer, "100", {"AKASHI_RATE_LIMIT_SEARCH_PER_MINUTE"},
         "Requests per minute per agent to POST /v1/search (0 = global bucket only).", {}, 0, 1000000},
        {"akashi.ratelimit.redis.url", T::string, "", {"REDIS_URL"},
         "redis rate limiter: redis://[[user]:password@]host[:port][/db] or unix://[[user]:password@]/path/redis.sock"
         "[?db=N]. Setting it makes backend auto choose redis. The password is never logged."},
        {"akashi.ratelimit.redis.timeout", T::duration, "200ms", {"AKASHI_REDIS_TIMEOUT"},
         "redis rate limiter: time allowed to connect and for each reply; past it the request is permitted "
         "(fail-open)."},
        {"akashi.ratelimit.redis.reconnect_interval", T::duration, "1s", {"AKASHI_REDIS_RECONNECT_INTERVAL"},
         "redis rate limiter: after a failure, at most one connection attempt per this interval; requests in "
         "between are permitted at once without waiting on Redis."},
        {"akashi.ratelimit.redis.pool_size", T::integer, "4", {"AKASHI_REDIS_POOL_SIZE"},
         "redis rate limiter: connections to Redis (requests wait for a free one).", {}, 1, 64},
        {"akashi.ratelimit.redis.key_prefix", T::string, "akashi:rl:", {"AKASHI_REDIS_KEY_PREFIX"},
         "redis rate limiter: prefix of every key it writes (each expires once its bucket is full again)."},
        {"akashi.notify.transport", T::string, "auto", {"AKASHI_NOTIFY_TRANSPORT"},
         "Notify transport plugin by name (postgres, inprocess), or auto: postgres on NOTIFY_URL when it is set, "
         "else inprocess (one instance only)."},
        {"akashi.sse.relay_interval", T::duration, "100ms", {"AKASHI_SSE_RELAY_INTERVAL"},
         "How often the stream relay looks for committed decisions and conflicts to publish (the publish-to-deliver "
         "latency is at most about this long plus the transport's)."},
        {"akashi.sse.keepalive_interval", T::duration, "15s", {"AKASHI_SSE_KEEPALIVE_INTERVAL"},
         "Interval of the `: keepalive` comment on every SSE stream."},
        {"akashi.sse.replay_window", T::duration, "24h", {"AKASHI_SSE_REPLAY_WINDOW"},
         "How long stream events are kept for Last-Event-ID replay (older ones are pruned hourly)."},
        {"akashi.sse.replay_limit", T::integer, "1000", {"AKASHI_SSE_REPLAY_LIMIT"},
         "Most events one reconnect replays; a client further behind gets that many, the stream closes, and it "
         "resumes from the last id it received.", {}, 1, 100000},
        {"akashi.sse.subscriber_buffer", T::integer, "64", {"AKASHI_SSE_SUBSCRIBER_BUFFER"},
         "Events queued per SSE subscriber; a subscriber further behind is disconnected (counted in "
         "akashi.broker.dropped_events) and replays on reconnect.", {}, 1, 100000},
        {"akashi.sse.max_subscribers", T::integer, "20000", {"AKASHI_SSE_MAX_SUBSCRIBERS"},
         "Most SSE connections one instance holds; beyond it /v1/subscribe answers 503. Each uses one file "
         "descriptor: the server raises its soft RLIMIT_NOFILE to the hard limit at start.", {}, 1, 1000000},
        {"akashi.notify.postgres.reconnect_base_ms", T::integer, "500", {"AKASHI_NOTIFY_RECONNECT_BASE_MS"},
         "postgres notify transport: wait in milliseconds before the first reconnect attempt after the LISTEN "
         "connection was lost; it doubles for each fast attempt (every wait jittered down by up to 20%).",
         {}, 1, 3600000},
        {"akashi.notify.postgres.reconnect_fast_attempts", T::integer, "5", {"AKASHI_NOTIFY_RECONNECT_FAST_ATTEMPTS"},
         "postgres notify transport: reconnect attempts with doubling waits; later attempts wait "
         "reconnect_max_ms each, forever.", {}, 0, 100},
        {"akashi.notify.postgres.reconnect_max_ms", T::integer, "30000", {"AKASHI_NOTIFY_RECONNECT_MAX_MS"},
         "postgres notify transport: longest wait in milliseconds between reconnect attempts (at least "
         "reconnect_base_ms).", {}, 1, 86400000},
        {"akashi.notify.postgres.application_name", T::string, "akashi-notify", {"AKASHI_NOTIFY_APPLICATION_NAME"},
         "postgres notify transport: application_name of its connection, to find it in pg_stat_activity "
         "(1 to 63 printable ASCII characters)."},
        {"akashi.exporter.enabled", T::list, "auto", {"AKASHI_EXPORTERS"},
         "Telemetry exporter plugins to enable (comma-separated: prometheus, otlp, log; empty = none). `auto` "
         "stands for otlp when OTEL_EXPORTER_OTLP_ENDPOINT is set, else nothing; e.g. prometheus,auto adds "
         "GET /metrics. See docs/telemetry.md."},
        {"akashi.exporter.otlp.endpoint", T::string, "", {"OTEL_EXPORTER_OTLP_ENDPOINT"},
         "otlp exporter: OTLP/HTTP base URL of the collector (spans to <url>/v1/traces, metrics to <url>/v1/metrics). "
         "Empty = OTEL disabled. Without a scheme it is https, or http with OTEL_EXPORTER_OTLP_INSECURE."},
        {"akashi.exporter.otlp.headers", T::string, "", {"OTEL_EXPORTER_OTLP_HEADERS"},
         "otlp exporter: headers sent with every request, name=value pairs separated by commas, values "
         "percent-decoded (e.g. authorization=Bearer%20<token>). Never logged."},
        {"akashi.exporter.otlp.service_name", T::string, "akashi", {"OTEL_SERVICE_NAME"},
         "otlp exporter: service.name of the resource in traces and metrics."},
        {"akashi.exporter.otlp.insecure", T::boolean, "false", {"OTEL_EXPORTER_OTLP_INSECURE"},
         "otlp exporter: an endpoint without a scheme uses http instead of https (a scheme in the endpoint wins)."},
        {"akashi.exporter.otlp.timeout_ms", T::integer, "10000", {"OTEL_EXPORTER_OTLP_TIMEOUT"},
         "otlp exporter: time allowed for one export request, in milliseconds.", {}, 1, 600000},
        {"akashi.exporter.otlp.max_retries", T::integer, "5", {"AKASHI_OTLP_MAX_RETRIES"},
         "otlp exporter: retries of a request answered 429, 502, 503 or 504 or not answered at all (after its "
         "Retry-After, capped at 60 s, or an exponential backoff); other failures drop it at once.", {}, 0, 20},
        {"akashi.exporter.otlp.retry_base_ms", T::integer, "1000", {"AKASHI_OTLP_RETRY_BASE_MS"},
         "otlp exporter: first retry backoff in milliseconds, doubled per retry up to 30 s.", {}, 1, 60000},
        {"akashi.telemetry.span_interval_ms", T::integer, "5000", {"OTEL_BSP_SCHEDULE_DELAY"},
         "How often finished spans are handed to the exporters, in milliseconds (sooner when 512 are queued).",
         {}, 1, 3600000},
        {"akashi.telemetry.metric_interval_ms", T::integer, "15000", {"OTEL_METRIC_EXPORT_INTERVAL"},
         "How often the metrics are collected and pushed to the push exporters (otlp, log), in milliseconds. "
         "GET /metrics always collects fresh.", {}, 1, 3600000},
        {"akashi.telemetry.span_queue_size", T::integer, "2048", {"OTEL_BSP_MAX_QUEUE_SIZE"},
         "Finished spans held for the exporters at most; beyond it spans are dropped (counted in "
         "akashi.telemetry.dropped_spans), never blocking a request.", {}, 1, 1000000},
        {"akashi.shutdown.telemetry_flush_timeout", T::duration, "5s", {"AKASHI_SHUTDOWN_TELEMETRY_FLUSH_TIMEOUT"},
         "Time allowed on shutdown for the exporters to send the final spans and metrics (0 = wait until they are "
         "sent or their retries give up)."},
        {"akashi.auth.jwt_private_key", T::string, "", {"AKASHI_JWT_PRIVATE_KEY"},
         "Path to the Ed25519 private key signing JWTs (PKCS#8 PEM, mode 0600 or stricter). With the public key "
         "also unset, an ephemeral pair is generated at each start (development only: tokens die with the process)."},
        {"akashi.auth.jwt_public_key", T::string, "", {"AKASHI_JWT_PUBLIC_KEY"},
         "Path to the matching Ed25519 public key (PKIX PEM, mode 0600 or stricter)."},
        {"akashi.auth.jwt_expiration", T::duration, "24h", {"AKASHI_JWT_EXPIRATION"},
         "Lifetime of tokens issued by POST /auth/token."},
        {"akashi.auth.admin_api_key", T::string, "", {"AKASHI_ADMIN_API_KEY"},
         "API key of the agent `admin`, seeded in the default org when no agent exists yet (first start only)."},
        {"akashi.agents.enable_destructive_delete", T::boolean, "false", {"AKASHI_ENABLE_DESTRUCTIVE_DELETE"},
         "Allow DELETE /v1/agents/{agent_id}, which removes the agent and everything it recorded."},
        {"akashi.ingest.event_buffer_size", T::integer, "1000", {"AKASHI_EVENT_BUFFER_SIZE"},
         "Buffered events that trigger a flush (one COPY per batch). The buffer also flushes after the flush timeout, "
         "or as soon as the previous flush finished. Hard cap: 100,000 buffered events, beyond which writes get 503.",
         {}, 1, 100000},
        {"akashi.ingest.event_flush_timeout", T::duration, "100ms", {"AKASHI_EVENT_FLUSH_TIMEOUT"},
         "Longest time an event waits in the buffer before its batch is flushed (must be more than 0)."},
        {"akashi.shutdown.buffer_drain_timeout", T::duration, "0", {"AKASHI_SHUTDOWN_BUFFER_DRAIN_TIMEOUT"},
         "Time allowed on shutdown to flush the buffered events (0 = wait until they are written)."},
        {"akashi.consistency.visibility_wait_timeout", T::duration, "5s", {"AKASHI_VISIBILITY_WAIT_TIMEOUT"},
         "Longest time a read with min_visibility_token waits for that write to become visible before 504 "
         "VISIBILITY_TIMEOUT."},
        {"akashi.idempotency.cleanup_interval", T::duration, "1h", {"AKASHI_IDEMPOTENCY_CLEANUP_INTERVAL"},
         "How often expired idempotency keys are deleted (must be more than 0)."},
        {"akashi.idempotency.completed_ttl", T::duration, "168h", {"AKASHI_IDEMPOTENCY_COMPLETED_TTL"},
         "How long a completed idempotent write can be replayed."},
        {"akashi.idempotency.abandoned_ttl", T::duration, "24h", {"AKASHI_IDEMPOTENCY_ABANDONED_TTL"},
         "When an in-progress idempotency key left behind by a crash is deleted."},
        {"akashi.idempotency.in_progress_ttl", T::duration, "5m", {"AKASHI_IDEMPOTENCY_IN_PROGRESS_TTL"},
         "After this, an in-progress key is considered abandoned and a retry with the same key may take it over."},
        {"akashi.export.page_size", T::integer, "100", {"AKASHI_EXPORT_PAGE_SIZE"},
         "Decisions read per keyset page by GET /v1/export/decisions.", {}, 1, 10000},
        {"akashi.integrity.proof_interval", T::duration, "5m", {"AKASHI_INTEGRITY_PROOF_INTERVAL"},
         "How often each org's new decisions are sealed into a Merkle integrity batch (must be more than 0)."},
    };
}
} // namespace

const std::vector<ConfigKey>& configSchema()
{
    static const std::vector<ConfigKey> schema = buildSchema();
    return schema;
}

const ConfigKey* findConfigKey(std::string_view key)
{
    for (const auto& row : configSchema())
        if (row.key == key)
            return &row;
    return nullptr;
}

bool isPluginSection(std::string_view section)
{
    return section == "embedding" || section == "ratelimit" || section == "notify" || section == "exporter";
}
} // namespace akashi::config
