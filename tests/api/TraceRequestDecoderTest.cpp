#include "api/TraceRequestDecoder.h"
#include "http/RequestBody.h"
#include "support/ExpectException.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

namespace akashi::api
{
/// Every limit and type rule of the trace body, each with its exact message.
class TraceRequestDecoderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TraceRequestDecoderTest);
    CPPUNIT_TEST(testDecodesFullRequest);
    CPPUNIT_TEST(testMinimalRequestAndNulls);
    CPPUNIT_TEST(testRejectsInvalidBodies);
    CPPUNIT_TEST(testSourceUriPolicy);
    CPPUNIT_TEST(testHeaders);
    CPPUNIT_TEST_SUITE_END();

    using Headers = TraceRequestDecoder::Headers;

    static services::TraceRequest decode(const std::string& json, const Headers& headers = {})
    {
        return TraceRequestDecoder::decode(http::RequestBody::parseJsonObject(json), headers);
    }

    /// A valid body with `top` added to the top level and `decision` to the decision object.
    static std::string body(const std::string& top = {}, const std::string& decision = {})
    {
        return R"({"agent_id":"alice")" + top + R"(,"decision":{"decision_type":"t","outcome":"o","confidence":0.5)" +
               decision + "}}";
    }

    static std::string text(std::size_t bytes) { return "\"" + std::string(bytes, 'x') + "\""; }

    static std::string items(std::size_t count, const std::string& item)
    {
        std::string out = "[";
        for (std::size_t i = 0; i < count; ++i)
            out += (i ? "," : "") + item;
        return out + "]";
    }

    static std::string bigObject(std::size_t bytes) { return R"({"k":)" + text(bytes) + "}"; }

    static std::string failure(const std::string& json, const Headers& headers = {})
    {
        auto e = test::expectException([&] { decode(json, headers); });
        CPPUNIT_ASSERT_EQUAL_MESSAGE(json.substr(0, 200), ErrorCode::invalidInput, e.errorCode());
        return e.message();
    }

public:
    void testDecodesFullRequest()
    {
        const auto request = decode(
            R"({"agent_id":"alice","trace_id":"tr-1","metadata":{"ticket":"A-1"},)"
            R"("precedent_ref":"AAAAAAAA-0000-4000-8000-000000000001","precedent_reason":"same case",)"
            R"("supersedes_id":"bbbbbbbb-0000-4000-8000-000000000002","context":{"repo":"x"},)"
            R"("decision":{"decision_type":"Architecture","outcome":"use redis","confidence":0.85,"reasoning":"fast",)"
            R"("alternatives":[{"label":"redis"},{"label":"memcached","rejection_reason":"no persistence","metadata":{"a":1}}],)"
            R"("evidence":[{"source_type":"document","source_uri":"https://redis.io/docs","content":"RESP3","relevance_score":0.9,"metadata":{"b":2}},)"
            R"({"source_type":"agent_output","content":"p99 2ms"}]}})");
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), request.agentId);
        CPPUNIT_ASSERT_EQUAL(std::string("tr-1"), *request.traceId);
        CPPUNIT_ASSERT_EQUAL(std::string("architecture"), request.decisionType);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"original_decision_type":"Architecture","ticket":"A-1"})"), request.metadata);
        CPPUNIT_ASSERT_EQUAL(std::string("use redis"), request.outcome);
        CPPUNIT_ASSERT_EQUAL(0.85f, request.confidence);
        CPPUNIT_ASSERT_EQUAL(std::string("fast"), *request.reasoning);
        CPPUNIT_ASSERT_EQUAL(std::string("aaaaaaaa-0000-4000-8000-000000000001"), *request.precedentRef);
        CPPUNIT_ASSERT_EQUAL(std::string("same case"), *request.precedentReason);
        CPPUNIT_ASSERT_EQUAL(std::string("bbbbbbbb-0000-4000-8000-000000000002"), *request.supersedesId);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"repo":"x"})"), *request.context);
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, request.alternatives.size());
        CPPUNIT_ASSERT_EQUAL(std::string("redis"), request.alternatives[0].label);
        CPPUNIT_ASSERT(!request.alternatives[0].rejectionReason);
        CPPUNIT_ASSERT_EQUAL(std::string("{}"), request.alternatives[0].metadata);
        CPPUNIT_ASSERT_EQUAL(std::string("no persistence"), *request.alternatives[1].rejectionReason);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"a":1})"), request.alternatives[1].metadata);
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, request.evidence.size());
        CPPUNIT_ASSERT_EQUAL(std::string("document"), request.evidence[0].sourceType);
        CPPUNIT_ASSERT_EQUAL(std::string("https://redis.io/docs"), *request.evidence[0].sourceUri);
        CPPUNIT_ASSERT_EQUAL(0.9f, *request.evidence[0].relevanceScore);
        CPPUNIT_ASSERT(!request.evidence[1].sourceUri && !request.evidence[1].relevanceScore);
        CPPUNIT_ASSERT_EQUAL(5, request.eventCount());
    }

    void testMinimalRequestAndNulls()
    {
        const auto request = decode(R"({"agent_id":"a.b@c-d_e","trace_id":null,"metadata":null,"decision":)"
                                    R"({"decision_type":"plain","outcome":"o","confidence":0,"reasoning":null,)"
                                    R"("alternatives":null,"evidence":[]}})");
        CPPUNIT_ASSERT_EQUAL(std::string("plain"), request.decisionType);
        CPPUNIT_ASSERT_EQUAL(std::string("{}"), request.metadata);
        CPPUNIT_ASSERT(!request.traceId && !request.reasoning && !request.context && !request.supersedesId);
        CPPUNIT_ASSERT_EQUAL(0.0f, request.confidence);
        CPPUNIT_ASSERT_EQUAL(1, request.eventCount());
        // Limits are inclusive.
        decode(body(R"(,"precedent_ref":"aaaaaaaa-0000-4000-8000-000000000001","precedent_reason":)" + text(4096),
                    R"(,"reasoning":)" + text(65536)));
        decode(R"({"agent_id":"alice","decision":{"decision_type":)" + text(200) + R"(,"outcome":)" + text(32768) +
               R"(,"confidence":1,"alternatives":)" + items(20, R"({"label":)" + text(500) + R"(,"rejection_reason":)" + text(8192) + "}") +
               R"(,"evidence":)" + items(20, R"({"source_type":"a_1","content":)" + text(32768) + "}") + "}}");
    }

    void testRejectsInvalidBodies()
    {
        struct Case
        {
            std::string json;
            std::string message;
        };
        const std::string p = "invalid request body: field ";
        const std::vector<Case> cases{
            {R"({"decision":{"decision_type":"t","outcome":"o","confidence":0.5}})", p + "\"agent_id\" is required"},
            {R"({"agent_id":"a b","decision":{}})",
             p + "\"agent_id\" must be 1-255 characters of letters, digits, '.', '_', '@' or '-'"},
            {R"({"agent_id":7,"decision":{}})", p + "\"agent_id\" must be a string"},
            {body(R"(,"foo":1)"), "invalid request body: unknown field \"foo\""},
            {R"({"agent_id":"alice"})", p + "\"decision\" is required"},
            {R"({"agent_id":"alice","decision":[1]})", p + "\"decision\" must be an object"},
            {R"({"agent_id":"alice","decision":{"outcome":"o","confidence":0.5}})", p + "\"decision.decision_type\" is required"},
            {R"({"agent_id":"alice","decision":{"decision_type":"","outcome":"o","confidence":0.5}})",
             p + "\"decision.decision_type\" must not be empty"},
            {R"({"agent_id":"alice","decision":{"decision_type":)" + text(201) + R"(,"outcome":"o","confidence":0.5}})",
             p + "\"decision.decision_type\" must be at most 200 bytes"},
            {R"({"agent_id":"alice","decision":{"decision_type":"t","confidence":0.5}})", p + "\"decision.outcome\" is required"},
            {R"({"agent_id":"alice","decision":{"decision_type":"t","outcome":)" + text(32769) + R"(,"confidence":0.5}})",
             p + "\"decision.outcome\" must be at most 32768 bytes"},
            {R"({"agent_id":"alice","decision":{"decision_type":"t","outcome":"o"}})", p + "\"decision.confidence\" is required"},
            {R"({"agent_id":"alice","decision":{"decision_type":"t","outcome":"o","confidence":1.5}})",
             p + "\"decision.confidence\" must be between 0 and 1"},
            {R"({"agent_id":"alice","decision":{"decision_type":"t","outcome":"o","confidence":-0.1}})",
             p + "\"decision.confidence\" must be between 0 and 1"},
            {R"({"agent_id":"alice","decision":{"decision_type":"t","outcome":"o","confidence":"high"}})",
             p + "\"decision.confidence\" must be a number"},
            {body("", R"(,"reasoning":)" + text(65537)), p + "\"decision.reasoning\" must be at most 65536 bytes"},
            {body("", R"(,"outcome_score":1)"), "invalid request body: unknown field \"decision.outcome_score\""},
            {body("", R"(,"outcome":"o\u0000x")"), p + "\"decision.outcome\" must not contain NUL characters"},
            {body("", R"(,"alternatives":{})"), p + "\"decision.alternatives\" must be an array of objects"},
            {body("", R"(,"alternatives":)" + items(21, R"({"label":"x"})")),
             p + "\"decision.alternatives\" must have at most 20 items"},
            {body("", R"(,"alternatives":["x"])"), p + "\"decision.alternatives[0]\" must be an object"},
            {body("", R"(,"alternatives":[{"label":"a"},{}])"), p + "\"decision.alternatives[1].label\" is required"},
            {body("", R"(,"alternatives":[{"label":)" + text(501) + "}]"),
             p + "\"decision.alternatives[0].label\" must be at most 500 bytes"},
            {body("", R"(,"alternatives":[{"label":"a","rejection_reason":)" + text(8193) + "}]"),
             p + "\"decision.alternatives[0].rejection_reason\" must be at most 8192 bytes"},
            {body("", R"(,"alternatives":[{"label":"a"},{"label":"b","score":0.4}])"),
             "invalid request body: unknown field \"decision.alternatives[1].score\""},
            {body("", R"(,"alternatives":[{"label":"a","selected":true}])"),
             "invalid request body: unknown field \"decision.alternatives[0].selected\""},
            {body("", R"(,"alternatives":[{"label":"a","metadata":"x"}])"),
             p + "\"decision.alternatives[0].metadata\" must be an object"},
            {body("", R"(,"evidence":)" + items(21, R"({"source_type":"a","content":"c"})")),
             p + "\"decision.evidence\" must have at most 20 items"},
            {body("", R"(,"evidence":[{"content":"c"}])"), p + "\"decision.evidence[0].source_type\" is required"},
            {body("", R"(,"evidence":[{"source_type":"Document","content":"c"}])"),
             p + "\"decision.evidence[0].source_type\" must match ^[a-z][a-z0-9_]*$"},
            {body("", R"(,"evidence":[{"source_type":"1doc","content":"c"}])"),
             p + "\"decision.evidence[0].source_type\" must match ^[a-z][a-z0-9_]*$"},
            {body("", R"(,"evidence":[{"source_type":"doc"}])"), p + "\"decision.evidence[0].content\" is required"},
            {body("", R"(,"evidence":[{"source_type":"doc","content":)" + text(32769) + "}]"),
             p + "\"decision.evidence[0].content\" must be at most 32768 bytes"},
            {body("", R"(,"evidence":[{"source_type":"doc","content":"c","relevance_score":2}])"),
             p + "\"decision.evidence[0].relevance_score\" must be between 0 and 1"},
            {body("", R"(,"evidence":[{"source_type":"doc","content":"c","metrics":{}}])"),
             "invalid request body: unknown field \"decision.evidence[0].metrics\""},
            {body(R"(,"metadata":)" + bigObject(16384)), p + "\"metadata\" must be at most 16384 bytes of JSON"},
            {body(R"(,"metadata":{"k":"a\u0000"})"), p + "\"metadata\" must not contain NUL characters"},
            {body(R"(,"context":)" + bigObject(16384)), p + "\"context\" must be at most 16384 bytes of JSON"},
            {body(R"(,"context":[1])"), p + "\"context\" must be an object"},
            {body(R"(,"precedent_reason":"because")"), p + "\"precedent_reason\" requires precedent_ref"},
            {body(R"(,"precedent_ref":"aaaaaaaa-0000-4000-8000-000000000001","precedent_reason":)" + text(4097)),
             p + "\"precedent_reason\" must be at most 4096 bytes"},
            {body(R"(,"precedent_ref":"nope")"), p + "\"precedent_ref\" must be a UUID"},
            {body(R"(,"supersedes_id":"1234")"), p + "\"supersedes_id\" must be a UUID"},
            {body(R"(,"trace_id":5)"), p + "\"trace_id\" must be a string"},
            {body(R"(,"trace_id":)" + text(256)), p + "\"trace_id\" must be at most 255 bytes"},
        };
        for (const auto& c : cases)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.json.substr(0, 200), c.message, failure(c.json));
    }

    void testSourceUriPolicy()
    {
        const std::string field = "decision.evidence[0].source_uri";
        const std::string p = "invalid request body: field \"" + field + "\" ";
        for (const std::string uri : {"https://redis.io/docs/latest/", "http://8.8.8.8/x", "s3://bucket/key.json",
                                      "urn:isbn:0451450523", "docs/adr/0001.md", "https://example.com:8443/a?b=c#d",
                                      "https://[2001:db8::1]/", "mailto:ops@example.com", "file:///srv/report.txt"})
            TraceRequestDecoder::validateSourceUri(field, uri);
        struct Case
        {
            std::string uri;
            std::string problem;
        };
        const std::string privateHost = "must not point to localhost or a private network address";
        const std::vector<Case> cases{
            {"javascript:alert(1)", "must not use the javascript: scheme"},
            {"  JavaScript:alert(1)", "must not use the javascript: scheme"},
            {"data:text/html,<b>x</b>", "must not use the data: scheme"},
            {"VBScript:msgbox", "must not use the vbscript: scheme"},
            {"https://user:secret@example.com/", "must not embed credentials"},
            {"ftp://token@example.com/", "must not embed credentials"},
            {"http://localhost:8080/admin", privateHost},
            {"http://LOCALHOST./", privateHost},
            {"http://api.localhost/", privateHost},
            {"http://127.0.0.1/", privateHost},
            {"http://127.1/", privateHost},
            {"http://2130706433/", privateHost},
            {"http://0x7f000001/", privateHost},
            {"http://0.0.0.0:9000/", privateHost},
            {"http://10.1.2.3/", privateHost},
            {"http://172.16.0.1/", privateHost},
            {"http://172.31.255.255/", privateHost},
            {"http://192.168.1.1/", privateHost},
            {"http://169.254.169.254/latest/meta-data", privateHost},
            {"http://100.64.0.1/", privateHost},
            {"http://[::1]:8080/", privateHost},
            {"http://[::]/", privateHost},
            {"http://[fd00::1]/", privateHost},
            {"http://[fe80::1]/", privateHost},
            {"http://[::ffff:127.0.0.1]/", privateHost},
            {"https://exa\tmple.com/", "must not contain control characters"},
        };
        for (const auto& c : cases)
        {
            auto e = test::expectException([&] { TraceRequestDecoder::validateSourceUri(field, c.uri); });
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.uri, p + c.problem, e.message());
        }
        CPPUNIT_ASSERT_EQUAL(p + privateHost,
                             failure(body("", R"(,"evidence":[{"source_type":"doc","content":"c","source_uri":"http://10.0.0.1/"}])")));
        // 172.32/12 is outside the private block.
        TraceRequestDecoder::validateSourceUri(field, "http://172.32.0.1/");
    }

    void testHeaders()
    {
        auto request = decode(body(), {std::string("6F9619FF-8B86-4011-B42D-00C04FC964FF"),
                                       std::string("akashi-go/0.4.1 (linux; amd64)"), std::string("gpt-5")});
        CPPUNIT_ASSERT_EQUAL(std::string("6f9619ff-8b86-4011-b42d-00c04fc964ff"), *request.sessionId);
        CPPUNIT_ASSERT_EQUAL(std::string("akashi-go"), *request.tool);
        CPPUNIT_ASSERT_EQUAL(std::string("0.4.1"), *request.toolVersion);
        CPPUNIT_ASSERT_EQUAL(std::string("gpt-5"), *request.model);

        request = decode(body(), {std::nullopt, std::string("curl"), std::nullopt});
        CPPUNIT_ASSERT_EQUAL(std::string("curl"), *request.tool);
        CPPUNIT_ASSERT(!request.toolVersion && !request.sessionId && !request.model);

        CPPUNIT_ASSERT_EQUAL(std::string("invalid X-Akashi-Session header: must be a UUID"),
                             failure(body(), {std::string("session-1"), std::nullopt, std::nullopt}));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid X-Model header: must be at most 200 bytes"),
                             failure(body(), {std::nullopt, std::nullopt, std::string(201, 'm')}));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(TraceRequestDecoderTest);
} // namespace akashi::api
