#include "PipelineFixture.h"

#include "search/VectorIndexFollower.h"
#include "storage/OutboxRepository.h"

#include <cppunit/extensions/HelperMacros.h>

#include <limits>
#include <set>

namespace akashi::search
{
/// The outbox worker over the real search_outbox / decisions tables, with a fake provider.
class OutboxWorkerTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(OutboxWorkerTest);
    CPPUNIT_TEST(testEmbedsDecisionsAndEvidence);
    CPPUNIT_TEST(testProviderDownReleasesWithoutCountingAttempts);
    CPPUNIT_TEST(testRejectedDecisionCountsAttemptsUntilDeadLetter);
    CPPUNIT_TEST(testNonFiniteVectorIsRejected);
    CPPUNIT_TEST(testBackfillQueuesOtherModelsAndReArmsDeadLetters);
    CPPUNIT_TEST(testDeleteBumpsSequenceAndResolvesConflicts);
    CPPUNIT_TEST(testClaimsAreDisjointAndLeasesExpire);
    CPPUNIT_TEST(testArchiveMovesOldDeadLetters);
    CPPUNIT_TEST_SUITE_END();

    using Fixture = test::PipelineFixture;

public:
    void testEmbedsDecisionsAndEvidence()
    {
        Fixture f("outbox_embeds");
        Fixture::Decision d;
        d.evidence = "benchmarks show 3x throughput";
        const auto id = f.trace(d);
        const auto other = f.trace({.agentId = "coder", .decisionType = "deployment", .outcome = "ship on Monday"});
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), f.worker()->processOnce());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), f.count("SELECT count(*) AS n FROM search_outbox"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2),
                             f.count("SELECT count(*) AS n FROM decisions WHERE embedding_model = 'fake' AND "
                                     "embedding_dimensions = 8 AND array_length(embedding, 1) = 8 AND "
                                     "array_length(outcome_embedding, 1) = 8 AND embedding_seq IS NOT NULL"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             f.count("SELECT count(*) AS n FROM evidence WHERE embedding_model = 'fake' AND "
                                     "array_length(embedding, 1) = 8"));
        // The stored vector is the provider's for "<type>: <outcome> <reasoning>".
        const auto expected = f.provider.vectorFor("architecture: use PostgreSQL it is reliable");
        const auto stored = f.db.database().connection()->exec(
            "SELECT embedding[1]::float8 AS x FROM decisions WHERE id = '" + id + "'");
        CPPUNIT_ASSERT_DOUBLES_EQUAL(expected[0], stored.real(0, "x"), 1e-6);
        // Sequences are distinct: the follower sees every store.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), f.count("SELECT count(DISTINCT embedding_seq) AS n FROM decisions"));
        (void)other;
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), f.worker()->processOnce());
    }

    void testProviderDownReleasesWithoutCountingAttempts()
    {
        Fixture f("outbox_provider_down");
        f.trace({});
        auto worker = f.worker();
        f.provider.failNextCalls(plugin::Status::failure(plugin::StatusCode::unavailable, "connection refused"), 1);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), worker->processOnce());
        CPPUNIT_ASSERT(!worker->providerAvailable());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             f.count("SELECT count(*) AS n FROM search_outbox WHERE attempts = 0 AND locked_until > now()"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), f.count("SELECT count(*) AS n FROM decisions WHERE embedding IS NOT NULL"));
        // Once the pause is over (made immediate here) the entry is embedded.
        f.db.database().connection()->exec("UPDATE search_outbox SET locked_until = NULL");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), worker->processOnce());
        CPPUNIT_ASSERT(worker->providerAvailable());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), f.count("SELECT count(*) AS n FROM decisions WHERE embedding IS NOT NULL"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), f.count("SELECT count(*) AS n FROM search_outbox"));
    }

    void testRejectedDecisionCountsAttemptsUntilDeadLetter()
    {
        Fixture f("outbox_rejected");
        const auto bad = f.trace({.outcome = "rejected outcome"});
        f.trace({.agentId = "coder", .decisionType = "deployment", .outcome = "ship on Monday"});
        auto worker = f.worker();
        // The batch fails as invalid, then the worker retries text by text: the first text (the bad
        // decision's) fails again, every other one succeeds.
        f.provider.failNextCalls(plugin::Status::failure(plugin::StatusCode::invalidArgument, "input too long"), 2);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), worker->processOnce());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), f.count("SELECT count(*) AS n FROM decisions WHERE embedding IS NOT NULL"));
        CPPUNIT_ASSERT_EQUAL(std::string("embedding: input too long"),
                             f.scalar("SELECT last_error AS v FROM search_outbox WHERE decision_id = '" + bad + "'"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             f.count("SELECT attempts::bigint AS n FROM search_outbox WHERE decision_id = '" + bad + "'"));
        // Backoff: locked for min(2^(0+1), 300) = 2 s.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), f.count("SELECT count(*) AS n FROM search_outbox WHERE "
                                                      "locked_until BETWEEN now() + interval '1 second' AND now() + interval '3 seconds'"));
        // The tenth failure makes it a dead letter: never claimed again.
        f.db.database().connection()->exec("UPDATE search_outbox SET attempts = 9, locked_until = NULL");
        f.provider.failNextCalls(plugin::Status::failure(plugin::StatusCode::invalidArgument, "input too long"), 2);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), worker->processOnce());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(10), f.count("SELECT attempts::bigint AS n FROM search_outbox"));
        f.db.database().connection()->exec("UPDATE search_outbox SET locked_until = NULL");
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), worker->processOnce());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), worker->depth());
    }

    void testNonFiniteVectorIsRejected()
    {
        Fixture f("outbox_non_finite");
        std::vector<float> poisoned(8, 0.5f);
        poisoned[3] = std::numeric_limits<float>::quiet_NaN();
        f.provider.setVector("architecture: use PostgreSQL it is reliable", poisoned);
        const auto id = f.trace({});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), f.worker()->processOnce());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), f.count("SELECT count(*) AS n FROM decisions WHERE embedding IS NOT NULL"));
        CPPUNIT_ASSERT_EQUAL(std::string("embedding: provider returned a non-finite value"),
                             f.scalar("SELECT last_error AS v FROM search_outbox WHERE decision_id = '" + id + "'"));
    }

    void testBackfillQueuesOtherModelsAndReArmsDeadLetters()
    {
        Fixture f("outbox_backfill");
        const auto a = f.trace({});
        const auto b = f.trace({.agentId = "coder", .outcome = "use MySQL"});
        const auto c = f.trace({.agentId = "ops", .outcome = "use SQLite"});
        auto connection = f.db.database().connection();
        connection->exec("DELETE FROM search_outbox");
        // a: embedded by another model; b: this model (left alone); c: never embedded, dead letter.
        connection->exec("UPDATE decisions SET embedding = '{1,0}', embedding_model = 'other', embedding_dimensions = 2 "
                         "WHERE id = '" + a + "'");
        connection->exec("UPDATE decisions SET embedding = '{1,0,0,0,0,0,0,0}', embedding_model = 'fake', "
                         "embedding_dimensions = 8 WHERE id = '" + b + "'");
        connection->exec("INSERT INTO search_outbox (decision_id, org_id, operation, attempts, last_error) "
                         "SELECT id, org_id, 'upsert', 10, 'gave up' FROM decisions WHERE id = '" + c + "'");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), f.worker()->backfill());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), f.count("SELECT count(*) AS n FROM search_outbox WHERE attempts = 0"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             f.count("SELECT count(*) AS n FROM search_outbox WHERE decision_id = '" + b + "'"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), f.worker()->backfill());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), f.worker()->processOnce());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), f.count("SELECT count(*) AS n FROM decisions WHERE embedding_model = 'fake'"));
    }

    void testDeleteBumpsSequenceAndResolvesConflicts()
    {
        Fixture f("outbox_delete");
        const auto a = f.trace({});
        const auto b = f.trace({.agentId = "coder", .outcome = "use MySQL"});
        auto worker = f.worker();
        worker->processOnce();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), f.count("SELECT count(*) AS n FROM scored_conflicts WHERE status = 'open'"));
        const auto before = f.count("SELECT embedding_seq AS n FROM decisions WHERE id = '" + a + "'");
        f.supersede(a);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), worker->processOnce());
        CPPUNIT_ASSERT(f.count("SELECT embedding_seq AS n FROM decisions WHERE id = '" + a + "'") > before);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             f.count("SELECT count(*) AS n FROM scored_conflicts WHERE status = 'resolved' AND "
                                     "resolved_by = 'system' AND resolution_note LIKE '%superseded%'"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), f.count("SELECT count(*) AS n FROM search_outbox"));
        (void)b;
    }

    void testClaimsAreDisjointAndLeasesExpire()
    {
        Fixture f("outbox_claims");
        for (int i = 0; i < 6; ++i)
            f.trace({.outcome = "outcome " + std::to_string(i)});
        storage::OutboxRepository outbox;
        auto c1 = f.db.database().connection();
        auto c2 = f.db.database().connection();
        // Two workers inside open transactions, as two instances would be mid-claim.
        c1->exec("BEGIN");
        c2->exec("BEGIN");
        const auto first = outbox.claim(*c1, 4, std::chrono::milliseconds(60000));
        const auto second = outbox.claim(*c2, 4, std::chrono::milliseconds(60000));
        c1->exec("COMMIT");
        c2->exec("COMMIT");
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), first.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), second.size());
        std::set<std::int64_t> ids;
        for (const auto& e : first)
            ids.insert(e.id);
        for (const auto& e : second)
            CPPUNIT_ASSERT(ids.insert(e.id).second);
        // Leased: nothing claimable until the lease runs out (a crashed worker's rows come back).
        CPPUNIT_ASSERT(outbox.claim(*c1, 10, std::chrono::milliseconds(60000)).empty());
        c1->exec("UPDATE search_outbox SET locked_until = now() - interval '1 second'");
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), outbox.claim(*c1, 10, std::chrono::milliseconds(60000)).size());
    }

    void testArchiveMovesOldDeadLetters()
    {
        Fixture f("outbox_archive");
        f.trace({});
        f.trace({.outcome = "use MySQL"});
        auto connection = f.db.database().connection();
        connection->exec("UPDATE search_outbox SET attempts = 10, last_error = 'gave up'");
        connection->exec("UPDATE search_outbox SET created_at = now() - interval '8 days' WHERE id = (SELECT min(id) FROM search_outbox)");
        storage::OutboxRepository outbox;
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), outbox.archiveDeadLetters(*connection, std::chrono::hours(24 * 7)));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), f.count("SELECT count(*) AS n FROM search_outbox_dead_letters WHERE "
                                                      "last_error = 'gave up' AND attempts = 10"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), f.count("SELECT count(*) AS n FROM search_outbox"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OutboxWorkerTest);
} // namespace akashi::search
