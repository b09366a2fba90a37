#include "PipelineFixture.h"

#include "search/VectorIndexFollower.h"

#include <Poco/JSON/Parser.h>

#include <cmath>
#include <set>

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::search
{
/// Conflict detection as the outbox worker runs it: the spec's rule, semantic significance through the
/// vector index, storage without duplicates and the akashi_conflicts stream event.
class ConflictDetectionTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConflictDetectionTest);
    CPPUNIT_TEST(testRuleConflictIsStoredOnceWithItsStreamEvent);
    CPPUNIT_TEST(testRuleNeedsSameTypeOtherAgentOtherOutcomeWithinAnHourSameOrg);
    CPPUNIT_TEST(testSameOutcomeInOtherWordsIsNotAConflict);
    CPPUNIT_TEST(testSemanticConflictThroughTheIndex);
    CPPUNIT_TEST(testUnrelatedDecisionsAreNotSemanticConflicts);
    CPPUNIT_TEST(testZeroVectorsFallBackToTextScoring);
    CPPUNIT_TEST_SUITE_END();

    using Fixture = test::PipelineFixture;

    static std::vector<float> unit(std::size_t hot, std::size_t dims = 8, float other = 0.0f, std::size_t otherAt = 1)
    {
        std::vector<float> v(dims, 0.0f);
        v[hot] = 1.0f;
        if (other != 0.0f)
            v[otherAt] = other;
        return v;
    }

public:
    void testRuleConflictIsStoredOnceWithItsStreamEvent()
    {
        Fixture f("conflict_rule");
        const auto a = f.trace({.agentId = "planner", .outcome = "use PostgreSQL"});
        const auto b = f.trace({.agentId = "coder", .outcome = "use MySQL", .secondsAgo = 600});
        auto worker = f.worker();
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), worker->processOnce());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), f.count("SELECT count(*) AS n FROM scored_conflicts"));
        const auto row = f.db.database().connection()->exec(
            "SELECT decision_a_id::text AS a, decision_b_id::text AS b, conflict_kind, scoring_method, decision_type, "
            "significance IS NOT NULL AS scored FROM scored_conflicts");
        CPPUNIT_ASSERT_EQUAL(std::min(a, b), row.text(0, "a"));
        CPPUNIT_ASSERT_EQUAL(std::max(a, b), row.text(0, "b"));
        CPPUNIT_ASSERT_EQUAL(std::string("cross_agent"), row.text(0, "conflict_kind"));
        CPPUNIT_ASSERT_EQUAL(std::string("embedding"), row.text(0, "scoring_method"));
        CPPUNIT_ASSERT_EQUAL(std::string("architecture"), row.text(0, "decision_type"));
        CPPUNIT_ASSERT(row.boolean(0, "scored"));

        // The conflict's stream event was written with it (trigger, migration 0009).
        const auto events = f.db.database().connection()->exec(
            "SELECT payload FROM stream_events WHERE channel = 'akashi_conflicts'");
        CPPUNIT_ASSERT_EQUAL(1, events.rows());
        auto payload = Poco::JSON::Parser().parse(events.text(0, "payload")).extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_EQUAL(std::string(Fixture::kOrg), payload->getValue<std::string>("org_id"));
        CPPUNIT_ASSERT_EQUAL(std::min(a, b), payload->getValue<std::string>("decision_a_id"));
        CPPUNIT_ASSERT(payload->has("conflict_id"));

        // Embedding either decision again finds the same pair: still one row, no second message.
        f.db.database().connection()->exec("INSERT INTO search_outbox (decision_id, org_id, operation) "
                                           "SELECT id, org_id, 'upsert' FROM decisions");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), worker->processOnce());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), f.count("SELECT count(*) AS n FROM scored_conflicts"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             f.count("SELECT count(*) AS n FROM stream_events WHERE channel = 'akashi_conflicts'"));
    }

    void testRuleNeedsSameTypeOtherAgentOtherOutcomeWithinAnHourSameOrg()
    {
        Fixture f("conflict_rule_negative");
        // Orthogonal topics (except the two identical texts), so meaning adds no pair of its own.
        f.provider.setVector("architecture: use PostgreSQL it is reliable", unit(0));
        f.provider.setVector("architecture: use MySQL it is reliable", unit(1));
        f.provider.setVector("deployment: use MySQL it is reliable", unit(2));
        f.provider.setVector("architecture: use SQLite it is reliable", unit(3));
        f.provider.setVector("architecture: use Oracle it is reliable", unit(4));
        f.trace({.agentId = "planner", .outcome = "use PostgreSQL"});
        f.trace({.agentId = "planner", .outcome = "use MySQL"});                              // same agent
        f.trace({.agentId = "coder", .decisionType = "deployment", .outcome = "use MySQL"}); // other type
        f.trace({.agentId = "ops", .outcome = "use PostgreSQL"});                            // same outcome
        f.trace({.agentId = "qa", .outcome = "use SQLite", .secondsAgo = 7200});              // two hours apart
        f.trace({.agentId = "sec", .outcome = "use Oracle", .org = Fixture::kOtherOrg});      // other org
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), f.worker()->processOnce());
        const auto pairs = f.db.database().connection()->exec(
            "SELECT a.agent_id AS a, b.agent_id AS b FROM scored_conflicts c JOIN decisions a ON a.id = c.decision_a_id "
            "JOIN decisions b ON b.id = c.decision_b_id");
        // Only planner's "use MySQL" against ops' "use PostgreSQL" is same type, other agent, other
        // outcome, within the hour, in one org.
        CPPUNIT_ASSERT_EQUAL(1, pairs.rows());
        const std::set<std::string> agents{pairs.text(0, "a"), pairs.text(0, "b")};
        CPPUNIT_ASSERT(agents == (std::set<std::string>{"planner", "ops"}));
    }

    void testSameOutcomeInOtherWordsIsNotAConflict()
    {
        Fixture f("conflict_same_meaning");
        f.provider.setVector("use PostgreSQL", unit(0));
        f.provider.setVector("go with Postgres", unit(0, 8, 0.05f, 1));
        f.trace({.agentId = "planner", .outcome = "use PostgreSQL"});
        f.trace({.agentId = "coder", .outcome = "go with Postgres"});
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), f.worker()->processOnce());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), f.count("SELECT count(*) AS n FROM scored_conflicts"));
    }

    void testSemanticConflictThroughTheIndex()
    {
        Fixture f("conflict_semantic");
        // Different types and a day apart: only meaning connects them. Same topic, opposite outcomes.
        f.provider.setVector("database: adopt event sourcing for orders", unit(0, 8, 0.1f, 1));
        f.provider.setVector("storage: never use event sourcing for orders", unit(0, 8, 0.2f, 1));
        f.provider.setVector("adopt event sourcing for orders", unit(2));
        f.provider.setVector("never use event sourcing for orders", unit(3));
        VectorIndexFollower follower(f.db.database(), f.index, std::chrono::milliseconds(1000), std::chrono::milliseconds(0));
        auto worker = f.worker();
        f.trace({.agentId = "planner", .decisionType = "database", .outcome = "adopt event sourcing for orders",
                 .reasoning = "", .confidence = 0.9, .secondsAgo = 86400});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), worker->processOnce());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), follower.catchUp());
        f.trace({.agentId = "coder", .decisionType = "storage", .outcome = "never use event sourcing for orders",
                 .reasoning = "", .confidence = 0.9});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), worker->processOnce());
        const auto row = f.db.database().connection()->exec(
            "SELECT conflict_kind, scoring_method, topic_similarity::float8 AS t, outcome_divergence::float8 AS d, "
            "significance::float8 AS s FROM scored_conflicts");
        CPPUNIT_ASSERT_EQUAL(1, row.rows());
        CPPUNIT_ASSERT_EQUAL(std::string("cross_agent"), row.text(0, "conflict_kind"));
        CPPUNIT_ASSERT_EQUAL(std::string("embedding"), row.text(0, "scoring_method"));
        CPPUNIT_ASSERT(row.real(0, "t") > 0.95);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1.0, row.real(0, "d"), 1e-6);
        // significance = topic × divergence × sqrt(0.9 × 0.9) × exp(−0.01 × 1 day)
        CPPUNIT_ASSERT_DOUBLES_EQUAL(row.real(0, "t") * 0.9 * std::exp(-0.01), row.real(0, "s"), 1e-3);
    }

    void testUnrelatedDecisionsAreNotSemanticConflicts()
    {
        Fixture f("conflict_unrelated");
        f.provider.setVector("database: adopt event sourcing", unit(0));
        f.provider.setVector("ui: use a dark theme", unit(1));
        f.provider.setVector("adopt event sourcing", unit(2));
        f.provider.setVector("use a dark theme", unit(3));
        f.trace({.agentId = "planner", .decisionType = "database", .outcome = "adopt event sourcing", .reasoning = ""});
        f.trace({.agentId = "coder", .decisionType = "ui", .outcome = "use a dark theme", .reasoning = ""});
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), f.worker()->processOnce());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), f.count("SELECT count(*) AS n FROM scored_conflicts"));
    }

    void testZeroVectorsFallBackToTextScoring()
    {
        Fixture f("conflict_zero_vectors");
        f.provider.setVector("architecture: use PostgreSQL it is reliable", std::vector<float>(8, 0.0f));
        f.provider.setVector("architecture: use MySQL it is reliable", std::vector<float>(8, 0.0f));
        f.trace({.agentId = "planner", .outcome = "use PostgreSQL"});
        f.trace({.agentId = "coder", .outcome = "use MySQL"});
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), f.worker()->processOnce());
        const auto row = f.db.database().connection()->exec(
            "SELECT scoring_method, significance IS NULL AS unscored FROM scored_conflicts");
        CPPUNIT_ASSERT_EQUAL(1, row.rows());
        CPPUNIT_ASSERT_EQUAL(std::string("text"), row.text(0, "scoring_method"));
        CPPUNIT_ASSERT(row.boolean(0, "unscored"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConflictDetectionTest);
} // namespace akashi::search
