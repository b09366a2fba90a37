#include "mcp/McpSessionStore.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::test
{
/// Sessions: binding to the principal, idle expiry, the cap (expired first, then least recently used).
class McpSessionStoreTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(McpSessionStoreTest);
    CPPUNIT_TEST(testBoundToPrincipal);
    CPPUNIT_TEST(testIdleExpiry);
    CPPUNIT_TEST(testCapEvictsLeastRecentlyUsed);
    CPPUNIT_TEST_SUITE_END();

    using Clock = std::chrono::steady_clock;

    static auth::Principal principal(const std::string& org, const std::string& uuid)
    {
        auth::Principal p;
        p.orgId = org;
        p.agentUuid = uuid;
        p.agentId = "agent-" + uuid;
        return p;
    }

    Clock::time_point _now = Clock::time_point(std::chrono::hours(1));

    mcp::McpSessionStore store(std::chrono::minutes ttl, std::size_t cap)
    {
        return mcp::McpSessionStore({ttl, cap}, [this] { return _now; });
    }

public:
    void testBoundToPrincipal()
    {
        auto sessions = store(std::chrono::minutes(30), 10);
        const auto alice = principal("org1", "a");
        const auto session = sessions.create(alice, "2025-11-25", "client");
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), session.id.size());
        CPPUNIT_ASSERT(session.id != sessions.create(alice, "2025-11-25", "client").id);
        CPPUNIT_ASSERT(sessions.find(session.id, alice).has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("2025-11-25"), sessions.find(session.id, alice)->protocolVersion);
        CPPUNIT_ASSERT(!sessions.find(session.id, principal("org1", "b")));
        CPPUNIT_ASSERT(!sessions.find(session.id, principal("org2", "a")));
        CPPUNIT_ASSERT(!sessions.remove(session.id, principal("org1", "b")));
        CPPUNIT_ASSERT(!sessions.find("unknown", alice));
        CPPUNIT_ASSERT(sessions.remove(session.id, alice));
        CPPUNIT_ASSERT(!sessions.find(session.id, alice));
        CPPUNIT_ASSERT(!sessions.remove(session.id, alice));
    }

    void testIdleExpiry()
    {
        auto sessions = store(std::chrono::minutes(30), 10);
        const auto alice = principal("org1", "a");
        const auto id = sessions.create(alice, "2025-11-25", "").id;
        _now += std::chrono::minutes(29);
        CPPUNIT_ASSERT(sessions.find(id, alice)); // use renews it
        _now += std::chrono::minutes(29);
        CPPUNIT_ASSERT(sessions.find(id, alice));
        _now += std::chrono::minutes(30);
        CPPUNIT_ASSERT(!sessions.find(id, alice));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sessions.size());
    }

    void testCapEvictsLeastRecentlyUsed()
    {
        auto sessions = store(std::chrono::minutes(30), 2);
        const auto alice = principal("org1", "a");
        const auto first = sessions.create(alice, "2025-11-25", "").id;
        _now += std::chrono::seconds(1);
        const auto second = sessions.create(alice, "2025-11-25", "").id;
        _now += std::chrono::seconds(1);
        CPPUNIT_ASSERT(sessions.find(first, alice)); // now second is the least recently used
        const auto third = sessions.create(alice, "2025-11-25", "").id;
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), sessions.size());
        CPPUNIT_ASSERT(sessions.find(first, alice));
        CPPUNIT_ASSERT(!sessions.find(second, alice));
        CPPUNIT_ASSERT(sessions.find(third, alice));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(McpSessionStoreTest);
} // namespace akashi::test
