#include "storage/AgentRepository.h"
#include "storage/GrantRepository.h"
#include "support/ExpectException.h"
#include "support/MigratedDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::storage
{
class GrantRepositoryTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(GrantRepositoryTest);
    CPPUNIT_TEST(testInsertFindListRemove);
    CPPUNIT_TEST(testDuplicateIsConflict);
    CPPUNIT_TEST(testForeignRowsAreInvisible);
    CPPUNIT_TEST(testReadableAgentIds);
    CPPUNIT_TEST_SUITE_END();

    static constexpr const char* kOrg = "00000000-0000-0000-0000-000000000000";

    static std::string addAgent(AgentRepository& agents, const std::string& org, const std::string& id,
                                std::vector<std::string> tags = {})
    {
        NewAgent a;
        a.orgId = org;
        a.agentId = id;
        a.name = id;
        a.role = "agent";
        a.apiKeyHash = "h";
        a.tags = std::move(tags);
        return agents.insert(a).id;
    }

    static NewGrant grant(const std::string& org, const std::string& grantor, const std::string& grantee,
                          const std::string& resource, std::optional<std::string> expiresAt = std::nullopt)
    {
        NewGrant g;
        g.orgId = org;
        g.grantorId = grantor;
        g.granteeId = grantee;
        g.resourceType = "agent_traces";
        g.resourceId = resource;
        g.permission = "read";
        g.expiresAt = std::move(expiresAt);
        return g;
    }

public:
    void testInsertFindListRemove()
    {
        test::MigratedDatabase db("repo_grants_crud");
        AgentRepository agents(db.database());
        GrantRepository grants(db.database());
        const auto alice = addAgent(agents, kOrg, "alice");
        const auto bob = addAgent(agents, kOrg, "bob");
        const auto stored = grants.insert(grant(kOrg, alice, bob, "alice", "2999-01-01T00:00:00.5Z"));
        CPPUNIT_ASSERT_EQUAL(alice, stored.grantorId);
        CPPUNIT_ASSERT_EQUAL(std::string("2999-01-01T00:00:00.5Z"), *stored.expiresAt);
        CPPUNIT_ASSERT(grants.findById(kOrg, stored.id).has_value());
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, grants.count(kOrg));
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, grants.list(kOrg, 10, 0).size());
        CPPUNIT_ASSERT(grants.list(kOrg, 10, 1).empty());
        CPPUNIT_ASSERT(grants.remove(kOrg, stored.id));
        CPPUNIT_ASSERT(!grants.remove(kOrg, stored.id));
        CPPUNIT_ASSERT(!grants.findById(kOrg, stored.id).has_value());
    }

    void testDuplicateIsConflict()
    {
        test::MigratedDatabase db("repo_grants_dup");
        AgentRepository agents(db.database());
        GrantRepository grants(db.database());
        const auto alice = addAgent(agents, kOrg, "alice");
        const auto bob = addAgent(agents, kOrg, "bob");
        grants.insert(grant(kOrg, alice, bob, "alice"));
        auto e = test::expectException([&] { grants.insert(grant(kOrg, alice, bob, "alice")); });
        CPPUNIT_ASSERT(e.errorCode() == ErrorCode::conflict);
        CPPUNIT_ASSERT_EQUAL(std::string("grant already exists"), e.message());
        // A grantee that is not an agent is refused by the schema.
        auto missing = test::expectException(
            [&] { grants.insert(grant(kOrg, alice, "11111111-1111-4111-8111-111111111111", "alice")); });
        CPPUNIT_ASSERT(missing.errorCode() == ErrorCode::internal);
    }

    void testForeignRowsAreInvisible()
    {
        test::MigratedDatabase db("repo_grants_scope");
        AgentRepository agents(db.database());
        GrantRepository grants(db.database());
        const auto orgB = db.database().connection()->exec("INSERT INTO organizations (name, slug) VALUES ('B', 'b') RETURNING id")
                              .text(0, "id");
        const auto alice = addAgent(agents, kOrg, "alice");
        const auto bob = addAgent(agents, kOrg, "bob");
        const auto stored = grants.insert(grant(kOrg, alice, bob, "alice"));
        CPPUNIT_ASSERT(!grants.findById(orgB, stored.id).has_value());
        CPPUNIT_ASSERT(!grants.remove(orgB, stored.id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, grants.count(orgB));
        CPPUNIT_ASSERT(grants.readableAgentIds(orgB, bob, {}).empty());
        CPPUNIT_ASSERT(grants.findById(kOrg, stored.id).has_value());
    }

    void testReadableAgentIds()
    {
        test::MigratedDatabase db("repo_grants_visibility");
        AgentRepository agents(db.database());
        GrantRepository grants(db.database());
        const auto orgB = db.database().connection()->exec("INSERT INTO organizations (name, slug) VALUES ('B', 'b') RETURNING id")
                              .text(0, "id");
        const auto me = addAgent(agents, kOrg, "me", {"team-a"});
        addAgent(agents, kOrg, "teammate", {"team-a", "x"});
        const auto granter = addAgent(agents, kOrg, "granter");
        const auto expired = addAgent(agents, kOrg, "expired");
        addAgent(agents, kOrg, "stranger", {"team-b"});
        addAgent(agents, orgB, "foreign", {"team-a"});
        grants.insert(grant(kOrg, granter, me, "granter"));
        grants.insert(grant(kOrg, expired, me, "expired", "2999-01-01T00:00:00Z"));
        db.database().connection()->exec("UPDATE access_grants SET expires_at = now() - interval '1 minute' "
                                         "WHERE resource_id = 'expired'");
        const auto visible = grants.readableAgentIds(kOrg, me, {"team-a"});
        CPPUNIT_ASSERT((std::set<std::string>{"me", "teammate", "granter"}) == visible);
        // Without tags, only self and grants.
        CPPUNIT_ASSERT((std::set<std::string>{"me", "granter"}) == grants.readableAgentIds(kOrg, me, {}));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(GrantRepositoryTest);
} // namespace akashi::storage
