#include "services/AccessPolicy.h"
#include "storage/AgentRepository.h"
#include "storage/GrantRepository.h"
#include "support/ExpectException.h"
#include "support/MigratedDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::services
{
class AccessPolicyTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AccessPolicyTest);
    CPPUNIT_TEST(testRoleTiers);
    CPPUNIT_TEST(testVisibilityByRole);
    CPPUNIT_TEST(testSelfOrAdmin);
    CPPUNIT_TEST_SUITE_END();

    static auth::Principal principal(const std::string& uuid, const std::string& agentId, auth::Role role,
                                     std::vector<std::string> tags = {})
    {
        auth::Principal p;
        p.agentUuid = uuid;
        p.agentId = agentId;
        p.orgId = "00000000-0000-0000-0000-000000000000";
        p.role = role;
        p.tags = std::move(tags);
        return p;
    }

public:
    void testRoleTiers()
    {
        using auth::Role;
        const Role roles[] = {Role::reader, Role::agent, Role::admin, Role::orgOwner, Role::platformAdmin};
        for (Role have : roles)
            for (Role need : roles)
            {
                const auto caller = principal("u", "a", have);
                if (static_cast<int>(have) >= static_cast<int>(need))
                    AccessPolicy::requireRole(caller, need);
                else
                {
                    auto e = test::expectException([&] { AccessPolicy::requireRole(caller, need); });
                    CPPUNIT_ASSERT(e.errorCode() == ErrorCode::forbidden);
                    CPPUNIT_ASSERT_EQUAL(std::string("insufficient permissions"), e.message());
                }
            }
    }

    void testVisibilityByRole()
    {
        test::MigratedDatabase db("access_policy");
        storage::AgentRepository agents(db.database());
        storage::GrantRepository grants(db.database());
        AccessPolicy policy(grants);
        auto add = [&](const std::string& id, const std::string& role, std::vector<std::string> tags) {
            storage::NewAgent a;
            a.orgId = "00000000-0000-0000-0000-000000000000";
            a.agentId = id;
            a.name = id;
            a.role = role;
            a.apiKeyHash = "h";
            a.tags = std::move(tags);
            return agents.insert(a).id;
        };
        const auto reader = add("reader", "reader", {"ml"});
        add("peer", "agent", {"ml"});
        add("loner", "agent", {});
        const auto admin = add("boss", "admin", {});

        const auto readerView = policy.visibility(principal(reader, "reader", auth::Role::reader, {"ml"}));
        CPPUNIT_ASSERT(!readerView.everything);
        CPPUNIT_ASSERT(readerView.allows("reader") && readerView.allows("peer"));
        CPPUNIT_ASSERT(!readerView.allows("loner") && !readerView.allows("boss"));
        auto e = test::expectException(
            [&] { policy.requireVisible(principal(reader, "reader", auth::Role::reader, {"ml"}), "loner"); });
        CPPUNIT_ASSERT(e.errorCode() == ErrorCode::forbidden);

        const auto adminView = policy.visibility(principal(admin, "boss", auth::Role::admin));
        CPPUNIT_ASSERT(adminView.everything && adminView.allows("loner"));
    }

    void testSelfOrAdmin()
    {
        AccessPolicy::requireSelfOrAdmin(principal("u", "me", auth::Role::agent), "me");
        AccessPolicy::requireSelfOrAdmin(principal("u", "boss", auth::Role::admin), "anyone");
        auto e = test::expectException(
            [] { AccessPolicy::requireSelfOrAdmin(principal("u", "me", auth::Role::agent), "someone-else"); });
        CPPUNIT_ASSERT(e.errorCode() == ErrorCode::forbidden);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(AccessPolicyTest);
} // namespace akashi::services
