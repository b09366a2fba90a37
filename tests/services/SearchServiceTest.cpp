#include "services/SearchFixture.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cmath>

namespace akashi::services
{
/// The semantic path of SearchService with a fake provider and a fake index over the real schema:
/// re-scored ordering and ANN rank, hydration (current rows of the index's vector space only), org
/// isolation, RBAC, filters, limit, and every fallback to text search.
class SearchServiceTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SearchServiceTest);
    CPPUNIT_TEST(testRelevanceFormula);
    CPPUNIT_TEST(testSemanticOrderScoresAndRank);
    CPPUNIT_TEST(testCurrentCitationsRaiseRelevance);
    CPPUNIT_TEST(testQuickRevisionLowersStability);
    CPPUNIT_TEST(testEqualScoresKeepAnnOrder);
    CPPUNIT_TEST(testHydrationKeepsCurrentRowsOfTheIndexSpace);
    CPPUNIT_TEST(testOtherOrgIdsFromTheIndexNeverLeak);
    CPPUNIT_TEST(testReaderSeesOnlyVisibleAgents);
    CPPUNIT_TEST(testFiltersApplyToSemanticResults);
    CPPUNIT_TEST(testLimitCapsResultsAndAsksForThreeTimesAsMany);
    CPPUNIT_TEST(testEveryFailureFallsBackToText);
    CPPUNIT_TEST(testProviderOutagePausesTheSemanticPath);
    CPPUNIT_TEST(testUnavailableSemanticSearchIsText);
    CPPUNIT_TEST_SUITE_END();

    using Fixture = test::SearchFixture;
    using Ids = std::vector<std::string>;

    static constexpr const char* kQuery = "how do we cache sessions";

    /// A unit vector with cosine `similarity` to the query vector (1, 0, 0, 0).
    static std::vector<float> at(double similarity)
    {
        return {static_cast<float>(similarity), static_cast<float>(std::sqrt(1 - similarity * similarity)), 0, 0};
    }

    static void pinQuery(Fixture& f) { f.embedder().setVector(kQuery, {1, 0, 0, 0}); }

    static SearchResult semantic(Fixture& f, const auth::Principal& caller = Fixture::admin(),
                                 storage::DecisionFilter filter = {}, int limit = 10)
    {
        auto request = Fixture::request(kQuery, true, limit);
        request.filter = std::move(filter);
        return f.service().search(caller, request, std::nullopt);
    }

    static std::vector<int> ranks(const SearchResult& result)
    {
        std::vector<int> out;
        for (const auto& found : result.results)
            out.push_back(found.annRank.value_or(0));
        return out;
    }

public:
    void testRelevanceFormula()
    {
        // No citations, stable, new: 1 × (0.5 + 0.5·0.15) = 0.575.
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.575, SearchService::relevance(1.0, 0, false, 0), 1e-12);
        // Five citations saturate the citation term: w = 0.25 + 0.15 = 0.4 → 0.7; more changes nothing.
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.7, SearchService::relevance(1.0, 5, false, 0), 1e-12);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.7, SearchService::relevance(1.0, 500, false, 0), 1e-12);
        // One citation: 0.25·log(2)/log(6).
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.5 + 0.5 * (0.25 * std::log(2.0) / std::log(6.0) + 0.15),
                                     SearchService::relevance(1.0, 1, false, 0), 1e-12);
        // A quick revision loses stability; 90 days halve the score.
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.8 * 0.5 * 0.5, SearchService::relevance(0.8, 0, true, 90), 1e-12);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(-0.575, SearchService::relevance(-1.0, 0, false, 0), 1e-12);
    }

    void testSemanticOrderScoresAndRank()
    {
        Fixture f("search_semantic_order");
        pinQuery(f);
        const auto third = f.indexed(Fixture::spec("shard by tenant"), at(0.6));
        const auto first = f.indexed(Fixture::spec("cache sessions in redis"), at(1.0));
        const auto second = f.indexed(Fixture::spec("cache sessions in memcached"), at(0.8));

        const auto result = semantic(f);
        CPPUNIT_ASSERT(result.mode == SearchMode::semantic);
        CPPUNIT_ASSERT((Fixture::ids(result.results) == Ids{first, second, third}));
        CPPUNIT_ASSERT((ranks(result) == std::vector<int>{1, 2, 3}));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.575, result.results[0].score, 1e-3);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.8 * 0.575, result.results[1].score, 1e-3);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.6 * 0.575, result.results[2].score, 1e-3);
        CPPUNIT_ASSERT_EQUAL(std::string("cache sessions in redis"), result.results[0].decision.outcome);
        // The query was embedded once, as is, and the index asked in the caller's org.
        CPPUNIT_ASSERT((f.embedder().calls() == std::vector<std::vector<std::string>>{{kQuery}}));
        CPPUNIT_ASSERT_EQUAL(std::string(Fixture::kOrg), f.index().calls().at(0).orgId);
    }

    void testCurrentCitationsRaiseRelevance()
    {
        Fixture f("search_semantic_citations");
        pinQuery(f);
        const auto top = f.indexed(Fixture::spec("cache sessions in redis"), at(1.0));
        const auto cited = f.indexed(Fixture::spec("cache sessions in memcached"), at(0.95));
        // One current citing decision, revised twice: its two superseded versions must not count.
        auto citing = Fixture::spec("follow the memcached precedent", 5);
        citing.precedentRef = cited;
        auto version = f.decision(citing);
        for (double days : {4.0, 3.0})
        {
            citing.validFrom = Fixture::daysAgo(days);
            version = f.decisions().revise(version, citing);
        }

        const auto result = semantic(f);
        const double oneCitation = 0.5 + 0.5 * (0.25 * std::log(2.0) / std::log(6.0) + 0.15);
        CPPUNIT_ASSERT((Fixture::ids(result.results) == Ids{cited, top}));
        CPPUNIT_ASSERT((ranks(result) == std::vector<int>{2, 1}));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.95 * oneCitation, result.results[0].score, 1e-3);
    }

    void testQuickRevisionLowersStability()
    {
        Fixture f("search_semantic_stability");
        pinQuery(f);
        const auto when = Fixture::daysAgo(10);
        auto quickOld = Fixture::spec("cache in redis", 10 + 1.0 / 24);
        const auto quickFirst = f.decision(quickOld);
        auto quickSpec = Fixture::spec("cache in redis, revised within the hour");
        quickSpec.validFrom = when;
        const auto quick = f.decisions().revise(quickFirst, quickSpec);
        const auto slowFirst = f.decision(Fixture::spec("cache in memcached", 13));
        auto slowSpec = Fixture::spec("cache in memcached, revised after three days");
        slowSpec.validFrom = when;
        const auto slow = f.decisions().revise(slowFirst, slowSpec);
        f.markEmbedded(quick);
        f.markEmbedded(slow);
        f.index().setHits(Fixture::kOrg, {{quick, 0.8f}, {slow, 0.8f}});

        const auto result = semantic(f);
        CPPUNIT_ASSERT((Fixture::ids(result.results) == Ids{slow, quick}));
        // Stable: 0.5 + 0.5·0.15 = 0.575; superseded one within 48 h: 0.5.
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.575 / 0.5, result.results[0].score / result.results[1].score, 1e-6);
    }

    void testEqualScoresKeepAnnOrder()
    {
        Fixture f("search_semantic_ties");
        pinQuery(f);
        const auto when = Fixture::daysAgo(2);
        auto spec = Fixture::spec("cache sessions");
        spec.validFrom = when;
        const auto a = f.decision(spec);
        const auto b = f.decision(spec);
        f.markEmbedded(a);
        f.markEmbedded(b);
        f.index().setHits(Fixture::kOrg, {{b, 0.7f}, {a, 0.7f}});
        CPPUNIT_ASSERT((Fixture::ids(semantic(f).results) == Ids{b, a}));
        f.index().setHits(Fixture::kOrg, {{a, 0.7f}, {b, 0.7f}});
        CPPUNIT_ASSERT((Fixture::ids(semantic(f).results) == Ids{a, b}));
    }

    void testHydrationKeepsCurrentRowsOfTheIndexSpace()
    {
        Fixture f("search_semantic_hydration");
        pinQuery(f);
        const auto old = f.decision(Fixture::spec("cache in redis", 5));
        f.markEmbedded(old);
        auto revised = Fixture::spec("cache in redis cluster", 1);
        const auto current = f.decisions().revise(old, revised);
        f.markEmbedded(current);
        const auto otherModel = f.decision(Fixture::spec("cache in memcached"));
        f.markEmbedded(otherModel, "other-model");
        const auto otherDimensions = f.decision(Fixture::spec("cache in hazelcast"));
        f.markEmbedded(otherDimensions, Fixture::kModel, 8);
        const auto notEmbedded = f.decision(Fixture::spec("cache in varnish"));
        f.index().setHits(Fixture::kOrg, {{old, 0.99f},
                                          {otherModel, 0.98f},
                                          {otherDimensions, 0.97f},
                                          {notEmbedded, 0.96f},
                                          {current, 0.5f}});

        const auto result = semantic(f);
        CPPUNIT_ASSERT(result.mode == SearchMode::semantic);
        CPPUNIT_ASSERT((Fixture::ids(result.results) == Ids{current}));
        CPPUNIT_ASSERT((ranks(result) == std::vector<int>{5}));
    }

    void testOtherOrgIdsFromTheIndexNeverLeak()
    {
        Fixture f("search_semantic_orgs");
        pinQuery(f);
        auto foreignSpec = Fixture::spec("cache sessions in redis");
        foreignSpec.orgId = "11111111-1111-1111-1111-111111111111";
        foreignSpec.agentId = "olga";
        const auto foreign = f.decision(foreignSpec);
        f.markEmbedded(foreign);
        const auto local = f.decision(Fixture::spec("cache sessions in memcached"));
        f.markEmbedded(local);

        // A misbehaving index answers another org's id (and a malformed one): only the org's own row.
        f.index().setHits(Fixture::kOrg, {{foreign, 0.99f}, {"not-a-uuid", 0.98f}, {local, 0.5f}});
        auto result = semantic(f);
        CPPUNIT_ASSERT(result.mode == SearchMode::semantic);
        CPPUNIT_ASSERT((Fixture::ids(result.results) == Ids{local}));
        CPPUNIT_ASSERT((ranks(result) == std::vector<int>{3}));

        // Nothing of the org left: the text fallback serves, and it cannot see the other org either.
        f.index().setHits(Fixture::kOrg, {{foreign, 0.99f}});
        auto request = Fixture::request("redis", true);
        f.embedder().setVector("redis", {1, 0, 0, 0});
        result = f.service().search(Fixture::admin(), request, std::nullopt);
        CPPUNIT_ASSERT(result.mode == SearchMode::text);
        CPPUNIT_ASSERT(result.results.empty());
    }

    void testReaderSeesOnlyVisibleAgents()
    {
        Fixture f("search_semantic_rbac");
        pinQuery(f);
        const auto rita = f.agent("rita", auth::Role::reader, {"team"});
        f.agent("alice", auth::Role::agent, {"team"});
        const auto bob = f.agent("bob", auth::Role::agent);
        const auto alices = f.indexed(Fixture::spec("cache in redis", 0, "alice"), at(0.9));
        const auto bobs = f.indexed(Fixture::spec("cache in memcached", 0, "bob"), at(1.0));

        CPPUNIT_ASSERT((Fixture::ids(semantic(f).results) == Ids{bobs, alices}));
        auto visible = semantic(f, rita);
        CPPUNIT_ASSERT((Fixture::ids(visible.results) == Ids{alices}));
        CPPUNIT_ASSERT((ranks(visible) == std::vector<int>{2}));
        CPPUNIT_ASSERT((Fixture::ids(semantic(f, bob).results) == Ids{bobs}));
    }

    void testFiltersApplyToSemanticResults()
    {
        Fixture f("search_semantic_filters");
        pinQuery(f);
        auto architecture = Fixture::spec("cache in redis", 0, "alice");
        architecture.project = "billing";
        const auto a = f.indexed(architecture, at(1.0));
        auto security = Fixture::spec("encrypt the cache", 0, "bob");
        security.decisionType = "security";
        const auto b = f.indexed(security, at(0.9));

        storage::DecisionFilter type;
        type.decisionType = "security";
        CPPUNIT_ASSERT((Fixture::ids(semantic(f, Fixture::admin(), type).results) == Ids{b}));
        storage::DecisionFilter agent;
        agent.agentIds = std::vector<std::string>{"alice"};
        CPPUNIT_ASSERT((Fixture::ids(semantic(f, Fixture::admin(), agent).results) == Ids{a}));
        storage::DecisionFilter project;
        project.project = "billing";
        CPPUNIT_ASSERT((Fixture::ids(semantic(f, Fixture::admin(), project).results) == Ids{a}));
        storage::DecisionFilter confident;
        confident.confidenceMin = 0.9; // both are 0.8: nothing semantic, and the text path finds nothing
        const auto none = semantic(f, Fixture::admin(), confident);
        CPPUNIT_ASSERT(none.mode == SearchMode::text);
        CPPUNIT_ASSERT(none.results.empty());
    }

    void testLimitCapsResultsAndAsksForThreeTimesAsMany()
    {
        Fixture f("search_semantic_limit");
        pinQuery(f);
        std::vector<std::string> ids;
        for (int i = 0; i < 5; ++i)
            ids.push_back(f.indexed(Fixture::spec("cache option " + std::to_string(i)), at(0.9 - 0.1 * i)));
        const auto result = semantic(f, Fixture::admin(), {}, 2);
        CPPUNIT_ASSERT((Fixture::ids(result.results) == Ids{ids[0], ids[1]}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), f.index().calls().back().k);
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), semantic(f, Fixture::admin(), {}, 1000).results.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(3000), f.index().calls().back().k);
    }

    void testEveryFailureFallsBackToText()
    {
        Fixture f("search_semantic_fallbacks");
        const std::string query = "redis sessions";
        const auto byText = f.decision(Fixture::spec("keep redis sessions for a day"));
        f.indexed(Fixture::spec("cache sessions in memcached"), at(1.0));
        auto expectText = [&](const std::string& why) {
            const auto result = f.service().search(Fixture::admin(), Fixture::request(query, true), std::nullopt);
            CPPUNIT_ASSERT_MESSAGE(why, result.mode == SearchMode::text);
            CPPUNIT_ASSERT_MESSAGE(why, (Fixture::ids(result.results) == Ids{byText}));
            CPPUNIT_ASSERT_MESSAGE(why, !result.results[0].annRank);
        };

        f.embedder().failNextCalls(plugin::Status::failure(plugin::StatusCode::unavailable, "provider down"));
        expectText("provider failure");
        f.embedder().setVector(query, {0, 0, 0, 0});
        expectText("zero vector (the noop provider)");
        CPPUNIT_ASSERT(f.index().calls().empty()); // neither reached the index

        f.embedder().setVector(query, {0, 0, 1, 0}); // orthogonal to everything indexed: no hits kept below
        f.index().setHits(Fixture::kOrg, {});
        expectText("index has no neighbours");
        f.index().failWith("graph not loaded");
        expectText("index failure");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), f.index().calls().size());
    }

    void testProviderOutagePausesTheSemanticPath()
    {
        Fixture f("search_provider_pause");
        const std::string query = "redis sessions";
        const auto byText = f.decision(Fixture::spec("keep redis sessions for a day"));
        auto service = f.service();
        f.embedder().failNextCalls(plugin::Status::failure(plugin::StatusCode::unavailable, "provider down"));
        CPPUNIT_ASSERT(service.search(Fixture::admin(), Fixture::request(query, true), std::nullopt).mode == SearchMode::text);
        const auto callsAfterOutage = f.embedder().calls().size();
        // The provider is not asked again during the pause: no search waits out its timeouts.
        const auto next = service.search(Fixture::admin(), Fixture::request(query, true), std::nullopt);
        CPPUNIT_ASSERT(next.mode == SearchMode::text);
        CPPUNIT_ASSERT((Fixture::ids(next.results) == Ids{byText}));
        CPPUNIT_ASSERT_EQUAL(callsAfterOutage, f.embedder().calls().size());
        // A rejected query (not an outage) does not pause it.
        auto other = f.service();
        f.embedder().failNextCalls(plugin::Status::failure(plugin::StatusCode::invalidArgument, "bad input"));
        other.search(Fixture::admin(), Fixture::request(query, true), std::nullopt);
        other.search(Fixture::admin(), Fixture::request(query, true), std::nullopt);
        CPPUNIT_ASSERT_EQUAL(callsAfterOutage + 2, f.embedder().calls().size());
    }

    void testUnavailableSemanticSearchIsText()
    {
        Fixture f("search_semantic_unavailable");
        pinQuery(f);
        const auto byText = f.decision(Fixture::spec("how we cache sessions"));
        f.indexed(Fixture::spec("unrelated words entirely"), at(1.0));
        auto run = [&](SearchService service, bool semantic) {
            const auto result = service.search(Fixture::admin(), Fixture::request(kQuery, semantic), std::nullopt);
            CPPUNIT_ASSERT(result.mode == SearchMode::text);
            CPPUNIT_ASSERT((Fixture::ids(result.results) == Ids{byText}));
            return service.semanticAvailable();
        };
        auto otherModel = std::make_shared<mocks::FakeEmbeddingProvider>(Fixture::kDimensions, "other-model");
        auto otherLength = std::make_shared<mocks::FakeEmbeddingProvider>(8, Fixture::kModel);

        CPPUNIT_ASSERT(run(f.service(), false)); // available, but not asked for
        CPPUNIT_ASSERT(!run(f.service(f.sharedEmbedder(), nullptr), true));
        CPPUNIT_ASSERT(!run(f.service(nullptr, f.sharedIndex()), true));
        CPPUNIT_ASSERT(!run(f.service(otherModel, f.sharedIndex()), true));
        CPPUNIT_ASSERT(!run(f.service(otherLength, f.sharedIndex()), true));
        CPPUNIT_ASSERT(f.index().calls().empty());
        CPPUNIT_ASSERT(otherModel->calls().empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SearchServiceTest);
} // namespace akashi::services
