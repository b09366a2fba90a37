#include "plugins/PluginInstance.h"
#include "support/OtlpReceiver.h"

#include <akashi/telemetry/Exporter.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <string>
#include <vector>

namespace akashi::plugins::exporter::otlp
{
using akashi::plugin::StatusCode;
using akashi::telemetry::Exporter;
using akashi::telemetry::MetricPoint;
using akashi::telemetry::MetricType;
using akashi::telemetry::Span;
using test::OtlpReceiver;

/// exporter-otlp.so through its descriptor against OtlpReceiver, a collector stand-in on 127.0.0.1 that
/// decodes the JSON with Poco::JSON.
class OtlpExporterTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(OtlpExporterTest);
    CPPUNIT_TEST(testSpansAreOtlpJson);
    CPPUNIT_TEST(testHeadersAreSentDecoded);
    CPPUNIT_TEST(testMetricsAreOtlpJson);
    CPPUNIT_TEST(testRetriesOn503ThenSucceeds);
    CPPUNIT_TEST(testRetryAfterIsHonoured);
    CPPUNIT_TEST(testNoRetryOn400AndOutageLoggedOnce);
    CPPUNIT_TEST(testRetriesEndAfterMaxRetries);
    CPPUNIT_TEST(testUnreachableCollectorIsRetriedThenDropped);
    CPPUNIT_TEST(testEndpointWithoutSchemeUsesInsecure);
    CPPUNIT_TEST(testFlushTimesOutOnASlowCollector);
    CPPUNIT_TEST(testBadConfigurationFailsCreate);
    CPPUNIT_TEST(testScrapeIsUnsupported);
    CPPUNIT_TEST_SUITE_END();

    using Instance = PluginInstance<Exporter>;

    static std::map<std::string, std::string> config(const OtlpReceiver& receiver,
                                                     std::map<std::string, std::string> extra = {})
    {
        std::map<std::string, std::string> c{{"endpoint", receiver.url()}, {"retry_base_ms", "10"}, {"timeout_ms", "5000"}};
        for (auto& [k, v] : extra)
            c[k] = v;
        return c;
    }

    static Span span()
    {
        Span s;
        s.traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        s.spanId = "00f067aa0ba902b7";
        s.parentSpanId = "b7ad6b7169203331";
        s.name = "POST /v1/trace";
        s.startUnixNanos = 1700000000123456789ULL;
        s.endUnixNanos = 1700000000223456789ULL;
        s.error = true;
        s.attributes = {{"http.method", std::string("POST")},
                        {"http.status_code", std::int64_t(503)},
                        {"ratio", 0.5},
                        {"sampled", true},
                        {"http.url", std::string("/v1/trace \xff")}};
        return s;
    }

    static MetricPoint metric(const std::string& name, MetricType type, double value)
    {
        MetricPoint p;
        p.name = name;
        p.description = "about " + name;
        p.unit = type == MetricType::histogram ? "ms" : "1";
        p.type = type;
        p.value = value;
        p.startUnixNanos = 1700000000000000000ULL;
        p.timeUnixNanos = 1700000015000000000ULL;
        return p;
    }

    static void flushed(Instance& exporter)
    {
        const auto status = exporter->flush(std::chrono::seconds(20));
        CPPUNIT_ASSERT_MESSAGE(status.message, status.isOk());
    }

public:
    void testSpansAreOtlpJson()
    {
        OtlpReceiver receiver;
        Instance exporter("exporter", "otlp", config(receiver, {{"service_name", "akashi-test"}}));
        CPPUNIT_ASSERT(exporter->exportSpans({span()}).isOk());
        CPPUNIT_ASSERT(exporter->exportSpans({}).isOk()); // nothing to send: no request
        flushed(exporter);
        const auto requests = receiver.requests();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), requests.size());
        CPPUNIT_ASSERT_EQUAL(std::string("/v1/traces"), requests[0].path);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), requests[0].headers.at("content-type"));
        const auto spans = receiver.spans();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), spans.size());
        const auto& s = spans[0];
        CPPUNIT_ASSERT_EQUAL(std::string("akashi-test"), s.serviceName);
        CPPUNIT_ASSERT_EQUAL(std::string("akashi"), s.scopeName);
        CPPUNIT_ASSERT_EQUAL(std::string("4bf92f3577b34da6a3ce929d0e0e4736"), s.traceId);
        CPPUNIT_ASSERT_EQUAL(std::string("00f067aa0ba902b7"), s.spanId);
        CPPUNIT_ASSERT_EQUAL(std::string("b7ad6b7169203331"), s.parentSpanId);
        CPPUNIT_ASSERT_EQUAL(std::string("POST /v1/trace"), s.name);
        CPPUNIT_ASSERT_EQUAL(2, s.kind);       // SPAN_KIND_SERVER
        CPPUNIT_ASSERT_EQUAL(2, s.statusCode); // STATUS_CODE_ERROR
        CPPUNIT_ASSERT_EQUAL(std::string("1700000000123456789"), s.startTimeUnixNano);
        CPPUNIT_ASSERT_EQUAL(std::string("1700000000223456789"), s.endTimeUnixNano);
        CPPUNIT_ASSERT_EQUAL(std::string("POST"), s.attributes.at("http.method"));
        CPPUNIT_ASSERT_EQUAL(std::string("stringValue"), s.attributeTypes.at("http.method"));
        CPPUNIT_ASSERT_EQUAL(std::string("503"), s.attributes.at("http.status_code"));
        CPPUNIT_ASSERT_EQUAL(std::string("intValue"), s.attributeTypes.at("http.status_code"));
        CPPUNIT_ASSERT_EQUAL(std::string("0.5"), s.attributes.at("ratio"));
        CPPUNIT_ASSERT_EQUAL(std::string("doubleValue"), s.attributeTypes.at("ratio"));
        CPPUNIT_ASSERT_EQUAL(std::string("true"), s.attributes.at("sampled"));
        CPPUNIT_ASSERT_EQUAL(std::string("boolValue"), s.attributeTypes.at("sampled"));
        CPPUNIT_ASSERT_EQUAL(std::string("/v1/trace \xef\xbf\xbd"), s.attributes.at("http.url")); // invalid UTF-8 → U+FFFD
        // intValue travels as a JSON string (protobuf JSON mapping of int64).
        CPPUNIT_ASSERT(requests[0].body.find("\"intValue\":\"503\"") != std::string::npos);
        // A root span has no parentSpanId member at all, and an ok span no status.
        Span root = span();
        root.parentSpanId.clear();
        root.error = false;
        CPPUNIT_ASSERT(exporter->exportSpans({root}).isOk());
        flushed(exporter);
        const auto body = receiver.requests().back().body;
        CPPUNIT_ASSERT(body.find("parentSpanId") == std::string::npos);
        CPPUNIT_ASSERT(body.find("\"status\"") == std::string::npos);
    }

    void testHeadersAreSentDecoded()
    {
        OtlpReceiver receiver;
        Instance exporter("exporter", "otlp",
                          config(receiver, {{"headers", " Authorization = Bearer%20s3cr%3Dt ,x-tenant=t1,,"}}));
        CPPUNIT_ASSERT(exporter->exportSpans({span()}).isOk());
        flushed(exporter);
        const auto request = receiver.requests().at(0);
        CPPUNIT_ASSERT_EQUAL(std::string("Bearer s3cr=t"), request.headers.at("authorization"));
        CPPUNIT_ASSERT_EQUAL(std::string("t1"), request.headers.at("x-tenant"));
        for (const auto& line : exporter.logger().lines())
            for (const auto& [key, value] : line.fields)
                CPPUNIT_ASSERT_MESSAGE(line.message, value.find("s3cr") == std::string::npos);
    }

    void testMetricsAreOtlpJson()
    {
        OtlpReceiver receiver;
        Instance exporter("exporter", "otlp", config(receiver));
        MetricPoint counter = metric("http.server.request_count", MetricType::counter, 7);
        counter.attributes = {{"http.route", std::string("/health")}};
        MetricPoint other = counter;
        other.attributes = {{"http.route", std::string("/v1/trace")}};
        other.value = 2;
        MetricPoint gauge = metric("akashi.buffer.depth", MetricType::gauge, 1.5);
        MetricPoint histogram = metric("http.server.duration", MetricType::histogram, 30.5);
        histogram.bucketBounds = {10, 100};
        histogram.bucketCounts = {1, 2, 0};
        histogram.count = 3;
        CPPUNIT_ASSERT(exporter->exportMetrics({counter, other, gauge, histogram}).isOk());
        flushed(exporter);
        const auto requests = receiver.requestsTo("/v1/metrics");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), requests.size());
        const auto root = OtlpReceiver::parse(requests[0].body);
        const auto resource = root->getArray("resourceMetrics")->getObject(0);
        const auto serviceName =
            resource->getObject("resource")->getArray("attributes")->getObject(0)->getObject("value")->getValue<std::string>(
                "stringValue");
        CPPUNIT_ASSERT_EQUAL(std::string("akashi"), serviceName); // the default
        const auto scope = resource->getArray("scopeMetrics")->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("akashi"), scope->getObject("scope")->getValue<std::string>("name"));
        const auto metrics = scope->getArray("metrics");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), metrics->size()); // the two counter points form one metric

        const auto sum = metrics->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("http.server.request_count"), sum->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(std::string("about http.server.request_count"), sum->getValue<std::string>("description"));
        CPPUNIT_ASSERT_EQUAL(std::string("1"), sum->getValue<std::string>("unit"));
        const auto sumBody = sum->getObject("sum");
        CPPUNIT_ASSERT_EQUAL(2, sumBody->getValue<int>("aggregationTemporality"));
        CPPUNIT_ASSERT(sumBody->getValue<bool>("isMonotonic"));
        const auto points = sumBody->getArray("dataPoints");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), points->size());
        CPPUNIT_ASSERT_EQUAL(std::string("7"), points->getObject(0)->getValue<std::string>("asInt"));
        CPPUNIT_ASSERT_EQUAL(std::string("2"), points->getObject(1)->getValue<std::string>("asInt"));
        CPPUNIT_ASSERT_EQUAL(std::string("1700000000000000000"), points->getObject(0)->getValue<std::string>("startTimeUnixNano"));
        CPPUNIT_ASSERT_EQUAL(std::string("1700000015000000000"), points->getObject(0)->getValue<std::string>("timeUnixNano"));
        const auto attribute = points->getObject(1)->getArray("attributes")->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("http.route"), attribute->getValue<std::string>("key"));
        CPPUNIT_ASSERT_EQUAL(std::string("/v1/trace"), attribute->getObject("value")->getValue<std::string>("stringValue"));

        const auto gaugeBody = metrics->getObject(1)->getObject("gauge");
        CPPUNIT_ASSERT_EQUAL(1.5, gaugeBody->getArray("dataPoints")->getObject(0)->getValue<double>("asDouble"));
        CPPUNIT_ASSERT(!gaugeBody->has("aggregationTemporality"));

        const auto histogramBody = metrics->getObject(2)->getObject("histogram");
        CPPUNIT_ASSERT_EQUAL(2, histogramBody->getValue<int>("aggregationTemporality"));
        const auto hp = histogramBody->getArray("dataPoints")->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("3"), hp->getValue<std::string>("count"));
        CPPUNIT_ASSERT_EQUAL(30.5, hp->getValue<double>("sum"));
        const auto counts = hp->getArray("bucketCounts");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), counts->size());
        CPPUNIT_ASSERT_EQUAL(std::string("2"), counts->getElement<std::string>(1));
        const auto bounds = hp->getArray("explicitBounds");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), bounds->size());
        CPPUNIT_ASSERT_EQUAL(100.0, bounds->getElement<double>(1));

        // A malformed histogram is reported; the rest still goes out.
        histogram.bucketCounts.pop_back();
        const auto status = exporter->exportMetrics({gauge, histogram});
        CPPUNIT_ASSERT(status.code == StatusCode::invalidArgument);
        CPPUNIT_ASSERT_EQUAL(std::string("histogram \"http.server.duration\" has 2 bucket bounds and 2 bucket counts; it "
                                         "needs one count more than bounds"),
                             status.message);
        flushed(exporter);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), receiver.requestsTo("/v1/metrics").size());
    }

    void testRetriesOn503ThenSucceeds()
    {
        OtlpReceiver receiver;
        receiver.enqueue({503, {}, {}});
        receiver.enqueue({502, {}, {}});
        Instance exporter("exporter", "otlp", config(receiver));
        CPPUNIT_ASSERT(exporter->exportSpans({span()}).isOk());
        flushed(exporter);
        const auto requests = receiver.requests();
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), requests.size());
        CPPUNIT_ASSERT_EQUAL(requests[0].body, requests[2].body); // the same request, sent again
        CPPUNIT_ASSERT(exporter.logger().linesWithMessage("otlp: export failed").empty());
    }

    void testRetryAfterIsHonoured()
    {
        OtlpReceiver receiver;
        receiver.enqueue({429, {{"Retry-After", "1"}}, {}});
        // retry_base_ms is a minute: only the Retry-After of 1 s lets the retry happen within the flush.
        Instance exporter("exporter", "otlp", config(receiver, {{"retry_base_ms", "60000"}}));
        CPPUNIT_ASSERT(exporter->exportSpans({span()}).isOk());
        flushed(exporter);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), receiver.requests().size());
    }

    void testNoRetryOn400AndOutageLoggedOnce()
    {
        OtlpReceiver receiver;
        receiver.enqueue({400, {}, {}});
        receiver.enqueue({401, {}, {}});
        Instance exporter("exporter", "otlp", config(receiver));
        CPPUNIT_ASSERT(exporter->exportSpans({span()}).isOk());
        CPPUNIT_ASSERT(exporter->exportSpans({span()}).isOk());
        flushed(exporter);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), receiver.requests().size()); // one attempt each
        const auto failed = exporter.logger().linesWithMessage("otlp: export failed");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), failed.size());
        CPPUNIT_ASSERT_EQUAL(std::string("HTTP 400"), failed[0].field("reason").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("traces"), failed[0].field("signal").value_or(""));
        CPPUNIT_ASSERT(exporter->exportSpans({span()}).isOk());
        flushed(exporter);
        const auto recovered = exporter.logger().linesWithMessage("otlp: export recovered");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), recovered.size());
        CPPUNIT_ASSERT_EQUAL(std::string("2"), recovered[0].field("dropped").value_or(""));
    }

    void testRetriesEndAfterMaxRetries()
    {
        OtlpReceiver receiver;
        for (int i = 0; i < 3; ++i)
            receiver.enqueue({504, {}, {}});
        Instance exporter("exporter", "otlp", config(receiver, {{"max_retries", "1"}}));
        CPPUNIT_ASSERT(exporter->exportMetrics({metric("c", MetricType::counter, 1)}).isOk());
        flushed(exporter);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), receiver.requests().size());
        const auto failed = exporter.logger().linesWithMessage("otlp: export failed");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), failed.size());
        CPPUNIT_ASSERT_EQUAL(std::string("HTTP 504 after 2 attempts"), failed[0].field("reason").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("metrics"), failed[0].field("signal").value_or(""));
    }

    void testUnreachableCollectorIsRetriedThenDropped()
    {
        std::uint16_t port = 0;
        {
            Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
            port = socket.address().port();
        } // closed: nothing listens there now
        Instance exporter("exporter", "otlp",
                          {{"endpoint", "http://127.0.0.1:" + std::to_string(port)}, {"max_retries", "2"}, {"retry_base_ms", "5"}});
        CPPUNIT_ASSERT(exporter->exportSpans({span()}).isOk());
        flushed(exporter);
        const auto failed = exporter.logger().linesWithMessage("otlp: export failed");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), failed.size());
        CPPUNIT_ASSERT(failed[0].field("reason").value_or("").find("after 3 attempts") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL("http://127.0.0.1:" + std::to_string(port), failed[0].field("endpoint").value_or(""));
    }

    void testEndpointWithoutSchemeUsesInsecure()
    {
        OtlpReceiver receiver;
        Instance exporter("exporter", "otlp",
                          {{"endpoint", "127.0.0.1:" + std::to_string(receiver.port()) + "/"}, {"insecure", "true"}});
        CPPUNIT_ASSERT(exporter->exportSpans({span()}).isOk());
        flushed(exporter);
        CPPUNIT_ASSERT_EQUAL(std::string("/v1/traces"), receiver.requests().at(0).path); // no doubled slash
        const auto ready = exporter.logger().linesWithMessage("otlp exporter ready");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), ready.size());
        CPPUNIT_ASSERT_EQUAL("http://127.0.0.1:" + std::to_string(receiver.port()), ready[0].field("endpoint").value_or(""));
        // Without insecure the same endpoint means https.
        Instance secure("exporter", "otlp", {{"endpoint", "collector.example:4318"}});
        CPPUNIT_ASSERT_EQUAL(std::string("https://collector.example:4318"),
                             secure.logger().linesWithMessage("otlp exporter ready").at(0).field("endpoint").value_or(""));
    }

    void testFlushTimesOutOnASlowCollector()
    {
        OtlpReceiver receiver;
        receiver.enqueue({200, {}, std::chrono::milliseconds(3000)});
        Instance exporter("exporter", "otlp", config(receiver));
        CPPUNIT_ASSERT(exporter->exportSpans({span()}).isOk());
        const auto status = exporter->flush(std::chrono::milliseconds(50));
        CPPUNIT_ASSERT(status.code == StatusCode::unavailable);
        CPPUNIT_ASSERT_EQUAL(std::string("otlp: requests still waiting for the collector after 50 ms"), status.message);
        flushed(exporter); // and it does get there
    }

    void testBadConfigurationFailsCreate()
    {
        const Instance::ConfigErrorCase cases[] = {
            {"endpoint", "", "endpoint: no OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT)"},
            {"endpoint", "ftp://collector", "endpoint: \"ftp://collector\" must start with http:// or https://"},
        };
        Instance::assertCreateErrors("exporter", "otlp", cases);
        const std::map<std::string, std::string> base{{"endpoint", "http://127.0.0.1:4318"}};
        const auto withKey = [&base](const std::string& key, const std::string& value) {
            auto c = base;
            c[key] = value;
            return Instance::createError("exporter", "otlp", c);
        };
        CPPUNIT_ASSERT_EQUAL(std::string("headers: entry 2 is not name=value"), withKey("headers", "a=1,secretvalue"));
        CPPUNIT_ASSERT_EQUAL(std::string("headers: entry 1 has an invalid header name \"bad name\""),
                             withKey("headers", "bad name=secret"));
        CPPUNIT_ASSERT_EQUAL(std::string("headers: the value of \"a\" is not valid percent-encoding"),
                             withKey("headers", "a=secret%zz"));
        CPPUNIT_ASSERT_EQUAL(std::string("headers: the value of \"a\" decodes to a line break or NUL"),
                             withKey("headers", "a=x%0d%0aInjected: 1"));
        CPPUNIT_ASSERT_EQUAL(std::string("insecure: \"maybe\" is not a boolean (true or false)"), withKey("insecure", "maybe"));
        CPPUNIT_ASSERT_EQUAL(std::string("timeout_ms: 0 is not between 1 and 600000"), withKey("timeout_ms", "0"));
        CPPUNIT_ASSERT_EQUAL(std::string("max_retries: 21 is not between 0 and 20"), withKey("max_retries", "21"));
        CPPUNIT_ASSERT_EQUAL(std::string("service_name: must not be empty"), withKey("service_name", ""));
        CPPUNIT_ASSERT_EQUAL(std::string("unknown configuration key \"protocol\""), withKey("protocol", "grpc"));
        CPPUNIT_ASSERT_EQUAL(std::string("endpoint: credentials in the URL are not supported"),
                             withKey("endpoint", "http://user:pw@collector:4318"));
    }

    void testScrapeIsUnsupported()
    {
        OtlpReceiver receiver;
        Instance exporter("exporter", "otlp", config(receiver));
        std::string contentType;
        std::string body;
        CPPUNIT_ASSERT(exporter->scrape(contentType, body).code == StatusCode::unsupported);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OtlpExporterTest);
} // namespace akashi::plugins::exporter::otlp
