#include "services/SearchFixture.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cmath>

namespace akashi::services
{
/// QueryService::check with and without semantic search: semantic precedents scoring at least 0.3,
/// restricted to the check's decision type, agent and project; otherwise full-text then recent.
class CheckPrecedentsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CheckPrecedentsTest);
    CPPUNIT_TEST(testSemanticPrecedentsAboveThreshold);
    CPPUNIT_TEST(testSemanticPrecedentsOnlyBelowThresholdFallBackToText);
    CPPUNIT_TEST(testWithoutSemanticSearchTextThenRecent);
    CPPUNIT_TEST_SUITE_END();

    using Fixture = test::SearchFixture;
    using Ids = std::vector<std::string>;

    static constexpr const char* kQuery = "cache sessions";

    static std::vector<float> at(double similarity)
    {
        return {static_cast<float>(similarity), static_cast<float>(std::sqrt(1 - similarity * similarity)), 0, 0};
    }

    static CheckRequest request(const std::optional<std::string>& query, int limit = 5)
    {
        CheckRequest check;
        check.decisionType = "architecture";
        check.query = query;
        check.limit = limit;
        return check;
    }

    static Ids ids(const CheckResult& result)
    {
        Ids out;
        for (const auto& decision : result.decisions)
            out.push_back(decision.id);
        return out;
    }

public:
    void testSemanticPrecedentsAboveThreshold()
    {
        Fixture f("check_semantic");
        f.embedder().setVector(kQuery, {1, 0, 0, 0});
        auto closeSpec = Fixture::spec("use redis for sessions", 0, "alice");
        closeSpec.project = "billing";
        const auto close = f.indexed(closeSpec, at(1.0));           // 0.575
        auto farSpec = Fixture::spec("cache sessions in memcached", 0, "alice");
        farSpec.project = "billing";
        f.indexed(farSpec, at(0.4));                                 // 0.23 < 0.3
        auto security = Fixture::spec("encrypt cached sessions", 0, "alice");
        security.decisionType = "security";
        f.indexed(security, at(1.0));                                // another type
        auto bobSpec = Fixture::spec("keep sessions in the database", 0, "bob");
        bobSpec.project = "search";
        const auto bobs = f.indexed(bobSpec, at(0.9));               // 0.5175

        auto search = f.service();
        auto queries = f.queries(&search);
        auto result = queries.check(Fixture::admin(), request(kQuery), std::nullopt);
        CPPUNIT_ASSERT((ids(result) == Ids{close, bobs}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), f.index().calls().size()); // asked once, for 3 × limit
        CPPUNIT_ASSERT_EQUAL(std::size_t(15), f.index().calls().front().k);

        auto byAgent = request(kQuery);
        byAgent.agentId = "bob";
        CPPUNIT_ASSERT((ids(queries.check(Fixture::admin(), byAgent, std::nullopt)) == Ids{bobs}));
        auto byProject = request(kQuery);
        byProject.project = "billing";
        CPPUNIT_ASSERT((ids(queries.check(Fixture::admin(), byProject, std::nullopt)) == Ids{close}));
        // A reader of alice's team only.
        f.agent("alice", auth::Role::agent, {"team"});
        const auto rita = f.agent("rita", auth::Role::reader, {"team"});
        CPPUNIT_ASSERT((ids(queries.check(rita, request(kQuery), std::nullopt)) == Ids{close}));
    }

    void testSemanticPrecedentsOnlyBelowThresholdFallBackToText()
    {
        Fixture f("check_semantic_threshold");
        f.embedder().setVector(kQuery, {1, 0, 0, 0});
        // Too distant by meaning to count as a semantic precedent, but it has the query's words: text finds it.
        const auto byWords = f.indexed(Fixture::spec("cache sessions in memcached"), at(0.4));
        auto unrelated = Fixture::spec("ship on friday");
        f.indexed(unrelated, at(0.3));
        auto search = f.service();
        auto queries = f.queries(&search);
        auto result = queries.check(Fixture::admin(), request(kQuery), std::nullopt);
        CPPUNIT_ASSERT((ids(result) == Ids{byWords}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), f.index().calls().size());
        // No word in common either: the type's recent decisions, newest first.
        f.embedder().setVector("kubernetes", {1, 0, 0, 0});
        result = queries.check(Fixture::admin(), request("kubernetes"), std::nullopt);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), result.decisions.size());
    }

    void testWithoutSemanticSearchTextThenRecent()
    {
        Fixture f("check_text");
        const auto older = f.decision(Fixture::spec("cache sessions in memcached", 2));
        const auto newer = f.decision(Fixture::spec("use postgres for events", 1));
        auto security = Fixture::spec("cache sessions encrypted", 0);
        security.decisionType = "security";
        f.decision(security);

        auto none = f.queries(nullptr);
        CPPUNIT_ASSERT((ids(none.check(Fixture::admin(), request(kQuery), std::nullopt)) == Ids{older}));
        CPPUNIT_ASSERT((ids(none.check(Fixture::admin(), request("kubernetes"), std::nullopt)) == Ids{newer, older}));
        CPPUNIT_ASSERT((ids(none.check(Fixture::admin(), request(std::nullopt), std::nullopt)) == Ids{newer, older}));

        // Semantic search present but failing, or no visible neighbour: the same text-then-recent answer.
        auto search = f.service();
        auto queries = f.queries(&search);
        f.index().setHits(Fixture::kOrg, {{"22222222-2222-2222-2222-222222222222", 0.99f}});
        CPPUNIT_ASSERT((ids(queries.check(Fixture::admin(), request(kQuery), std::nullopt)) == Ids{older}));
        f.embedder().failNextCalls(plugin::Status::failure(plugin::StatusCode::unavailable, "down"));
        CPPUNIT_ASSERT((ids(queries.check(Fixture::admin(), request(kQuery), std::nullopt)) == Ids{older}));
        CPPUNIT_ASSERT((ids(queries.check(Fixture::admin(), request(std::nullopt, 1), std::nullopt)) == Ids{newer}));
        // Without a query the index is never asked.
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), f.index().calls().size());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CheckPrecedentsTest);
} // namespace akashi::services
