#include "PluginFixtures.h"

#include "config/ConfigLoader.h"
#include "plugin/EmbeddingProviderChooser.h"
#include "plugin/OllamaProbe.h"
#include "plugin/PluginRegistry.h"
#include "plugin/PluginSubsystem.h"
#include "plugins/embedding/FakeEmbeddingServer.h"
#include "support/TempDirectory.h"

#include <akashi/embedding/EmbeddingProvider.h>

#include <Poco/AutoPtr.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Util/LayeredConfiguration.h>

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <map>
#include <string>

namespace akashi::plugin
{
using plugins::test::FakeEmbeddingServer;
using test::PluginFixtures;
using Overrides = std::map<std::string, std::string>;
using Clock = std::chrono::steady_clock;

/// `akashi.embedding.provider = auto` against the build's real plugins, with a FakeEmbeddingServer as
/// Ollama or a port nobody listens on; configuration loaded as the server loads it, without environment.
class EmbeddingProviderChooserTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(EmbeddingProviderChooserTest);
    CPPUNIT_TEST(testConfiguredNameIsTakenAsIs);
    CPPUNIT_TEST(testReachableOllamaIsChosen);
    CPPUNIT_TEST(testUnreachableOllamaAndAKeyGiveOpenai);
    CPPUNIT_TEST(testOllamaAnsweringAnErrorIsPassedOver);
    CPPUNIT_TEST(testSlowOllamaIsPassedOverAfterTwoSeconds);
    CPPUNIT_TEST(testHttpsOllamaIsNotProbed);
    CPPUNIT_TEST(testNeitherGivesLocal);
    CPPUNIT_TEST(testNoopWhenNothingElseIsInstalled);
    CPPUNIT_TEST(testSubsystemCreatesTheChosenProvider);
    CPPUNIT_TEST_SUITE_END();

    using Choice = EmbeddingProviderChooser::Choice;

public:
    void setUp() override
    {
        _registry = std::make_unique<PluginRegistry>();
        _registry->loadSearchPath(PluginFixtures::realPluginDir());
        _closedUrl = closedPortUrl();
    }

    void tearDown() override { _registry.reset(); }

    void testConfiguredNameIsTakenAsIs()
    {
        FakeEmbeddingServer ollama(FakeEmbeddingServer::ollama(4));
        const auto choice = choose({{"akashi.embedding.provider", "noop"}, {"akashi.embedding.ollama.url", ollama.url()}});
        CPPUNIT_ASSERT_EQUAL(std::string("noop"), choice.name);
        CPPUNIT_ASSERT_EQUAL(std::string("configured"), choice.reason);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), ollama.requestCount()); // nothing probed
    }

    void testReachableOllamaIsChosen()
    {
        FakeEmbeddingServer ollama(FakeEmbeddingServer::ollama(4));
        const auto choice = choose({{"akashi.embedding.ollama.url", ollama.url() + "/"},
                                    {"akashi.embedding.openai.api_key", "sk-test-key"}});
        CPPUNIT_ASSERT_EQUAL(std::string("ollama"), choice.name);
        CPPUNIT_ASSERT_EQUAL("auto: ollama reachable at " + ollama.url(), choice.reason);
        const auto request = ollama.requests().at(0);
        CPPUNIT_ASSERT_EQUAL(std::string("GET"), request.method);
        CPPUNIT_ASSERT_EQUAL(std::string("/api/tags"), request.path);
    }

    void testUnreachableOllamaAndAKeyGiveOpenai()
    {
        const auto choice = choose({{"akashi.embedding.ollama.url", _closedUrl}, {"akashi.embedding.openai.api_key", "sk-test-key"}});
        CPPUNIT_ASSERT_EQUAL(std::string("openai"), choice.name);
        const std::string prefix = "auto: OPENAI_API_KEY set (ollama not reachable at " + _closedUrl + ": Connection refused";
        CPPUNIT_ASSERT_MESSAGE(choice.reason, choice.reason.rfind(prefix, 0) == 0);
        CPPUNIT_ASSERT(choice.reason.find("sk-test-key") == std::string::npos);
    }

    void testOllamaAnsweringAnErrorIsPassedOver()
    {
        FakeEmbeddingServer ollama([](const FakeEmbeddingServer::Request&) {
            return FakeEmbeddingServer::Reply{404, R"({"error":"404 page not found"})", {}, {}};
        });
        const auto choice = choose({{"akashi.embedding.ollama.url", ollama.url()}, {"akashi.embedding.openai.api_key", "sk-x"}});
        CPPUNIT_ASSERT_EQUAL(std::string("openai"), choice.name);
        CPPUNIT_ASSERT_EQUAL("auto: OPENAI_API_KEY set (ollama not reachable at " + ollama.url() + ": HTTP 404)", choice.reason);
    }

    void testSlowOllamaIsPassedOverAfterTwoSeconds()
    {
        FakeEmbeddingServer ollama(FakeEmbeddingServer::ollama(4));
        ollama.enqueue({200, R"({"models":[]})", {}, std::chrono::milliseconds(4000)});
        const auto start = Clock::now();
        const auto choice = choose({{"akashi.embedding.ollama.url", ollama.url()}});
        const auto elapsed = Clock::now() - start;
        CPPUNIT_ASSERT(elapsed >= std::chrono::milliseconds(1900));
        CPPUNIT_ASSERT(elapsed < std::chrono::milliseconds(3500));
        CPPUNIT_ASSERT_EQUAL(std::string("local"), choice.name);
        CPPUNIT_ASSERT_EQUAL("auto: offline default (ollama not reachable at " + ollama.url() +
                                 ": no answer within 2000 ms; no OPENAI_API_KEY)",
                             choice.reason);
    }

    void testHttpsOllamaIsNotProbed()
    {
        FakeEmbeddingServer ollama(FakeEmbeddingServer::ollama(4));
        const std::string url = "https://127.0.0.1:" + std::to_string(ollama.port());
        const auto probe = OllamaProbe::probe(url, std::chrono::milliseconds(500));
        CPPUNIT_ASSERT(!probe.reachable);
        CPPUNIT_ASSERT_EQUAL(std::string("only http:// URLs are probed"), probe.detail);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), ollama.requestCount());
        // Credentials never reach the reason (and so the log line).
        const auto withUser = OllamaProbe::probe("http://user:secret@127.0.0.1:1/base/", std::chrono::milliseconds(500));
        CPPUNIT_ASSERT_EQUAL(std::string("http://127.0.0.1:1/base"), withUser.url);
    }

    void testNeitherGivesLocal()
    {
        const auto choice = choose({{"akashi.embedding.ollama.url", _closedUrl}});
        CPPUNIT_ASSERT_EQUAL(std::string("local"), choice.name);
        CPPUNIT_ASSERT_MESSAGE(choice.reason,
                               choice.reason.rfind("auto: offline default (ollama not reachable at " + _closedUrl + ": ", 0) == 0);
        CPPUNIT_ASSERT_MESSAGE(choice.reason, choice.reason.find("; no OPENAI_API_KEY)") != std::string::npos);
    }

    void testNoopWhenNothingElseIsInstalled()
    {
        test::TempDirectory dir("akashi-noop-only");
        PluginFixtures::installReal("embedding-noop.so", dir.path());
        _registry = std::make_unique<PluginRegistry>();
        _registry->loadSearchPath(dir.path());
        const auto choice = choose({{"akashi.embedding.openai.api_key", "sk-x"}});
        CPPUNIT_ASSERT_EQUAL(std::string("noop"), choice.name);
        CPPUNIT_ASSERT_EQUAL(std::string("auto: no embedding plugin applies, semantic search off (ollama plugin not installed; "
                                         "openai plugin not installed; local plugin not installed)"),
                             choice.reason);
    }

    void testSubsystemCreatesTheChosenProvider()
    {
        FakeEmbeddingServer ollama(FakeEmbeddingServer::ollama(4));
        auto config = load({{"akashi.plugins.dir", PluginFixtures::realPluginDir()},
                            {"akashi.embedding.ollama.url", ollama.url()},
                            {"akashi.embedding.dimensions", "4"}});
        PluginSubsystem plugins;
        plugins.start(*config);
        CPPUNIT_ASSERT_EQUAL(std::string("ollama"), plugins.embeddingProviderName());
        CPPUNIT_ASSERT_EQUAL(std::string("mxbai-embed-large"), plugins.embeddingProvider()->model());
        const auto result = plugins.embeddingProvider()->embed({"abc"});
        CPPUNIT_ASSERT_MESSAGE(result.status.message, result.status.isOk());
        CPPUNIT_ASSERT(FakeEmbeddingServer::vectorFor("abc", 4) == result.vectors.at(0));
    }

private:
    Choice choose(const Overrides& overrides) const
    {
        auto config = load(overrides);
        return EmbeddingProviderChooser::choose(config->getString("akashi.embedding.provider"), *_registry, *config);
    }

    static Poco::AutoPtr<Poco::Util::LayeredConfiguration> load(const Overrides& overrides)
    {
        Poco::AutoPtr<Poco::Util::LayeredConfiguration> config(new Poco::Util::LayeredConfiguration);
        config::ConfigSources sources;
        sources.overrides = overrides;
        config::loadConfiguration(*config, sources);
        return config;
    }

    /// A URL on which nothing listens: bound, its port noted, then closed again.
    static std::string closedPortUrl()
    {
        Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
        const auto port = socket.address().port();
        socket.close();
        return "http://127.0.0.1:" + std::to_string(port);
    }

    std::unique_ptr<PluginRegistry> _registry;
    std::string _closedUrl;
};
CPPUNIT_TEST_SUITE_REGISTRATION(EmbeddingProviderChooserTest);
} // namespace akashi::plugin
