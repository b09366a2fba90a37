#include "auth/ApiKeyHasher.h"
#include "server/CommandRun.h"
#include "storage/PgConnection.h"
#include "support/HttpTestClient.h"
#include "support/MigratedDatabase.h"
#include "support/ServerProcess.h"

#include <cppunit/extensions/HelperMacros.h>

#include <csignal>

namespace akashi::test
{
using Env = ServerProcess::Env;

/// `akashi create-agent`: the agent it creates can authenticate with the key it prints once; it
/// refuses what POST /v1/agents refuses, with exit codes 1 (conflict), 64 (usage) and 65 (bad value).
class CreateAgentCommandTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CreateAgentCommandTest);
    CPPUNIT_TEST(testCreatedAgentAuthenticatesWithThePrintedKey);
    CPPUNIT_TEST(testGivenKeyIsStoredHashedAndNotPrinted);
    CPPUNIT_TEST(testDuplicateAgentIdIsAConflict);
    CPPUNIT_TEST(testInvalidValuesAreDataErrors);
    CPPUNIT_TEST(testUsageErrors);
    CPPUNIT_TEST_SUITE_END();

    static std::string apiKeyOf(const CommandRun& run)
    {
        const auto lines = run.linesStartingWith("api_key: ");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(run.text(), std::size_t(1), lines.size());
        return lines.front().substr(9);
    }

    static storage::PgResult agentRow(MigratedDatabase& db, const std::string& agentId)
    {
        auto connection = db.database().connection();
        return connection->exec("SELECT org_id::text AS org_id, name, role, api_key_hash FROM agents WHERE agent_id = $1",
                                storage::SqlParams().add(agentId));
    }

public:
    void testCreatedAgentAuthenticatesWithThePrintedKey()
    {
        MigratedDatabase db("cli_agent_create");
        const Env env{{"DATABASE_URL", db.testDatabase().url()}};
        const auto run = CommandRun::of(env, {"create-agent", "--agent-id", "ci-bot", "--name", "CI bot", "--role",
                                              "admin"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(run.text(), 0, run.exitCode);
        CPPUNIT_ASSERT_MESSAGE(run.out, run.out.find("created agent ci-bot (role admin, org "
                                                     "00000000-0000-0000-0000-000000000000, id ") == 0);
        const std::string key = apiKeyOf(run);
        CPPUNIT_ASSERT(key.rfind("ak_", 0) == 0);
        CPPUNIT_ASSERT(run.err.find(key) == std::string::npos); // once, on stdout only
        CPPUNIT_ASSERT(run.err.find("shown only once") != std::string::npos);

        auto row = agentRow(db, "ci-bot");
        CPPUNIT_ASSERT_EQUAL(1, row.rows());
        CPPUNIT_ASSERT_EQUAL(std::string("CI bot"), row.text(0, "name"));
        CPPUNIT_ASSERT_EQUAL(std::string("admin"), row.text(0, "role"));
        CPPUNIT_ASSERT(auth::ApiKeyHasher::verify(key, row.text(0, "api_key_hash")));

        // A server on that database (no AKASHI_ADMIN_API_KEY: the agent is its first identity) accepts it.
        ServerProcess server(env);
        const auto port = server.waitUntilListening();
        CPPUNIT_ASSERT_MESSAGE(server.stderrText(), port.has_value());
        Poco::Net::NameValueCollection json;
        json.set("Content-Type", "application/json");
        const auto token = HttpTestClient(*port).request(
            "POST", "/auth/token", R"({"agent_id":"ci-bot","api_key":")" + key + R"("})", json);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(token.body, 200, token.status);
        Poco::Net::NameValueCollection auth;
        auth.set("Authorization", "ApiKey ci-bot:" + key);
        CPPUNIT_ASSERT_EQUAL(200, HttpTestClient(*port).request("GET", "/v1/agents", "", auth).status);
        CPPUNIT_ASSERT_EQUAL(0, server.stop(SIGTERM));
        CPPUNIT_ASSERT(server.stdoutText().find(key) == std::string::npos);
    }

    void testGivenKeyIsStoredHashedAndNotPrinted()
    {
        MigratedDatabase db("cli_agent_key");
        {
            auto connection = db.database().connection();
            connection->exec("INSERT INTO organizations (id, name, slug) VALUES "
                             "('11111111-1111-4111-8111-111111111111', 'Other', 'other')");
        }
        const auto run = CommandRun::of(Env{{"DATABASE_URL", db.testDatabase().url()}},
                                        {"create-agent", "--agent-id=reader-1", "--name=Reader", "--role=reader",
                                         "--org=11111111-1111-4111-8111-111111111111", "--api-key=given-key-0123"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(run.text(), 0, run.exitCode);
        CPPUNIT_ASSERT(run.linesStartingWith("api_key: ").empty());
        CPPUNIT_ASSERT(run.out.find("given-key-0123") == std::string::npos);
        auto row = agentRow(db, "reader-1");
        CPPUNIT_ASSERT_EQUAL(std::string("11111111-1111-4111-8111-111111111111"), row.text(0, "org_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("reader"), row.text(0, "role"));
        CPPUNIT_ASSERT(auth::ApiKeyHasher::verify("given-key-0123", row.text(0, "api_key_hash")));
    }

    void testDuplicateAgentIdIsAConflict()
    {
        MigratedDatabase db("cli_agent_dup");
        const Env env{{"DATABASE_URL", db.testDatabase().url()}};
        const std::vector<std::string> args{"create-agent", "--agent-id", "twin", "--name", "Twin"};
        CPPUNIT_ASSERT_EQUAL(0, CommandRun::of(env, args).exitCode);
        const auto again = CommandRun::of(env, args);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(again.text(), 1, again.exitCode);
        CPPUNIT_ASSERT_EQUAL(std::string("akashi create-agent: agent_id already exists\n"), again.err);
        CPPUNIT_ASSERT(again.out.empty());
    }

    void testInvalidValuesAreDataErrors()
    {
        MigratedDatabase db("cli_agent_invalid");
        const Env env{{"DATABASE_URL", db.testDatabase().url()}};
        const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
            {{"--agent-id", "x", "--name", "X", "--role", "root"},
             "--role must be one of reader, agent, admin, org_owner, platform_admin (got \"root\")"},
            {{"--agent-id", "bad id", "--name", "X"},
             "field \"agent_id\" must be 1-255 characters of letters, digits, '.', '_', '@' or '-'"},
            {{"--agent-id", "admin", "--name", "X"}, "agent_id \"admin\" is reserved"},
            {{"--agent-id", "x", "--name", ""}, "--name must be 1-255 characters"},
            {{"--agent-id", "x", "--name", "X", "--org", "default"},
             "--org must be an organization id (a UUID), got \"default\""},
            {{"--agent-id", "x", "--name", "X", "--org", "22222222-2222-4222-8222-222222222222"},
             "organization 22222222-2222-4222-8222-222222222222 does not exist"},
        };
        for (const auto& [options, message] : cases)
        {
            std::vector<std::string> args{"create-agent"};
            args.insert(args.end(), options.begin(), options.end());
            const auto run = CommandRun::of(env, args);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(run.text(), 65, run.exitCode);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(run.text(), "akashi create-agent: " + message + "\n", run.err);
        }
        auto connection = db.database().connection();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), connection->exec("SELECT count(*) AS n FROM agents").int64(0, "n"));
    }

    void testUsageErrors()
    {
        const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
            {{"--name", "X"}, "--agent-id is required"},
            {{"--agent-id", "x"}, "--name is required"},
            {{"--agent-id", "x", "--name", "X", "--tag", "t"}, "unexpected argument \"--tag\""},
            {{"--agent-id", "x", "--name"}, "--name needs a value"},
            {{"--agent-id", "x", "--agent-id", "y", "--name", "X"}, "--agent-id given twice"},
        };
        for (const auto& [options, message] : cases)
        {
            std::vector<std::string> args{"create-agent"};
            args.insert(args.end(), options.begin(), options.end());
            const auto run = CommandRun::of(Env{}, args);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(run.text(), 64, run.exitCode);
            CPPUNIT_ASSERT_MESSAGE(run.text(), run.err.find("akashi create-agent: " + message + "\n") == 0);
            CPPUNIT_ASSERT(run.err.find("usage: akashi create-agent") != std::string::npos);
        }
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(CreateAgentCommandTest);
} // namespace akashi::test
