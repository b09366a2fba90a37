#include "api/IdentityServer.h"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>

namespace akashi::test
{
/// A real MCP client: the official TypeScript SDK (@modelcontextprotocol/sdk, pinned in package.json)
/// connects over streamable HTTP with an API key, lists and calls every tool, reads every resource and
/// gets every prompt (tests/mcp/client/mcp-client-check.mjs). The agent and its key are created through
/// the REST API, as an operator would.
class McpSdkClientTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(McpSdkClientTest);
    CPPUNIT_TEST(testOfficialSdkClient);
    CPPUNIT_TEST(testScriptFailsOnWrongKey);
    CPPUNIT_TEST_SUITE_END();

    static std::string environment(const char* name)
    {
        const char* value = std::getenv(name);
        CPPUNIT_ASSERT_MESSAGE(std::string(name) + " is not set (run through ctest)", value && *value);
        return value;
    }

    /// Runs the script; returns its exit code, with stdout and stderr in `output`.
    static int runClient(std::uint16_t port, const std::string& agent, const std::string& key, std::string& output)
    {
        Poco::Pipe out;
        const std::vector<std::string> args{environment("AKASHI_TEST_MCP_CLIENT"),
                                            "http://127.0.0.1:" + std::to_string(port) + "/mcp", agent, key};
        auto handle = Poco::Process::launch(environment("AKASHI_TEST_NODE"), args, nullptr, &out, &out);
        Poco::PipeInputStream stream(out);
        Poco::StreamCopier::copyToString(stream, output);
        return handle.wait();
    }

    static void createAgent(IdentityServer& server, const std::string& agent, const std::string& key)
    {
        const auto reply = server.call("POST", "/v1/agents",
                                       R"({"agent_id":")" + agent + R"(","name":"SDK agent","role":"agent","api_key":")" +
                                           key + "\"}",
                                       std::string("ApiKey admin:") + IdentityServer::kAdminKey);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 201, reply.status);
    }

public:
    void testOfficialSdkClient()
    {
        IdentityServer server("mcp_sdk_client");
        createAgent(server, "sdk-agent", "sdk-agent-key-0123456789");
        std::string output;
        const int code = runClient(server.port(), "sdk-agent", "sdk-agent-key-0123456789", output);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 0, code);
        CPPUNIT_ASSERT_MESSAGE(output, output.find("mcp sdk check passed") != std::string::npos);
    }

    /// The script is a real check: it exits non-zero (with a message) when the server refuses it.
    void testScriptFailsOnWrongKey()
    {
        IdentityServer server("mcp_sdk_client_refused");
        createAgent(server, "sdk-agent", "sdk-agent-key-0123456789");
        std::string output;
        const int code = runClient(server.port(), "sdk-agent", "wrong-key", output);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(output, 1, code);
        CPPUNIT_ASSERT_MESSAGE(output, output.find("mcp sdk check failed") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(McpSdkClientTest);
} // namespace akashi::test
