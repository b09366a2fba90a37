#include "telemetry/RequestTelemetry.h"
#include "telemetry/SpanQueue.h"
#include "telemetry/TraceParent.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::telemetry
{
class RequestTelemetryTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RequestTelemetryTest);
    CPPUNIT_TEST(testIncomingTraceparentIsContinued);
    CPPUNIT_TEST(testInvalidOrMissingTraceparentStartsANewTrace);
    CPPUNIT_TEST(testSpanCarriesTheRunbookAttributes);
    CPPUNIT_TEST(testUnmatchedRequestsAndUnknownMethodsStayBounded);
    CPPUNIT_TEST(testServerErrorsMarkTheSpan);
    CPPUNIT_TEST(testUnsampledCallerGetsNoSpan);
    CPPUNIT_TEST(testTracingOffRecordsMetricsOnly);
    CPPUNIT_TEST_SUITE_END();

    static constexpr const char* kHeader = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    MetricsRegistry _registry;
    std::shared_ptr<SpanQueue> _queue =
        std::make_shared<SpanQueue>(16, 16, std::function<void()>{}, _registry.counter("dropped", "dropped", "1"));
    std::vector<MetricPoint> _points;

    static FinishedRequest request(const std::string& method, const std::string& route, int status)
    {
        FinishedRequest r;
        r.method = method;
        r.route = route;
        r.path = route.empty() ? "/nowhere" : route;
        r.requestId = "req-1";
        r.status = status;
        r.start = std::chrono::steady_clock::now();
        return r;
    }

    static std::string text(const Attributes& attributes, const std::string& key)
    {
        const auto it = attributes.find(key);
        if (it == attributes.end())
            return "<absent>";
        if (const auto* s = std::get_if<std::string>(&it->second))
            return *s;
        if (const auto* i = std::get_if<std::int64_t>(&it->second))
            return "int:" + std::to_string(*i);
        return "<other>";
    }

    /// A fresh collect's point of `name` whose http.route is `route` ("<absent>": none); null if none.
    const MetricPoint* point(const std::string& name, const std::string& route)
    {
        _points = _registry.collect();
        for (const auto& p : _points)
            if (p.name == name && text(p.attributes, "http.route") == route)
                return &p;
        return nullptr;
    }

public:
    void testIncomingTraceparentIsContinued()
    {
        RequestTelemetry telemetry(_registry, _queue);
        const auto trace = telemetry.begin(kHeader);
        CPPUNIT_ASSERT(trace.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("4bf92f3577b34da6a3ce929d0e0e4736"), trace->traceId);
        CPPUNIT_ASSERT_EQUAL(std::string("00f067aa0ba902b7"), trace->parentSpanId);
        CPPUNIT_ASSERT(trace->spanId != trace->parentSpanId);
        // The response names our span as the parent of whatever the caller does next.
        const auto answered = TraceParent::parse(trace->traceparent());
        CPPUNIT_ASSERT(answered.has_value());
        CPPUNIT_ASSERT_EQUAL(trace->traceId, answered->traceId);
        CPPUNIT_ASSERT_EQUAL(trace->spanId, answered->parentId);
        CPPUNIT_ASSERT(answered->sampled());

        telemetry.finish(trace, request("GET", "/health", 200));
        const auto spans = _queue->drain();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), spans.size());
        CPPUNIT_ASSERT_EQUAL(trace->traceId, spans[0].traceId);
        CPPUNIT_ASSERT_EQUAL(trace->spanId, spans[0].spanId);
        CPPUNIT_ASSERT_EQUAL(std::string("00f067aa0ba902b7"), spans[0].parentSpanId);
        CPPUNIT_ASSERT(spans[0].endUnixNanos >= spans[0].startUnixNanos);
    }

    void testInvalidOrMissingTraceparentStartsANewTrace()
    {
        RequestTelemetry telemetry(_registry, _queue);
        for (const char* header : {"", "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "nonsense"})
        {
            const auto trace = telemetry.begin(header);
            CPPUNIT_ASSERT_MESSAGE(header, trace.has_value());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(header, std::size_t(32), trace->traceId.size());
            CPPUNIT_ASSERT_MESSAGE(header, trace->traceId != "00000000000000000000000000000000");
            CPPUNIT_ASSERT_MESSAGE(header, trace->parentSpanId.empty());
            CPPUNIT_ASSERT_MESSAGE(header, trace->sampled);
        }
        CPPUNIT_ASSERT(telemetry.begin("")->traceId != telemetry.begin("")->traceId);
    }

    void testSpanCarriesTheRunbookAttributes()
    {
        RequestTelemetry telemetry(_registry, _queue);
        auto finished = request("POST", "/v1/trace", 201);
        finished.path = "/v1/trace";
        finished.agentId = "agent-7";
        finished.role = "agent";
        finished.spanAttributes = {{"akashi.decision_type", std::string("architecture")},
                                   {"http.status_code", std::string("a handler cannot override ours")}};
        telemetry.finish(telemetry.begin(""), finished);
        const auto spans = _queue->drain();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), spans.size());
        const Span& span = spans[0];
        CPPUNIT_ASSERT_EQUAL(std::string("POST /v1/trace"), span.name);
        CPPUNIT_ASSERT(!span.error);
        CPPUNIT_ASSERT_EQUAL(std::string("POST"), text(span.attributes, "http.method"));
        CPPUNIT_ASSERT_EQUAL(std::string("/v1/trace"), text(span.attributes, "http.route"));
        CPPUNIT_ASSERT_EQUAL(std::string("/v1/trace"), text(span.attributes, "http.url"));
        CPPUNIT_ASSERT_EQUAL(std::string("req-1"), text(span.attributes, "http.request_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("int:201"), text(span.attributes, "http.status_code"));
        CPPUNIT_ASSERT_EQUAL(std::string("agent-7"), text(span.attributes, "akashi.agent_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("agent"), text(span.attributes, "akashi.role"));
        CPPUNIT_ASSERT_EQUAL(std::string("architecture"), text(span.attributes, "akashi.decision_type"));

        const MetricPoint* count = point("http.server.request_count", "/v1/trace");
        CPPUNIT_ASSERT(count);
        CPPUNIT_ASSERT(count->type == MetricType::counter);
        CPPUNIT_ASSERT_EQUAL(1.0, count->value);
        CPPUNIT_ASSERT_EQUAL(std::string("1"), count->unit);
        CPPUNIT_ASSERT_EQUAL(std::string("agent-7"), text(count->attributes, "akashi.agent_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("int:201"), text(count->attributes, "http.status_code"));
        // Span-only attributes stay out of the metrics (cardinality).
        CPPUNIT_ASSERT_EQUAL(std::string("<absent>"), text(count->attributes, "akashi.decision_type"));
        CPPUNIT_ASSERT_EQUAL(std::string("<absent>"), text(count->attributes, "akashi.role"));
        const MetricPoint* duration = point("http.server.duration", "/v1/trace");
        CPPUNIT_ASSERT(duration);
        CPPUNIT_ASSERT(duration->type == MetricType::histogram);
        CPPUNIT_ASSERT_EQUAL(std::string("ms"), duration->unit);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), duration->count);
    }

    void testUnmatchedRequestsAndUnknownMethodsStayBounded()
    {
        RequestTelemetry telemetry(_registry, _queue);
        telemetry.finish(telemetry.begin(""), request("GET", "", 404));
        telemetry.finish(telemetry.begin(""), request("BREW", "/health", 405));
        const auto spans = _queue->drain();
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), spans.size());
        CPPUNIT_ASSERT_EQUAL(std::string("GET unmatched"), spans[0].name);
        CPPUNIT_ASSERT_EQUAL(std::string("<absent>"), text(spans[0].attributes, "http.route"));
        CPPUNIT_ASSERT_EQUAL(std::string("/nowhere"), text(spans[0].attributes, "http.url"));
        CPPUNIT_ASSERT_EQUAL(std::string("_OTHER /health"), spans[1].name);
        CPPUNIT_ASSERT_EQUAL(std::string("_OTHER"), text(spans[1].attributes, "http.method"));
        CPPUNIT_ASSERT(point("http.server.request_count", "<absent>"));
        CPPUNIT_ASSERT_EQUAL(std::string("PATCH"), std::string(RequestTelemetry::boundedMethod("PATCH")));
        CPPUNIT_ASSERT_EQUAL(std::string("_OTHER"), std::string(RequestTelemetry::boundedMethod("get")));
    }

    void testServerErrorsMarkTheSpan()
    {
        RequestTelemetry telemetry(_registry, _queue);
        telemetry.finish(telemetry.begin(""), request("GET", "/health", 499));
        telemetry.finish(telemetry.begin(""), request("GET", "/health", 500));
        telemetry.finish(telemetry.begin(""), request("GET", "/health", 503));
        const auto spans = _queue->drain();
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), spans.size());
        CPPUNIT_ASSERT(!spans[0].error);
        CPPUNIT_ASSERT(spans[1].error);
        CPPUNIT_ASSERT(spans[2].error);
    }

    void testUnsampledCallerGetsNoSpan()
    {
        RequestTelemetry telemetry(_registry, _queue);
        const auto trace = telemetry.begin("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
        CPPUNIT_ASSERT(trace.has_value());
        CPPUNIT_ASSERT(!trace->sampled);
        CPPUNIT_ASSERT(!TraceParent::parse(trace->traceparent())->sampled()); // the decision is passed on
        telemetry.finish(trace, request("GET", "/health", 200));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), _queue->size());
        CPPUNIT_ASSERT(point("http.server.request_count", "/health")); // metrics do not sample
    }

    void testTracingOffRecordsMetricsOnly()
    {
        RequestTelemetry telemetry(_registry, nullptr);
        CPPUNIT_ASSERT(!telemetry.tracing());
        const auto trace = telemetry.begin(kHeader);
        CPPUNIT_ASSERT(!trace.has_value());
        telemetry.finish(trace, request("GET", "/health", 200));
        telemetry.finish(trace, request("GET", "/health", 200));
        const MetricPoint* count = point("http.server.request_count", "/health");
        CPPUNIT_ASSERT(count);
        CPPUNIT_ASSERT_EQUAL(2.0, count->value);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(2), point("http.server.duration", "/health")->count);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RequestTelemetryTest);
} // namespace akashi::telemetry
