#include "api/DecisionFixtures.h"
#include "api/IdentityServer.h"

#include <Poco/JSON/Parser.h>
#include <Poco/RegularExpression.h>

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <sstream>

namespace akashi::test
{
/// GET /v1/export/decisions end to end: admin only, NDJSON over chunked transfer across several
/// keyset pages (page size 2), every row version in (valid_from, id) order, filters.
class ExportApiTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ExportApiTest);
    CPPUNIT_TEST(testExportStreamsEveryPageInOrder);
    CPPUNIT_TEST_SUITE_END();

    static std::vector<Poco::JSON::Object::Ptr> lines(const std::string& body)
    {
        std::vector<Poco::JSON::Object::Ptr> objects;
        std::istringstream in(body);
        std::string line;
        while (std::getline(in, line))
        {
            CPPUNIT_ASSERT_MESSAGE("empty NDJSON line", !line.empty());
            auto parsed = Poco::JSON::Parser().parse(line);
            objects.push_back(parsed.extract<Poco::JSON::Object::Ptr>());
        }
        CPPUNIT_ASSERT_MESSAGE("NDJSON must end with a newline", body.empty() || body.back() == '\n');
        return objects;
    }

    static std::vector<std::string> ids(const std::vector<Poco::JSON::Object::Ptr>& objects)
    {
        std::vector<std::string> out;
        for (const auto& object : objects)
            out.push_back(object->getValue<std::string>("id"));
        return out;
    }

public:
    void testExportStreamsEveryPageInOrder()
    {
        IdentityServer server("export_pages", {{"AKASHI_EXPORT_PAGE_SIZE", "2"}});
        const std::string org = IdentityServer::kDefaultOrg;
        server.insertAgent(org, "alice", "agent", "alice-key");
        DecisionFixtures fx(server.sql());
        auto spec = [](const std::string& agent, const std::string& validFrom, const std::string& type) {
            DecisionSpec s;
            s.agentId = agent;
            s.validFrom = validFrom;
            s.decisionType = type;
            s.outcome = "line \"quoted\"\nwith a newline";
            return s;
        };
        std::vector<std::string> expected;
        expected.push_back(fx.insertDecision(spec("alice", "2026-01-01T00:00:01Z", "architecture")));
        expected.push_back(fx.insertDecision(spec("bob", "2026-01-01T00:00:02Z", "security")));
        expected.push_back(fx.insertDecision(spec("alice", "2026-01-01T00:00:02Z", "architecture")));
        std::sort(expected.begin() + 1, expected.end()); // same valid_from: id order
        expected.push_back(fx.revise(expected[0], spec("alice", "2026-01-01T00:00:03Z", "architecture")));
        expected.push_back(fx.insertDecision(spec("bob", "2026-01-01T00:00:04Z", "architecture")));
        fx.insertAlternative(expected[4], org, "kafka");
        fx.insertEvidence(expected[4], org, "document", "throughput test");
        auto foreign = spec("olga", "2026-01-01T00:00:05Z", "architecture");
        foreign.orgId = server.insertOrg("Other", "other");
        fx.insertDecision(foreign);

        auto reply = server.call("GET", "/v1/export/decisions", "", IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/x-ndjson"), reply.headers.get("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(std::string("chunked"), reply.headers.get("Transfer-Encoding"));
        CPPUNIT_ASSERT_MESSAGE(reply.headers.get("Content-Disposition"),
                               Poco::RegularExpression("^attachment; filename=\"akashi-export-[0-9]{8}-[0-9]{6}\\.ndjson\"$")
                                   .match(reply.headers.get("Content-Disposition")));
        const auto exported = lines(reply.body);
        CPPUNIT_ASSERT(ids(exported) == expected); // 5 rows over 3 pages, superseded version included
        CPPUNIT_ASSERT(exported[0]->has("valid_to"));
        CPPUNIT_ASSERT_EQUAL(std::string("line \"quoted\"\nwith a newline"), exported[0]->getValue<std::string>("outcome"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), exported[0]->getArray("alternatives")->size());
        CPPUNIT_ASSERT_EQUAL(std::string("kafka"),
                             exported[4]->getArray("alternatives")->getObject(0)->getValue<std::string>("label"));
        CPPUNIT_ASSERT_EQUAL(std::string("throughput test"),
                             exported[4]->getArray("evidence")->getObject(0)->getValue<std::string>("content"));

        auto filtered = lines(server.call("GET", "/v1/export/decisions?agent_id=bob&decision_type=architecture", "", IdentityServer::admin()).body);
        CPPUNIT_ASSERT((ids(filtered) == std::vector<std::string>{expected[4]}));
        filtered = lines(
            server.call("GET", "/v1/export/decisions?from=2026-01-01T00:00:02Z&to=2026-01-01T00:00:03Z", "", IdentityServer::admin()).body);
        CPPUNIT_ASSERT((ids(filtered) == std::vector<std::string>{expected[1], expected[2], expected[3]}));
        auto empty = server.call("GET", "/v1/export/decisions?agent_id=nobody", "", IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL(200, empty.status);
        CPPUNIT_ASSERT(empty.body.empty());

        auto forbidden = server.call("GET", "/v1/export/decisions", "", server.bearer("alice", "alice-key"));
        CPPUNIT_ASSERT_EQUAL(403, forbidden.status);
        CPPUNIT_ASSERT_EQUAL(std::string("insufficient permissions"), IdentityServer::errorMessage(forbidden));
        auto badTo = server.call("GET", "/v1/export/decisions?to=soon", "", IdentityServer::admin());
        CPPUNIT_ASSERT_EQUAL(400, badTo.status);
        CPPUNIT_ASSERT_EQUAL(std::string("query parameter \"to\" must be an RFC 3339 timestamp"),
                             IdentityServer::errorMessage(badTo));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ExportApiTest);
} // namespace akashi::test
