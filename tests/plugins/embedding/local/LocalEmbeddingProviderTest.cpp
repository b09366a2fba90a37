#include "plugins/PluginInstance.h"

#include <akashi/embedding/EmbeddingProvider.h>

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace akashi::plugins::embedding::local
{
using akashi::embedding::EmbeddingProvider;
using akashi::plugin::StatusCode;

/// embedding-local.so, loaded and created through its descriptor.
class LocalEmbeddingProviderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LocalEmbeddingProviderTest);
    CPPUNIT_TEST(testDescriptorAndDefaults);
    CPPUNIT_TEST(testModelNamesTheNgramRange);
    CPPUNIT_TEST(testVectorsHaveTheConfiguredDimensionsAndUnitNorm);
    CPPUNIT_TEST(testSameTextSameVectorAcrossInstances);
    CPPUNIT_TEST(testCaseAndPunctuationDoNotMatter);
    CPPUNIT_TEST(testSimilarTextsAreCloserThanUnrelatedOnes);
    CPPUNIT_TEST(testUtf8TextIsEmbeddedWithoutSplittingCharacters);
    CPPUNIT_TEST(testEmptyBatch);
    CPPUNIT_TEST(testBatchOverMaxBatchSizeIsRejected);
    CPPUNIT_TEST(testTextWithoutWordsIsRejected);
    CPPUNIT_TEST(testBadConfigurationFailsCreate);
    CPPUNIT_TEST(testLogsWhenReady);
    CPPUNIT_TEST(testThroughput);
    CPPUNIT_TEST_SUITE_END();

    using Instance = PluginInstance<EmbeddingProvider>;

public:
    void testDescriptorAndDefaults()
    {
        Instance provider("embedding", "local");
        CPPUNIT_ASSERT_EQUAL(std::string("local"), provider.loaded().name);
        CPPUNIT_ASSERT_EQUAL(std::string("1.0.0"), provider.loaded().version);
        CPPUNIT_ASSERT_EQUAL(std::string("local-hash-v1-n3-5"), provider->model());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1024), provider->dimensions());
        CPPUNIT_ASSERT_EQUAL(std::size_t(256), provider->maxBatchSize());
    }

    void testModelNamesTheNgramRange()
    {
        Instance provider("embedding", "local", {{"ngram_min", "2"}, {"ngram_max", "4"}});
        CPPUNIT_ASSERT_EQUAL(std::string("local-hash-v1-n2-4"), provider->model());
        const auto wide = embedOne(provider, "use PostgreSQL for storage");
        Instance standard("embedding", "local");
        CPPUNIT_ASSERT(wide != embedOne(standard, "use PostgreSQL for storage"));
    }

    void testVectorsHaveTheConfiguredDimensionsAndUnitNorm()
    {
        for (const char* dimensions : {"1", "7", "256", "1536"})
        {
            Instance provider("embedding", "local", {{"dimensions", dimensions}});
            const auto result = provider->embed({"a", "use PostgreSQL for storage", std::string(5000, 'x') + " y z"});
            CPPUNIT_ASSERT_MESSAGE(result.status.message, result.status.isOk());
            CPPUNIT_ASSERT_EQUAL(std::size_t(3), result.vectors.size());
            for (const auto& vector : result.vectors)
            {
                CPPUNIT_ASSERT_EQUAL_MESSAGE(dimensions, static_cast<std::size_t>(std::stoul(dimensions)), vector.size());
                CPPUNIT_ASSERT_DOUBLES_EQUAL_MESSAGE(dimensions, 1.0, norm(vector), 1e-5);
            }
        }
    }

    void testSameTextSameVectorAcrossInstances()
    {
        const std::string text = "Chose PostgreSQL over MongoDB: transactions matter more than schema freedom.";
        std::vector<float> first;
        {
            Instance provider("embedding", "local");
            first = embedOne(provider, text);
            CPPUNIT_ASSERT(first == embedOne(provider, text));
        }
        Instance again("embedding", "local");
        CPPUNIT_ASSERT(first == embedOne(again, text));
        // Fixed values pin the algorithm: a change that alters vectors must also change model(), or stored
        // vectors of the old space would be compared with new ones.
        Instance small("embedding", "local", {{"dimensions", "8"}});
        const auto pinned = embedOne(small, "use PostgreSQL for storage");
        const float expected[] = {-0.45088315f, 0.521333635f, 0.352252454f, 0.0704504922f,
                                  -0.169081181f, 0.493153453f, 0.0f,        -0.352252454f};
        for (std::size_t i = 0; i < std::size(expected); ++i)
            CPPUNIT_ASSERT_DOUBLES_EQUAL(expected[i], pinned.at(i), 1e-6);
    }

    void testCaseAndPunctuationDoNotMatter()
    {
        Instance provider("embedding", "local");
        const auto plain = embedOne(provider, "use postgresql for storage");
        CPPUNIT_ASSERT(plain == embedOne(provider, "Use PostgreSQL, for STORAGE!"));
        CPPUNIT_ASSERT(plain == embedOne(provider, "  use\tpostgresql\u2014for\u00a0storage. "));
        CPPUNIT_ASSERT(plain != embedOne(provider, "use postgresql for storages"));
    }

    void testSimilarTextsAreCloserThanUnrelatedOnes()
    {
        Instance provider("embedding", "local");
        const auto storage = embedOne(provider, "use PostgreSQL for storage");
        const auto similar = embedOne(provider, "store data in PostgreSQL");
        const auto unrelated = embedOne(provider, "deploy on Friday");
        const double close = cosine(storage, similar);
        const double far = cosine(storage, unrelated);
        CPPUNIT_ASSERT_MESSAGE(std::to_string(close) + " vs " + std::to_string(far), close > far + 0.2);
        CPPUNIT_ASSERT(close < 0.99);

        // Word forms share n-grams: "deploying" is closer to "deploy" than "storage" is.
        const auto deploying = embedOne(provider, "deploying on Fridays");
        CPPUNIT_ASSERT(cosine(unrelated, deploying) > cosine(unrelated, storage) + 0.2);
        // Word order counts a little (word pairs), but the same words stay close.
        const auto reordered = embedOne(provider, "for storage use PostgreSQL");
        CPPUNIT_ASSERT(cosine(storage, reordered) > 0.8);
        CPPUNIT_ASSERT(cosine(storage, reordered) < 0.9999);
    }

    void testUtf8TextIsEmbeddedWithoutSplittingCharacters()
    {
        Instance provider("embedding", "local", {{"ngram_min", "1"}, {"ngram_max", "2"}});
        const auto result = provider->embed({"Größe der Datenbank", "数据库 存储", "emoji 🚀 launch", "Größe"});
        CPPUNIT_ASSERT_MESSAGE(result.status.message, result.status.isOk());
        for (const auto& vector : result.vectors)
            CPPUNIT_ASSERT_DOUBLES_EQUAL(1.0, norm(vector), 1e-5);
        // Unigrams of code points: "Größe" shares "g","r","e" with "Grosse", and "ö"/"ß" are whole characters,
        // so the German word is closer to its ASCII spelling than to an unrelated word.
        const auto umlaut = result.vectors[3];
        CPPUNIT_ASSERT(cosine(umlaut, embedOne(provider, "Grösse")) > cosine(umlaut, embedOne(provider, "Kiste")));
        // Invalid UTF-8 does not crash or escape; it is embedded as bytes.
        const auto invalid = provider->embed({std::string("caf\xC3", 4), std::string("\xFF\xFE text", 7)});
        CPPUNIT_ASSERT_MESSAGE(invalid.status.message, invalid.status.isOk());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), invalid.vectors.size());
    }

    void testEmptyBatch()
    {
        Instance provider("embedding", "local");
        const auto result = provider->embed({});
        CPPUNIT_ASSERT(result.status.isOk());
        CPPUNIT_ASSERT(result.vectors.empty());
    }

    void testBatchOverMaxBatchSizeIsRejected()
    {
        Instance provider("embedding", "local", {{"dimensions", "4"}});
        const auto atLimit = provider->embed(std::vector<std::string>(256, "text"));
        CPPUNIT_ASSERT(atLimit.status.isOk());
        CPPUNIT_ASSERT_EQUAL(std::size_t(256), atLimit.vectors.size());

        const auto over = provider->embed(std::vector<std::string>(257, "text"));
        CPPUNIT_ASSERT(over.status.code == StatusCode::invalidArgument);
        CPPUNIT_ASSERT_EQUAL(std::string("batch of 257 texts exceeds 256"), over.status.message);
        CPPUNIT_ASSERT(over.vectors.empty());
    }

    void testTextWithoutWordsIsRejected()
    {
        Instance provider("embedding", "local");
        const struct
        {
            std::vector<std::string> texts;
            const char* message;
        } cases[] = {
            {{"fine", ""}, "text 1 is empty"},
            {{"fine", "ok", "  ... !?"}, "text 2 has no letters or digits to embed"},
            {{"\u2014 \u00a0 \u3002"}, "text 0 has no letters or digits to embed"},
        };
        for (const auto& c : cases)
        {
            const auto result = provider->embed(c.texts);
            CPPUNIT_ASSERT_MESSAGE(c.message, result.status.code == StatusCode::invalidArgument);
            CPPUNIT_ASSERT_EQUAL(std::string(c.message), result.status.message);
            CPPUNIT_ASSERT(result.vectors.empty());
        }
    }

    void testBadConfigurationFailsCreate()
    {
        const Instance::ConfigErrorCase cases[] = {
            {"dimensions", "0", "dimensions: 0 is not between 1 and 16000"},
            {"dimensions", "16001", "dimensions: 16001 is not between 1 and 16000"},
            {"dimensions", "many", "dimensions: \"many\" is not an integer"},
            {"ngram_min", "0", "ngram_min: 0 is not between 1 and 8"},
            {"ngram_max", "9", "ngram_max: 9 is not between 1 and 8"},
            {"ngram_min", "6", "ngram_min: 6 is greater than ngram_max (5)"},
            {"ngram_size", "3", "unknown configuration key \"ngram_size\""},
        };
        Instance::assertCreateErrors("embedding", "local", cases);
        CPPUNIT_ASSERT_EQUAL(std::string("ngram_min: 4 is greater than ngram_max (2)"),
                             Instance::createError("embedding", "local", {{"ngram_min", "4"}, {"ngram_max", "2"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("the plugin context has no logger"),
                             Instance::createError("embedding", "local", {}, false));
    }

    void testLogsWhenReady()
    {
        Instance provider("embedding", "local", {{"dimensions", "64"}});
        const auto lines = provider.logger().lines();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), lines.size());
        CPPUNIT_ASSERT_EQUAL(std::string("local embedding provider ready"), lines[0].message);
        CPPUNIT_ASSERT_EQUAL(std::string("local-hash-v1-n3-5"), lines[0].field("model").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("64"), lines[0].field("dimensions").value_or(""));
    }

    /// Not a benchmark (docs/benchmarks.md has those), a guard against an accidental quadratic: 256
    /// decision-sized texts must embed well within a second even in a sanitizer build.
    void testThroughput()
    {
        Instance provider("embedding", "local");
        std::vector<std::string> texts;
        for (int i = 0; i < 256; ++i)
            texts.push_back("decision " + std::to_string(i) +
                            ": chose PostgreSQL with pgvector for storage because transactions, backups and "
                            "operations are already understood by the team; MongoDB was considered and rejected.");
        const auto start = std::chrono::steady_clock::now();
        const auto result = provider->embed(texts);
        const auto elapsed = std::chrono::steady_clock::now() - start;
        CPPUNIT_ASSERT(result.status.isOk());
        CPPUNIT_ASSERT_EQUAL(std::size_t(256), result.vectors.size());
        CPPUNIT_ASSERT(elapsed < std::chrono::seconds(1));
    }

private:
    static std::vector<float> embedOne(Instance& provider, const std::string& text)
    {
        const auto result = provider->embed({text});
        CPPUNIT_ASSERT_MESSAGE(result.status.message, result.status.isOk());
        return result.vectors.at(0);
    }

    static double norm(const std::vector<float>& v)
    {
        double squares = 0;
        for (const float x : v)
            squares += static_cast<double>(x) * x;
        return std::sqrt(squares);
    }

    static double cosine(const std::vector<float>& a, const std::vector<float>& b)
    {
        double dot = 0;
        for (std::size_t i = 0; i < a.size(); ++i)
            dot += static_cast<double>(a[i]) * b[i];
        return dot / (norm(a) * norm(b));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(LocalEmbeddingProviderTest);
} // namespace akashi::plugins::embedding::local
