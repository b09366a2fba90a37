#include "PipelineFixture.h"

#include "search/VectorIndexFollower.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::search
{
/// The follower keeps the vector index in step with decisions.embedding_seq and resumes after a restart.
class VectorIndexFollowerTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(VectorIndexFollowerTest);
    CPPUNIT_TEST(testAppliesStoresAndRemovals);
    CPPUNIT_TEST(testIgnoresOtherVectorSpaces);
    CPPUNIT_TEST(testResumesFromTheSavedIndex);
    CPPUNIT_TEST(testARefusedVectorDoesNotStopTheFeed);
    CPPUNIT_TEST_SUITE_END();

    using Fixture = test::PipelineFixture;

public:
    void testAppliesStoresAndRemovals()
    {
        Fixture f("follower_applies");
        const auto a = f.trace({});
        const auto b = f.trace({.agentId = "coder", .decisionType = "deployment", .outcome = "ship on Monday"});
        const auto other = f.trace({.outcome = "use MySQL", .org = Fixture::kOtherOrg});
        f.worker()->processOnce();
        VectorIndexFollower follower(f.db.database(), f.index, std::chrono::milliseconds(1000), std::chrono::milliseconds(0));
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), follower.catchUp());
        CPPUNIT_ASSERT(follower.caughtUp());
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), f.index.size());
        const auto query = f.provider.vectorFor("architecture: use PostgreSQL it is reliable");
        auto hits = f.index.search(Fixture::kOrg, query, 5);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), hits.size()); // org-scoped: the other org's decision is not here
        CPPUNIT_ASSERT_EQUAL(a, hits[0].decisionId);
        CPPUNIT_ASSERT_EQUAL(other, f.index.search(Fixture::kOtherOrg, query, 5).at(0).decisionId);

        f.supersede(a);
        f.worker()->processOnce();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), follower.catchUp());
        hits = f.index.search(Fixture::kOrg, query, 5);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), hits.size());
        CPPUNIT_ASSERT_EQUAL(b, hits[0].decisionId);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), follower.catchUp());
    }

    void testIgnoresOtherVectorSpaces()
    {
        Fixture f("follower_spaces");
        f.trace({});
        f.worker()->processOnce();
        // Another model's (or size's) vectors never enter this index.
        search::VectorIndex otherSpace(f.indexDir.path(), "other-model", 8);
        VectorIndexFollower follower(f.db.database(), otherSpace, std::chrono::milliseconds(1000), std::chrono::milliseconds(0));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), follower.catchUp()); // seen, not indexed
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), otherSpace.size());
        CPPUNIT_ASSERT(otherSpace.appliedSequence() > 0);
    }

    void testARefusedVectorDoesNotStopTheFeed()
    {
        Fixture f("follower_refused");
        const auto bad = f.trace({});
        const auto good = f.trace({.agentId = "coder", .decisionType = "deployment", .outcome = "ship on Monday"});
        auto connection = f.db.database().connection();
        // Written behind the worker's back: a vector the index refuses, then a good one after it.
        connection->exec("UPDATE decisions SET embedding = '{NaN,1,0,0,0,0,0,0}', embedding_model = 'fake', "
                         "embedding_dimensions = 8, embedding_seq = nextval('decision_embedding_seq') WHERE id = '" + bad + "'");
        connection->exec("UPDATE decisions SET embedding = '{1,0,0,0,0,0,0,0}', embedding_model = 'fake', "
                         "embedding_dimensions = 8, embedding_seq = nextval('decision_embedding_seq') WHERE id = '" + good + "'");
        VectorIndexFollower follower(f.db.database(), f.index, std::chrono::milliseconds(1000), std::chrono::milliseconds(0));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), follower.catchUp());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), f.index.size());
        CPPUNIT_ASSERT_EQUAL(f.count("SELECT max(embedding_seq) AS n FROM decisions"), f.index.appliedSequence());
        CPPUNIT_ASSERT_EQUAL(good, f.index.search(Fixture::kOrg, {1, 0, 0, 0, 0, 0, 0, 0}, 5).at(0).decisionId);
    }

    void testResumesFromTheSavedIndex()
    {
        Fixture f("follower_resume");
        const auto a = f.trace({});
        f.worker()->processOnce();
        {
            VectorIndexFollower follower(f.db.database(), f.index, std::chrono::milliseconds(50), std::chrono::milliseconds(0));
            follower.start();
            follower.catchUp();
            follower.stop(); // saves
        }
        const auto saved = f.index.appliedSequence();
        CPPUNIT_ASSERT(saved > 0);
        f.trace({.agentId = "coder", .decisionType = "deployment", .outcome = "ship on Monday"});
        f.worker()->processOnce();

        search::VectorIndex restarted(f.indexDir.path(), "fake", 8);
        CPPUNIT_ASSERT(restarted.load());
        CPPUNIT_ASSERT_EQUAL(saved, restarted.appliedSequence());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), restarted.size());
        VectorIndexFollower follower(f.db.database(), restarted, std::chrono::milliseconds(1000), std::chrono::milliseconds(0));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), follower.catchUp()); // only what came after the save
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), restarted.size());
        CPPUNIT_ASSERT_EQUAL(a, restarted.search(Fixture::kOrg, f.provider.vectorFor("architecture: use PostgreSQL it is reliable"), 1)
                                    .at(0)
                                    .decisionId);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(VectorIndexFollowerTest);
} // namespace akashi::search
