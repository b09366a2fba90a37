#include "api/DecisionFixtures.h"
#include "api/IdentityServer.h"

#include <Poco/JSON/Array.h>

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::test
{
/// GET /v1/agents/{agent_id}/history, /v1/decisions/recent, /v1/decisions/{id} and its revisions end
/// to end: RBAC (403), org isolation (404), validation and the reference's shapes.
class DecisionsApiTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(DecisionsApiTest);
    CPPUNIT_TEST(testHistoryAndRecent);
    CPPUNIT_TEST(testGetDecision);
    CPPUNIT_TEST(testRevisions);
    CPPUNIT_TEST_SUITE_END();

    static DecisionSpec at(const std::string& agent, const std::string& validFrom, const std::string& type = "architecture")
    {
        DecisionSpec spec;
        spec.agentId = agent;
        spec.validFrom = validFrom;
        spec.decisionType = type;
        return spec;
    }

    static std::vector<std::string> ids(const Poco::JSON::Array::Ptr& items)
    {
        std::vector<std::string> out;
        for (std::size_t i = 0; i < items->size(); ++i)
            out.push_back(items->getObject(static_cast<unsigned>(i))->getValue<std::string>("id"));
        return out;
    }

    struct Org
    {
        std::string other;
        std::string asRita; ///< reader sharing tag "team" with alice
    };

    static Org seedAgents(IdentityServer& server)
    {
        const std::string org = IdentityServer::kDefaultOrg;
        server.insertAgent(org, "rita", "reader", "rita-key", {"team"});
        server.insertAgent(org, "alice", "agent", "alice-key", {"team"});
        server.insertAgent(org, "bob", "agent", "bob-key");
        Org seeded;
        seeded.other = server.insertOrg("Other", "other");
        server.insertAgent(seeded.other, "olga", "admin", "olga-key");
        seeded.asRita = server.bearer("rita", "rita-key");
        return seeded;
    }

public:
    void testHistoryAndRecent()
    {
        IdentityServer server("decisions_history");
        const auto seeded = seedAgents(server);
        DecisionFixtures fx(server.sql());
        const auto a1 = fx.insertDecision(at("alice", "2026-01-01T00:00:01Z"));
        const auto a2 = fx.insertDecision(at("alice", "2026-01-01T00:00:02Z", "security"));
        const auto a3 = fx.insertDecision(at("alice", "2026-01-01T00:00:03Z"));
        fx.insertAlternative(a3, IdentityServer::kDefaultOrg, "memcached");
        const auto b1 = fx.insertDecision(at("bob", "2026-01-01T00:00:04Z"));

        auto history = server.call("GET", "/v1/agents/alice/history?limit=2", "", seeded.asRita);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(history.body, 200, history.status);
        auto body = history.json();
        CPPUNIT_ASSERT_EQUAL(3, body->getValue<int>("total"));
        CPPUNIT_ASSERT(body->getValue<bool>("has_more"));
        CPPUNIT_ASSERT_EQUAL(2, body->getValue<int>("limit"));
        CPPUNIT_ASSERT((ids(body->getArray("data")) == std::vector<std::string>{a3, a2}));
        body = server.call("GET", "/v1/agents/alice/history?from=2026-01-01T00:00:02Z&to=2026-01-01T00:00:02Z", "",
                           seeded.asRita)
                   .json();
        CPPUNIT_ASSERT((ids(body->getArray("data")) == std::vector<std::string>{a2}));
        CPPUNIT_ASSERT_EQUAL(1, body->getValue<int>("total"));

        auto hidden = server.call("GET", "/v1/agents/bob/history", "", seeded.asRita);
        CPPUNIT_ASSERT_EQUAL(403, hidden.status);
        CPPUNIT_ASSERT_EQUAL(std::string("insufficient permissions"), IdentityServer::errorMessage(hidden));
        auto badFrom = server.call("GET", "/v1/agents/alice/history?from=yesterday", "", seeded.asRita);
        CPPUNIT_ASSERT_EQUAL(400, badFrom.status);
        CPPUNIT_ASSERT_EQUAL(std::string("query parameter \"from\" must be an RFC 3339 timestamp"),
                             IdentityServer::errorMessage(badFrom));
        auto badLimit = server.call("GET", "/v1/agents/alice/history?limit=many", "", seeded.asRita);
        CPPUNIT_ASSERT_EQUAL(std::string("query parameter \"limit\" must be an integer"),
                             IdentityServer::errorMessage(badLimit));
        // Another org's admin sees no history of this org's agent.
        auto foreign = server.call("GET", "/v1/agents/alice/history", "", server.bearer("olga", "olga-key")).json();
        CPPUNIT_ASSERT_EQUAL(0, foreign->getValue<int>("total"));

        // Recent: newest first, with alternatives, RBAC-filtered with an exact total.
        auto recent = server.call("GET", "/v1/decisions/recent", "", IdentityServer::admin()).json();
        CPPUNIT_ASSERT_EQUAL(4, recent->getValue<int>("total"));
        CPPUNIT_ASSERT_EQUAL(10, recent->getValue<int>("limit"));
        CPPUNIT_ASSERT((ids(recent->getArray("data")) == std::vector<std::string>{b1, a3, a2, a1}));
        auto withAlternative = recent->getArray("data")->getObject(1);
        CPPUNIT_ASSERT_EQUAL(std::string("memcached"),
                             withAlternative->getArray("alternatives")->getObject(0)->getValue<std::string>("label"));
        CPPUNIT_ASSERT(!withAlternative->has("evidence"));
        recent = server.call("GET", "/v1/decisions/recent", "", seeded.asRita).json();
        CPPUNIT_ASSERT_EQUAL(3, recent->getValue<int>("total"));
        recent = server.call("GET", "/v1/decisions/recent?decision_type=architecture&agent_id=alice&limit=1&offset=1", "",
                             IdentityServer::admin())
                     .json();
        CPPUNIT_ASSERT_EQUAL(2, recent->getValue<int>("total"));
        CPPUNIT_ASSERT((ids(recent->getArray("data")) == std::vector<std::string>{a1}));
        CPPUNIT_ASSERT(!recent->getValue<bool>("has_more"));
    }

    void testGetDecision()
    {
        IdentityServer server("decisions_get");
        const auto seeded = seedAgents(server);
        DecisionFixtures fx(server.sql());
        const std::string org = IdentityServer::kDefaultOrg;
        auto spec = at("alice", "2026-01-01T00:00:01.250Z");
        spec.reasoning = "fits the load";
        spec.project = "billing";
        spec.contentHash = "v2:abc";
        spec.metadata = R"({"ticket":"ARCH-1"})";
        const auto first = fx.insertDecision(spec);
        fx.insertAlternative(first, org, "sqlite", std::string("no concurrency"));
        fx.insertEvidence(first, org, "document", "benchmark", std::string("https://example.com/bench"));
        const auto revised = fx.revise(first, at("alice", "2026-01-01T03:00:01.250Z"));
        const auto bobs = fx.insertDecision(at("bob", "2026-01-01T00:00:02Z"));
        auto foreignSpec = at("olga", "2026-01-01T00:00:02Z");
        foreignSpec.orgId = seeded.other;
        const auto foreign = fx.insertDecision(foreignSpec);

        auto reply = server.call("GET", "/v1/decisions/" + first, "", seeded.asRita);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
        auto decision = reply.json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(first, decision->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("fits the load"), decision->getValue<std::string>("reasoning"));
        CPPUNIT_ASSERT_EQUAL(std::string("billing"), decision->getValue<std::string>("project"));
        CPPUNIT_ASSERT_EQUAL(std::string("v2:abc"), decision->getValue<std::string>("content_hash"));
        CPPUNIT_ASSERT_EQUAL(std::string("ARCH-1"), decision->getObject("metadata")->getValue<std::string>("ticket"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-01-01T00:00:01.25Z"), decision->getValue<std::string>("valid_from"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-01-01T03:00:01.25Z"), decision->getValue<std::string>("valid_to"));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(3.0, decision->getValue<double>("supersession_velocity_hours"), 1e-9);
        CPPUNIT_ASSERT_EQUAL(0, decision->getValue<int>("precedent_citation_count"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), decision->getArray("alternatives")->size());
        auto evidence = decision->getArray("evidence")->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("https://example.com/bench"), evidence->getValue<std::string>("source_uri"));
        CPPUNIT_ASSERT_EQUAL(org, evidence->getValue<std::string>("org_id"));

        auto current = server.call("GET", "/v1/decisions/" + revised, "", IdentityServer::admin()).json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(first, current->getValue<std::string>("supersedes_id"));
        CPPUNIT_ASSERT(!current->has("valid_to"));
        CPPUNIT_ASSERT(current->isNull("supersession_velocity_hours"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), current->getArray("alternatives")->size());

        auto hidden = server.call("GET", "/v1/decisions/" + bobs, "", seeded.asRita);
        CPPUNIT_ASSERT_EQUAL(403, hidden.status);
        CPPUNIT_ASSERT_EQUAL(std::string("insufficient permissions"), IdentityServer::errorMessage(hidden));
        for (const auto& missing : {foreign, std::string("11111111-1111-4111-8111-111111111111")})
        {
            auto notFound = server.call("GET", "/v1/decisions/" + missing, "", IdentityServer::admin());
            CPPUNIT_ASSERT_EQUAL(404, notFound.status);
            CPPUNIT_ASSERT_EQUAL(std::string("decision not found"), IdentityServer::errorMessage(notFound));
        }
        auto malformed = server.call("GET", "/v1/decisions/not-a-uuid", "", IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL(400, malformed.status);
        CPPUNIT_ASSERT_EQUAL(std::string("decision id must be a UUID"), IdentityServer::errorMessage(malformed));
    }

    void testRevisions()
    {
        IdentityServer server("decisions_revisions");
        const auto seeded = seedAgents(server);
        DecisionFixtures fx(server.sql());
        const auto a = fx.insertDecision(at("alice", "2026-01-01T10:00:00Z"));
        const auto b = fx.revise(a, at("alice", "2026-01-01T11:00:00Z"));
        const auto c = fx.revise(b, at("alice", "2026-01-01T12:00:00Z"));
        const auto lone = fx.insertDecision(at("alice", "2026-01-01T13:00:00Z"));
        const auto bobs = fx.insertDecision(at("bob", "2026-01-01T13:00:00Z"));

        auto reply = server.call("GET", "/v1/decisions/" + b + "/revisions", "", seeded.asRita);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
        auto data = reply.json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(b, data->getValue<std::string>("decision_id"));
        CPPUNIT_ASSERT_EQUAL(3, data->getValue<int>("count"));
        CPPUNIT_ASSERT((ids(data->getArray("revisions")) == std::vector<std::string>{a, b, c}));
        data = server.call("GET", "/v1/decisions/" + c + "/revisions", "", IdentityServer::admin()).json()->getObject("data");
        CPPUNIT_ASSERT((ids(data->getArray("revisions")) == std::vector<std::string>{a, b, c}));
        data = server.call("GET", "/v1/decisions/" + lone + "/revisions", "", IdentityServer::admin()).json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(1, data->getValue<int>("count"));

        CPPUNIT_ASSERT_EQUAL(403, server.call("GET", "/v1/decisions/" + bobs + "/revisions", "", seeded.asRita).status);
        auto foreign = server.call("GET", "/v1/decisions/" + a + "/revisions", "", server.bearer("olga", "olga-key"));
        CPPUNIT_ASSERT_EQUAL(404, foreign.status);
        CPPUNIT_ASSERT_EQUAL(std::string("decision not found"), IdentityServer::errorMessage(foreign));
        CPPUNIT_ASSERT_EQUAL(400, server.call("GET", "/v1/decisions/xyz/revisions", "", IdentityServer::admin()).status);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DecisionsApiTest);
} // namespace akashi::test
