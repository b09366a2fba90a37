#include "integrity/IntegrityFixtures.h"
#include "integrity/ProofBatcher.h"
#include "server/CommandRun.h"
#include "support/MigratedDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::test
{
/// `akashi verify-integrity` as an operator runs it after a restore: the built binary against the
/// configured DATABASE_URL, clean (exit 0), then with a decision row altered directly in SQL (exit 1,
/// the decision named). The verifier's cases are in tests/integrity; this proves the command is wired.
class VerifyIntegrityCliTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(VerifyIntegrityCliTest);
    CPPUNIT_TEST(testAlteredDecisionFailsTheCheck);
    CPPUNIT_TEST(testUsageError);
    CPPUNIT_TEST(testUnreachableDatabaseIsNotAMismatch);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAlteredDecisionFailsTheCheck()
    {
        MigratedDatabase db("cli_verify_integrity");
        storage::PgConnection sql(db.testDatabase().settings());
        const std::string org = IntegrityFixtures::kDefaultOrg;
        const auto sealed = IntegrityFixtures::writeDecision(sql, org, "use postgres");
        IntegrityFixtures::writeDecision(sql, org, "use redis for the cache");
        integrity::ProofBatcher(db.database(), Poco::Logger::get("test.integrity")).run();
        const ServerProcess::Env env{{"DATABASE_URL", db.testDatabase().url()}};

        const auto clean = CommandRun::of(env, {"verify-integrity"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(clean.text(), 0, clean.exitCode);
        CPPUNIT_ASSERT_MESSAGE(clean.text(), clean.out.find("1 batches, 2 sealed leaves") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(clean.text(), clean.out.find(": clean\n") != std::string::npos);

        sql.exec("UPDATE decisions SET outcome = 'use mysql' WHERE id = $1::uuid", storage::SqlParams().add(sealed));
        const auto tampered = CommandRun::of(env, {"verify-integrity"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(tampered.text(), 1, tampered.exitCode);
        CPPUNIT_ASSERT_MESSAGE(tampered.text(), tampered.out.find("MISMATCH content_hash_mismatch org " + org +
                                                                  " decision " + sealed) != std::string::npos);
    }

    void testUsageError()
    {
        MigratedDatabase db("cli_verify_integrity_usage");
        const auto run = CommandRun::of({{"DATABASE_URL", db.testDatabase().url()}},
                                        {"verify-integrity", "--org", "not-a-uuid"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(run.text(), 64, run.exitCode);
        CPPUNIT_ASSERT_MESSAGE(run.text(), run.err.find("--org must be a UUID") != std::string::npos);
    }

    void testUnreachableDatabaseIsNotAMismatch()
    {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        const auto run = CommandRun::of({{"DATABASE_URL", "postgres://akashi@127.0.0.1:1/akashi?connect_timeout=2"}},
                                        {"verify-integrity"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(run.text(), 70, run.exitCode);
        CPPUNIT_ASSERT_MESSAGE(run.text(), run.err.find("cannot open the database") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(VerifyIntegrityCliTest);
} // namespace akashi::test
