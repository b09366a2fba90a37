#include "api/DecisionFixtures.h"
#include "storage/DecisionReader.h"
#include "support/MigratedDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::storage
{
/// DecisionReader against a migrated database: scoping, filters, paging totals, bi-temporal reads,
/// revision chains, keyset export pages, children loading, precedents and conflicts.
class DecisionReaderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(DecisionReaderTest);
    CPPUNIT_TEST(testQueryScopesFiltersAndCounts);
    CPPUNIT_TEST(testTotalIsOmittedPastTheCountLimit);
    CPPUNIT_TEST(testAsOfBeforeAndAfterRevision);
    CPPUNIT_TEST(testRevisionsWalkBothDirections);
    CPPUNIT_TEST(testExportPagesByKeyset);
    CPPUNIT_TEST(testChildrenAndRun);
    CPPUNIT_TEST(testPrecedentsAndConflicts);
    CPPUNIT_TEST_SUITE_END();

    static constexpr const char* kOrg = "00000000-0000-0000-0000-000000000000";

    static DecisionScope everyone(const std::string& org = kOrg) { return DecisionScope{org, true, {}}; }
    static DecisionScope only(std::vector<std::string> agents) { return DecisionScope{kOrg, false, std::move(agents)}; }

    static test::DecisionSpec spec(const std::string& agent, const std::string& validFrom, double confidence = 0.8,
                                   const std::string& type = "architecture")
    {
        test::DecisionSpec s;
        s.agentId = agent;
        s.validFrom = validFrom;
        s.confidence = confidence;
        s.decisionType = type;
        s.outcome = agent + " at " + validFrom;
        return s;
    }

    static std::vector<std::string> ids(const std::vector<DecisionRecord>& decisions)
    {
        std::vector<std::string> out;
        for (const auto& d : decisions)
            out.push_back(d.id);
        return out;
    }

public:
    void testQueryScopesFiltersAndCounts()
    {
        test::MigratedDatabase db("reader_query");
        auto lease = db.database().connection();
        test::DecisionFixtures fx(*lease);
        const auto a1 = fx.insertDecision(spec("alice", "2026-01-01T00:00:01Z", 0.9));
        const auto a2 = fx.insertDecision(spec("alice", "2026-01-01T00:00:02Z", 0.3, "security"));
        const auto a3 = fx.insertDecision(spec("alice", "2026-01-01T00:00:03Z", 0.6));
        const auto b1 = fx.insertDecision(spec("bob", "2026-01-01T00:00:04Z", 0.7));
        fx.revise(b1, spec("bob", "2026-01-01T00:00:05Z", 0.75));
        const auto otherOrg = lease->exec("INSERT INTO organizations (name, slug) VALUES ('o', 'o') RETURNING id").text(0, "id");
        auto foreign = spec("alice", "2026-01-01T00:00:06Z");
        foreign.orgId = otherOrg;
        fx.insertDecision(foreign);

        DecisionReader reader;
        DecisionReader::PageCount count;
        auto all = reader.query(*lease, everyone(), {}, {}, 10, 0, count);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(4), *count.total); // current rows of this org only
        CPPUNIT_ASSERT(!count.hasMore);
        CPPUNIT_ASSERT_EQUAL(std::string("bob"), all.front().agentId);
        CPPUNIT_ASSERT(all.front().supersedesId.has_value());

        auto aliceOnly = reader.query(*lease, only({"alice"}), {}, {}, 2, 0, count);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), *count.total);
        CPPUNIT_ASSERT(count.hasMore);
        CPPUNIT_ASSERT((ids(aliceOnly) == std::vector<std::string>{a3, a2}));
        aliceOnly = reader.query(*lease, only({"alice"}), {}, {}, 2, 2, count);
        CPPUNIT_ASSERT((ids(aliceOnly) == std::vector<std::string>{a1}));
        CPPUNIT_ASSERT(!count.hasMore);

        DecisionFilter filter;
        filter.confidenceMin = 0.5;
        filter.decisionType = "architecture";
        DecisionOrder byConfidence{"confidence", false};
        auto filtered = reader.query(*lease, only({"alice"}), filter, byConfidence, 10, 0, count);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), *count.total);
        CPPUNIT_ASSERT((ids(filtered) == std::vector<std::string>{a3, a1}));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.6, filtered.front().confidence, 1e-6);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-01-01T00:00:03Z"), filtered.front().validFrom);

        DecisionFilter range;
        range.from = "2026-01-01T00:00:02Z";
        range.to = "2026-01-01T00:00:03Z";
        reader.query(*lease, everyone(), range, {}, 10, 0, count);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), *count.total);

        // An empty visibility set sees nothing, and the total says so.
        CPPUNIT_ASSERT(reader.query(*lease, only({}), {}, {}, 10, 0, count).empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), *count.total);
    }

    void testTotalIsOmittedPastTheCountLimit()
    {
        test::MigratedDatabase db("reader_count_limit");
        auto lease = db.database().connection();
        const auto run = lease->exec("INSERT INTO agent_runs (org_id, agent_id, status) VALUES ($1::uuid, 'bulk', "
                                     "'completed') RETURNING id::text AS id",
                                     SqlParams().add(kOrg))
                             .text(0, "id");
        lease->exec("INSERT INTO decisions (run_id, agent_id, org_id, decision_type, outcome, confidence) "
                    "SELECT $1::uuid, 'bulk', $2::uuid, 'bulk', 'outcome ' || g, 0.5 "
                    "FROM generate_series(1, $3::int) AS g",
                    SqlParams().add(run).add(kOrg).add(DecisionReader::kCountLimit + 1));
        DecisionReader reader;
        DecisionReader::PageCount count;
        CPPUNIT_ASSERT_EQUAL(std::size_t{20}, reader.query(*lease, everyone(), {}, {}, 20, 0, count).size());
        CPPUNIT_ASSERT(!count.total); // more matches than are worth counting
        CPPUNIT_ASSERT(count.hasMore);
        CPPUNIT_ASSERT_EQUAL(std::size_t{1},
                             reader.query(*lease, everyone(), {}, {}, 20, DecisionReader::kCountLimit, count).size());
        CPPUNIT_ASSERT(!count.hasMore); // the last page still says so exactly
        lease->exec("UPDATE decisions SET valid_to = now() WHERE outcome = 'outcome 1'");
        reader.query(*lease, everyone(), {}, {}, 20, 0, count);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(DecisionReader::kCountLimit), *count.total);
    }

    void testAsOfBeforeAndAfterRevision()
    {
        test::MigratedDatabase db("reader_asof");
        auto lease = db.database().connection();
        test::DecisionFixtures fx(*lease);
        const auto first = fx.insertDecision(spec("alice", "2026-01-01T10:00:00Z"));
        const auto second = fx.revise(first, spec("alice", "2026-01-01T12:00:00Z"));

        DecisionReader reader;
        CPPUNIT_ASSERT(reader.asOf(*lease, everyone(), {}, "2026-01-01T09:00:00Z", 10).empty());
        CPPUNIT_ASSERT((ids(reader.asOf(*lease, everyone(), {}, "2026-01-01T11:00:00Z", 10)) ==
                        std::vector<std::string>{first}));
        CPPUNIT_ASSERT((ids(reader.asOf(*lease, everyone(), {}, "2026-01-01T12:00:00Z", 10)) ==
                        std::vector<std::string>{second}));
        CPPUNIT_ASSERT(reader.asOf(*lease, only({"bob"}), {}, "2026-01-01T13:00:00Z", 10).empty());
    }

    void testRevisionsWalkBothDirections()
    {
        test::MigratedDatabase db("reader_revisions");
        auto lease = db.database().connection();
        test::DecisionFixtures fx(*lease);
        const auto a = fx.insertDecision(spec("alice", "2026-01-01T10:00:00Z"));
        const auto b = fx.revise(a, spec("alice", "2026-01-01T11:00:00Z"));
        const auto c = fx.revise(b, spec("alice", "2026-01-01T12:00:00Z"));
        fx.insertDecision(spec("alice", "2026-01-01T13:00:00Z")); // unrelated

        DecisionReader reader;
        const std::vector<std::string> chain{a, b, c};
        CPPUNIT_ASSERT(ids(reader.revisions(*lease, everyone(), b)) == chain);
        CPPUNIT_ASSERT(ids(reader.revisions(*lease, everyone(), a)) == chain);
        CPPUNIT_ASSERT(ids(reader.revisions(*lease, everyone(), c)) == chain);
        CPPUNIT_ASSERT(reader.revisions(*lease, only({"bob"}), b).empty());
        CPPUNIT_ASSERT(reader.revisions(*lease, everyone("11111111-1111-1111-1111-111111111111"), b).empty());

        const auto superseded = reader.byId(*lease, kOrg, a);
        CPPUNIT_ASSERT(superseded && superseded->validTo);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1.0, superseded->supersessionVelocityHours.value_or(-1), 1e-9);
        CPPUNIT_ASSERT(!reader.byId(*lease, kOrg, c)->supersessionVelocityHours);
    }

    void testExportPagesByKeyset()
    {
        test::MigratedDatabase db("reader_export");
        auto lease = db.database().connection();
        test::DecisionFixtures fx(*lease);
        std::vector<std::string> expected;
        // Two rows share a valid_from: the id breaks the tie.
        expected.push_back(fx.insertDecision(spec("alice", "2026-01-01T00:00:01Z")));
        expected.push_back(fx.insertDecision(spec("bob", "2026-01-01T00:00:02Z")));
        expected.push_back(fx.insertDecision(spec("alice", "2026-01-01T00:00:02Z")));
        expected.push_back(fx.revise(expected[0], spec("alice", "2026-01-01T00:00:03.5Z")));
        expected.push_back(fx.insertDecision(spec("alice", "2026-01-01T00:00:04Z")));
        std::sort(expected.begin() + 1, expected.begin() + 3);

        DecisionReader reader;
        std::vector<std::string> seen;
        std::optional<DecisionReader::Cursor> after;
        int pages = 0;
        for (;;)
        {
            auto page = reader.exportPage(*lease, everyone(), {}, after, 2);
            if (page.empty())
                break;
            ++pages;
            CPPUNIT_ASSERT(page.front().alternatives && page.front().evidence);
            for (const auto& d : page)
                seen.push_back(d.id);
            after = DecisionReader::Cursor{page.back().validFrom, page.back().id};
        }
        CPPUNIT_ASSERT_EQUAL(3, pages);
        CPPUNIT_ASSERT(seen == expected); // every version, superseded included, in (valid_from, id) order
    }

    void testChildrenAndRun()
    {
        test::MigratedDatabase db("reader_children");
        auto lease = db.database().connection();
        test::DecisionFixtures fx(*lease);
        const auto run = fx.insertRun(kOrg, "alice");
        auto first = spec("alice", "2026-01-01T00:00:01Z");
        first.runId = run;
        auto second = spec("alice", "2026-01-01T00:00:02Z");
        second.runId = run;
        const auto d1 = fx.insertDecision(first);
        const auto d2 = fx.insertDecision(second);
        fx.insertAlternative(d1, kOrg, "mysql", std::string("no jsonb"));
        fx.insertAlternative(d1, kOrg, "sqlite");
        fx.insertEvidence(d2, kOrg, "document", "benchmarks", std::string("https://example.com/b"));

        DecisionReader reader;
        std::int64_t total = 0;
        auto decisions = reader.forRun(*lease, kOrg, run, 1, total);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), total);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), decisions.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), decisions[0].alternatives->size());
        CPPUNIT_ASSERT_EQUAL(std::string("no jsonb"), *decisions[0].alternatives->at(0).rejectionReason);
        CPPUNIT_ASSERT(decisions[0].evidence->empty());

        decisions = reader.forRun(*lease, kOrg, run, 10, total);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), decisions[1].evidence->size());
        const auto& evidence = decisions[1].evidence->front();
        CPPUNIT_ASSERT_EQUAL(std::string("benchmarks"), evidence.content);
        CPPUNIT_ASSERT_EQUAL(std::string("https://example.com/b"), *evidence.sourceUri);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.75, *evidence.relevanceScore, 1e-6);
        CPPUNIT_ASSERT(reader.forRun(*lease, "11111111-1111-1111-1111-111111111111", run, 10, total).empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), total);
    }

    void testPrecedentsAndConflicts()
    {
        test::MigratedDatabase db("reader_precedents");
        auto lease = db.database().connection();
        test::DecisionFixtures fx(*lease);
        auto cache = spec("alice", "2026-01-01T00:00:01Z");
        cache.outcome = "Use Redis for session caching";
        const auto redis = fx.insertDecision(cache);
        auto store = spec("bob", "2026-01-01T00:00:02Z");
        store.outcome = "Use PostgreSQL for the event store";
        const auto postgres = fx.insertDecision(store);
        auto other = spec("carol", "2026-01-01T00:00:03Z");
        other.outcome = "Use Memcached for caching";
        const auto memcached = fx.insertDecision(other);
        fx.insertConflict(kOrg, redis, memcached, "architecture");
        fx.insertConflict(kOrg, redis, postgres, "architecture", "resolved");

        DecisionReader reader;
        DecisionFilter filter;
        filter.decisionType = "architecture";
        CPPUNIT_ASSERT((ids(reader.precedents(*lease, everyone(), filter, std::string("redis caching"), 5)) ==
                        std::vector<std::string>{redis}));
        CPPUNIT_ASSERT((ids(reader.precedents(*lease, everyone(), filter, std::nullopt, 2)) ==
                        std::vector<std::string>{memcached, postgres}));
        CPPUNIT_ASSERT(reader.precedents(*lease, everyone(), filter, std::string("kubernetes"), 5).empty());

        auto conflicts = reader.openConflicts(*lease, everyone(), "architecture", std::nullopt, 10);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), conflicts.size());
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), conflicts[0].agentA);
        CPPUNIT_ASSERT_EQUAL(std::string("Use Memcached for caching"), conflicts[0].outcomeB);
        CPPUNIT_ASSERT_EQUAL(std::string("open"), conflicts[0].status);
        // Both agents must be visible.
        CPPUNIT_ASSERT(reader.openConflicts(*lease, only({"alice"}), "architecture", std::nullopt, 10).empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1),
                             reader.openConflicts(*lease, only({"alice", "carol"}), "architecture", std::nullopt, 10).size());
        CPPUNIT_ASSERT(reader.openConflicts(*lease, everyone(), "security", std::nullopt, 10).empty());

        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), reader.byId(*lease, kOrg, redis)->conflictCount);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), reader.byId(*lease, kOrg, postgres)->conflictCount);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DecisionReaderTest);
} // namespace akashi::storage
