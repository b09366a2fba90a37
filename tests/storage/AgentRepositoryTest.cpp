#include "storage/AgentRepository.h"
#include "support/ExpectException.h"
#include "support/MigratedDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::storage
{
class AgentRepositoryTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AgentRepositoryTest);
    CPPUNIT_TEST(testInsertAndFindAreOrgScoped);
    CPPUNIT_TEST(testDuplicateAgentIdIsConflict);
    CPPUNIT_TEST(testSchemaRefusesInvalidRows);
    CPPUNIT_TEST(testCredentialCandidatesSpanOrgs);
    CPPUNIT_TEST(testInsertIfNoAgentsOnlyOnce);
    CPPUNIT_TEST(testListCountAndTags);
    CPPUNIT_TEST(testDeleteOfMissingAgent);
    CPPUNIT_TEST_SUITE_END();

    static constexpr const char* kOrgA = "00000000-0000-0000-0000-000000000000";

    static NewAgent agent(const std::string& org, const std::string& id, std::vector<std::string> tags = {})
    {
        NewAgent a;
        a.orgId = org;
        a.agentId = id;
        a.name = "Name of " + id;
        a.role = "agent";
        a.apiKeyHash = "salt$key";
        a.tags = std::move(tags);
        a.metadata = R"({"k": "v"})";
        return a;
    }

    static std::string insertOrg(Database& db, const std::string& slug)
    {
        return db.connection()->exec("INSERT INTO organizations (name, slug) VALUES ($1, $1) RETURNING id",
                                     SqlParams().add(slug)).text(0, "id");
    }

public:
    void testInsertAndFindAreOrgScoped()
    {
        test::MigratedDatabase db("repo_agents_scope");
        AgentRepository agents(db.database());
        const auto orgB = insertOrg(db.database(), "b");
        const auto stored = agents.insert(agent(kOrgA, "alice", {"ops"}));
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), stored.agentId);
        CPPUNIT_ASSERT_EQUAL(std::string("Name of alice"), stored.name);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"k": "v"})"), stored.metadata);
        CPPUNIT_ASSERT(stored.createdAt.back() == 'Z');
        CPPUNIT_ASSERT(stored.apiKeyHash && *stored.apiKeyHash == "salt$key");
        CPPUNIT_ASSERT(agents.findByAgentId(kOrgA, "alice").has_value());
        CPPUNIT_ASSERT(agents.findById(kOrgA, stored.id).has_value());
        // Another org sees nothing of it, by name or by id.
        CPPUNIT_ASSERT(!agents.findByAgentId(orgB, "alice").has_value());
        CPPUNIT_ASSERT(!agents.findById(orgB, stored.id).has_value());
        CPPUNIT_ASSERT(!agents.replaceTags(orgB, "alice", {"stolen"}).has_value());
        CPPUNIT_ASSERT((std::vector<std::string>{"ops"}) == agents.findByAgentId(kOrgA, "alice")->tags);
        CPPUNIT_ASSERT(!agents.deleteWithAudit(orgB, "alice", "x").has_value());
        CPPUNIT_ASSERT(agents.findByAgentId(kOrgA, "alice").has_value());
    }

    void testDuplicateAgentIdIsConflict()
    {
        test::MigratedDatabase db("repo_agents_dup");
        AgentRepository agents(db.database());
        const auto orgB = insertOrg(db.database(), "b");
        agents.insert(agent(kOrgA, "alice"));
        auto e = test::expectException([&] { agents.insert(agent(kOrgA, "alice")); });
        CPPUNIT_ASSERT(e.errorCode() == ErrorCode::conflict);
        CPPUNIT_ASSERT_EQUAL(std::string("agent_id already exists"), e.message());
        agents.insert(agent(orgB, "alice")); // the same name in another org is another agent
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, agents.count(orgB));
    }

    void testSchemaRefusesInvalidRows()
    {
        test::MigratedDatabase db("repo_agents_invalid");
        AgentRepository agents(db.database());
        auto badRole = agent(kOrgA, "x");
        badRole.role = "superuser";
        CPPUNIT_ASSERT(test::expectException([&] { agents.insert(badRole); }).errorCode() == ErrorCode::internal);
        auto badOrg = agent("11111111-1111-4111-8111-111111111111", "y");
        CPPUNIT_ASSERT(test::expectException([&] { agents.insert(badOrg); }).errorCode() == ErrorCode::internal);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, agents.count(kOrgA));
    }

    void testCredentialCandidatesSpanOrgs()
    {
        test::MigratedDatabase db("repo_agents_candidates");
        AgentRepository agents(db.database());
        const auto orgB = insertOrg(db.database(), "b");
        agents.insert(agent(kOrgA, "shared"));
        agents.insert(agent(orgB, "shared"));
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, agents.findCredentialCandidates("shared", std::nullopt).size());
        const auto onlyB = agents.findCredentialCandidates("shared", orgB);
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, onlyB.size());
        CPPUNIT_ASSERT_EQUAL(orgB, onlyB[0].orgId);
        CPPUNIT_ASSERT(agents.findCredentialCandidates("nobody", std::nullopt).empty());
    }

    void testInsertIfNoAgentsOnlyOnce()
    {
        test::MigratedDatabase db("repo_agents_bootstrap");
        AgentRepository agents(db.database());
        CPPUNIT_ASSERT(!agents.anyExist());
        CPPUNIT_ASSERT(agents.insertIfNoAgents(agent(kOrgA, "admin")));
        CPPUNIT_ASSERT(agents.anyExist());
        CPPUNIT_ASSERT(!agents.insertIfNoAgents(agent(kOrgA, "admin")));
        CPPUNIT_ASSERT(!agents.insertIfNoAgents(agent(kOrgA, "other")));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, agents.count(kOrgA));
    }

    void testListCountAndTags()
    {
        test::MigratedDatabase db("repo_agents_list");
        AgentRepository agents(db.database());
        for (const char* id : {"a1", "a2", "a3"})
            agents.insert(agent(kOrgA, id));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{3}, agents.count(kOrgA));
        const auto page = agents.list(kOrgA, 2, 1);
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, page.size());
        CPPUNIT_ASSERT_EQUAL(std::string("a2"), page[0].agentId);
        // Tags with characters PostgreSQL's array syntax treats specially round-trip unharmed.
        const auto tagged = agents.replaceTags(kOrgA, "a1", {"with space", "comma,inside", "quote\"d", "NULL"});
        CPPUNIT_ASSERT(tagged.has_value());
        CPPUNIT_ASSERT((std::vector<std::string>{"with space", "comma,inside", "quote\"d", "NULL"}) == tagged->tags);
        CPPUNIT_ASSERT(!agents.replaceTags(kOrgA, "missing", {}).has_value());
    }

    void testDeleteOfMissingAgent()
    {
        test::MigratedDatabase db("repo_agents_delete_missing");
        AgentRepository agents(db.database());
        CPPUNIT_ASSERT(!agents.deleteWithAudit(kOrgA, "ghost", "admin").has_value());
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0},
                             db.database().connection()->exec("SELECT count(*) AS n FROM deletion_audit_log").int64(0, "n"));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(AgentRepositoryTest);
} // namespace akashi::storage
