#include "plugins/PluginInstance.h"
#include "plugins/embedding/FakeEmbeddingServer.h"

#include <akashi/embedding/EmbeddingProvider.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace akashi::plugins::embedding::ollama
{
using akashi::embedding::EmbeddingProvider;
using akashi::plugin::StatusCode;
using test::FakeEmbeddingServer;
using Clock = std::chrono::steady_clock;

/// embedding-ollama.so against a FakeEmbeddingServer speaking Ollama's /api/embed on 127.0.0.1.
class OllamaEmbeddingProviderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(OllamaEmbeddingProviderTest);
    CPPUNIT_TEST(testDefaults);
    CPPUNIT_TEST(testEmbedsThroughApiEmbed);
    CPPUNIT_TEST(testModelNotPulledSurfacesOllamasMessage);
    CPPUNIT_TEST(testRateLimitedHonoursRetryAfterThenSucceeds);
    CPPUNIT_TEST(testServerErrorsUntilRetriesExhausted);
    CPPUNIT_TEST(testTimeoutIsUnavailable);
    CPPUNIT_TEST(testMalformedResponsesAreInternal);
    CPPUNIT_TEST(testWrongDimensionsAreRejected);
    CPPUNIT_TEST(testHugeInputIsTruncatedOnACharacterBoundary);
    CPPUNIT_TEST(testBatchIsSplitIntoRequestsOf64);
    CPPUNIT_TEST(testBadConfigurationFailsCreate);
    CPPUNIT_TEST_SUITE_END();

    using Instance = PluginInstance<EmbeddingProvider>;
    using Config = std::map<std::string, std::string>;

public:
    void testDefaults()
    {
        Instance provider("embedding", "ollama");
        CPPUNIT_ASSERT_EQUAL(std::string("ollama"), provider.loaded().name);
        CPPUNIT_ASSERT_EQUAL(std::string("mxbai-embed-large"), provider->model());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1024), provider->dimensions());
        CPPUNIT_ASSERT_EQUAL(std::size_t(256), provider->maxBatchSize());
        CPPUNIT_ASSERT_EQUAL(std::string("http://localhost:11434"), provider.logger().lines().at(0).field("url").value_or(""));
    }

    void testEmbedsThroughApiEmbed()
    {
        FakeEmbeddingServer server(FakeEmbeddingServer::ollama(4));
        Instance provider("embedding", "ollama", config(server, {{"model", "nomic-embed-text"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("nomic-embed-text"), provider->model());
        const std::vector<std::string> texts{"a", "bb", "Entscheidung über €"};
        const auto result = provider->embed(texts);
        CPPUNIT_ASSERT_MESSAGE(result.status.message, result.status.isOk());
        for (std::size_t i = 0; i < texts.size(); ++i)
            CPPUNIT_ASSERT(FakeEmbeddingServer::vectorFor(texts[i], 4) == result.vectors.at(i));

        const auto request = server.requests().at(0);
        CPPUNIT_ASSERT_EQUAL(std::string("POST"), request.method);
        CPPUNIT_ASSERT_EQUAL(std::string("/api/embed"), request.path);
        CPPUNIT_ASSERT(request.headers.count("authorization") == 0);
        const auto body = Poco::JSON::Parser().parse(request.body).extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_EQUAL(std::string("nomic-embed-text"), body->getValue<std::string>("model"));
        CPPUNIT_ASSERT(texts == FakeEmbeddingServer::inputsOf(request));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), body->size()); // model and input, nothing else
    }

    void testModelNotPulledSurfacesOllamasMessage()
    {
        FakeEmbeddingServer server(FakeEmbeddingServer::ollama(4));
        server.enqueue({404, R"({"error":"model \"nomic-embed-text\" not found, try pulling it first"})", {}, {}});
        Instance provider("embedding", "ollama", config(server, {{"max_retries", "3"}}));
        const auto result = provider->embed({"text"});
        CPPUNIT_ASSERT(result.status.code == StatusCode::invalidArgument);
        CPPUNIT_ASSERT_EQUAL(std::string("ollama: HTTP 404: model \"nomic-embed-text\" not found, try pulling it first"),
                             result.status.message);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), server.requestCount());
    }

    void testRateLimitedHonoursRetryAfterThenSucceeds()
    {
        FakeEmbeddingServer server(FakeEmbeddingServer::ollama(4));
        server.enqueue({429, R"({"error":"server busy"})", {{"Retry-After", "1"}}, {}});
        Instance provider("embedding", "ollama", config(server, {{"max_retries", "1"}}));
        const auto start = Clock::now();
        const auto result = provider->embed({"text"});
        CPPUNIT_ASSERT_MESSAGE(result.status.message, result.status.isOk());
        CPPUNIT_ASSERT(Clock::now() - start >= std::chrono::milliseconds(1000));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), server.requestCount());
    }

    void testServerErrorsUntilRetriesExhausted()
    {
        FakeEmbeddingServer server([](const FakeEmbeddingServer::Request&) {
            return FakeEmbeddingServer::Reply{500, R"({"error":"llama runner process has terminated"})", {}, {}};
        });
        Instance provider("embedding", "ollama", config(server, {{"max_retries", "2"}}));
        const auto result = provider->embed({"text"});
        CPPUNIT_ASSERT(result.status.code == StatusCode::unavailable);
        CPPUNIT_ASSERT_EQUAL(std::string("ollama: HTTP 500 after 3 attempts: llama runner process has terminated"),
                             result.status.message);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), server.requestCount());
    }

    void testTimeoutIsUnavailable()
    {
        FakeEmbeddingServer server(FakeEmbeddingServer::ollama(4));
        server.enqueue({200, "{}", {}, std::chrono::milliseconds(3000)});
        Instance provider("embedding", "ollama", config(server, {{"timeout", "150ms"}}));
        const auto start = Clock::now();
        const auto result = provider->embed({"text"});
        CPPUNIT_ASSERT(Clock::now() - start < std::chrono::milliseconds(2500));
        CPPUNIT_ASSERT(result.status.code == StatusCode::unavailable);
        CPPUNIT_ASSERT_EQUAL("ollama: no answer from " + server.url() + " within 150 ms (1 attempt)", result.status.message);
    }

    void testMalformedResponsesAreInternal()
    {
        const struct
        {
            const char* body;
            const char* problem;
        } cases[] = {
            {"<html>", "body is not JSON"},
            {R"({"embedding":[1,2,3,4]})", "embeddings is missing"},
            {R"({"embeddings":[[1,2,3,4],[1,2,3,4]]})", "embeddings has 2 vectors for 1 inputs"},
            {R"({"embeddings":[{"a":1}]})", "embeddings[0] is not an array"},
            {R"({"embeddings":[[1,null,3,4]]})", "embeddings[0][1] is not a number"},
        };
        FakeEmbeddingServer server(FakeEmbeddingServer::ollama(4));
        Instance provider("embedding", "ollama", config(server));
        for (const auto& c : cases)
        {
            server.enqueue({200, c.body, {}, {}});
            const auto result = provider->embed({"text"});
            CPPUNIT_ASSERT_MESSAGE(c.body, result.status.code == StatusCode::internal);
            const std::string prefix = "ollama: malformed response from " + server.url() + ": " + c.problem;
            CPPUNIT_ASSERT_MESSAGE(result.status.message, result.status.message.rfind(prefix, 0) == 0);
        }
    }

    void testWrongDimensionsAreRejected()
    {
        FakeEmbeddingServer server(FakeEmbeddingServer::ollama(768));
        Instance provider("embedding", "ollama", config(server, {{"dimensions", "1024"}}));
        const auto result = provider->embed({"text"});
        CPPUNIT_ASSERT(result.status.code == StatusCode::invalidArgument);
        CPPUNIT_ASSERT_EQUAL(std::string("ollama: model returned 768 dimensions, configured 1024"), result.status.message);
    }

    void testHugeInputIsTruncatedOnACharacterBoundary()
    {
        FakeEmbeddingServer server(FakeEmbeddingServer::ollama(4));
        Instance provider("embedding", "ollama", config(server));
        std::string huge;
        for (int i = 0; i < 5000; ++i)
            huge += "\xE2\x82\xAC"; // €, 3 bytes: 8192 bytes end inside the 2731st
        const auto result = provider->embed({huge});
        CPPUNIT_ASSERT_MESSAGE(result.status.message, result.status.isOk());
        const auto inputs = FakeEmbeddingServer::inputsOf(server.requests().at(0));
        CPPUNIT_ASSERT_EQUAL(std::size_t(8190), inputs.at(0).size());
        CPPUNIT_ASSERT(huge.compare(0, 8190, inputs[0]) == 0);
    }

    void testBatchIsSplitIntoRequestsOf64()
    {
        FakeEmbeddingServer server(FakeEmbeddingServer::ollama(4));
        Instance provider("embedding", "ollama", config(server));
        std::vector<std::string> texts;
        for (std::size_t i = 1; i <= 150; ++i)
            texts.push_back(std::string(i, 'y'));
        const auto result = provider->embed(texts);
        CPPUNIT_ASSERT_MESSAGE(result.status.message, result.status.isOk());
        for (std::size_t i = 0; i < texts.size(); ++i)
            CPPUNIT_ASSERT_EQUAL(static_cast<float>(i + 1), result.vectors.at(i)[0]);
        const auto requests = server.requests();
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), requests.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), FakeEmbeddingServer::inputsOf(requests[0]).size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), FakeEmbeddingServer::inputsOf(requests[1]).size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(22), FakeEmbeddingServer::inputsOf(requests[2]).size());

        // A failing request fails the whole batch: no partial vectors.
        server.enqueue({200, R"({"embeddings":[]})", {}, {}});
        const auto failed = provider->embed(texts);
        CPPUNIT_ASSERT(failed.status.code == StatusCode::internal);
        CPPUNIT_ASSERT(failed.vectors.empty());
    }

    void testBadConfigurationFailsCreate()
    {
        const Instance::ConfigErrorCase cases[] = {
            {"url", "localhost:11434", "url: \"localhost:11434\" must start with http:// or https://"},
            {"model", "", "model: must not be empty"},
            {"timeout", "30", "timeout: \"30\" is not a duration (e.g. \"30s\", \"1h30m\")"},
            {"max_retries", "x", "max_retries: \"x\" is not an integer"},
            {"api_key", "sk-x", "unknown configuration key \"api_key\""},
        };
        Instance::assertCreateErrors("embedding", "ollama", cases);
        CPPUNIT_ASSERT_EQUAL(std::string("the plugin context has no logger"),
                             Instance::createError("embedding", "ollama", {}, false));
    }

private:
    static Config config(const FakeEmbeddingServer& server, const Config& overrides = {})
    {
        Config config{{"url", server.url()}, {"dimensions", "4"}, {"max_retries", "0"}, {"timeout", "5s"}};
        for (const auto& [key, value] : overrides)
            config[key] = value;
        return config;
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(OllamaEmbeddingProviderTest);
} // namespace akashi::plugins::embedding::ollama
