#include "integrity/IntegrityFixtures.h"
#include "integrity/MerkleTree.h"
#include "integrity/ProofBatcher.h"
#include "support/ExpectException.h"
#include "support/MigratedDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <thread>

namespace akashi::integrity
{
/// The integrity batch job against a real database (migration 0012): per-org batches with sorted,
/// snapshotted leaves, the previous_root chain, nothing missed or sealed twice (late commits included),
/// servers racing for the same decisions, backlogs split into bounded batches.
class ProofBatcherTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ProofBatcherTest);
    CPPUNIT_TEST(testSealsEachOrgsPendingDecisions);
    CPPUNIT_TEST(testChainsBatchesAndSkipsWhenNothingIsNew);
    CPPUNIT_TEST(testLateCommitLandsInTheNextBatch);
    CPPUNIT_TEST(testRacingBatchersCreateOneBatch);
    CPPUNIT_TEST(testBacklogIsSplitIntoBoundedBatches);
    CPPUNIT_TEST(testQueueAndAppendOnlyRules);
    CPPUNIT_TEST_SUITE_END();

    using Fixtures = test::IntegrityFixtures;

    static std::vector<ProofRecord> proofs(storage::PgConnection& sql, const std::string& orgId)
    {
        return ProofStore::chain(sql, orgId, nullptr, 1000);
    }

    static std::string hashOf(storage::PgConnection& sql, const std::string& decisionId)
    {
        return sql.exec("SELECT content_hash FROM decisions WHERE id = $1::uuid", storage::SqlParams().add(decisionId))
            .text(0, "content_hash");
    }

    /// The batch's leaves are the given decisions' hashes, sorted, at positions 0..n-1, and its root is theirs.
    static void assertBatch(storage::PgConnection& sql, const ProofRecord& proof, const std::vector<std::string>& ids)
    {
        std::vector<std::pair<std::string, std::string>> expected; // (hash, id)
        for (const auto& id : ids)
            expected.emplace_back(hashOf(sql, id), id);
        std::sort(expected.begin(), expected.end());
        const auto leaves = ProofStore::leaves(sql, proof.orgId, proof.id);
        CPPUNIT_ASSERT_EQUAL(expected.size(), leaves.size());
        std::vector<std::string> hashes;
        for (std::size_t i = 0; i < leaves.size(); ++i)
        {
            CPPUNIT_ASSERT_EQUAL(static_cast<std::int64_t>(i), leaves[i].position);
            CPPUNIT_ASSERT_EQUAL(expected[i].first, leaves[i].contentHash);
            CPPUNIT_ASSERT_EQUAL(expected[i].second, leaves[i].decisionId);
            hashes.push_back(expected[i].first);
        }
        CPPUNIT_ASSERT_EQUAL(static_cast<std::int64_t>(ids.size()), proof.decisionCount);
        CPPUNIT_ASSERT_EQUAL(MerkleTree(hashes).root(), proof.rootHash);
    }

    static std::int64_t pending(storage::PgConnection& sql, const std::string& orgId)
    {
        return Fixtures::count(sql, "SELECT count(*) FROM integrity_pending WHERE org_id = $1::uuid", orgId);
    }

public:
    void testSealsEachOrgsPendingDecisions()
    {
        test::MigratedDatabase db("proof_batch_orgs");
        test::RecordedLogger log("integrity.test.orgs");
        auto sql = db.database().connection();
        const std::string orgA = Fixtures::kDefaultOrg;
        const auto orgB = Fixtures::insertOrg(*sql, "other");
        const std::vector<std::string> inA = {Fixtures::writeDecision(*sql, orgA, "one"),
                                              Fixtures::writeDecision(*sql, orgA, "two"),
                                              Fixtures::writeDecision(*sql, orgA, "three")};
        const std::vector<std::string> inB = {Fixtures::writeDecision(*sql, orgB, "four", "bob"),
                                              Fixtures::writeDecision(*sql, orgB, "five", "bob")};
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), pending(*sql, orgA));

        const auto pass = ProofBatcher(db.database(), log.logger()).run();
        CPPUNIT_ASSERT_EQUAL(2, pass.batches);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5), pass.decisions);
        CPPUNIT_ASSERT_EQUAL(0, pass.failedOrgs);

        const auto a = proofs(*sql, orgA);
        const auto b = proofs(*sql, orgB);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), a.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), b.size());
        assertBatch(*sql, a[0], inA);
        assertBatch(*sql, b[0], inB);
        CPPUNIT_ASSERT(!a[0].previousRoot); // each org's chain starts on its own
        CPPUNIT_ASSERT(!b[0].previousRoot);
        CPPUNIT_ASSERT(a[0].batchEnd >= a[0].batchStart);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), pending(*sql, orgA));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), pending(*sql, orgB));
        // A decision's batch is found only through its own org.
        CPPUNIT_ASSERT(ProofStore::findForDecision(*sql, orgA, inA[1]).has_value());
        CPPUNIT_ASSERT(!ProofStore::findForDecision(*sql, orgB, inA[1]).has_value());
        CPPUNIT_ASSERT(ProofStore::leaves(*sql, orgB, a[0].id).empty());

        const auto lines = log.channel().lines("integrity proof created");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), lines.size());
        std::set<std::string> logged;
        for (const auto& line : lines)
            logged.insert(line.fields);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), logged.count(",\"org_id\":\"" + orgA + "\",\"proof_id\":\"" + a[0].id +
                                                          "\",\"decision_count\":3,\"root_hash\":\"" + a[0].rootHash + "\""));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), logged.count(",\"org_id\":\"" + orgB + "\",\"proof_id\":\"" + b[0].id +
                                                          "\",\"decision_count\":2,\"root_hash\":\"" + b[0].rootHash + "\""));
    }

    void testChainsBatchesAndSkipsWhenNothingIsNew()
    {
        test::MigratedDatabase db("proof_batch_chain");
        test::RecordedLogger log("integrity.test.chain");
        auto sql = db.database().connection();
        const std::string org = Fixtures::kDefaultOrg;
        ProofBatcher batcher(db.database(), log.logger());
        CPPUNIT_ASSERT_EQUAL(0, batcher.run().batches); // nothing written yet
        CPPUNIT_ASSERT(proofs(*sql, org).empty());

        const std::vector<std::string> first = {Fixtures::writeDecision(*sql, org, "a"), Fixtures::writeDecision(*sql, org, "b")};
        CPPUNIT_ASSERT_EQUAL(1, batcher.run().batches);
        CPPUNIT_ASSERT_EQUAL(0, batcher.run().batches); // no new decisions: no empty batch
        CPPUNIT_ASSERT(!batcher.sealNext(org).has_value());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), proofs(*sql, org).size());

        const std::vector<std::string> second = {Fixtures::writeDecision(*sql, org, "c")};
        CPPUNIT_ASSERT_EQUAL(1, batcher.run().batches);
        const std::vector<std::string> third = {Fixtures::writeDecision(*sql, org, "d"), Fixtures::writeDecision(*sql, org, "e"),
                                                Fixtures::writeDecision(*sql, org, "f")};
        CPPUNIT_ASSERT_EQUAL(1, batcher.run().batches);

        const auto chain = proofs(*sql, org);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), chain.size());
        assertBatch(*sql, chain[0], first);
        assertBatch(*sql, chain[1], second);
        assertBatch(*sql, chain[2], third);
        CPPUNIT_ASSERT(!chain[0].previousRoot);
        for (std::size_t i = 1; i < chain.size(); ++i)
        {
            CPPUNIT_ASSERT_EQUAL(chain[i - 1].rootHash, chain[i].previousRoot.value_or("(none)"));
            CPPUNIT_ASSERT(chain[i].batchStart == chain[i - 1].batchEnd); // batches tile time
            CPPUNIT_ASSERT(chain[i].batchEnd > chain[i].batchStart);
        }
        CPPUNIT_ASSERT_EQUAL(chain[2].id, ProofStore::latest(*sql, org)->id);
        // Every decision sealed exactly once.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(6), Fixtures::count(*sql, "SELECT count(*) FROM proof_leaves WHERE org_id = $1::uuid", org));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(6), Fixtures::count(*sql, "SELECT count(DISTINCT decision_id) AS count FROM proof_leaves "
                                                                    "WHERE org_id = $1::uuid", org));
    }

    void testLateCommitLandsInTheNextBatch()
    {
        test::MigratedDatabase db("proof_batch_late");
        test::RecordedLogger log("integrity.test.late");
        auto sql = db.database().connection();
        const std::string org = Fixtures::kDefaultOrg;
        ProofBatcher batcher(db.database(), log.logger());

        // A writer whose transaction started (created_at) before the first batch but commits after it.
        storage::PgConnection slowWriter(db.testDatabase().settings());
        slowWriter.exec("BEGIN");
        const auto late = Fixtures::writeDecision(slowWriter, org, "late");
        const auto early = Fixtures::writeDecision(*sql, org, "early");
        CPPUNIT_ASSERT_EQUAL(1, batcher.run().batches);
        slowWriter.exec("COMMIT");
        CPPUNIT_ASSERT_EQUAL(1, batcher.run().batches);

        const auto chain = proofs(*sql, org);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), chain.size());
        assertBatch(*sql, chain[0], {early});
        assertBatch(*sql, chain[1], {late});
        // Its created_at lies before the second batch's window: a created_at window would have missed it.
        const auto createdAt = Timestamp::fromPostgres(
            sql->exec("SELECT created_at FROM decisions WHERE id = $1::uuid", storage::SqlParams().add(late)).text(0, "created_at"));
        CPPUNIT_ASSERT(createdAt < chain[1].batchStart);
    }

    void testRacingBatchersCreateOneBatch()
    {
        test::MigratedDatabase db("proof_batch_race");
        test::RecordedLogger log("integrity.test.race");
        auto sql = db.database().connection();
        const std::string org = Fixtures::kDefaultOrg;
        std::vector<std::string> ids;
        for (int i = 0; i < 20; ++i)
            ids.push_back(Fixtures::writeDecision(*sql, org, "decision " + std::to_string(i)));

        // Both batchers queue behind the lock this connection holds, then race once it is released.
        storage::PgConnection holder(db.testDatabase().settings());
        holder.exec("BEGIN");
        ProofStore::lockBatches(holder);
        ProofBatcher::Pass passes[2];
        std::thread first([&] { passes[0] = ProofBatcher(db.database(), log.logger()).run(); });
        std::thread second([&] { passes[1] = ProofBatcher(db.database(), log.logger()).run(); });
        const auto waiting = [&] {
            return sql->exec("SELECT count(*) AS count FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                             "AND objid::bigint = $1",
                             storage::SqlParams().add(static_cast<std::int64_t>(ProofStore::kBatchLock & 0xffffffff)))
                .int64(0, "count");
        };
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (waiting() < 2 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        const auto queued = waiting();
        holder.exec("COMMIT");
        first.join();
        second.join();
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), queued);

        CPPUNIT_ASSERT_EQUAL(1, passes[0].batches + passes[1].batches);
        CPPUNIT_ASSERT_EQUAL(0, passes[0].failedOrgs + passes[1].failedOrgs);
        const auto chain = proofs(*sql, org);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), chain.size());
        assertBatch(*sql, chain[0], ids);
    }

    void testBacklogIsSplitIntoBoundedBatches()
    {
        test::MigratedDatabase db("proof_batch_backlog");
        test::RecordedLogger log("integrity.test.backlog");
        auto sql = db.database().connection();
        const std::string org = Fixtures::kDefaultOrg;
        std::set<std::string> ids;
        for (int i = 0; i < 7; ++i)
            ids.insert(Fixtures::writeDecision(*sql, org, "decision " + std::to_string(i)));

        const auto pass = ProofBatcher(db.database(), log.logger(), 3).run();
        CPPUNIT_ASSERT_EQUAL(3, pass.batches);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(7), pass.decisions);
        const auto chain = proofs(*sql, org);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), chain.size());
        std::set<std::string> sealed;
        const std::int64_t sizes[] = {3, 3, 1};
        for (std::size_t i = 0; i < chain.size(); ++i)
        {
            CPPUNIT_ASSERT_EQUAL(sizes[i], chain[i].decisionCount);
            std::vector<std::string> members;
            for (const auto& leaf : ProofStore::leaves(*sql, org, chain[i].id))
            {
                CPPUNIT_ASSERT(sealed.insert(leaf.decisionId).second);
                members.push_back(leaf.decisionId);
            }
            assertBatch(*sql, chain[i], members);
            if (i > 0)
                CPPUNIT_ASSERT_EQUAL(chain[i - 1].rootHash, chain[i].previousRoot.value_or("(none)"));
        }
        CPPUNIT_ASSERT(sealed == ids);
    }

    void testQueueAndAppendOnlyRules()
    {
        test::MigratedDatabase db("proof_batch_rules");
        test::RecordedLogger log("integrity.test.rules");
        auto sql = db.database().connection();
        const std::string org = Fixtures::kDefaultOrg;
        // A decision without a content hash has nothing to seal: it is not queued.
        const auto hashed = Fixtures::writeDecision(*sql, org, "hashed");
        sql->exec("INSERT INTO decisions (run_id, agent_id, org_id, decision_type, outcome, confidence) "
                  "SELECT run_id, agent_id, org_id, 'x', 'no hash', 0.5 FROM decisions WHERE id = $1::uuid",
                  storage::SqlParams().add(hashed));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), pending(*sql, org));
        // A removed decision leaves the queue with it.
        const auto removed = Fixtures::writeDecision(*sql, org, "removed");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), pending(*sql, org));
        sql->exec("DELETE FROM decisions WHERE id = $1::uuid", storage::SqlParams().add(removed));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), pending(*sql, org));

        CPPUNIT_ASSERT_EQUAL(1, ProofBatcher(db.database(), log.logger()).run().batches);
        const auto proof = proofs(*sql, org).at(0);
        assertBatch(*sql, proof, {hashed});

        const std::pair<std::string, std::string> refused[] = {
            {"UPDATE integrity_proofs SET root_hash = 'x' WHERE org_id = $1::uuid", "integrity_proofs is append-only"},
            {"DELETE FROM integrity_proofs WHERE org_id = $1::uuid", "integrity_proofs is append-only"},
            {"UPDATE proof_leaves SET content_hash = 'x' WHERE org_id = $1::uuid", "proof_leaves is append-only"},
            {"DELETE FROM proof_leaves WHERE org_id = $1::uuid", "proof_leaves is append-only"},
            {"TRUNCATE proof_leaves, integrity_proofs", "is append-only"},
        };
        for (const auto& [statement, message] : refused)
        {
            const auto error = test::expectException([&] {
                sql->exec(statement, statement.find("$1") == std::string::npos ? storage::SqlParams()
                                                                              : storage::SqlParams().add(org));
            });
            CPPUNIT_ASSERT_MESSAGE(statement + ": " + error.message(), error.message().find(message) != std::string::npos);
        }
        CPPUNIT_ASSERT_EQUAL(proof.rootHash, proofs(*sql, org).at(0).rootHash);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ProofBatcherTest);
} // namespace akashi::integrity
