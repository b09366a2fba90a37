#include "plugins/PluginInstance.h"

#include <akashi/embedding/EmbeddingProvider.h>

#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <string>
#include <vector>

namespace akashi::plugins::embedding::noop
{
using akashi::embedding::EmbeddingProvider;
using akashi::plugin::StatusCode;

/// embedding-noop.so, loaded and created through its descriptor.
class NoopEmbeddingProviderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(NoopEmbeddingProviderTest);
    CPPUNIT_TEST(testDescriptor);
    CPPUNIT_TEST(testDefaults);
    CPPUNIT_TEST(testConfiguredDimensionsGiveZeroVectors);
    CPPUNIT_TEST(testEmptyBatch);
    CPPUNIT_TEST(testBatchOverMaxBatchSizeIsRejected);
    CPPUNIT_TEST(testBadDimensionsFailCreate);
    CPPUNIT_TEST(testUnknownKeyFailsCreate);
    CPPUNIT_TEST_SUITE_END();

    using Instance = PluginInstance<EmbeddingProvider>;

public:
    void testDescriptor()
    {
        Instance provider("embedding", "noop");
        CPPUNIT_ASSERT_EQUAL(std::string("embedding"), provider.loaded().kind);
        CPPUNIT_ASSERT_EQUAL(std::string("noop"), provider.loaded().name);
        CPPUNIT_ASSERT_EQUAL(std::string("1.0.0"), provider.loaded().version);
        CPPUNIT_ASSERT_EQUAL(akashi::embedding::kEmbeddingApiVersion, provider.loaded().descriptor->kind_api_version);
    }

    void testDefaults()
    {
        Instance provider("embedding", "noop");
        CPPUNIT_ASSERT_EQUAL(std::string("noop"), provider->model());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1024), provider->dimensions());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2048), provider->maxBatchSize());
    }

    void testConfiguredDimensionsGiveZeroVectors()
    {
        const struct
        {
            const char* configured;
            std::size_t dimensions;
        } cases[] = {{"1", 1}, {"3", 3}, {"1536", 1536}, {"16000", 16000}};
        for (const auto& c : cases)
        {
            Instance provider("embedding", "noop", {{"dimensions", c.configured}});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.configured, c.dimensions, provider->dimensions());
            const auto result = provider->embed({"first decision", "second decision"});
            CPPUNIT_ASSERT_MESSAGE(result.status.message, result.status.isOk());
            CPPUNIT_ASSERT_EQUAL(std::size_t(2), result.vectors.size());
            for (const auto& vector : result.vectors)
                CPPUNIT_ASSERT(vector == std::vector<float>(c.dimensions, 0.0f));
        }
    }

    void testEmptyBatch()
    {
        Instance provider("embedding", "noop");
        const auto result = provider->embed({});
        CPPUNIT_ASSERT(result.status.isOk());
        CPPUNIT_ASSERT(result.vectors.empty());
    }

    void testBatchOverMaxBatchSizeIsRejected()
    {
        Instance provider("embedding", "noop", {{"dimensions", "2"}});
        const auto atLimit = provider->embed(std::vector<std::string>(2048, "text"));
        CPPUNIT_ASSERT(atLimit.status.isOk());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2048), atLimit.vectors.size());

        const auto over = provider->embed(std::vector<std::string>(2049, "text"));
        CPPUNIT_ASSERT(over.status.code == StatusCode::invalidArgument);
        CPPUNIT_ASSERT_EQUAL(std::string("batch of 2049 texts exceeds 2048"), over.status.message);
        CPPUNIT_ASSERT(over.vectors.empty());
    }

    void testBadDimensionsFailCreate()
    {
        const struct
        {
            const char* value;
            const char* error;
        } cases[] = {
            {"0", "dimensions: 0 is not between 1 and 16000"},
            {"16001", "dimensions: 16001 is not between 1 and 16000"},
            {"-5", "dimensions: -5 is not between 1 and 16000"},
            {"abc", "dimensions: \"abc\" is not an integer"},
            {"12x", "dimensions: \"12x\" is not an integer"},
            {"", "dimensions: \"\" is not an integer"},
        };
        for (const auto& c : cases)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.value, std::string(c.error),
                                         Instance::createError("embedding", "noop", {{"dimensions", c.value}}));
    }

    void testUnknownKeyFailsCreate()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("unknown configuration key \"dimension\""),
                             Instance::createError("embedding", "noop", {{"dimension", "8"}}));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(NoopEmbeddingProviderTest);
} // namespace akashi::plugins::embedding::noop
