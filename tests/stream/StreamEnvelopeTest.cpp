#include "stream/StreamEnvelope.h"
#include "stream/StreamEvent.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::stream
{
/// The relay's transport message and the SSE frame built from a stored payload.
class StreamEnvelopeTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(StreamEnvelopeTest);
    CPPUNIT_TEST(testRoundTripKeepsThePayloadText);
    CPPUNIT_TEST(testPayloadTooLargeTravelsAsAnId);
    CPPUNIT_TEST(testNotAnEnvelope);
    CPPUNIT_TEST(testFrameAndAgents);
    CPPUNIT_TEST(testPayloadThatIsNotAnObjectIsRefused);
    CPPUNIT_TEST_SUITE_END();

    static constexpr const char* kOrg = "11111111-1111-1111-1111-111111111111";

public:
    void testRoundTripKeepsThePayloadText()
    {
        const std::string payload = "{\"decision_id\":\"d\",\"agent_id\":\"a\",\"org_id\":\"o\",\"outcome\":\"x \\\"y\\\"\"}";
        const auto message = StreamEnvelope::encode(42, kOrg, payload, 7999);
        const auto decoded = StreamEnvelope::decode(message);
        CPPUNIT_ASSERT(decoded);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(42), decoded->seq);
        CPPUNIT_ASSERT_EQUAL(std::string(kOrg), decoded->orgId);
        CPPUNIT_ASSERT(decoded->payload);
        CPPUNIT_ASSERT_EQUAL(payload, *decoded->payload); // byte for byte: key order and escapes kept
    }

    void testPayloadTooLargeTravelsAsAnId()
    {
        const std::string payload = "{\"outcome\":\"" + std::string(9000, 'x') + "\"}";
        const auto message = StreamEnvelope::encode(7, kOrg, payload, 7999);
        CPPUNIT_ASSERT(message.size() < 200);
        const auto decoded = StreamEnvelope::decode(message);
        CPPUNIT_ASSERT(decoded);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(7), decoded->seq);
        CPPUNIT_ASSERT(!decoded->payload);
    }

    void testNotAnEnvelope()
    {
        CPPUNIT_ASSERT(!StreamEnvelope::decode("not json"));
        CPPUNIT_ASSERT(!StreamEnvelope::decode("{\"org_id\":\"x\"}"));
        CPPUNIT_ASSERT(!StreamEnvelope::decode("{\"seq\":0,\"org_id\":\"x\"}"));
        CPPUNIT_ASSERT(!StreamEnvelope::decode("{\"seq\":3,\"org_id\":\"\"}"));
        CPPUNIT_ASSERT(!StreamEnvelope::decode("[1,2]"));
    }

    void testFrameAndAgents()
    {
        auto decision = makeStreamEvent(3, "akashi_decisions", kOrg, "{\"decision_id\":\"d\",\"agent_id\":\"planner\"}");
        CPPUNIT_ASSERT(decision);
        CPPUNIT_ASSERT_EQUAL(std::string("id: 3\nevent: akashi_decisions\ndata: {\"decision_id\":\"d\",\"agent_id\":\"planner\"}\n\n"),
                             *decision->frame);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), decision->agents.size());
        CPPUNIT_ASSERT_EQUAL(std::string("planner"), decision->agents[0]);

        auto conflict = makeStreamEvent(4, "akashi_conflicts", kOrg, "{\"agent_a\":\"planner\",\"agent_b\":\"coder\"}");
        CPPUNIT_ASSERT(conflict);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), conflict->agents.size());
        CPPUNIT_ASSERT_EQUAL(std::string("coder"), conflict->agents[1]);

        // A payload spanning lines becomes one data line per line (SSE would end the field otherwise).
        auto multi = makeStreamEvent(5, "akashi_decisions", kOrg, "{\n\"agent_id\":\"a\"\n}");
        CPPUNIT_ASSERT(multi);
        CPPUNIT_ASSERT_EQUAL(std::string("id: 5\nevent: akashi_decisions\ndata: {\ndata: \"agent_id\":\"a\"\ndata: }\n\n"),
                             *multi->frame);
    }

    void testPayloadThatIsNotAnObjectIsRefused()
    {
        CPPUNIT_ASSERT(!makeStreamEvent(1, "akashi_decisions", kOrg, "oops"));
        CPPUNIT_ASSERT(!makeStreamEvent(1, "akashi_decisions", kOrg, "[1]"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StreamEnvelopeTest);
} // namespace akashi::stream
