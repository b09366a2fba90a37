#include "plugins/PluginInstance.h"
#include "plugins/embedding/FakeEmbeddingServer.h"

#include <akashi/embedding/EmbeddingProvider.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/ServerSocket.h>

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace akashi::plugins::embedding::openai
{
using akashi::embedding::EmbeddingProvider;
using akashi::plugin::StatusCode;
using test::FakeEmbeddingServer;
using Clock = std::chrono::steady_clock;

/// embedding-openai.so against a FakeEmbeddingServer speaking the OpenAI wire format on 127.0.0.1.
class OpenAiEmbeddingProviderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(OpenAiEmbeddingProviderTest);
    CPPUNIT_TEST(testDefaults);
    CPPUNIT_TEST(testEmbedsInInputOrderWhateverTheDataOrder);
    CPPUNIT_TEST(testRequestShape);
    CPPUNIT_TEST(testDimensionsAreSentToTextEmbedding3ModelsOnly);
    CPPUNIT_TEST(testRateLimitedHonoursRetryAfterThenSucceeds);
    CPPUNIT_TEST(testRateLimitedUntilRetriesExhausted);
    CPPUNIT_TEST(testLongRetryAfterEndsRetriesAtOnce);
    CPPUNIT_TEST(testServerErrorThenSuccess);
    CPPUNIT_TEST(testServerErrorsUntilRetriesExhausted);
    CPPUNIT_TEST(testTimeoutIsUnavailable);
    CPPUNIT_TEST(testConnectionRefusedIsUnavailable);
    CPPUNIT_TEST(testHttpsUrlSpeaksTls);
    CPPUNIT_TEST(testMalformedResponsesAreInternal);
    CPPUNIT_TEST(testWrongDimensionsAreRejected);
    CPPUNIT_TEST(testClientErrorsSurfaceTheApiMessageWithoutTheKey);
    CPPUNIT_TEST(testUrlPathPrefixIsKept);
    CPPUNIT_TEST(testHugeInputIsTruncatedOnACharacterBoundary);
    CPPUNIT_TEST(testLargeBatchIsPackedIntoSeveralRequests);
    CPPUNIT_TEST(testBadBatchesAreRejectedWithoutARequest);
    CPPUNIT_TEST(testBadConfigurationFailsCreate);
    CPPUNIT_TEST(testReadyLineNamesSettingsButNotTheKey);
    CPPUNIT_TEST_SUITE_END();

    using Instance = PluginInstance<EmbeddingProvider>;
    using Config = std::map<std::string, std::string>;
    static constexpr const char* kKey = "sk-test-0123456789abcdef";

public:
    void testDefaults()
    {
        Instance provider("embedding", "openai", {{"api_key", kKey}});
        CPPUNIT_ASSERT_EQUAL(std::string("openai"), provider.loaded().name);
        CPPUNIT_ASSERT_EQUAL(std::string("text-embedding-3-small"), provider->model());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1024), provider->dimensions());
        CPPUNIT_ASSERT_EQUAL(std::size_t(256), provider->maxBatchSize());
    }

    void testEmbedsInInputOrderWhateverTheDataOrder()
    {
        FakeEmbeddingServer server(FakeEmbeddingServer::openAi(4));
        Instance provider("embedding", "openai", config(server));
        const std::vector<std::string> texts{"a", "bb", "ccc"};
        const auto result = provider->embed(texts);
        CPPUNIT_ASSERT_MESSAGE(result.status.message, result.status.isOk());
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), result.vectors.size());
        for (std::size_t i = 0; i < texts.size(); ++i)
            CPPUNIT_ASSERT(FakeEmbeddingServer::vectorFor(texts[i], 4) == result.vectors[i]);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), server.requestCount());
    }

    void testRequestShape()
    {
        FakeEmbeddingServer server(FakeEmbeddingServer::openAi(4));
        Instance provider("embedding", "openai", config(server));
        CPPUNIT_ASSERT(provider->embed({"first \"quoted\" decision", "zweite Entscheidung über €"}).status.isOk());
        const auto request = server.requests().at(0);
        CPPUNIT_ASSERT_EQUAL(std::string("POST"), request.method);
        CPPUNIT_ASSERT_EQUAL(std::string("/v1/embeddings"), request.path);
        CPPUNIT_ASSERT_EQUAL(std::string("Bearer ") + kKey, request.headers.at("authorization"));
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), request.headers.at("content-type"));
        const auto body = Poco::JSON::Parser().parse(request.body).extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_EQUAL(std::string("text-embedding-3-small"), body->getValue<std::string>("model"));
        CPPUNIT_ASSERT_EQUAL(4, body->getValue<int>("dimensions"));
        CPPUNIT_ASSERT_EQUAL(std::string("float"), body->getValue<std::string>("encoding_format"));
        CPPUNIT_ASSERT((std::vector<std::string>{"first \"quoted\" decision", "zweite Entscheidung über €"}) ==
                       FakeEmbeddingServer::inputsOf(request));
    }

    void testDimensionsAreSentToTextEmbedding3ModelsOnly()
    {
        FakeEmbeddingServer server(FakeEmbeddingServer::openAi(4));
        Instance provider("embedding", "openai", config(server, {{"model", "text-embedding-ada-002"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("text-embedding-ada-002"), provider->model());
        CPPUNIT_ASSERT(provider->embed({"text"}).status.isOk());
        const auto body = Poco::JSON::Parser().parse(server.requests().at(0).body).extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_EQUAL(std::string("text-embedding-ada-002"), body->getValue<std::string>("model"));
        CPPUNIT_ASSERT(!body->has("dimensions"));
    }

    void testRateLimitedHonoursRetryAfterThenSucceeds()
    {
        FakeEmbeddingServer server(FakeEmbeddingServer::openAi(4));
        server.enqueue(rateLimited("1"));
        Instance provider("embedding", "openai", config(server, {{"max_retries", "2"}}));
        const auto start = Clock::now();
        const auto result = provider->embed({"text"});
        CPPUNIT_ASSERT_MESSAGE(result.status.message, result.status.isOk());
        CPPUNIT_ASSERT(Clock::now() - start >= std::chrono::milliseconds(1000)); // waited Retry-After, not 250 ms
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), server.requestCount());
        const auto retried = provider.logger().lines().back();
        CPPUNIT_ASSERT_EQUAL(std::string("embedding request retried"), retried.message);
        CPPUNIT_ASSERT_EQUAL(std::string("HTTP 429"), retried.field("reason").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("1000"), retried.field("delay_ms").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("1"), retried.field("attempt").value_or(""));
    }

    void testRateLimitedUntilRetriesExhausted()
    {
        FakeEmbeddingServer server(FakeEmbeddingServer::openAi(4));
        server.enqueue(rateLimited("1"));
        server.enqueue(rateLimited("1"));
        Instance provider("embedding", "openai", config(server, {{"max_retries", "1"}}));
        const auto result = provider->embed({"text"});
        CPPUNIT_ASSERT(result.status.code == StatusCode::rateLimited);
        CPPUNIT_ASSERT_EQUAL(std::string("openai: rate limited (HTTP 429) after 2 attempts: Rate limit reached for requests"),
                             result.status.message);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1000), result.status.retryAfterMs);
        CPPUNIT_ASSERT(result.vectors.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), server.requestCount());

        // Without Retry-After the hint is the backoff the next retry would have waited.
        server.enqueue(rateLimited(""));
        Instance once("embedding", "openai", config(server));
        const auto bare = once->embed({"text"});
        CPPUNIT_ASSERT(bare.status.code == StatusCode::rateLimited);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(250), bare.status.retryAfterMs);
    }

    void testLongRetryAfterEndsRetriesAtOnce()
    {
        FakeEmbeddingServer server(FakeEmbeddingServer::openAi(4));
        server.enqueue(rateLimited("120"));
        Instance provider("embedding", "openai", config(server, {{"max_retries", "3"}}));
        const auto start = Clock::now();
        const auto result = provider->embed({"text"});
        CPPUNIT_ASSERT(Clock::now() - start < std::chrono::seconds(5));
        CPPUNIT_ASSERT(result.status.code == StatusCode::rateLimited);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(120000), result.status.retryAfterMs);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), server.requestCount());
    }

    void testServerErrorThenSuccess()
    {
        FakeEmbeddingServer server(FakeEmbeddingServer::openAi(4));
        server.enqueue({503, R"({"error":{"message":"overloaded"}})", {}, {}});
        server.enqueue({502, "<html>bad gateway</html>", {}, {}});
        Instance provider("embedding", "openai", config(server, {{"max_retries", "2"}}));
        const auto result = provider->embed({"text"});
        CPPUNIT_ASSERT_MESSAGE(result.status.message, result.status.isOk());
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), server.requestCount());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), countRetries(provider));
    }

    void testServerErrorsUntilRetriesExhausted()
    {
        FakeEmbeddingServer server([](const FakeEmbeddingServer::Request&) {
            return FakeEmbeddingServer::Reply{500, R"({"error":{"message":"The server had an error"}})", {}, {}};
        });
        Instance provider("embedding", "openai", config(server, {{"max_retries", "2"}}));
        const auto result = provider->embed({"text"});
        CPPUNIT_ASSERT(result.status.code == StatusCode::unavailable);
        CPPUNIT_ASSERT_EQUAL(std::string("openai: HTTP 500 after 3 attempts: The server had an error"), result.status.message);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), server.requestCount());
        CPPUNIT_ASSERT(result.vectors.empty());
    }

    void testTimeoutIsUnavailable()
    {
        FakeEmbeddingServer server(FakeEmbeddingServer::openAi(4));
        FakeEmbeddingServer::Reply slow{200, "{}", {}, std::chrono::milliseconds(3000)};
        server.enqueue(slow);
        server.enqueue(slow);
        Instance provider("embedding", "openai", config(server, {{"timeout", "200ms"}, {"max_retries", "1"}}));
        const auto start = Clock::now();
        const auto result = provider->embed({"text"});
        CPPUNIT_ASSERT(Clock::now() - start < std::chrono::milliseconds(2500));
        CPPUNIT_ASSERT(result.status.code == StatusCode::unavailable);
        CPPUNIT_ASSERT_EQUAL("openai: no answer from " + server.url() + " within 200 ms (2 attempts)", result.status.message);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), server.requestCount());
    }

    void testConnectionRefusedIsUnavailable()
    {
        const std::string url = closedPortUrl();
        Instance provider("embedding", "openai", {{"api_key", kKey}, {"url", url}, {"max_retries", "1"}});
        const auto result = provider->embed({"text"});
        CPPUNIT_ASSERT(result.status.code == StatusCode::unavailable);
        CPPUNIT_ASSERT_MESSAGE(result.status.message,
                               result.status.message.rfind("openai: cannot reach " + url + ": Connection refused", 0) == 0);
        CPPUNIT_ASSERT_MESSAGE(result.status.message, endsWith(result.status.message, " (2 attempts)"));
    }

    void testHttpsUrlSpeaksTls()
    {
        // A plain HTTP server cannot complete a TLS handshake: the request fails instead of being answered.
        FakeEmbeddingServer server(FakeEmbeddingServer::openAi(4));
        const std::string url = "https://127.0.0.1:" + std::to_string(server.port());
        Instance provider("embedding", "openai", {{"api_key", kKey}, {"url", url}, {"dimensions", "4"}, {"max_retries", "0"}});
        const auto result = provider->embed({"text"});
        CPPUNIT_ASSERT(result.status.code == StatusCode::unavailable);
        CPPUNIT_ASSERT_MESSAGE(result.status.message, result.status.message.rfind("openai: cannot reach " + url + ": ", 0) == 0);
    }

    void testMalformedResponsesAreInternal()
    {
        const struct
        {
            const char* body;
            const char* problem;
        } cases[] = {
            {"not json", "body is not JSON"},
            {"[1,2]", "body is not a JSON object"},
            {R"({"object":"list"})", "data is missing"},
            {R"({"data":{}})", "data is not an array"},
            {R"({"data":[]})", "data has 0 embeddings for 1 inputs"},
            {R"({"data":[7]})", "data[0] is not an object"},
            {R"({"data":[{"embedding":[1,2,3,4]}]})", "data[0].index is missing or not an integer"},
            {R"({"data":[{"index":1,"embedding":[1,2,3,4]}]})", "data[0].index 1 is out of range or repeated"},
            {R"({"data":[{"index":0}]})", "data[0].embedding is missing"},
            {R"({"data":[{"index":0,"embedding":[1,"x",3,4]}]})", "data[0].embedding[1] is not a number"},
        };
        FakeEmbeddingServer server(FakeEmbeddingServer::openAi(4));
        Instance provider("embedding", "openai", config(server));
        for (const auto& c : cases)
        {
            server.enqueue({200, c.body, {}, {}});
            const auto result = provider->embed({"text"});
            CPPUNIT_ASSERT_MESSAGE(c.body, result.status.code == StatusCode::internal);
            const std::string prefix = "openai: malformed response from " + server.url() + ": " + c.problem;
            CPPUNIT_ASSERT_MESSAGE(result.status.message, result.status.message.rfind(prefix, 0) == 0);
            CPPUNIT_ASSERT(result.vectors.empty());
        }
        CPPUNIT_ASSERT_EQUAL(std::size(cases), server.requestCount()); // a malformed answer is not retried
    }

    void testWrongDimensionsAreRejected()
    {
        FakeEmbeddingServer server(FakeEmbeddingServer::openAi(3));
        Instance provider("embedding", "openai", config(server));
        const auto result = provider->embed({"text"});
        CPPUNIT_ASSERT(result.status.code == StatusCode::invalidArgument);
        CPPUNIT_ASSERT_EQUAL(std::string("openai: model returned 3 dimensions, configured 4"), result.status.message);
        CPPUNIT_ASSERT(result.vectors.empty());
    }

    void testClientErrorsSurfaceTheApiMessageWithoutTheKey()
    {
        FakeEmbeddingServer server(FakeEmbeddingServer::openAi(4));
        // OpenAI quotes a masked key on 401; any "sk-" token is blanked, and the configured key wherever it is.
        server.enqueue({401,
                        R"({"error":{"message":"Incorrect API key provided: sk-test-****************cdef. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","code":"invalid_api_key"}})",
                        {},
                        {}});
        server.enqueue({400, R"({"error":{"message":"'input' : input must be a string or an array of strings"}})", {}, {}});
        server.enqueue({403, "forbidden", {}, {}});
        server.enqueue({400, std::string(R"({"error":{"message":"key )") + kKey + R"( is not allowed"}})", {}, {}});
        Instance provider("embedding", "openai", config(server, {{"max_retries", "3"}}));

        const auto unauthorized = provider->embed({"text"});
        CPPUNIT_ASSERT(unauthorized.status.code == StatusCode::invalidArgument);
        CPPUNIT_ASSERT_EQUAL(std::string("openai: HTTP 401: Incorrect API key provided: sk-***. You can find your API key at "
                                         "https://platform.openai.com/account/api-keys."),
                             unauthorized.status.message);
        const auto badRequest = provider->embed({"text"});
        CPPUNIT_ASSERT(badRequest.status.code == StatusCode::invalidArgument);
        CPPUNIT_ASSERT_EQUAL(std::string("openai: HTTP 400: 'input' : input must be a string or an array of strings"),
                             badRequest.status.message);
        const auto forbidden = provider->embed({"text"});
        CPPUNIT_ASSERT_EQUAL(std::string("openai: HTTP 403"), forbidden.status.message);
        const auto quoted = provider->embed({"text"});
        CPPUNIT_ASSERT_EQUAL(std::string("openai: HTTP 400: key [redacted] is not allowed"), quoted.status.message);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), server.requestCount()); // 4xx is final: no retries
        for (const auto& line : provider.logger().lines())
            for (const auto& [name, value] : line.fields)
                CPPUNIT_ASSERT(value.find(kKey) == std::string::npos);
    }

    void testUrlPathPrefixIsKept()
    {
        FakeEmbeddingServer server(FakeEmbeddingServer::openAi(4));
        Instance provider("embedding", "openai", config(server, {{"url", server.url() + "/gateway/openai/"}}));
        const auto result = provider->embed({"text"});
        CPPUNIT_ASSERT_EQUAL(std::string("/gateway/openai/v1/embeddings"), server.requests().at(0).path);
        CPPUNIT_ASSERT(result.status.code == StatusCode::invalidArgument); // the fake only serves /v1/embeddings
        CPPUNIT_ASSERT_EQUAL(std::string("openai: HTTP 404: Invalid URL (POST /gateway/openai/v1/embeddings)"),
                             result.status.message);
    }

    void testHugeInputIsTruncatedOnACharacterBoundary()
    {
        FakeEmbeddingServer server(FakeEmbeddingServer::openAi(4));
        Instance provider("embedding", "openai", config(server));
        std::string huge;
        for (int i = 0; i < 20000; ++i)
            huge += "\xC3\xA9"; // é, 2 bytes: 8191*3 = 24573 is odd, so the cut falls inside one
        const auto result = provider->embed({huge, "short"});
        CPPUNIT_ASSERT_MESSAGE(result.status.message, result.status.isOk());
        const auto inputs = FakeEmbeddingServer::inputsOf(server.requests().at(0));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), inputs.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(24572), inputs[0].size());
        CPPUNIT_ASSERT(huge.compare(0, inputs[0].size(), inputs[0]) == 0);
        CPPUNIT_ASSERT_EQUAL(std::string("short"), inputs[1]);
        CPPUNIT_ASSERT_EQUAL(24572.0f, result.vectors[0][0]); // the vector of what was sent
    }

    void testLargeBatchIsPackedIntoSeveralRequests()
    {
        FakeEmbeddingServer server(FakeEmbeddingServer::openAi(4));
        Instance provider("embedding", "openai", config(server));
        std::vector<std::string> texts;
        for (std::size_t i = 0; i < 256; ++i)
            texts.push_back(std::string(10000 + i, 'x')); // 2.6 MB in all; requests carry at most 900,000 bytes
        const auto result = provider->embed(texts);
        CPPUNIT_ASSERT_MESSAGE(result.status.message, result.status.isOk());
        CPPUNIT_ASSERT_EQUAL(std::size_t(256), result.vectors.size());
        for (std::size_t i = 0; i < texts.size(); ++i)
            CPPUNIT_ASSERT_EQUAL(static_cast<float>(texts[i].size()), result.vectors[i][0]);
        const auto requests = server.requests();
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), requests.size());
        std::size_t sent = 0;
        for (const auto& request : requests)
        {
            std::size_t bytes = 0;
            for (const auto& input : FakeEmbeddingServer::inputsOf(request))
                bytes += input.size();
            CPPUNIT_ASSERT(bytes <= 900000);
            sent += FakeEmbeddingServer::inputsOf(request).size();
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(256), sent);
    }

    void testBadBatchesAreRejectedWithoutARequest()
    {
        FakeEmbeddingServer server(FakeEmbeddingServer::openAi(4));
        Instance provider("embedding", "openai", config(server));
        const auto over = provider->embed(std::vector<std::string>(257, "text"));
        CPPUNIT_ASSERT(over.status.code == StatusCode::invalidArgument);
        CPPUNIT_ASSERT_EQUAL(std::string("batch of 257 texts exceeds 256"), over.status.message);
        const auto empty = provider->embed({"text", ""});
        CPPUNIT_ASSERT(empty.status.code == StatusCode::invalidArgument);
        CPPUNIT_ASSERT_EQUAL(std::string("text 1 is empty"), empty.status.message);
        const auto none = provider->embed({});
        CPPUNIT_ASSERT(none.status.isOk());
        CPPUNIT_ASSERT(none.vectors.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), server.requestCount());
    }

    void testBadConfigurationFailsCreate()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("api_key: the openai provider needs an API key (set OPENAI_API_KEY or "
                                         "akashi.embedding.openai.api_key)"),
                             Instance::createError("embedding", "openai", {}));
        CPPUNIT_ASSERT_EQUAL(std::string("api_key: contains control characters"),
                             Instance::createError("embedding", "openai", {{"api_key", "sk-a\r\nX-Evil: 1"}}));
        const Instance::ConfigErrorCase cases[] = {
            {"url", "ftp://example.com", "url: \"ftp://example.com\" must start with http:// or https://"},
            {"url", "api.openai.com", "url: \"api.openai.com\" must start with http:// or https://"},
            {"url", "https://", "url: \"https://\" has no host"},
            {"url", "https://user:secret@example.com", "url: credentials in the URL are not supported"},
            {"url", "https://example.com/?a=1", "url: \"https://example.com/?a=1\" must not have a query or fragment"},
            {"model", "", "model: must not be empty"},
            {"dimensions", "0", "dimensions: 0 is not between 1 and 16000"},
            {"timeout", "soon", "timeout: \"soon\" is not a duration (e.g. \"30s\", \"1h30m\")"},
            {"timeout", "0", "timeout: 0 is not between 1ms and 600000ms"},
            {"timeout", "11m", "timeout: 11m is not between 1ms and 600000ms"},
            {"max_retries", "11", "max_retries: 11 is not between 0 and 10"},
            {"max_retries", "-1", "max_retries: -1 is not between 0 and 10"},
            {"apikey", "sk-x", "unknown configuration key \"apikey\""},
        };
        Instance::assertCreateErrors("embedding", "openai", cases);
        CPPUNIT_ASSERT_EQUAL(std::string("the plugin context has no logger"),
                             Instance::createError("embedding", "openai", {{"api_key", kKey}}, false));
    }

    void testReadyLineNamesSettingsButNotTheKey()
    {
        Instance provider("embedding", "openai",
                          {{"api_key", kKey}, {"url", "http://127.0.0.1:9/"}, {"timeout", "1m30s"}, {"max_retries", "0"}});
        const auto lines = provider.logger().lines();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), lines.size());
        CPPUNIT_ASSERT_EQUAL(std::string("openai embedding provider ready"), lines[0].message);
        CPPUNIT_ASSERT_EQUAL(std::string("http://127.0.0.1:9"), lines[0].field("url").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("90000"), lines[0].field("timeout_ms").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("0"), lines[0].field("max_retries").value_or(""));
        for (const auto& [name, value] : lines[0].fields)
            CPPUNIT_ASSERT(value.find(kKey) == std::string::npos);
    }

private:
    static Config config(const FakeEmbeddingServer& server, const Config& overrides = {})
    {
        Config config{{"api_key", kKey}, {"url", server.url()}, {"dimensions", "4"}, {"max_retries", "0"}, {"timeout", "5s"}};
        for (const auto& [key, value] : overrides)
            config[key] = value;
        return config;
    }

    static FakeEmbeddingServer::Reply rateLimited(const std::string& retryAfter)
    {
        FakeEmbeddingServer::Reply reply{429, R"({"error":{"message":"Rate limit reached for requests","type":"requests"}})", {}, {}};
        if (!retryAfter.empty())
            reply.headers.emplace_back("Retry-After", retryAfter);
        return reply;
    }

    static std::size_t countRetries(Instance& provider)
    {
        std::size_t retries = 0;
        for (const auto& line : provider.logger().lines())
            retries += line.message == "embedding request retried" ? 1 : 0;
        return retries;
    }

    /// A URL on which nothing listens: bound, its port noted, then closed again.
    static std::string closedPortUrl()
    {
        Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
        const auto port = socket.address().port();
        socket.close();
        return "http://127.0.0.1:" + std::to_string(port);
    }

    static bool endsWith(const std::string& text, const std::string& suffix)
    {
        return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(OpenAiEmbeddingProviderTest);
} // namespace akashi::plugins::embedding::openai
