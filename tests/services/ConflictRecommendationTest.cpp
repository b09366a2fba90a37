#include "services/ConflictRecommendation.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>

namespace akashi::services
{
/// The recommendation's arithmetic, one signal at a time and combined: weights, the 0.10 margin, the
/// 3-conflict minimum for win rates, reason texts and their order, and symmetry between the sides.
class ConflictRecommendationTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConflictRecommendationTest);
    CPPUNIT_TEST(testEachSignal);
    CPPUNIT_TEST(testCombinedSignalsOrderReasons);
    CPPUNIT_TEST(testSidesAreSymmetric);
    CPPUNIT_TEST_SUITE_END();

    using Side = ConflictRecommendation::Side;

    static Timestamp::TimePoint at(int hours)
    {
        return Timestamp::TimePoint(std::chrono::hours(24 * 365 * 56 + hours));
    }

    static Side side(const std::string& agent, double confidence = 0.5, int hours = 0)
    {
        Side s;
        s.decisionId = "decision-of-" + agent;
        s.agentId = agent;
        s.confidence = confidence;
        s.decidedAt = at(hours);
        return s;
    }

    static Side withRecord(Side s, std::int64_t won, std::int64_t decided)
    {
        s.wonConflicts = won;
        s.decidedConflicts = decided;
        return s;
    }

    static Side withRevisions(Side s, int depth)
    {
        s.revisionDepth = depth;
        return s;
    }

public:
    void testEachSignal()
    {
        struct Case
        {
            const char* name;
            Side a;
            Side b;
            std::string winner; ///< empty: no recommendation
            double confidence;
            std::vector<std::string> reasons;
        };
        const std::vector<Case> cases{
            {"balanced", side("alice"), side("bob"), "", 0, {}},
            {"confidence", side("alice", 0.9), side("bob", 0.4), "decision-of-alice", 0.175,
             {"higher confidence (0.90 vs 0.40)"}},
            {"confidence gap too small", side("alice", 0.7), side("bob", 0.5), "", 0, {}},
            {"recency: a day newer", side("alice"), side("bob", 0.5, 24), "decision-of-bob", 0.125,
             {"more recent (decided 24.0 hours later)"}},
            {"recency: a week newer", side("alice", 0.5, 168), side("bob"), "decision-of-alice", 0.219,
             {"more recent (decided 7.0 days later)"}},
            {"win rate against no record", withRecord(side("alice"), 3, 3), withRecord(side("bob"), 2, 2),
             "decision-of-alice", 0.125,
             {"better agent track record (alice won 3 of 3 decided conflicts; bob has fewer than 3 decided "
              "conflicts)"}},
            {"win rates on both sides", withRecord(side("alice"), 1, 4), withRecord(side("bob"), 4, 5),
             "decision-of-bob", 0.138,
             {"better agent track record (bob won 4 of 5 decided conflicts; alice won 1 of 4 decided conflicts)"}},
            {"two decided conflicts are no record", withRecord(side("alice"), 2, 2), side("bob"), "", 0, {}},
            {"revision depth", withRevisions(side("alice"), 3), side("bob"), "decision-of-alice", 0.113,
             {"revised more often (3 earlier versions vs 0)"}},
            {"one revision alone is not enough", withRevisions(side("alice"), 1), side("bob"), "", 0, {}},
        };
        for (const auto& c : cases)
        {
            const auto recommendation = ConflictRecommendation::recommend(c.a, c.b);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.name, !c.winner.empty(), recommendation.has_value());
            if (!recommendation)
                continue;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.name, c.winner, recommendation->suggestedWinner);
            CPPUNIT_ASSERT_DOUBLES_EQUAL_MESSAGE(c.name, c.confidence, recommendation->confidence, 0.0011);
            CPPUNIT_ASSERT_MESSAGE(c.name, c.reasons == recommendation->reasons);
        }
    }

    void testCombinedSignalsOrderReasons()
    {
        // A: far more confident (0.28) and two days newer (0.167); B: revised once (0.075) and a better
        // record (0.25 × (0.5 − 0) = 0.125 against A's 0 of 3). A wins by 0.247; B's signals give no reason.
        const auto a = withRecord(side("alice", 1.0, 48), 0, 3);
        const auto b = withRevisions(side("bob", 0.2), 1);
        const auto recommendation = ConflictRecommendation::recommend(a, b);
        CPPUNIT_ASSERT(recommendation.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("decision-of-alice"), recommendation->suggestedWinner);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.28 + 0.25 * 48 / 72 - 0.075 - 0.125, recommendation->confidence, 0.0006);
        const std::vector<std::string> reasons{"higher confidence (1.00 vs 0.20)",
                                               "more recent (decided 2.0 days later)"};
        CPPUNIT_ASSERT(recommendation->reasons == reasons);

        // Signals that cancel out recommend nothing: 0.35 × 0.4 for A against 0.25 × 24/48 + 0.15 × 1/2 for B.
        CPPUNIT_ASSERT(!ConflictRecommendation::recommend(side("alice", 0.9), withRevisions(side("bob", 0.5, 24), 1)));
    }

    void testSidesAreSymmetric()
    {
        const auto a = withRevisions(side("alice", 0.95, 30), 2);
        const auto b = withRecord(side("bob", 0.3), 5, 6);
        const auto forward = ConflictRecommendation::recommend(a, b);
        const auto backward = ConflictRecommendation::recommend(b, a);
        CPPUNIT_ASSERT(forward && backward);
        CPPUNIT_ASSERT_EQUAL(forward->suggestedWinner, backward->suggestedWinner);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(forward->confidence, backward->confidence, 1e-9);
        CPPUNIT_ASSERT(forward->reasons == backward->reasons);
        CPPUNIT_ASSERT(forward->confidence > ConflictRecommendation::kMinimumMargin && forward->confidence <= 1.0);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConflictRecommendationTest);
} // namespace akashi::services
