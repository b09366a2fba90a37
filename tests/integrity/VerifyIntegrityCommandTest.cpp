#include "VerifyIntegrityCommand.h"
#include "integrity/ContentHash.h"
#include "integrity/HashedDecisionReader.h"
#include "integrity/IntegrityFixtures.h"
#include "integrity/IntegrityVerifier.h"
#include "integrity/ProofBatcher.h"
#include "support/MigratedDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

#include <Poco/String.h>

#include <set>
#include <sstream>

namespace akashi::integrity
{
/// `akashi verify-integrity` (server::VerifyIntegrityCommand over IntegrityVerifier) on a real database:
/// clean, a decision row changed behind the server's back, batches and chains tampered with as someone
/// with superuser access would (triggers off), audited deletions, the org filter, usage errors.
class VerifyIntegrityCommandTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(VerifyIntegrityCommandTest);
    CPPUNIT_TEST(testCleanDatabaseExitsZero);
    CPPUNIT_TEST(testChangedDecisionIsNamed);
    CPPUNIT_TEST(testTamperedRootAndChainAreFound);
    CPPUNIT_TEST(testTamperedLeavesAreFound);
    CPPUNIT_TEST(testDeletedDecisions);
    CPPUNIT_TEST(testOrgFilter);
    CPPUNIT_TEST(testUsage);
    CPPUNIT_TEST(testProgressIsReported);
    CPPUNIT_TEST_SUITE_END();

    using Fixtures = test::IntegrityFixtures;
    using Verifier = IntegrityVerifier;

    struct Outcome
    {
        int status = -1;
        std::string out;
        std::string err;

        bool says(const std::string& text) const { return out.find(text) != std::string::npos; }
    };

    static Outcome verify(storage::Database& database, const std::vector<std::string>& args = {})
    {
        std::ostringstream out;
        std::ostringstream err;
        Outcome outcome;
        outcome.status = server::VerifyIntegrityCommand::run(database, args, out, err);
        outcome.out = out.str();
        outcome.err = err.str();
        return outcome;
    }

    /// A database with two batches in the default org (2 then 1 decisions), one in `other`, and one
    /// decision of the default org still queued.
    struct Scene
    {
        explicit Scene(const std::string& label) : db(label), log("integrity.test." + label), sql(db.testDatabase().settings())
        {
            other = Fixtures::insertOrg(sql, "other");
            first = {Fixtures::writeDecision(sql, org, "a"), Fixtures::writeDecision(sql, org, "b")};
            Fixtures::writeDecision(sql, other, "x", "bob");
            seal();
            second = Fixtures::writeDecision(sql, org, "c");
            seal();
            queued = Fixtures::writeDecision(sql, org, "d");
            const auto chain = ProofStore::chain(sql, org, nullptr, 10);
            CPPUNIT_ASSERT_EQUAL(std::size_t(2), chain.size());
            firstProof = chain[0].id;
            secondProof = chain[1].id;
        }

        void seal() { ProofBatcher(db.database(), log.logger()).run(); }

        /// Runs `statement` with triggers off (session_replication_role = replica, superuser only), as a
        /// tamperer with database access could.
        void tamper(const std::string& statement, const std::string& parameter)
        {
            sql.exec("SET session_replication_role = replica");
            sql.exec(statement, storage::SqlParams().add(parameter));
            sql.exec("RESET session_replication_role");
        }

        test::MigratedDatabase db;
        test::RecordedLogger log;
        storage::PgConnection sql;
        const std::string org = Fixtures::kDefaultOrg;
        std::string other;
        std::vector<std::string> first;
        std::string second;
        std::string queued;
        std::string firstProof;
        std::string secondProof;
    };

public:
    void testCleanDatabaseExitsZero()
    {
        {
            test::MigratedDatabase empty("verify_cmd_empty");
            const auto outcome = verify(empty.database());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.out, 0, outcome.status);
            CPPUNIT_ASSERT(outcome.says("verify-integrity: 0 decisions (0 without a content hash, 0 waiting for a batch), "
                                        "0 batches, 0 sealed leaves (0 of audited deletions): clean\n"));
        }
        Scene scene("verify_cmd_clean");
        // A decision without a content hash is counted, not a mismatch.
        scene.sql.exec("INSERT INTO decisions (run_id, agent_id, org_id, decision_type, outcome, confidence) "
                       "SELECT run_id, agent_id, org_id, 'x', 'no hash', 0.5 FROM decisions WHERE id = $1::uuid",
                       storage::SqlParams().add(scene.second));
        const auto outcome = verify(scene.db.database());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.out + outcome.err, 0, outcome.status);
        CPPUNIT_ASSERT_EQUAL(std::string(), outcome.err);
        CPPUNIT_ASSERT_MESSAGE(outcome.out, outcome.says("checked 6/6 decisions\nchecked 4/4 leaves\n"));
        CPPUNIT_ASSERT_MESSAGE(outcome.out, outcome.says("verify-integrity: 6 decisions (1 without a content hash, 1 waiting "
                                                         "for a batch), 3 batches, 4 sealed leaves (0 of audited deletions): clean\n"));
        CPPUNIT_ASSERT(!outcome.says("MISMATCH"));
    }

    void testChangedDecisionIsNamed()
    {
        Scene scene("verify_cmd_decision");
        const auto& changed = scene.first[1];
        scene.sql.exec("UPDATE decisions SET outcome = 'rewritten' WHERE id = $1::uuid", storage::SqlParams().add(changed));
        auto outcome = verify(scene.db.database());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.out, 1, outcome.status);
        CPPUNIT_ASSERT_MESSAGE(outcome.out, outcome.says("MISMATCH content_hash_mismatch org " + scene.org + " decision " +
                                                         changed + ": stored v2:"));
        CPPUNIT_ASSERT_MESSAGE(outcome.out, outcome.says("): 1 mismatch\n"));

        // Rewriting the hash to match the new fields moves the finding to the sealed leaf.
        const auto row = HashedDecisionReader::find(scene.sql, scene.org, changed);
        scene.sql.exec("UPDATE decisions SET content_hash = $2 WHERE id = $1::uuid",
                       storage::SqlParams().add(changed).add(ContentHash::computeV2(row->fields)));
        const auto report = Verifier(scene.db.database(), {}).run();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), report.mismatches.size());
        CPPUNIT_ASSERT_EQUAL(std::string(Verifier::kLeafMismatch), report.mismatches[0].kind);
        CPPUNIT_ASSERT_EQUAL(changed, report.mismatches[0].decisionId);
        CPPUNIT_ASSERT_EQUAL(scene.firstProof, report.mismatches[0].proofId);
        CPPUNIT_ASSERT_EQUAL(scene.org, report.mismatches[0].orgId);
    }

    void testTamperedRootAndChainAreFound()
    {
        Scene scene("verify_cmd_root");
        scene.tamper("UPDATE integrity_proofs SET root_hash = repeat('f', 64) WHERE id = $1::uuid", scene.firstProof);
        auto outcome = verify(scene.db.database());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.out, 1, outcome.status);
        CPPUNIT_ASSERT_MESSAGE(outcome.out, outcome.says("MISMATCH merkle_root_mismatch org " + scene.org + " batch " +
                                                         scene.firstProof + ": stored root ffff"));
        CPPUNIT_ASSERT_MESSAGE(outcome.out, outcome.says("MISMATCH chain_linkage_broken org " + scene.org + " batch " +
                                                         scene.secondProof + ": previous_root "));
        CPPUNIT_ASSERT_MESSAGE(outcome.out, outcome.says("): 2 mismatches\n"));

        Scene unlinked("verify_cmd_nil_previous");
        unlinked.tamper("UPDATE integrity_proofs SET previous_root = NULL WHERE id = $1::uuid", unlinked.secondProof);
        const auto report = Verifier(unlinked.db.database(), {}).run();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), report.mismatches.size());
        CPPUNIT_ASSERT_EQUAL(std::string(Verifier::kChainLinkageNilPrevious), report.mismatches[0].kind);
        CPPUNIT_ASSERT_EQUAL(unlinked.secondProof, report.mismatches[0].proofId);

        // A batch removed from the middle of the chain: the link breaks and its decisions are unsealed.
        Scene removed("verify_cmd_removed_batch");
        removed.tamper("DELETE FROM proof_leaves WHERE proof_id = $1::uuid", removed.firstProof);
        removed.tamper("DELETE FROM integrity_proofs WHERE id = $1::uuid", removed.firstProof);
        outcome = verify(removed.db.database());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.out, 1, outcome.status);
        for (const auto& id : removed.first)
            CPPUNIT_ASSERT_MESSAGE(outcome.out, outcome.says("MISMATCH decision_not_batched org " + removed.org +
                                                             " decision " + id + ": "));
        CPPUNIT_ASSERT_MESSAGE(outcome.out, outcome.says("MISMATCH chain_linkage_broken org " + removed.org + " batch " +
                                                         removed.secondProof + ": the org's first batch names previous_root"));
    }

    void testTamperedLeavesAreFound()
    {
        Scene scene("verify_cmd_leaves");
        // The sealed hash of one decision replaced by another value that keeps the order.
        scene.tamper("UPDATE proof_leaves SET content_hash = content_hash || '0' WHERE decision_id = $1::uuid", scene.second);
        auto report = Verifier(scene.db.database(), {}).run();
        std::set<std::string> kinds;
        for (const auto& mismatch : report.mismatches)
        {
            kinds.insert(mismatch.kind);
            CPPUNIT_ASSERT_EQUAL(scene.secondProof, mismatch.proofId);
        }
        CPPUNIT_ASSERT(kinds == (std::set<std::string>{Verifier::kLeafMismatch, Verifier::kMerkleRootMismatch}));
        CPPUNIT_ASSERT_EQUAL(1, verify(scene.db.database()).status);

        Scene reordered("verify_cmd_order");
        reordered.tamper("UPDATE proof_leaves SET position = 5 WHERE position = 0 AND proof_id = $1::uuid", reordered.firstProof);
        report = Verifier(reordered.db.database(), {}).run();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), report.mismatches.size());
        CPPUNIT_ASSERT_EQUAL(std::string(Verifier::kLeafOrderBroken), report.mismatches[0].kind);

        Scene recounted("verify_cmd_count");
        recounted.tamper("UPDATE integrity_proofs SET decision_count = 7 WHERE id = $1::uuid", recounted.secondProof);
        report = Verifier(recounted.db.database(), {}).run();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), report.mismatches.size());
        CPPUNIT_ASSERT_EQUAL(std::string(Verifier::kDecisionCountMismatch), report.mismatches[0].kind);
        CPPUNIT_ASSERT_EQUAL(std::string("decision_count 7, sealed leaves 1"), report.mismatches[0].detail);
    }

    void testDeletedDecisions()
    {
        Scene scene("verify_cmd_deleted");
        // Removed the way DELETE /v1/agents/{id} removes decisions: archived in deletion_audit_log first.
        scene.sql.exec("INSERT INTO deletion_audit_log (org_id, operation, table_name, record_id, record_data, deleted_by) "
                       "SELECT org_id, 'delete_agent', 'decisions', id::text, to_jsonb(d) - 'embedding', 'admin' "
                       "FROM decisions d WHERE id = $1::uuid",
                       storage::SqlParams().add(scene.first[0]));
        scene.sql.exec("DELETE FROM decisions WHERE id = $1::uuid", storage::SqlParams().add(scene.first[0]));
        auto outcome = verify(scene.db.database());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.out, 0, outcome.status);
        CPPUNIT_ASSERT_MESSAGE(outcome.out, outcome.says("4 sealed leaves (1 of audited deletions): clean\n"));

        // Removed without a trace.
        scene.sql.exec("DELETE FROM decisions WHERE id = $1::uuid", storage::SqlParams().add(scene.second));
        outcome = verify(scene.db.database());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.out, 1, outcome.status);
        CPPUNIT_ASSERT_MESSAGE(outcome.out, outcome.says("MISMATCH leaf_decision_missing org " + scene.org + " decision " +
                                                         scene.second + " batch " + scene.secondProof +
                                                         ": the decision is gone and no deletion_audit_log record says it was deleted\n"));
    }

    void testOrgFilter()
    {
        Scene scene("verify_cmd_org");
        scene.sql.exec("UPDATE decisions SET outcome = 'rewritten' WHERE id = $1::uuid", storage::SqlParams().add(scene.second));
        auto outcome = verify(scene.db.database(), {"--org", scene.other});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.out, 0, outcome.status);
        CPPUNIT_ASSERT_MESSAGE(outcome.out, outcome.says("verify-integrity: 1 decisions (0 without a content hash, 0 waiting "
                                                         "for a batch), 1 batches, 1 sealed leaves"));
        outcome = verify(scene.db.database(), {"--org", Poco::toUpper(scene.org)});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.out, 1, outcome.status);
        CPPUNIT_ASSERT(outcome.says("decision " + scene.second));
    }

    void testUsage()
    {
        test::MigratedDatabase db("verify_cmd_usage");
        const struct
        {
            std::vector<std::string> args;
            std::string error;
        } cases[] = {
            {{"--org"}, "verify-integrity: --org needs an organization id\n"},
            {{"--org", "acme"}, "verify-integrity: --org must be a UUID, got \"acme\"\n"},
            {{"--org", Fixtures::kDefaultOrg, "--org", Fixtures::kDefaultOrg}, "verify-integrity: --org given twice\n"},
            {{"--fix"}, "verify-integrity: unknown argument \"--fix\"\n"},
        };
        for (const auto& c : cases)
        {
            const auto outcome = verify(db.database(), c.args);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.error, 64, outcome.status);
            CPPUNIT_ASSERT_EQUAL(c.error + server::VerifyIntegrityCommand::usage(), outcome.err);
            CPPUNIT_ASSERT_EQUAL(std::string(), outcome.out);
        }
        const auto help = verify(db.database(), {"--help"});
        CPPUNIT_ASSERT_EQUAL(0, help.status);
        CPPUNIT_ASSERT_EQUAL(std::string(server::VerifyIntegrityCommand::usage()), help.out);
        CPPUNIT_ASSERT(help.says("usage: akashi verify-integrity [--org UUID]"));
    }

    void testProgressIsReported()
    {
        Scene scene("verify_cmd_progress");
        std::vector<std::string> seen;
        Verifier::Options options;
        options.progressEvery = 2;
        options.onProgress = [&](const IntegrityProgress& p) {
            seen.push_back(p.phase + " " + std::to_string(p.done) + "/" + std::to_string(p.total));
        };
        CPPUNIT_ASSERT(Verifier(scene.db.database(), options).run().clean());
        // Every second item, and each phase's end (once).
        const std::vector<std::string> expected = {"decisions 2/5", "decisions 4/5", "decisions 5/5", "leaves 2/4",
                                                   "leaves 4/4"};
        CPPUNIT_ASSERT_EQUAL(expected.size(), seen.size());
        for (std::size_t i = 0; i < expected.size(); ++i)
            CPPUNIT_ASSERT_EQUAL(expected[i], seen[i]);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(VerifyIntegrityCommandTest);
} // namespace akashi::integrity
