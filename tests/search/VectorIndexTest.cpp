#include "search/RandomVectors.h"
#include "search/VectorIndex.h"

#include "support/ExpectException.h"
#include "support/TempDirectory.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <cmath>
#include <functional>
#include <limits>
#include <set>
#include <thread>

namespace akashi::search
{
using test::decisionId;
using test::RandomVectors;

class VectorIndexTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(VectorIndexTest);
    CPPUNIT_TEST(testIdenticalVectorIsTheExactFirstHit);
    CPPUNIT_TEST(testHitsAreOrderedByCosineSimilarity);
    CPPUNIT_TEST(testLengthOfAVectorDoesNotMatter);
    CPPUNIT_TEST(testOrgsNeverSeeEachOther);
    CPPUNIT_TEST(testRemove);
    CPPUNIT_TEST(testUpsertReplacesTheVector);
    CPPUNIT_TEST(testZeroVectorsAreNotIndexed);
    CPPUNIT_TEST(testInvalidInputThrows);
    CPPUNIT_TEST(testInvalidConstructionThrows);
    CPPUNIT_TEST(testGrowthBeyondInitialCapacity);
    CPPUNIT_TEST(testCompactionAfterManyRemovalsKeepsResults);
    CPPUNIT_TEST(testConcurrentSearchesWhileUpserting);
    CPPUNIT_TEST_SUITE_END();

public:
    void testIdenticalVectorIsTheExactFirstHit()
    {
        VectorIndex index(_dir.path(), "test-model", 32);
        RandomVectors random(32, 1);
        const auto vectors = random.next(200);
        for (std::size_t i = 0; i < vectors.size(); ++i)
            index.upsert("org", decisionId(i), vectors[i]);
        CPPUNIT_ASSERT_EQUAL(std::size_t(200), index.size());
        for (std::size_t i = 0; i < vectors.size(); i += 17)
        {
            const auto hits = index.search("org", vectors[i], 5);
            CPPUNIT_ASSERT_EQUAL(std::size_t(5), hits.size());
            CPPUNIT_ASSERT_EQUAL(decisionId(i), hits[0].decisionId);
            CPPUNIT_ASSERT_DOUBLES_EQUAL(1.0, hits[0].similarity, 1e-5);
        }
    }

    void testHitsAreOrderedByCosineSimilarity()
    {
        VectorIndex index(_dir.path(), "test-model", 4);
        index.upsert("org", "same", {1, 0, 0, 0});
        index.upsert("org", "diagonal", {1, 1, 0, 0});
        index.upsert("org", "orthogonal", {0, 1, 0, 0});
        index.upsert("org", "opposite", {-1, 0, 0, 0});
        const auto hits = index.search("org", {2, 0, 0, 0}, 10);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), hits.size());
        const char* expected[] = {"same", "diagonal", "orthogonal", "opposite"};
        const double similarity[] = {1.0, std::sqrt(0.5), 0.0, -1.0};
        for (std::size_t i = 0; i < 4; ++i)
        {
            CPPUNIT_ASSERT_EQUAL(std::string(expected[i]), hits[i].decisionId);
            CPPUNIT_ASSERT_DOUBLES_EQUAL(similarity[i], hits[i].similarity, 1e-6);
        }
        const auto top2 = index.search("org", {2, 0, 0, 0}, 2);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), top2.size());
        CPPUNIT_ASSERT_EQUAL(std::string("diagonal"), top2[1].decisionId);
        CPPUNIT_ASSERT(index.search("org", {1, 0, 0, 0}, 0).empty());
    }

    void testLengthOfAVectorDoesNotMatter()
    {
        VectorIndex index(_dir.path(), "test-model", 3);
        index.upsert("org", "long", {300, 400, 0});
        const auto hits = index.search("org", {0.03f, 0.04f, 0}, 1);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), hits.size());
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1.0, hits[0].similarity, 1e-6);
    }

    void testOrgsNeverSeeEachOther()
    {
        VectorIndex index(_dir.path(), "test-model", 16);
        RandomVectors random(16, 2);
        const auto vectors = random.next(100);
        for (std::size_t i = 0; i < vectors.size(); ++i)
        {
            index.upsert("org-a", "a-" + std::to_string(i), vectors[i]);
            index.upsert("org-b", "b-" + std::to_string(i), vectors[i]); // identical vectors in the other org
        }
        for (std::size_t i = 0; i < vectors.size(); i += 9)
        {
            for (const auto& hit : index.search("org-a", vectors[i], 100))
                CPPUNIT_ASSERT_EQUAL(std::string("a-"), hit.decisionId.substr(0, 2));
            const auto hitsB = index.search("org-b", vectors[i], 100);
            CPPUNIT_ASSERT_EQUAL(std::size_t(100), hitsB.size());
            for (const auto& hit : hitsB)
                CPPUNIT_ASSERT_EQUAL(std::string("b-"), hit.decisionId.substr(0, 2));
        }
        CPPUNIT_ASSERT(index.search("org-c", vectors[0], 10).empty());
        // The same decision id in two orgs is two entries: removing one leaves the other.
        index.upsert("org-a", "shared", vectors[0]);
        index.upsert("org-b", "shared", vectors[0]);
        index.remove("org-a", "shared");
        std::set<std::string> idsB;
        for (const auto& hit : index.search("org-b", vectors[0], 2))
            idsB.insert(hit.decisionId);
        CPPUNIT_ASSERT(idsB.count("shared") == 1);
        for (const auto& hit : index.search("org-a", vectors[0], 10))
            CPPUNIT_ASSERT(hit.decisionId != "shared");
    }

    void testRemove()
    {
        VectorIndex index(_dir.path(), "test-model", 8);
        RandomVectors random(8, 3);
        const auto vectors = random.next(50);
        for (std::size_t i = 0; i < vectors.size(); ++i)
            index.upsert("org", decisionId(i), vectors[i]);
        index.remove("org", decisionId(7));
        CPPUNIT_ASSERT_EQUAL(std::size_t(49), index.size());
        for (const auto& hit : index.search("org", vectors[7], 50))
            CPPUNIT_ASSERT(hit.decisionId != decisionId(7));
        CPPUNIT_ASSERT_EQUAL(std::size_t(49), index.search("org", vectors[7], 50).size());
        index.remove("org", decisionId(7));    // already gone
        index.remove("org", "never-indexed");  // never there
        index.remove("other-org", decisionId(1));
        CPPUNIT_ASSERT_EQUAL(std::size_t(49), index.size());
        // A removed decision can come back.
        index.upsert("org", decisionId(7), vectors[7]);
        CPPUNIT_ASSERT_EQUAL(decisionId(7), index.search("org", vectors[7], 1)[0].decisionId);
        CPPUNIT_ASSERT_EQUAL(std::size_t(50), index.size());
    }

    void testUpsertReplacesTheVector()
    {
        VectorIndex index(_dir.path(), "test-model", 16);
        RandomVectors random(16, 4);
        const auto vectors = random.next(40);
        for (std::size_t i = 0; i < vectors.size(); ++i)
            index.upsert("org", decisionId(i), vectors[i]);
        const auto replacement = random.next();
        index.upsert("org", decisionId(3), replacement);
        CPPUNIT_ASSERT_EQUAL(std::size_t(40), index.size());
        const auto hits = index.search("org", replacement, 1);
        CPPUNIT_ASSERT_EQUAL(decisionId(3), hits[0].decisionId);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1.0, hits[0].similarity, 1e-5);
        for (const auto& hit : index.search("org", vectors[3], 40))
            if (hit.decisionId == decisionId(3))
                CPPUNIT_ASSERT_DOUBLES_EQUAL(test::cosine(vectors[3], replacement), hit.similarity, 1e-5);
    }

    void testZeroVectorsAreNotIndexed()
    {
        VectorIndex index(_dir.path(), "test-model", 4);
        index.upsert("org", "zero", {0, 0, 0, 0});
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), index.size());
        CPPUNIT_ASSERT(index.search("org", {1, 0, 0, 0}, 5).empty());
        index.upsert("org", "real", {0, 1, 0, 0});
        index.upsert("org", "other", {0, 0, 1, 0});
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), index.size());
        index.upsert("org", "real", {0, 0, 0, 0}); // its embedding became a zero vector: no direction any more
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), index.size());
        const auto hits = index.search("org", {0, 1, 0, 0}, 5);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), hits.size());
        CPPUNIT_ASSERT_EQUAL(std::string("other"), hits[0].decisionId);
        CPPUNIT_ASSERT(index.search("org", {0, 0, 0, 0}, 5).empty());
    }

    void testInvalidInputThrows()
    {
        VectorIndex index(_dir.path(), "test-model", 4);
        struct Case
        {
            std::function<void()> action;
            std::string message;
        };
        const float nan = std::numeric_limits<float>::quiet_NaN();
        const float inf = std::numeric_limits<float>::infinity();
        const Case cases[] = {
            {[&] { index.upsert("org", "d", {1, 2, 3}); },
             "vector index: vector has 3 dimensions, the index of model \"test-model\" holds 4"},
            {[&] { index.upsert("org", "d", {1, 2, 3, 4, 5}); },
             "vector index: vector has 5 dimensions, the index of model \"test-model\" holds 4"},
            {[&] { index.search("org", {1}, 3); },
             "vector index: query has 1 dimensions, the index of model \"test-model\" holds 4"},
            {[&] { index.upsert("org", "d", {1, nan, 0, 0}); },
             "vector index: vector has a non-finite value at position 1"},
            {[&] { index.search("org", {0, 0, 0, inf}, 3); },
             "vector index: query has a non-finite value at position 3"},
            {[&] { index.upsert("", "d", {1, 0, 0, 0}); }, "vector index: org_id must not be empty"},
            {[&] { index.upsert("org", "", {1, 0, 0, 0}); }, "vector index: decision_id must not be empty"},
        };
        for (const auto& c : cases)
        {
            const Exception e = akashi::test::expectException(c.action);
            CPPUNIT_ASSERT_EQUAL(c.message, e.message());
            CPPUNIT_ASSERT(e.errorCode() == ErrorCode::invalidInput);
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), index.size());
    }

    void testInvalidConstructionThrows()
    {
        const Exception noModel = akashi::test::expectException([&] { VectorIndex(_dir.path(), "", 4); });
        CPPUNIT_ASSERT_EQUAL(std::string("vector index: the embedding model name must not be empty"),
                             noModel.message());
        const Exception noDimensions = akashi::test::expectException([&] { VectorIndex(_dir.path(), "m", 0); });
        CPPUNIT_ASSERT_EQUAL(std::string("vector index: dimensions must be in [1, 16000], got 0"),
                             noDimensions.message());
        CPPUNIT_ASSERT(noDimensions.errorCode() == ErrorCode::configInvalid);
        VectorIndex slashes(_dir.path(), "../org/model:v1", 8);
        CPPUNIT_ASSERT_EQUAL(_dir.path() + "/_._org_model_v1-8", slashes.stateDirectory());
    }

    void testGrowthBeyondInitialCapacity()
    {
        VectorIndex index(_dir.path(), "test-model", 24);
        RandomVectors random(24, 5);
        const auto vectors = random.next(5000);
        for (std::size_t i = 0; i < vectors.size(); ++i)
            index.upsert("org", decisionId(i), vectors[i]);
        CPPUNIT_ASSERT_EQUAL(std::size_t(5000), index.size());
        std::size_t exact = 0;
        for (std::size_t i = 0; i < vectors.size(); i += 50)
            exact += index.search("org", vectors[i], 1)[0].decisionId == decisionId(i) ? 1 : 0;
        CPPUNIT_ASSERT_EQUAL(std::size_t(100), exact);
        CPPUNIT_ASSERT_EQUAL(std::size_t(10), index.search("org", random.next(), 10).size());
    }

    void testCompactionAfterManyRemovalsKeepsResults()
    {
        VectorIndex index(_dir.path(), "test-model", 16);
        RandomVectors random(16, 6);
        const auto vectors = random.next(2000);
        for (std::size_t i = 0; i < vectors.size(); ++i)
            index.upsert("org", decisionId(i), vectors[i]);
        std::set<std::string> removed;
        for (std::size_t i = 0; i < vectors.size(); ++i)
            if (i % 4 != 0)
            {
                index.remove("org", decisionId(i));
                removed.insert(decisionId(i));
            }
        CPPUNIT_ASSERT_EQUAL(std::size_t(500), index.size());
        // This upsert finds three quarters of the graph deleted and rebuilds it first.
        const auto extra = random.next();
        index.upsert("org", "extra", extra);
        CPPUNIT_ASSERT_EQUAL(std::size_t(501), index.size());
        CPPUNIT_ASSERT_EQUAL(std::string("extra"), index.search("org", extra, 1)[0].decisionId);
        for (std::size_t i = 0; i < vectors.size(); i += 4)
        {
            const auto hits = index.search("org", vectors[i], 10);
            CPPUNIT_ASSERT_EQUAL(decisionId(i), hits[0].decisionId);
            for (const auto& hit : hits)
                CPPUNIT_ASSERT(!removed.count(hit.decisionId));
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(501), index.search("org", extra, 2000).size());
        // Labels were renumbered: removing and replacing survivors still works.
        index.remove("org", decisionId(0));
        index.upsert("org", decisionId(4), vectors[8]);
        CPPUNIT_ASSERT_EQUAL(std::size_t(500), index.size());
        for (const auto& hit : index.search("org", vectors[0], 500))
            CPPUNIT_ASSERT(hit.decisionId != decisionId(0));
    }

    void testConcurrentSearchesWhileUpserting()
    {
        VectorIndex index(_dir.path(), "test-model", 32);
        RandomVectors random(32, 7);
        const auto vectors = random.next(3000);
        for (std::size_t i = 0; i < 500; ++i)
            index.upsert("org", decisionId(i), vectors[i]);

        std::atomic<bool> writing{true};
        std::atomic<std::size_t> searches{0};
        std::atomic<std::size_t> malformed{0};
        std::vector<std::thread> readers;
        for (int r = 0; r < 3; ++r)
            readers.emplace_back(
                [&, r]
                {
                    std::size_t i = static_cast<std::size_t>(r);
                    while (writing.load())
                    {
                        const auto hits = index.search(r == 2 ? "other-org" : "org", vectors[i % 500], 10);
                        for (std::size_t h = 1; h < hits.size(); ++h)
                            if (hits[h].similarity > hits[h - 1].similarity + 1e-6f)
                                malformed.fetch_add(1);
                        if (hits.size() > 10 || (r != 2 && hits.empty()))
                            malformed.fetch_add(1);
                        searches.fetch_add(1);
                        i += 7;
                    }
                });
        for (std::size_t i = 500; i < vectors.size(); ++i)
        {
            index.upsert(i % 3 == 0 ? "other-org" : "org", decisionId(i), vectors[i]);
            if (i % 5 == 0)
                index.remove("org", decisionId(i - 400));
            if (i % 7 == 0)
                index.upsert("org", decisionId(i - 1), vectors[i - 250]);
        }
        writing.store(false);
        for (auto& reader : readers)
            reader.join();
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), malformed.load());
        CPPUNIT_ASSERT(searches.load() > 0);
        CPPUNIT_ASSERT_EQUAL(decisionId(2999), index.search("org", vectors[2999], 1)[0].decisionId);
    }

private:
    akashi::test::TempDirectory _dir{"akashi-vector-index"};
};

CPPUNIT_TEST_SUITE_REGISTRATION(VectorIndexTest);
} // namespace akashi::search
