#include "services/SearchFixture.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::services
{
/// The text path of SearchService over the real schema: full-text ranking and weights, the ILIKE
/// fallback (stop words, partial words, escaping), org isolation, RBAC, filters and limit.
class TextSearchTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TextSearchTest);
    CPPUNIT_TEST(testWordsAndPatterns);
    CPPUNIT_TEST(testFullTextRanksOutcomeAboveReasoning);
    CPPUNIT_TEST(testFullTextWeightsCompletenessOutcomeAndRecency);
    CPPUNIT_TEST(testStopWordsOnlyFallsBackToIlike);
    CPPUNIT_TEST(testNoFullTextMatchFallsBackToIlike);
    CPPUNIT_TEST(testIlikeEscapesMetacharacters);
    CPPUNIT_TEST(testOrgVisibilityAndFilters);
    CPPUNIT_TEST(testLimit);
    CPPUNIT_TEST_SUITE_END();

    using Fixture = test::SearchFixture;

    static SearchResult text(Fixture& f, const std::string& query, const auth::Principal& caller = Fixture::admin(),
                             storage::DecisionFilter filter = {}, int limit = 10)
    {
        auto request = Fixture::request(query, false, limit);
        request.filter = std::move(filter);
        auto result = f.service().search(caller, request, std::nullopt);
        CPPUNIT_ASSERT(result.mode == SearchMode::text);
        for (const auto& found : result.results)
            CPPUNIT_ASSERT(!found.annRank);
        return result;
    }

    using Ids = std::vector<std::string>;

public:
    void testWordsAndPatterns()
    {
        using storage::SearchReader;
        CPPUNIT_ASSERT((SearchReader::words("  use\tthe  cache\nthe use ") == Ids{"use", "the", "cache"}));
        CPPUNIT_ASSERT(SearchReader::words(" \t\n").empty());
        std::string many;
        for (int i = 0; i < 25; ++i)
            many += "w" + std::to_string(i) + " ";
        const auto capped = SearchReader::words(many);
        CPPUNIT_ASSERT_EQUAL(SearchReader::kMaxWords, capped.size());
        CPPUNIT_ASSERT_EQUAL(std::string("w19"), capped.back());
        CPPUNIT_ASSERT_EQUAL(std::string("%redis%"), SearchReader::containsPattern("redis"));
        CPPUNIT_ASSERT_EQUAL(std::string("%100\\%\\_a\\\\b%"), SearchReader::containsPattern("100%_a\\b"));
    }

    void testFullTextRanksOutcomeAboveReasoning()
    {
        Fixture f("search_fts_rank");
        const auto inOutcome = f.decision(Fixture::spec("Use Redis for session caching", 1));
        auto reasoned = Fixture::spec("Use an in-memory store", 1);
        reasoned.reasoning = "redis was considered and is fast";
        const auto inReasoning = f.decision(reasoned);
        f.decision(Fixture::spec("Use PostgreSQL as the event store", 1));

        const auto result = text(f, "redis");
        CPPUNIT_ASSERT((Fixture::ids(result.results) == Ids{inOutcome, inReasoning}));
        CPPUNIT_ASSERT(result.results[0].score > result.results[1].score);
        CPPUNIT_ASSERT(result.results[1].score > 0);
        CPPUNIT_ASSERT_EQUAL(std::string("Use Redis for session caching"), result.results[0].decision.outcome);
    }

    void testFullTextWeightsCompletenessOutcomeAndRecency()
    {
        Fixture f("search_fts_weights");
        const auto when = Fixture::daysAgo(3);
        auto complete = Fixture::spec("Pick Kafka for the event bus");
        complete.validFrom = when;
        complete.completenessScore = 1.0;
        const auto rich = f.decision(complete);
        f.sql().exec("UPDATE decisions SET outcome_score = 0.5 WHERE id = $1::uuid", storage::SqlParams().add(rich));
        auto sparse = complete;
        sparse.completenessScore = 0.0;
        const auto poor = f.decision(sparse);

        auto result = text(f, "kafka");
        CPPUNIT_ASSERT((Fixture::ids(result.results) == Ids{rich, poor}));
        // Same rank and age: (0.5 + 0.2·1 + 0.3·0.5) / (0.5 + 0) = 1.7.
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1.7, result.results[0].score / result.results[1].score, 1e-6);

        const auto fresh = f.decision(Fixture::spec("Choose gRPC transport", 0));
        const auto old = f.decision(Fixture::spec("Choose gRPC transport", 90));
        result = text(f, "grpc");
        CPPUNIT_ASSERT((Fixture::ids(result.results) == Ids{fresh, old}));
        // recency 1/(1 + age/90): about 1 now, 1/2 at 90 days.
        CPPUNIT_ASSERT_DOUBLES_EQUAL(2.0, result.results[0].score / result.results[1].score, 1e-3);
    }

    void testStopWordsOnlyFallsBackToIlike()
    {
        Fixture f("search_stop_words");
        const auto when = Fixture::daysAgo(1);
        auto both = Fixture::spec("the choice of cache");
        both.validFrom = when;
        const auto bothId = f.decision(both);
        auto one = Fixture::spec("the redis");
        one.validFrom = when;
        const auto oneId = f.decision(one);
        f.decision(Fixture::spec("Use PostgreSQL"));

        auto result = text(f, "the");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), result.results.size());
        // Matched fraction 1 × (0.5 + 0.2·0.5 completeness) × recency(1 day).
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.6 / (1.0 + 1.0 / 90.0), result.results[0].score, 1e-4);

        // Both stop words; the row matching two of two words ranks first, at twice the score.
        result = text(f, "the of");
        CPPUNIT_ASSERT((Fixture::ids(result.results) == Ids{bothId, oneId}));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(2.0, result.results[0].score / result.results[1].score, 1e-6);
    }

    void testNoFullTextMatchFallsBackToIlike()
    {
        Fixture f("search_partial_word");
        const auto postgres = f.decision(Fixture::spec("Use PostgreSQL as the event store"));
        f.decision(Fixture::spec("Use Redis for caching"));
        // "postgr" is no lexeme of "postgresql": full-text search finds nothing, ILIKE finds it (any case).
        CPPUNIT_ASSERT((Fixture::ids(text(f, "POSTGR").results) == Ids{postgres}));
        CPPUNIT_ASSERT(text(f, "zebra").results.empty());
    }

    void testIlikeEscapesMetacharacters()
    {
        Fixture f("search_ilike_escape");
        const auto underscore = f.decision(Fixture::spec("name columns in snake_case"));
        f.decision(Fixture::spec("name columns in snakeXcase"));
        const auto percent = f.decision(Fixture::spec("coverage at 100% of branches"));
        f.decision(Fixture::spec("coverage at 1000 branches"));
        const auto backslash = f.decision(Fixture::spec("store files under C:\\temp"));
        f.decision(Fixture::spec("store files under C:/temp"));

        // Each query has no lexeme, so ILIKE serves it; unescaped, each would match (almost) every row.
        CPPUNIT_ASSERT((Fixture::ids(text(f, "_").results) == Ids{underscore}));
        CPPUNIT_ASSERT((Fixture::ids(text(f, "%").results) == Ids{percent}));
        CPPUNIT_ASSERT((Fixture::ids(text(f, "\\").results) == Ids{backslash}));
    }

    void testOrgVisibilityAndFilters()
    {
        Fixture f("search_text_scope");
        const auto rita = f.agent("rita", auth::Role::reader, {"team"});
        f.agent("alice", auth::Role::agent, {"team"});
        f.agent("bob", auth::Role::agent);
        const auto alice = f.decision(Fixture::spec("the redis choice", 1, "alice"));
        auto security = Fixture::spec("the redis password policy", 2, "bob");
        security.decisionType = "security";
        const auto bob = f.decision(security);
        auto foreign = Fixture::spec("the redis choice", 0, "olga");
        foreign.orgId = "11111111-1111-1111-1111-111111111111";
        f.decision(foreign);

        // Full-text ("redis") and ILIKE ("the") alike: never another org, only visible agents.
        for (const std::string query : {"redis", "the"})
        {
            CPPUNIT_ASSERT((Fixture::ids(text(f, query).results) == Ids{alice, bob}));
            CPPUNIT_ASSERT((Fixture::ids(text(f, query, rita).results) == Ids{alice}));
            storage::DecisionFilter type;
            type.decisionType = "security";
            CPPUNIT_ASSERT((Fixture::ids(text(f, query, Fixture::admin(), type).results) == Ids{bob}));
            storage::DecisionFilter agents;
            agents.agentIds = std::vector<std::string>{"bob"};
            CPPUNIT_ASSERT((Fixture::ids(text(f, query, Fixture::admin(), agents).results) == Ids{bob}));
            CPPUNIT_ASSERT(text(f, query, rita, agents).results.empty());
        }
    }

    void testLimit()
    {
        Fixture f("search_text_limit");
        const auto newest = f.decision(Fixture::spec("redis one", 1));
        const auto middle = f.decision(Fixture::spec("redis two", 2));
        f.decision(Fixture::spec("redis three", 3));
        CPPUNIT_ASSERT((Fixture::ids(text(f, "redis", Fixture::admin(), {}, 2).results) == Ids{newest, middle}));
        // "edis" is no lexeme: the ILIKE fallback finds all three and keeps the limit too.
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), text(f, "edis").results.size());
        CPPUNIT_ASSERT((Fixture::ids(text(f, "edis", Fixture::admin(), {}, 1).results) == Ids{newest}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), text(f, "redis", Fixture::admin(), {}, 1000).results.size());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TextSearchTest);
} // namespace akashi::services
