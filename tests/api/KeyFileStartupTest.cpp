#include "auth/SigningKeys.h"
#include "support/ServerProcess.h"
#include "support/TempDirectory.h"
#include "support/TestDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

#include <sys/stat.h>

namespace akashi::test
{
/// The key-file rules at startup (runbook §4): unsafe or mismatched keys stop the server with a clear
/// message; no keys at all means an ephemeral pair and a warning; a token lifetime of 0 is refused too.
class KeyFileStartupTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(KeyFileStartupTest);
    CPPUNIT_TEST(testWorldReadablePrivateKeyRefused);
    CPPUNIT_TEST(testMismatchedKeyPairRefused);
    CPPUNIT_TEST(testEphemeralKeysWarn);
    CPPUNIT_TEST(testZeroTokenLifetimeRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void testWorldReadablePrivateKeyRefused()
    {
        TempDirectory keys("akashi-badkeys");
        const std::string priv = keys.path() + "/private.pem";
        const std::string pub = keys.path() + "/public.pem";
        auth::SigningKeys::writeNewPair(priv, pub);
        ::chmod(priv.c_str(), 0644);
        TestDatabase db("auth_badkey");
        ServerProcess server(ServerProcess::Env{{"DATABASE_URL", db.url()},
                                                {"AKASHI_JWT_PRIVATE_KEY", priv},
                                                {"AKASHI_JWT_PUBLIC_KEY", pub}});
        CPPUNIT_ASSERT(server.waitForExit() != 0);
        CPPUNIT_ASSERT_MESSAGE(server.stderrText(),
                               server.stderrText().find("JWT private key file " + priv +
                                                        " is readable by group or others (mode 0644)") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(server.stderrText(), server.stderrText().find("chmod 600 " + priv) != std::string::npos);
    }

    void testMismatchedKeyPairRefused()
    {
        TempDirectory keys("akashi-mismatch");
        auth::SigningKeys::writeNewPair(keys.path() + "/a.pem", keys.path() + "/a.pub");
        auth::SigningKeys::writeNewPair(keys.path() + "/b.pem", keys.path() + "/b.pub");
        TestDatabase db("auth_mismatch");
        ServerProcess server(ServerProcess::Env{{"DATABASE_URL", db.url()},
                                                {"AKASHI_JWT_PRIVATE_KEY", keys.path() + "/a.pem"},
                                                {"AKASHI_JWT_PUBLIC_KEY", keys.path() + "/b.pub"}});
        CPPUNIT_ASSERT(server.waitForExit() != 0);
        CPPUNIT_ASSERT_MESSAGE(server.stderrText(),
                               server.stderrText().find("AKASHI_JWT_PRIVATE_KEY and AKASHI_JWT_PUBLIC_KEY do not form a "
                                                        "key pair") != std::string::npos);
    }

    void testEphemeralKeysWarn()
    {
        TestDatabase db("auth_ephemeral");
        ServerProcess server(ServerProcess::Env{{"DATABASE_URL", db.url()}});
        CPPUNIT_ASSERT_MESSAGE(server.stderrText(), server.waitUntilListening().has_value());
        auto warning = server.waitForLog("JWT keys not configured: using an ephemeral key pair; tokens will not survive a restart");
        CPPUNIT_ASSERT(warning);
        CPPUNIT_ASSERT(server.hasLogged("no agents exist and AKASHI_ADMIN_API_KEY is not set: nobody can authenticate"));
    }

    void testZeroTokenLifetimeRefused()
    {
        TestDatabase db("auth_lifetime");
        ServerProcess server(ServerProcess::Env{{"DATABASE_URL", db.url()}, {"AKASHI_JWT_EXPIRATION", "0"}});
        const int code = server.waitForExit();
        CPPUNIT_ASSERT_MESSAGE(server.stderrText(), code != 0 && code != -1);
        CPPUNIT_ASSERT_MESSAGE(server.stderrText(),
                               server.stderrText().find("invalid configuration: akashi.auth.jwt_expiration must be at least "
                                                        "1s") != std::string::npos);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(KeyFileStartupTest);
} // namespace akashi::test
