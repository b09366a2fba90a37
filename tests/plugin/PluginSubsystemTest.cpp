#include "PluginFixtures.h"

#include "common/Exception.h"
#include "config/ConfigLoader.h"
#include "plugin/PluginSubsystem.h"
#include "support/ExpectException.h"
#include "support/TempDirectory.h"

#include <akashi/embedding/EmbeddingProvider.h>
#include <akashi/notify/NotifyTransport.h>
#include <akashi/ratelimit/RateLimiter.h>
#include <akashi/telemetry/Exporter.h>

#include <Poco/AutoPtr.h>
#include <Poco/Util/LayeredConfiguration.h>

#include <cppunit/extensions/HelperMacros.h>

#include <functional>
#include <map>
#include <vector>

namespace akashi::plugin
{
using test::PluginFixtures;
using Overrides = std::map<std::string, std::string>;

/// start() on a configuration loaded as the server loads it (schema defaults < overrides), with no
/// environment and no properties file. The build's real plugins come from AKASHI_TEST_PLUGIN_DIR; most
/// tests add a second directory of *-good fixtures, whose behaviour (and listing) the test controls.
class PluginSubsystemTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PluginSubsystemTest);
    CPPUNIT_TEST(testStartSelectsLocalAndCreatesConfiguredInstances);
    CPPUNIT_TEST(testConfiguredProviderGetsItsSubtree);
    CPPUNIT_TEST(testStopDestroysInstancesBeforeUnloading);
    CPPUNIT_TEST(testSubtreeNamingMissingPluginIsRefused);
    CPPUNIT_TEST(testBadPluginConfigKeyFailsStart);
    CPPUNIT_TEST(testUnknownTransportIsRefused);
    CPPUNIT_TEST(testMissingPluginDirectoryFailsStart);
    CPPUNIT_TEST(testServerDefaultsCreateTheRealPlugins);
    CPPUNIT_TEST(testRateLimitBackendAutoFollowsRedisUrl);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _fixtures = std::make_unique<test::TempDirectory>("akashi-fixtures");
        PluginFixtures::installFixture("embedding-good.so", _fixtures->path());
        PluginFixtures::installFixture("notify-good.so", _fixtures->path());
        PluginFixtures::installFixture("exporter-good.so", _fixtures->path());
    }

    void tearDown() override { _fixtures.reset(); }

    void testStartSelectsLocalAndCreatesConfiguredInstances()
    {
        const std::string searchPath = PluginFixtures::realPluginDir() + ":" + _fixtures->path();
        auto config = load({{"akashi.plugins.dir", searchPath},
                            {"akashi.embedding.ollama.url", kNoOllama},
                            {"akashi.embedding.dimensions", "16"},
                            {"akashi.notify.transport", "good"},
                            {"akashi.exporter.enabled", " good "},
                            {"akashi.notify.good.max_payload_bytes", "64"}});
        PluginSubsystem plugins;
        plugins.start(*config);

        CPPUNIT_ASSERT((std::vector<std::string>{PluginFixtures::realPluginDir(), _fixtures->path()}) ==
                       plugins.registry().directories());
        // auto: no Ollama answers and no OpenAI key is set (EmbeddingProviderChooserTest has the other cases).
        CPPUNIT_ASSERT_EQUAL(std::string("local"), plugins.embeddingProviderName());
        CPPUNIT_ASSERT_EQUAL(std::string("local-hash-v1-n3-5"), plugins.embeddingProvider()->model());
        CPPUNIT_ASSERT_EQUAL(std::size_t(16), plugins.embeddingProvider()->dimensions());

        auto limiter = plugins.rateLimiter(); // the real memory limiter (the default backend)
        CPPUNIT_ASSERT(limiter);
        const auto decision = limiter->acquire("ip:127.0.0.1", ratelimit::RateLimitRule{1.0, 1});
        CPPUNIT_ASSERT(decision.status.isOk());
        CPPUNIT_ASSERT(decision.allowed);
        CPPUNIT_ASSERT(!limiter->acquire("ip:127.0.0.1", ratelimit::RateLimitRule{1.0, 1}).allowed);

        auto notify = plugins.notifyTransport();
        CPPUNIT_ASSERT(notify);
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), notify->maxPayloadBytes()); // its subtree reached it
        std::vector<std::string> delivered;
        const auto subscription =
            notify->subscribe("akashi_decisions", [&](const std::string&, const std::string& payload) { delivered.push_back(payload); });
        CPPUNIT_ASSERT(subscription.status.isOk());
        CPPUNIT_ASSERT(notify->publish("akashi_decisions", "{\"id\":1}").isOk());
        CPPUNIT_ASSERT(notify->unsubscribe(subscription.subscriptionId).isOk());
        CPPUNIT_ASSERT((std::vector<std::string>{"{\"id\":1}"}) == delivered);

        CPPUNIT_ASSERT_EQUAL(std::size_t(1), plugins.exporters().size());
        CPPUNIT_ASSERT(plugins.exporters().front()->exportSpans({}).isOk());

        plugins.stop();
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), plugins.registry().size());
        CPPUNIT_ASSERT(!plugins.embeddingProvider());
        CPPUNIT_ASSERT(plugins.exporters().empty());
        CPPUNIT_ASSERT(plugins.embeddingProviderName().empty());
    }

    void testConfiguredProviderGetsItsSubtree()
    {
        auto config = load(fixtureConfig({{"akashi.embedding.provider", "good"},
                                          {"akashi.embedding.dimensions", "16"},
                                          {"akashi.embedding.good.dimensions", "5"}}));
        PluginSubsystem plugins;
        plugins.start(*config);
        CPPUNIT_ASSERT_EQUAL(std::string("good"), plugins.embeddingProviderName());
        CPPUNIT_ASSERT_EQUAL(std::string("fixture-good"), plugins.embeddingProvider()->model());
        // The plugin's own key wins over akashi.embedding.dimensions, which only fills a gap.
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), plugins.embeddingProvider()->dimensions());
        CPPUNIT_ASSERT(plugins.exporters().empty()); // akashi.exporter.enabled defaults to none
    }

    void testStopDestroysInstancesBeforeUnloading()
    {
        const std::string trace = _fixtures->path() + "/trace";
        auto config = load(fixtureConfig({{"akashi.embedding.provider", "good"}, {"akashi.embedding.good.trace_file", trace}}));
        PluginSubsystem plugins;
        plugins.start(*config);
        const std::string path = plugins.registry().find("embedding", "good")->path;
        CPPUNIT_ASSERT_EQUAL(std::string("create\n"), PluginFixtures::readFile(trace));
        plugins.stop();
        CPPUNIT_ASSERT_EQUAL(std::string("create\ndestroy\nunload\n"), PluginFixtures::readFile(trace));
        CPPUNIT_ASSERT(!PluginFixtures::isLoaded(path));
    }

    void testSubtreeNamingMissingPluginIsRefused()
    {
        const std::string searchPath = PluginFixtures::realPluginDir() + ":" + _fixtures->path();
        auto config = load({{"akashi.plugins.dir", searchPath},
                            {"akashi.notify.transport", "good"},
                            {"akashi.embedding.opneai.api_key", "sk-test"}});
        PluginSubsystem plugins;
        const Exception e = test::expectException([&] { plugins.start(*config); });
        CPPUNIT_ASSERT_EQUAL("configuration names plugin \"embedding/opneai\" but no such plugin is installed in " + searchPath,
                             e.message());
        CPPUNIT_ASSERT_EQUAL(std::string("Keys under akashi.embedding.opneai.* configure that plugin."), e.detail());
        CPPUNIT_ASSERT_EQUAL(std::string("Install the plugin or fix the name (see docs/configuration.md)."), e.hint());
        CPPUNIT_ASSERT(e.errorCode() == ErrorCode::configInvalid);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), plugins.registry().size()); // nothing stays loaded
    }

    void testBadPluginConfigKeyFailsStart()
    {
        auto config = load({{"akashi.plugins.dir", PluginFixtures::realPluginDir() + ":" + _fixtures->path()},
                            {"akashi.notify.transport", "good"},
                            {"akashi.ratelimit.memory.idle_evicton_seconds", "60"}});
        PluginSubsystem plugins;
        const Exception e = test::expectException([&] { plugins.start(*config); });
        CPPUNIT_ASSERT_EQUAL(std::string("cannot create plugin \"ratelimit/memory\": unknown configuration key "
                                         "\"idle_evicton_seconds\""),
                             e.message());
        CPPUNIT_ASSERT(e.errorCode() == ErrorCode::pluginLoad);
        // The embedding provider created before the failure is gone again, and so are the libraries.
        CPPUNIT_ASSERT(!plugins.embeddingProvider());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), plugins.registry().size());
    }

    void testUnknownTransportIsRefused()
    {
        auto config = load(fixtureConfig({{"akashi.notify.transport", "carrierpigeon"}}));
        PluginSubsystem plugins;
        const Exception e = test::expectException([&] { plugins.start(*config); });
        CPPUNIT_ASSERT_EQUAL(std::string("no notify plugin named \"carrierpigeon\" is installed"), e.message());
        CPPUNIT_ASSERT_EQUAL(std::string("Installed notify plugins: good."), e.detail());
        CPPUNIT_ASSERT(e.errorCode() == ErrorCode::configInvalid);
    }

    void testMissingPluginDirectoryFailsStart()
    {
        const std::string missing = _fixtures->path() + "/absent";
        auto config = load({{"akashi.plugins.dir", _fixtures->path() + ":" + missing}});
        PluginSubsystem plugins;
        const Exception e = test::expectException([&] { plugins.start(*config); });
        CPPUNIT_ASSERT_EQUAL("cannot read plugin directory " + missing, e.message());
        CPPUNIT_ASSERT_EQUAL(std::string("No such file or directory"), e.detail());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), plugins.registry().size());
    }

    /// auto: redis when REDIS_URL is set, else memory; redis without a URL stops startup.
    void testRateLimitBackendAutoFollowsRedisUrl()
    {
        const ratelimit::RateLimitRule rule{1.0, 1};
        {
            auto config = load({{"akashi.plugins.dir", PluginFixtures::realPluginDir()},
                                {"akashi.embedding.ollama.url", kNoOllama}});
            PluginSubsystem plugins;
            plugins.start(*config);
            CPPUNIT_ASSERT(plugins.rateLimiter()->acquire("k", rule).status.isOk()); // memory answers
        }
        {
            // Port 9 (discard) on loopback: nothing speaks Redis there, so only the redis plugin fails.
            auto config = load({{"akashi.plugins.dir", PluginFixtures::realPluginDir()},
                                {"akashi.embedding.ollama.url", kNoOllama},
                                {"akashi.ratelimit.redis.url", "redis://127.0.0.1:9/0"}});
            PluginSubsystem plugins;
            plugins.start(*config);
            const auto decision = plugins.rateLimiter()->acquire("k", rule);
            CPPUNIT_ASSERT(decision.status.code == StatusCode::unavailable);
            CPPUNIT_ASSERT_MESSAGE(decision.status.message, decision.status.message.rfind("redis: ", 0) == 0);
        }
        auto config = load({{"akashi.plugins.dir", PluginFixtures::realPluginDir()},
                            {"akashi.embedding.ollama.url", kNoOllama},
                            {"akashi.ratelimit.backend", "redis"}});
        PluginSubsystem plugins;
        const Exception e = test::expectException([&] { plugins.start(*config); });
        CPPUNIT_ASSERT_EQUAL(std::string("REDIS_URL is required by the redis rate limiter"), e.message());
        CPPUNIT_ASSERT_EQUAL(std::string("set REDIS_URL (e.g. redis://localhost:6379/0), or AKASHI_RATE_LIMIT_BACKEND=memory"),
                             e.hint());
        CPPUNIT_ASSERT(e.errorCode() == ErrorCode::configInvalid);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), plugins.registry().size());
    }

    /// Only the build's plugin directory and the server's defaults, plus the log exporter enabled.
    void testServerDefaultsCreateTheRealPlugins()
    {
        auto config = load({{"akashi.plugins.dir", PluginFixtures::realPluginDir()},
                            {"akashi.exporter.enabled", "log"},
                            {"akashi.embedding.ollama.url", kNoOllama}});
        PluginSubsystem plugins;
        plugins.start(*config);
        CPPUNIT_ASSERT_EQUAL(std::string("local"), plugins.embeddingProviderName());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1024), plugins.embeddingProvider()->dimensions());
        CPPUNIT_ASSERT(plugins.rateLimiter());
        CPPUNIT_ASSERT(plugins.registry().find("notify", "inprocess"));
        CPPUNIT_ASSERT(plugins.notifyTransport());
        CPPUNIT_ASSERT(plugins.notifyTransport()->maxPayloadBytes() > 0);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), plugins.exporters().size());
        CPPUNIT_ASSERT(plugins.registry().find("exporter", "log"));
    }

private:
    /// Where auto probes for Ollama: port 9 (discard) on loopback, refused at once unless something odd
    /// listens there, so a developer's own Ollama on 11434 does not change what these tests select.
    static constexpr const char* kNoOllama = "http://127.0.0.1:9";

    /// Only copies: the registry's listings in messages are then exactly what the test installed.
    Overrides fixtureConfig(Overrides overrides) const
    {
        PluginFixtures::installReal("embedding-noop.so", _fixtures->path());
        PluginFixtures::installReal("ratelimit-memory.so", _fixtures->path());
        overrides.try_emplace("akashi.plugins.dir", _fixtures->path());
        overrides.try_emplace("akashi.notify.transport", "good");
        return overrides;
    }

    static Poco::AutoPtr<Poco::Util::LayeredConfiguration> load(const Overrides& overrides)
    {
        Poco::AutoPtr<Poco::Util::LayeredConfiguration> config(new Poco::Util::LayeredConfiguration);
        config::ConfigSources sources;
        sources.overrides = overrides;
        config::loadConfiguration(*config, sources);
        return config;
    }


    std::unique_ptr<test::TempDirectory> _fixtures;
};
CPPUNIT_TEST_SUITE_REGISTRATION(PluginSubsystemTest);
} // namespace akashi::plugin
