#include "auth/SigningKeys.h"
#include "support/ServerProcess.h"
#include "support/TempDirectory.h"

#include <cppunit/extensions/HelperMacros.h>

#include <sys/stat.h>

namespace akashi::test
{
using Env = ServerProcess::Env;

/// `akashi keygen`: writes a loadable Ed25519 pair with mode 0600 and never overwrites.
class AdminCommandsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AdminCommandsTest);
    CPPUNIT_TEST(testKeygenWritesPrivatePair);
    CPPUNIT_TEST(testKeygenRefusesToOverwrite);
    CPPUNIT_TEST(testKeygenUsage);
    CPPUNIT_TEST_SUITE_END();

    static unsigned mode(const std::string& path)
    {
        struct stat info{};
        CPPUNIT_ASSERT_EQUAL(0, ::stat(path.c_str(), &info));
        return info.st_mode & 0777;
    }

public:
    void testKeygenWritesPrivatePair()
    {
        TempDirectory dir("akashi-keygen");
        const std::string priv = dir.path() + "/jwt.pem";
        const std::string pub = dir.path() + "/jwt.pub";
        ServerProcess keygen(Env{}, {"keygen", "--private-key", priv, "--public-key", pub});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(keygen.stderrText(), 0, keygen.waitForExit());
        CPPUNIT_ASSERT(keygen.stdoutText().find("AKASHI_JWT_PRIVATE_KEY=" + priv) != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(0600u, mode(priv));
        CPPUNIT_ASSERT_EQUAL(0600u, mode(pub));
        auto keys = auth::SigningKeys::load(priv, pub); // the server accepts what keygen writes
        CPPUNIT_ASSERT(!keys.ephemeral());
    }

    void testKeygenRefusesToOverwrite()
    {
        TempDirectory dir("akashi-keygen-twice");
        const std::string priv = dir.path() + "/jwt.pem";
        const std::string pub = dir.path() + "/jwt.pub";
        ServerProcess first(Env{}, {"keygen", "--private-key", priv, "--public-key", pub});
        CPPUNIT_ASSERT_EQUAL(0, first.waitForExit());
        const auto before = auth::SigningKeys::load(priv, pub).publicKey().rawPublic();
        ServerProcess second(Env{}, {"keygen", "--private-key", priv, "--public-key", pub});
        CPPUNIT_ASSERT(second.waitForExit() != 0);
        CPPUNIT_ASSERT_MESSAGE(second.stderrText(),
                               second.stderrText().find("JWT private key file " + priv + " already exists") != std::string::npos);
        CPPUNIT_ASSERT(before == auth::SigningKeys::load(priv, pub).publicKey().rawPublic());
    }

    void testKeygenUsage()
    {
        ServerProcess wrong(Env{}, {"keygen", "--bogus"});
        CPPUNIT_ASSERT_EQUAL(64, wrong.waitForExit());
        CPPUNIT_ASSERT(wrong.stderrText().find("unexpected argument \"--bogus\"") != std::string::npos);
        ServerProcess help(Env{}, {"keygen", "--help"});
        CPPUNIT_ASSERT_EQUAL(0, help.waitForExit());
        CPPUNIT_ASSERT(help.stdoutText().find("usage: akashi keygen") != std::string::npos);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(AdminCommandsTest);
} // namespace akashi::test
