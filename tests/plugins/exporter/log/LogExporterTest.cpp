#include "plugins/PluginInstance.h"

#include <akashi/telemetry/Exporter.h>

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace akashi::plugins::exporter::log
{
using akashi::plugin::LogFields;
using akashi::plugin::LogLevel;
using akashi::plugin::Status;
using akashi::plugin::StatusCode;
using akashi::telemetry::Exporter;
using akashi::telemetry::MetricPoint;
using akashi::telemetry::MetricType;
using akashi::telemetry::Span;

/// exporter-log.so through its descriptor; every line is compared field by field, in order.
class LogExporterTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LogExporterTest);
    CPPUNIT_TEST(testDescriptor);
    CPPUNIT_TEST(testSpanLine);
    CPPUNIT_TEST(testRootSpanOmitsParent);
    CPPUNIT_TEST(testOneLinePerSpan);
    CPPUNIT_TEST(testTimesAreRfc3339WithNanoseconds);
    CPPUNIT_TEST(testDurations);
    CPPUNIT_TEST(testMetricLines);
    CPPUNIT_TEST(testMalformedHistogramIsReportedAndOthersLogged);
    CPPUNIT_TEST(testEmptyBatchesLogNothing);
    CPPUNIT_TEST(testFlushHasNothingToDo);
    CPPUNIT_TEST(testScrapeIsUnsupported);
    CPPUNIT_TEST(testBadContextFailsCreate);
    CPPUNIT_TEST_SUITE_END();

    using Instance = PluginInstance<Exporter>;

    static Span span(std::uint64_t start, std::uint64_t end)
    {
        Span s;
        s.traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        s.spanId = "00f067aa0ba902b7";
        s.name = "GET /health";
        s.startUnixNanos = start;
        s.endUnixNanos = end;
        return s;
    }

    /// Exports one span and returns the value of `field` on its line.
    static std::string spanField(const Span& s, const std::string& field)
    {
        Instance exporter("exporter", "log");
        CPPUNIT_ASSERT(exporter->exportSpans({s}).isOk());
        const auto lines = exporter.logger().lines();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), lines.size());
        const auto value = lines[0].field(field);
        CPPUNIT_ASSERT_MESSAGE("no field " + field, value.has_value());
        return *value;
    }

public:
    void testDescriptor()
    {
        Instance exporter("exporter", "log");
        CPPUNIT_ASSERT_EQUAL(std::string("exporter"), exporter.loaded().kind);
        CPPUNIT_ASSERT_EQUAL(std::string("log"), exporter.loaded().name);
        CPPUNIT_ASSERT_EQUAL(std::string("1.0.0"), exporter.loaded().version);
    }

    void testSpanLine()
    {
        Span s = span(1700000000123456789ull, 1700000000135802467ull);
        s.name = "POST /v1/trace";
        s.parentSpanId = "53995c3f42cd8ad8";
        s.error = true;
        s.attributes = {{"http.method", std::string("POST")},
                        {"http.status_code", std::int64_t(201)},
                        {"sampled", true},
                        {"ratio", 0.25}};
        Instance exporter("exporter", "log");
        const Status status = exporter->exportSpans({s});
        CPPUNIT_ASSERT_MESSAGE(status.message, status.isOk());

        const auto lines = exporter.logger().lines();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), lines.size());
        CPPUNIT_ASSERT(lines[0].level == LogLevel::info);
        CPPUNIT_ASSERT_EQUAL(std::string("span"), lines[0].message);
        const LogFields expected = {
            {"trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"},
            {"span_id", "00f067aa0ba902b7"},
            {"parent_span_id", "53995c3f42cd8ad8"},
            {"name", "POST /v1/trace"},
            {"start", "2023-11-14T22:13:20.123456789Z"},
            {"end", "2023-11-14T22:13:20.135802467Z"},
            {"duration_ms", "12.345678"},
            {"error", "true"},
            {"attr.http.method", "POST"},
            {"attr.http.status_code", "201"},
            {"attr.ratio", "0.25"},
            {"attr.sampled", "true"},
        };
        CPPUNIT_ASSERT(expected == lines[0].fields);
    }

    void testRootSpanOmitsParent()
    {
        Instance exporter("exporter", "log");
        CPPUNIT_ASSERT(exporter->exportSpans({span(0, 1000000)}).isOk());
        const auto lines = exporter.logger().lines();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), lines.size());
        const LogFields expected = {
            {"trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"},
            {"span_id", "00f067aa0ba902b7"},
            {"name", "GET /health"},
            {"start", "1970-01-01T00:00:00.000000000Z"},
            {"end", "1970-01-01T00:00:00.001000000Z"},
            {"duration_ms", "1"},
            {"error", "false"},
        };
        CPPUNIT_ASSERT(expected == lines[0].fields);
        CPPUNIT_ASSERT(!lines[0].field("parent_span_id").has_value());
    }

    void testOneLinePerSpan()
    {
        std::vector<Span> spans;
        for (const char* name : {"a", "b", "c"})
        {
            spans.push_back(span(0, 0));
            spans.back().name = name;
        }
        Instance exporter("exporter", "log");
        CPPUNIT_ASSERT(exporter->exportSpans(spans).isOk());
        const auto lines = exporter.logger().lines();
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), lines.size());
        for (std::size_t i = 0; i < lines.size(); ++i)
        {
            CPPUNIT_ASSERT_EQUAL(std::string("span"), lines[i].message);
            CPPUNIT_ASSERT_EQUAL(spans[i].name, *lines[i].field("name"));
        }
    }

    void testTimesAreRfc3339WithNanoseconds()
    {
        const struct
        {
            std::uint64_t unixNanos;
            const char* text;
        } cases[] = {
            {0, "1970-01-01T00:00:00.000000000Z"},
            {1, "1970-01-01T00:00:00.000000001Z"},
            {951782400000000000ull, "2000-02-29T00:00:00.000000000Z"},
            {1709251199999999999ull, "2024-02-29T23:59:59.999999999Z"},
            {std::numeric_limits<std::uint64_t>::max(), "2554-07-21T23:34:33.709551615Z"},
        };
        for (const auto& c : cases)
            CPPUNIT_ASSERT_EQUAL(std::string(c.text), spanField(span(c.unixNanos, c.unixNanos), "start"));
    }

    void testDurations()
    {
        const struct
        {
            std::uint64_t start;
            std::uint64_t end;
            const char* durationMs;
        } cases[] = {
            {5, 5, "0"},
            {0, 1500, "0.0015"},
            {1000, 2501000, "2.5"},
            {0, 90000000000ull, "90000"},
            {3000000, 1000000, "-2"}, // ends before it starts: shown, not hidden
        };
        for (const auto& c : cases)
            CPPUNIT_ASSERT_EQUAL(std::string(c.durationMs), spanField(span(c.start, c.end), "duration_ms"));
    }

    void testMetricLines()
    {
        MetricPoint counter;
        counter.name = "akashi.http.requests";
        counter.description = "not written";
        counter.unit = "1";
        counter.type = MetricType::counter;
        counter.value = 42;
        counter.attributes = {{"route", std::string("/v1/trace")}, {"status", std::int64_t(200)}};

        MetricPoint gauge;
        gauge.name = "akashi.buffer.depth";
        gauge.unit = "{event}";
        gauge.type = MetricType::gauge;
        gauge.value = 3.5;

        MetricPoint histogram;
        histogram.name = "http.server.request.duration";
        histogram.unit = "s";
        histogram.type = MetricType::histogram;
        histogram.value = 1.25;
        histogram.count = 10;
        histogram.bucketBounds = {0.005, 0.01, 0.1};
        histogram.bucketCounts = {1, 2, 3, 4};
        histogram.attributes = {{"http.request.method", std::string("GET")}};

        MetricPoint unbounded = histogram;
        unbounded.name = "akashi.flush.size";
        unbounded.unit = "{event}";
        unbounded.value = 7;
        unbounded.count = 5;
        unbounded.bucketBounds = {};
        unbounded.bucketCounts = {5};
        unbounded.attributes = {};

        Instance exporter("exporter", "log");
        const Status status = exporter->exportMetrics({counter, gauge, histogram, unbounded});
        CPPUNIT_ASSERT_MESSAGE(status.message, status.isOk());

        const std::vector<LogFields> expected = {
            {{"name", "akashi.http.requests"}, {"type", "counter"}, {"unit", "1"}, {"value", "42"},
             {"attr.route", "/v1/trace"}, {"attr.status", "200"}},
            {{"name", "akashi.buffer.depth"}, {"type", "gauge"}, {"unit", "{event}"}, {"value", "3.5"}},
            {{"name", "http.server.request.duration"}, {"type", "histogram"}, {"unit", "s"}, {"count", "10"},
             {"sum", "1.25"}, {"buckets", "0.005:1,0.01:2,0.1:3,+Inf:4"}, {"attr.http.request.method", "GET"}},
            {{"name", "akashi.flush.size"}, {"type", "histogram"}, {"unit", "{event}"}, {"count", "5"}, {"sum", "7"},
             {"buckets", "+Inf:5"}},
        };
        const auto lines = exporter.logger().lines();
        CPPUNIT_ASSERT_EQUAL(expected.size(), lines.size());
        for (std::size_t i = 0; i < expected.size(); ++i)
        {
            CPPUNIT_ASSERT(lines[i].level == LogLevel::info);
            CPPUNIT_ASSERT_EQUAL(std::string("metric"), lines[i].message);
            CPPUNIT_ASSERT_MESSAGE("line " + std::to_string(i), expected[i] == lines[i].fields);
        }
    }

    void testMalformedHistogramIsReportedAndOthersLogged()
    {
        MetricPoint bad;
        bad.name = "bad.histogram";
        bad.type = MetricType::histogram;
        bad.bucketBounds = {1.0, 2.0};
        bad.bucketCounts = {1, 2};
        MetricPoint worse = bad;
        worse.name = "worse.histogram";
        worse.bucketCounts = {};
        MetricPoint gauge;
        gauge.name = "good.gauge";
        gauge.type = MetricType::gauge;
        gauge.value = 1;

        Instance exporter("exporter", "log");
        const Status status = exporter->exportMetrics({bad, gauge, worse});
        CPPUNIT_ASSERT(status.code == StatusCode::invalidArgument);
        CPPUNIT_ASSERT_EQUAL(std::string("histogram \"bad.histogram\" has 2 bucket bounds and 2 bucket counts; it needs "
                                         "one count more than bounds"),
                             status.message);
        const auto lines = exporter.logger().lines();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), lines.size());
        CPPUNIT_ASSERT_EQUAL(std::string("good.gauge"), *lines[0].field("name"));
    }

    void testEmptyBatchesLogNothing()
    {
        Instance exporter("exporter", "log");
        CPPUNIT_ASSERT(exporter->exportSpans({}).isOk());
        CPPUNIT_ASSERT(exporter->exportMetrics({}).isOk());
        CPPUNIT_ASSERT(exporter.logger().lines().empty());
    }

    void testFlushHasNothingToDo()
    {
        Instance exporter("exporter", "log");
        for (const auto timeout : {std::chrono::milliseconds(0), std::chrono::milliseconds(5000)})
            CPPUNIT_ASSERT(exporter->flush(timeout).isOk());
        CPPUNIT_ASSERT(exporter.logger().lines().empty());
    }

    void testScrapeIsUnsupported()
    {
        Instance exporter("exporter", "log");
        std::string contentType = "untouched", body = "untouched";
        const Status status = exporter->scrape(contentType, body);
        CPPUNIT_ASSERT(status.code == StatusCode::unsupported);
        CPPUNIT_ASSERT_EQUAL(std::string("the log exporter is push-only and does not support scrape"), status.message);
        CPPUNIT_ASSERT_EQUAL(std::string("untouched"), contentType);
        CPPUNIT_ASSERT_EQUAL(std::string("untouched"), body);
    }

    void testBadContextFailsCreate()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("unknown configuration key \"level\""),
                             Instance::createError("exporter", "log", {{"level", "debug"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("the plugin context has no logger"),
                             Instance::createError("exporter", "log", {}, false));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(LogExporterTest);
} // namespace akashi::plugins::exporter::log
