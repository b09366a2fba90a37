#include "plugins/PluginInstance.h"
#include "support/Promtool.h"

#include <akashi/telemetry/Exporter.h>

#include <cppunit/extensions/HelperMacros.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace akashi::plugins::exporter::prometheus
{
using akashi::plugin::StatusCode;
using akashi::telemetry::Attributes;
using akashi::telemetry::Exporter;
using akashi::telemetry::MetricPoint;
using akashi::telemetry::MetricType;

/// exporter-prometheus.so through its descriptor: what scrape renders for given points, compared line by
/// line, and checked by promtool.
class PrometheusExporterTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PrometheusExporterTest);
    CPPUNIT_TEST(testCounterGetsTotalSuffixAndLabels);
    CPPUNIT_TEST(testMillisecondHistogramIsCumulativeInSeconds);
    CPPUNIT_TEST(testGaugesUnitsAndNames);
    CPPUNIT_TEST(testEscaping);
    CPPUNIT_TEST(testCollidingLabelsAreJoined);
    CPPUNIT_TEST(testMalformedPointsAreLeftOutAndLoggedOnce);
    CPPUNIT_TEST(testScrapeRendersTheLastExport);
    CPPUNIT_TEST(testTakesNoSpansAndRejectsConfiguration);
    CPPUNIT_TEST(testPromtoolAcceptsAServerLikeSnapshot);
    CPPUNIT_TEST(testPromtoolCatchesWhatItShould);
    CPPUNIT_TEST_SUITE_END();

    using Instance = PluginInstance<Exporter>;

    static MetricPoint point(const std::string& name, MetricType type, const std::string& unit, double value,
                             Attributes attributes = {}, const std::string& description = "Some metric")
    {
        MetricPoint p;
        p.name = name;
        p.type = type;
        p.unit = unit;
        p.value = value;
        p.attributes = std::move(attributes);
        p.description = description;
        return p;
    }

    static MetricPoint histogram(const std::string& name, const std::string& unit, std::vector<double> bounds,
                                 std::vector<std::uint64_t> counts, double sum, Attributes attributes = {})
    {
        MetricPoint p = point(name, MetricType::histogram, unit, sum, std::move(attributes));
        p.bucketBounds = std::move(bounds);
        std::uint64_t total = 0;
        for (const auto c : counts)
            total += c;
        p.count = total;
        p.bucketCounts = std::move(counts);
        return p;
    }

    static std::string scrape(Instance& exporter, const std::vector<MetricPoint>& points)
    {
        CPPUNIT_ASSERT(exporter->exportMetrics(points).isOk());
        std::string contentType;
        std::string body;
        const auto status = exporter->scrape(contentType, body);
        CPPUNIT_ASSERT_MESSAGE(status.message, status.isOk());
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain; version=0.0.4; charset=utf-8"), contentType);
        return body;
    }

    static std::string render(const std::vector<MetricPoint>& points)
    {
        Instance exporter("exporter", "prometheus");
        return scrape(exporter, points);
    }

    static void assertPromtoolClean(const std::string& text)
    {
        const auto result = test::Promtool::checkMetrics(text);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.output + "\n---\n" + text, 0, result.exitCode);
    }

public:
    void testCounterGetsTotalSuffixAndLabels()
    {
        const std::string text = render({point("http.server.request_count", MetricType::counter, "1", 3,
                                               {{"http.method", std::string("GET")},
                                                {"http.route", std::string("/v1/runs/{run_id}")},
                                                {"http.status_code", std::int64_t(200)}},
                                               "HTTP requests served")});
        CPPUNIT_ASSERT_EQUAL(std::string("# HELP http_server_request_count_total HTTP requests served\n"
                                         "# TYPE http_server_request_count_total counter\n"
                                         "http_server_request_count_total{http_method=\"GET\",http_route=\"/v1/runs/"
                                         "{run_id}\",http_status_code=\"200\"} 3\n"),
                             text);
        assertPromtoolClean(text);
        // A name that already ends in _total is not given a second one.
        CPPUNIT_ASSERT(render({point("akashi.buffer.dropped_total", MetricType::counter, "1", 1)})
                           .find("\nakashi_buffer_dropped_total 1\n") != std::string::npos);
    }

    void testMillisecondHistogramIsCumulativeInSeconds()
    {
        const std::string text = render({histogram("http.server.duration", "ms", {5, 25, 1000}, {1, 2, 0, 1}, 1523.5,
                                                   {{"http.route", std::string("/health")}})});
        CPPUNIT_ASSERT_EQUAL(std::string("# HELP http_server_duration_seconds Some metric\n"
                                         "# TYPE http_server_duration_seconds histogram\n"
                                         "http_server_duration_seconds_bucket{http_route=\"/health\",le=\"0.005\"} 1\n"
                                         "http_server_duration_seconds_bucket{http_route=\"/health\",le=\"0.025\"} 3\n"
                                         "http_server_duration_seconds_bucket{http_route=\"/health\",le=\"1\"} 3\n"
                                         "http_server_duration_seconds_bucket{http_route=\"/health\",le=\"+Inf\"} 4\n"
                                         "http_server_duration_seconds_sum{http_route=\"/health\"} 1.5235\n"
                                         "http_server_duration_seconds_count{http_route=\"/health\"} 4\n"),
                             text);
        assertPromtoolClean(text);
        // Without attributes the buckets carry le alone.
        CPPUNIT_ASSERT(render({histogram("akashi.search.duration", "ms", {1}, {0, 0}, 0)})
                           .find("akashi_search_duration_seconds_bucket{le=\"+Inf\"} 0\n") != std::string::npos);
    }

    void testGaugesUnitsAndNames()
    {
        const std::string text =
            render({point("akashi.buffer.depth", MetricType::gauge, "1", 12),
                    point("akashi.broker.subscribers", MetricType::gauge, "{connection}", 2),
                    point("akashi.wal.pending_bytes", MetricType::gauge, "By", 4096),
                    point("akashi.consistency.lag", MetricType::gauge, "s", 0.25),
                    point("9lives-and.counting", MetricType::gauge, "1", std::numeric_limits<double>::infinity()),
                    point("akashi.odd", MetricType::gauge, "1", std::nan("")),
                    point("akashi.pool.connections.total", MetricType::gauge, "{connection}", 4)});
        CPPUNIT_ASSERT(text.find("\nakashi_buffer_depth 12\n") != std::string::npos);
        CPPUNIT_ASSERT(text.find("\nakashi_broker_subscribers 2\n") != std::string::npos);
        CPPUNIT_ASSERT(text.find("\nakashi_wal_pending_bytes 4096\n") != std::string::npos); // not _bytes_bytes
        CPPUNIT_ASSERT(text.find("\nakashi_consistency_lag_seconds 0.25\n") != std::string::npos);
        CPPUNIT_ASSERT(text.find("\n_9lives_and_counting +Inf\n") != std::string::npos);
        CPPUNIT_ASSERT(text.find("\nakashi_odd NaN\n") != std::string::npos);
        CPPUNIT_ASSERT(text.find("# TYPE akashi_buffer_depth gauge\n") != std::string::npos);
        // "_total" is for counters: a gauge named so loses it.
        CPPUNIT_ASSERT(text.find("# TYPE akashi_pool_connections gauge\nakashi_pool_connections 4\n") != std::string::npos);
        assertPromtoolClean(text);
    }

    void testEscaping()
    {
        const std::string text = render({point("akashi.x", MetricType::gauge, "1", 1,
                                               {{"akashi.agent_id", std::string("a\\b\"c\nd")}}, "line one\nback\\slash")});
        CPPUNIT_ASSERT_EQUAL(std::string("# HELP akashi_x line one\\nback\\\\slash\n"
                                         "# TYPE akashi_x gauge\n"
                                         "akashi_x{akashi_agent_id=\"a\\\\b\\\"c\\nd\"} 1\n"),
                             text);
        assertPromtoolClean(text);
        // No description: the metric's own name is the help text (promtool wants one).
        CPPUNIT_ASSERT(render({point("akashi.y", MetricType::gauge, "1", 1, {}, "")}).find("# HELP akashi_y akashi.y\n") == 0);
    }

    void testCollidingLabelsAreJoined()
    {
        const std::string text = render({point("akashi.z", MetricType::gauge, "1", 1,
                                               {{"a.b", std::string("1")}, {"a_b", std::string("2")}, {"ok", true}})});
        CPPUNIT_ASSERT(text.find("akashi_z{a_b=\"1;2\",ok=\"true\"} 1\n") != std::string::npos);
        assertPromtoolClean(text);
    }

    void testMalformedPointsAreLeftOutAndLoggedOnce()
    {
        Instance exporter("exporter", "prometheus");
        MetricPoint broken = histogram("akashi.h", "ms", {1, 2}, {1, 1, 1}, 3);
        broken.bucketCounts.pop_back();
        const std::vector<MetricPoint> points{broken, point("akashi.ok", MetricType::gauge, "1", 5),
                                              point("akashi.ok", MetricType::counter, "1", 5)};
        const std::string text = scrape(exporter, points);
        CPPUNIT_ASSERT(text.find("akashi_h") == std::string::npos);
        CPPUNIT_ASSERT(text.find("\nakashi_ok 5\n") != std::string::npos);
        CPPUNIT_ASSERT(text.find("akashi_ok_total") != std::string::npos); // a counter of the same name is its own family
        scrape(exporter, points);
        const auto lines = exporter.logger().linesWithMessage("prometheus: metric left out of the scrape");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), lines.size());
        CPPUNIT_ASSERT_EQUAL(std::string("histogram \"akashi.h\" has 2 bucket bounds and 2 bucket counts; it needs one "
                                         "count more than bounds"),
                             lines[0].field("reason").value_or(""));

        MetricPoint miscounted = histogram("akashi.m", "ms", {1}, {1, 1}, 3);
        miscounted.count = 5;
        CPPUNIT_ASSERT(render({miscounted}).empty());
        // Two names that sanitise alike with the same labels would repeat a series: the second is left out.
        CPPUNIT_ASSERT_EQUAL(std::string("# HELP a_b Some metric\n# TYPE a_b gauge\na_b 1\n"),
                             render({point("a.b", MetricType::gauge, "1", 1), point("a_b", MetricType::gauge, "1", 2)}));
    }

    void testScrapeRendersTheLastExport()
    {
        Instance exporter("exporter", "prometheus");
        std::string contentType;
        std::string body = "stale";
        CPPUNIT_ASSERT(exporter->scrape(contentType, body).isOk());
        CPPUNIT_ASSERT(body.empty()); // nothing exported yet
        scrape(exporter, {point("akashi.a", MetricType::gauge, "1", 1)});
        const std::string second = scrape(exporter, {point("akashi.a", MetricType::gauge, "1", 2)});
        CPPUNIT_ASSERT(second.find("akashi_a 2\n") != std::string::npos);
        CPPUNIT_ASSERT(second.find("akashi_a 1\n") == std::string::npos);
        CPPUNIT_ASSERT(exporter->flush(std::chrono::milliseconds(0)).isOk());
    }

    void testTakesNoSpansAndRejectsConfiguration()
    {
        Instance exporter("exporter", "prometheus");
        const auto status = exporter->exportSpans({});
        CPPUNIT_ASSERT(status.code == StatusCode::unsupported);
        CPPUNIT_ASSERT_EQUAL(std::string("the prometheus exporter takes no spans"), status.message);
        CPPUNIT_ASSERT_EQUAL(std::string("unknown configuration key \"port\""),
                             Instance::createError("exporter", "prometheus", {{"port", "9464"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("the plugin context has no logger"),
                             Instance::createError("exporter", "prometheus", {}, false));
    }

    void testPromtoolAcceptsAServerLikeSnapshot()
    {
        std::vector<MetricPoint> points;
        for (const char* route : {"/health", "/v1/trace", "/v1/runs/{run_id}"})
            for (const std::int64_t status : {200, 404, 503})
            {
                const Attributes a{{"http.method", std::string("GET")},
                                   {"http.route", std::string(route)},
                                   {"http.status_code", status},
                                   {"akashi.agent_id", std::string("admin")}};
                points.push_back(point("http.server.request_count", MetricType::counter, "1", 2, a, "HTTP requests served"));
                points.push_back(histogram("http.server.duration", "ms", {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000},
                                           {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 12001.5, a));
            }
        points.push_back(point("akashi.buffer.depth", MetricType::gauge, "1", 0, {}, "Events buffered"));
        points.push_back(point("akashi.buffer.dropped_total", MetricType::counter, "1", 0, {}, "Rejected"));
        points.push_back(point("akashi.pool.connections.total", MetricType::gauge, "{connection}", 4));
        points.push_back(point("akashi.broker.dropped_events", MetricType::counter, "{event}", 0));
        points.push_back(histogram("akashi.embedding.duration", "ms", {1, 10}, {1, 0, 0}, 0.5,
                                   {{"provider_model", std::string("text-embedding-3-small")}}));
        assertPromtoolClean(render(points));
    }

    void testPromtoolCatchesWhatItShould()
    {
        // The check above could pass vacuously; promtool must fail on what it lints.
        CPPUNIT_ASSERT(test::Promtool::checkMetrics("# HELP x_milliseconds h\n# TYPE x_milliseconds gauge\nx_milliseconds 1\n")
                           .exitCode != 0);
        CPPUNIT_ASSERT(test::Promtool::checkMetrics("not a metric line {\n").exitCode != 0);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PrometheusExporterTest);
} // namespace akashi::plugins::exporter::prometheus
