#include "api/IdentityServer.h"
#include "support/HttpTestClient.h"
#include "support/OtlpReceiver.h"
#include "support/Promtool.h"
#include "telemetry/TraceParent.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/NameValueCollection.h>

#include <cppunit/extensions/HelperMacros.h>

#include <csignal>
#include <sstream>
#include <thread>

namespace akashi::test
{
/// Metrics and traces end to end (docs/telemetry.md): a real server exporting to OtlpReceiver (an OTLP/HTTP
/// collector stand-in on 127.0.0.1) and serving GET /metrics, checked by promtool.
class TelemetryApiTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TelemetryApiTest);
    CPPUNIT_TEST(testSpansMetricsAndTraceparentEndToEnd);
    CPPUNIT_TEST(testAutoEnablesOtlpAndShutdownFlushes);
    CPPUNIT_TEST(testWithoutExportersThereIsNoTracingAndNoMetricsRoute);
    CPPUNIT_TEST(testLogExporterWritesSpanLines);
    CPPUNIT_TEST_SUITE_END();

    static constexpr const char* kTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    static constexpr const char* kParentId = "00f067aa0ba902b7";
    static constexpr const char* kCollectorKey = "k3y!s3cret";

    using Span = OtlpReceiver::ReceivedSpan;

    static HttpReply request(IdentityServer& server, const std::string& method, const std::string& path,
                             const std::map<std::string, std::string>& headers, const std::string& body = {})
    {
        Poco::Net::NameValueCollection collection;
        for (const auto& [name, value] : headers)
            collection.set(name, value);
        return HttpTestClient(server.port()).request(method, path, body, collection);
    }

    static Span spanOf(const OtlpReceiver& receiver, const std::string& requestId)
    {
        Span span;
        const bool found = receiver.waitForSpan(
            [&requestId](const Span& s) {
                const auto it = s.attributes.find("http.request_id");
                return it != s.attributes.end() && it->second == requestId;
            },
            span);
        CPPUNIT_ASSERT_MESSAGE("no span for request " + requestId, found);
        return span;
    }

    static std::string attribute(const Span& span, const std::string& key)
    {
        const auto it = span.attributes.find(key);
        return it == span.attributes.end() ? "<absent>" : it->second;
    }

    /// The `http request` access log line of `requestId`.
    static Poco::JSON::Object::Ptr accessLine(ServerProcess& process, const std::string& requestId)
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        do
        {
            std::istringstream lines(process.stdoutText());
            std::string line;
            while (std::getline(lines, line))
            {
                if (line.find("\"http request\"") == std::string::npos || line.find(requestId) == std::string::npos)
                    continue;
                Poco::JSON::Parser parser;
                auto object = parser.parse(line).extract<Poco::JSON::Object::Ptr>();
                if (object->optValue<std::string>("request_id", "") == requestId)
                    return object;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        } while (std::chrono::steady_clock::now() < deadline);
        CPPUNIT_FAIL("no access log line for " + requestId);
        return nullptr;
    }

    static std::string traceBody()
    {
        return R"({"agent_id":"admin","decision":{"decision_type":"deploy","outcome":"ship it","confidence":0.5}})";
    }

public:
    void testSpansMetricsAndTraceparentEndToEnd()
    {
        OtlpReceiver receiver;
        IdentityServer server("telemetry_e2e", {{"AKASHI_EXPORTERS", "prometheus,otlp"},
                                                {"OTEL_EXPORTER_OTLP_ENDPOINT", receiver.url()},
                                                {"OTEL_EXPORTER_OTLP_HEADERS", "x-collector-key=k3y%21s3cret"},
                                                {"OTEL_SERVICE_NAME", "akashi-e2e"},
                                                {"OTEL_BSP_SCHEDULE_DELAY", "100"},
                                                {"OTEL_METRIC_EXPORT_INTERVAL", "200"}});

        // An incoming traceparent is continued, and the response names our span.
        const std::string incoming = std::string("00-") + kTraceId + "-" + kParentId + "-01";
        const auto health = request(server, "GET", "/health", {{"traceparent", incoming}, {"X-Request-ID", "req-health"}});
        CPPUNIT_ASSERT_EQUAL(200, health.status);
        const auto answered = telemetry::TraceParent::parse(health.headers.get("traceparent", ""));
        CPPUNIT_ASSERT_MESSAGE(health.headers.get("traceparent", "<none>"), answered.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string(kTraceId), answered->traceId);
        CPPUNIT_ASSERT(answered->parentId != kParentId);
        const Span healthSpan = spanOf(receiver, "req-health");
        CPPUNIT_ASSERT_EQUAL(std::string("GET /health"), healthSpan.name);
        CPPUNIT_ASSERT_EQUAL(std::string(kTraceId), healthSpan.traceId);
        CPPUNIT_ASSERT_EQUAL(std::string(kParentId), healthSpan.parentSpanId);
        CPPUNIT_ASSERT_EQUAL(answered->parentId, healthSpan.spanId);
        CPPUNIT_ASSERT_EQUAL(std::string("akashi-e2e"), healthSpan.serviceName);
        CPPUNIT_ASSERT_EQUAL(2, healthSpan.kind);
        CPPUNIT_ASSERT_EQUAL(std::string("GET"), attribute(healthSpan, "http.method"));
        CPPUNIT_ASSERT_EQUAL(std::string("/health"), attribute(healthSpan, "http.route"));
        CPPUNIT_ASSERT_EQUAL(std::string("/health"), attribute(healthSpan, "http.url"));
        CPPUNIT_ASSERT_EQUAL(std::string("200"), attribute(healthSpan, "http.status_code"));
        CPPUNIT_ASSERT_EQUAL(std::string("intValue"), healthSpan.attributeTypes.at("http.status_code"));
        CPPUNIT_ASSERT_EQUAL(std::string("<absent>"), attribute(healthSpan, "akashi.agent_id"));
        // The access log line carries the trace id.
        CPPUNIT_ASSERT_EQUAL(std::string(kTraceId), accessLine(server.process(), "req-health")->getValue<std::string>("trace_id"));

        // An authenticated write: agent, role and the decision type on the span; a new trace.
        const auto traced = request(server, "POST", "/v1/trace",
                                    {{"Authorization", IdentityServer::admin()}, {"X-Request-ID", "req-trace"}}, traceBody());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(traced.body, 201, traced.status);
        const auto fresh = telemetry::TraceParent::parse(traced.headers.get("traceparent", ""));
        CPPUNIT_ASSERT(fresh.has_value());
        CPPUNIT_ASSERT(fresh->traceId != kTraceId);
        const Span traceSpan = spanOf(receiver, "req-trace");
        CPPUNIT_ASSERT_EQUAL(std::string("POST /v1/trace"), traceSpan.name);
        CPPUNIT_ASSERT_EQUAL(fresh->traceId, traceSpan.traceId);
        CPPUNIT_ASSERT(traceSpan.parentSpanId.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("admin"), attribute(traceSpan, "akashi.agent_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("admin"), attribute(traceSpan, "akashi.role"));
        CPPUNIT_ASSERT_EQUAL(std::string("deploy"), attribute(traceSpan, "akashi.decision_type"));
        CPPUNIT_ASSERT_EQUAL(std::string("201"), attribute(traceSpan, "http.status_code"));
        CPPUNIT_ASSERT_EQUAL(std::string("admin"), accessLine(server.process(), "req-trace")->getValue<std::string>("agent_id"));

        // Refused before routing: still named by its route. An unknown path: never the raw path.
        const auto refused = request(server, "POST", "/v1/trace", {{"X-Request-ID", "req-401"}}, traceBody());
        CPPUNIT_ASSERT_EQUAL(401, refused.status);
        CPPUNIT_ASSERT_EQUAL(std::string("POST /v1/trace"), spanOf(receiver, "req-401").name);
        const auto unknown = request(server, "GET", "/v1/no/such/path?api_key=hunter2",
                                     {{"Authorization", IdentityServer::admin()}, {"X-Request-ID", "req-404"}});
        CPPUNIT_ASSERT_EQUAL(404, unknown.status);
        const Span unknownSpan = spanOf(receiver, "req-404");
        CPPUNIT_ASSERT_EQUAL(std::string("GET unmatched"), unknownSpan.name);
        CPPUNIT_ASSERT_EQUAL(std::string("/v1/no/such/path"), attribute(unknownSpan, "http.url")); // no query string
        CPPUNIT_ASSERT_EQUAL(std::string("<absent>"), attribute(unknownSpan, "http.route"));

        // An invalid traceparent starts a new trace; the request is not refused.
        const auto invalid = request(server, "GET", "/health",
                                     {{"traceparent", std::string("00-") + kTraceId + "-0000000000000000-01"}});
        CPPUNIT_ASSERT_EQUAL(200, invalid.status);
        const auto restarted = telemetry::TraceParent::parse(invalid.headers.get("traceparent", ""));
        CPPUNIT_ASSERT(restarted.has_value());
        CPPUNIT_ASSERT(restarted->traceId != kTraceId);

        // GET /metrics: Prometheus text that promtool accepts, with the runbook's series.
        const auto metrics = HttpTestClient(server.port()).get("/metrics");
        CPPUNIT_ASSERT_EQUAL(200, metrics.status);
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain; version=0.0.4; charset=utf-8"), metrics.headers.get("Content-Type", ""));
        const auto lint = Promtool::checkMetrics(metrics.body);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(lint.output + "\n---\n" + metrics.body, 0, lint.exitCode);
        for (const char* expected :
             {"# TYPE http_server_request_count_total counter\n", "http_route=\"/health\"", "http_route=\"/v1/trace\"",
              "http_status_code=\"401\"", "# TYPE http_server_duration_seconds histogram\n",
              "# TYPE akashi_buffer_depth gauge\n", "\nakashi_buffer_dropped_total ",
              "# TYPE akashi_pool_connections gauge\n", "\nakashi_pool_connections_idle ",
              "\nakashi_pool_connections_acquired ", "# TYPE akashi_telemetry_dropped_spans_total counter\n",
              "# TYPE akashi_consistency_ingest_lag_seconds histogram\n",
              "# TYPE akashi_consistency_write_to_visible_latency_seconds histogram\n",
              "# TYPE akashi_consistency_visibility_timeouts_total counter\n"})
            CPPUNIT_ASSERT_MESSAGE(std::string(expected) + " in\n" + metrics.body, metrics.body.find(expected) != std::string::npos);
        CPPUNIT_ASSERT(metrics.body.find("akashi_agent_id=\"admin\"") != std::string::npos);

        // Metrics are pushed over OTLP too, with the collector headers; the header value is never logged.
        CPPUNIT_ASSERT(receiver.waitForRequests("/v1/metrics", 1));
        const auto pushed = receiver.requestsTo("/v1/metrics").back();
        CPPUNIT_ASSERT(pushed.body.find("\"name\":\"http.server.request_count\"") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string(kCollectorKey), pushed.headers.at("x-collector-key"));
        CPPUNIT_ASSERT_EQUAL(std::string(kCollectorKey), receiver.requestsTo("/v1/traces").at(0).headers.at("x-collector-key"));
        CPPUNIT_ASSERT(server.process().stdoutText().find("k3y") == std::string::npos);
        CPPUNIT_ASSERT(server.process().stdoutText().find("hunter2") == std::string::npos);
    }

    void testAutoEnablesOtlpAndShutdownFlushes()
    {
        OtlpReceiver receiver;
        // AKASHI_EXPORTERS unset: its default `auto` enables otlp because the endpoint is set. Intervals of an
        // hour: whatever reaches the collector is the shutdown's final export.
        IdentityServer server("telemetry_auto", {{"OTEL_EXPORTER_OTLP_ENDPOINT", receiver.url()},
                                                 {"OTEL_BSP_SCHEDULE_DELAY", "3600000"},
                                                 {"OTEL_METRIC_EXPORT_INTERVAL", "3600000"}});
        const auto health = request(server, "GET", "/health", {{"X-Request-ID", "req-last"}});
        CPPUNIT_ASSERT_EQUAL(200, health.status);
        CPPUNIT_ASSERT(telemetry::TraceParent::parse(health.headers.get("traceparent", "")).has_value());
        CPPUNIT_ASSERT_EQUAL(404, HttpTestClient(server.port()).get("/metrics").status); // no prometheus exporter
        CPPUNIT_ASSERT(receiver.requests().empty());

        CPPUNIT_ASSERT_EQUAL(0, server.process().stop(SIGTERM));
        CPPUNIT_ASSERT_EQUAL(std::string("GET /health"), spanOf(receiver, "req-last").name);
        CPPUNIT_ASSERT(receiver.waitForRequests("/v1/metrics", 1, std::chrono::seconds(1)));
        const std::string log = server.process().stdoutText();
        CPPUNIT_ASSERT(log.find("\"telemetry flushed\"") != std::string::npos);
        // Flushed before the exporters were unloaded, and `akashi stopped` still last.
        CPPUNIT_ASSERT(log.find("\"telemetry flushed\"") < log.find("\"akashi stopped\""));
    }

    void testWithoutExportersThereIsNoTracingAndNoMetricsRoute()
    {
        IdentityServer server("telemetry_off");
        const auto health = request(server, "GET", "/health",
                                    {{"traceparent", std::string("00-") + kTraceId + "-" + kParentId + "-01"},
                                     {"X-Request-ID", "req-quiet"}});
        CPPUNIT_ASSERT_EQUAL(200, health.status);
        CPPUNIT_ASSERT(!health.headers.has("traceparent"));
        CPPUNIT_ASSERT(!accessLine(server.process(), "req-quiet")->has("trace_id"));
        const auto metrics = HttpTestClient(server.port()).get("/metrics");
        CPPUNIT_ASSERT_EQUAL(404, metrics.status);
        CPPUNIT_ASSERT_EQUAL(std::string("no route for GET /metrics"), IdentityServer::errorMessage(metrics));
    }

    void testLogExporterWritesSpanLines()
    {
        IdentityServer server("telemetry_log", {{"AKASHI_EXPORTERS", "log"}, {"OTEL_BSP_SCHEDULE_DELAY", "50"}});
        const auto health = request(server, "GET", "/health", {{"X-Request-ID", "req-logged"}});
        CPPUNIT_ASSERT_EQUAL(200, health.status);
        const auto answered = telemetry::TraceParent::parse(health.headers.get("traceparent", ""));
        CPPUNIT_ASSERT(answered.has_value());
        const auto line = server.process().waitForLog("span", std::chrono::seconds(30));
        CPPUNIT_ASSERT_MESSAGE(server.process().stdoutText(), line);
        CPPUNIT_ASSERT_EQUAL(std::string("GET /health"), line->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(answered->traceId, line->getValue<std::string>("trace_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("req-logged"), line->getValue<std::string>("attr.http.request_id"));
        CPPUNIT_ASSERT_EQUAL(404, HttpTestClient(server.port()).get("/metrics").status); // log is push-only
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TelemetryApiTest);
} // namespace akashi::test
