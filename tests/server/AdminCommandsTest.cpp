#include "auth/SigningKeys.h"
#include "support/ServerProcess.h"
#include "support/TempDirectory.h"

#include <cppunit/extensions/HelperMacros.h>

#include <sys/stat.h>

namespace akashi::test
{
using Env = ServerProcess::Env;

/// The subcommand list and dispatch; `akashi keygen`: writes a loadable Ed25519 pair with mode 0600 and
/// never overwrites.
class AdminCommandsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AdminCommandsTest);
    CPPUNIT_TEST(testKeygenWritesPrivatePair);
    CPPUNIT_TEST(testKeygenRefusesToOverwrite);
    CPPUNIT_TEST(testKeygenUsage);
    CPPUNIT_TEST(testHelpListsEverySubcommand);
    CPPUNIT_TEST(testUnknownSubcommandIsAUsageError);
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

    void testHelpListsEverySubcommand()
    {
        ServerProcess help(Env{}, {"help"});
        CPPUNIT_ASSERT_EQUAL(0, help.waitForExit());
        // The server's own --help ends with the same list.
        ServerProcess serverHelp(Env{}, {"--help"});
        CPPUNIT_ASSERT_EQUAL(0, serverHelp.waitForExit());
        for (const char* command : {"  migrate [--dry-run]", "  create-agent --agent-id ID --name NAME", "  config check",
                                    "  verify-integrity", "  keygen [--private-key PATH]", "  help [COMMAND]"})
        {
            CPPUNIT_ASSERT_MESSAGE(help.stdoutText(), help.stdoutText().find(command) != std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(serverHelp.stdoutText(), serverHelp.stdoutText().find(command) != std::string::npos);
        }
        ServerProcess one(Env{}, {"help", "create-agent"});
        CPPUNIT_ASSERT_EQUAL(0, one.waitForExit());
        CPPUNIT_ASSERT(one.stdoutText().find("usage: akashi create-agent") == 0);
        CPPUNIT_ASSERT(one.stdoutText().find("Exit codes: 0 created, 1 agent_id already exists") != std::string::npos);
    }

    void testUnknownSubcommandIsAUsageError()
    {
        // A typo must never start the server.
        ServerProcess typo(Env{}, {"migrat"});
        CPPUNIT_ASSERT_EQUAL(64, typo.waitForExit());
        CPPUNIT_ASSERT_MESSAGE(typo.stderrText(), typo.stderrText().find("akashi: unknown command \"migrat\"\n") == 0);
        CPPUNIT_ASSERT(typo.stderrText().find("  create-agent") != std::string::npos);
        CPPUNIT_ASSERT(!typo.hasLogged("akashi starting"));
        ServerProcess helpTypo(Env{}, {"help", "migrat"});
        CPPUNIT_ASSERT_EQUAL(64, helpTypo.waitForExit());
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(AdminCommandsTest);
} // namespace akashi::test
