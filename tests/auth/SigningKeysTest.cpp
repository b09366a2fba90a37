#include "auth/SigningKeys.h"

#include "support/ExpectException.h"
#include "support/TempDirectory.h"

#include <cppunit/extensions/HelperMacros.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include <sys/stat.h>

namespace akashi::auth
{
namespace
{
const std::string kHint = "generate a key pair with `akashi keygen` (or `openssl genpkey -algorithm ed25519`)";

void writeFile(const std::string& path, const std::string& contents, mode_t mode)
{
    std::ofstream(path, std::ios::binary | std::ios::trunc) << contents;
    CPPUNIT_ASSERT_EQUAL_MESSAGE(path, 0, ::chmod(path.c_str(), mode));
}

mode_t modeOf(const std::string& path)
{
    struct stat status{};
    CPPUNIT_ASSERT_EQUAL_MESSAGE(path, 0, ::stat(path.c_str(), &status));
    return status.st_mode & 07777;
}

/// An EC P-256 private key PEM, made with the OpenSSL API.
std::string ecPrivatePem()
{
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"),
                                                           &EVP_PKEY_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    CPPUNIT_ASSERT(key && bio);
    CPPUNIT_ASSERT_EQUAL(1, PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr));
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}
} // namespace

class SigningKeysTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SigningKeysTest);
    CPPUNIT_TEST(testGoodPairLoads);
    CPPUNIT_TEST(testStricterModesAccepted);
    CPPUNIT_TEST(testGroupOrOtherAccessRefused);
    CPPUNIT_TEST(testBothUnsetIsEphemeral);
    CPPUNIT_TEST(testOnlyOneSetRefused);
    CPPUNIT_TEST(testMismatchedPairRefused);
    CPPUNIT_TEST(testMissingFileRefused);
    CPPUNIT_TEST(testDirectoryRefused);
    CPPUNIT_TEST(testBadContentsRefused);
    CPPUNIT_TEST(testWriteNewPairLoadsBack);
    CPPUNIT_TEST(testWriteNewPairRefusesOverwrite);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _dir = std::make_unique<test::TempDirectory>("akashi-signing-keys");
        _privatePath = _dir->path() + "/jwt.key";
        _publicPath = _dir->path() + "/jwt.pub";
        const auto key = Ed25519Key::generate();
        writeFile(_privatePath, key.privatePem(), 0600);
        writeFile(_publicPath, key.publicPem(), 0600);
    }

    void tearDown() override { _dir.reset(); }

    void testGoodPairLoads()
    {
        const auto keys = SigningKeys::load(_privatePath, _publicPath);
        CPPUNIT_ASSERT(!keys.ephemeral());
        CPPUNIT_ASSERT(keys.privateKey().hasPrivate());
        CPPUNIT_ASSERT(!keys.publicKey().hasPrivate());
        CPPUNIT_ASSERT(keys.publicKey().verify("m", keys.privateKey().sign("m")));
    }

    void testStricterModesAccepted()
    {
        for (const mode_t mode : {0400, 0200 | 0400, 0700})
        {
            CPPUNIT_ASSERT_EQUAL(0, ::chmod(_privatePath.c_str(), mode));
            CPPUNIT_ASSERT_EQUAL(0, ::chmod(_publicPath.c_str(), mode));
            CPPUNIT_ASSERT(!SigningKeys::load(_privatePath, _publicPath).ephemeral());
        }
    }

    void testGroupOrOtherAccessRefused()
    {
        struct Case
        {
            bool privateFile;
            mode_t mode;
            std::string message;
        };
        const Case cases[] = {
            {true, 0644, "JWT private key file " + _privatePath + " is readable by group or others (mode 0644)"},
            {true, 0640, "JWT private key file " + _privatePath + " is readable by group or others (mode 0640)"},
            {true, 0604, "JWT private key file " + _privatePath + " is readable by group or others (mode 0604)"},
            {true, 0620, "JWT private key file " + _privatePath + " is accessible by group or others (mode 0620)"},
            {true, 0601, "JWT private key file " + _privatePath + " is accessible by group or others (mode 0601)"},
            {false, 0644, "JWT public key file " + _publicPath + " is readable by group or others (mode 0644)"},
            {false, 0640, "JWT public key file " + _publicPath + " is readable by group or others (mode 0640)"},
        };
        for (const auto& c : cases)
        {
            const std::string& path = c.privateFile ? _privatePath : _publicPath;
            CPPUNIT_ASSERT_EQUAL(0, ::chmod(path.c_str(), c.mode));
            const auto error = test::expectException([&] { SigningKeys::load(_privatePath, _publicPath); });
            CPPUNIT_ASSERT(error.errorCode() == ErrorCode::configInvalid);
            CPPUNIT_ASSERT_EQUAL(c.message, error.message());
            CPPUNIT_ASSERT_EQUAL(std::string("key files must have mode 0600 or stricter"), error.detail());
            CPPUNIT_ASSERT_EQUAL("chmod 600 " + path, error.hint());
            CPPUNIT_ASSERT_EQUAL(0, ::chmod(path.c_str(), 0600));
        }
    }

    void testBothUnsetIsEphemeral()
    {
        const auto keys = SigningKeys::load("", "");
        CPPUNIT_ASSERT(keys.ephemeral());
        CPPUNIT_ASSERT(SigningKeys::generateEphemeral().ephemeral());
        CPPUNIT_ASSERT(!keys.publicKey().hasPrivate());
        CPPUNIT_ASSERT_EQUAL(keys.privateKey().rawPublic(), keys.publicKey().rawPublic());
        CPPUNIT_ASSERT(keys.publicKey().verify("m", keys.privateKey().sign("m")));
        CPPUNIT_ASSERT(SigningKeys::load("", "").privateKey().rawPublic() != keys.privateKey().rawPublic());
    }

    void testOnlyOneSetRefused()
    {
        const std::pair<std::string, std::string> cases[] = {
            {"AKASHI_JWT_PRIVATE_KEY is set, AKASHI_JWT_PUBLIC_KEY is not", _privatePath},
            {"AKASHI_JWT_PUBLIC_KEY is set, AKASHI_JWT_PRIVATE_KEY is not", ""},
        };
        for (const auto& [detail, privatePath] : cases)
        {
            const std::string publicPath = privatePath.empty() ? _publicPath : "";
            const auto error = test::expectException([&] { SigningKeys::load(privatePath, publicPath); });
            CPPUNIT_ASSERT_EQUAL(std::string("AKASHI_JWT_PRIVATE_KEY and AKASHI_JWT_PUBLIC_KEY must be set together"),
                                 error.message());
            CPPUNIT_ASSERT_EQUAL(detail, error.detail());
        }
    }

    void testMismatchedPairRefused()
    {
        writeFile(_publicPath, Ed25519Key::generate().publicPem(), 0600);
        const auto error = test::expectException([&] { SigningKeys::load(_privatePath, _publicPath); });
        CPPUNIT_ASSERT_EQUAL(std::string("AKASHI_JWT_PRIVATE_KEY and AKASHI_JWT_PUBLIC_KEY do not form a key pair"),
                             error.message());
        CPPUNIT_ASSERT_EQUAL("the public key derived from " + _privatePath + " differs from the one in " + _publicPath,
                             error.detail());
    }

    void testMissingFileRefused()
    {
        const std::string missing = _dir->path() + "/missing.pem";
        CPPUNIT_ASSERT_EQUAL("cannot read JWT private key file " + missing + ": No such file or directory",
                             test::expectException([&] { SigningKeys::load(missing, _publicPath); }).message());
        CPPUNIT_ASSERT_EQUAL("cannot read JWT public key file " + missing + ": No such file or directory",
                             test::expectException([&] { SigningKeys::load(_privatePath, missing); }).message());
    }

    void testDirectoryRefused()
    {
        CPPUNIT_ASSERT_EQUAL("JWT private key file " + _dir->path() + " is not a regular file",
                             test::expectException([&] { SigningKeys::load(_dir->path(), _publicPath); }).message());
    }

    void testBadContentsRefused()
    {
        const std::string notPrivate =
            "JWT private key file " + _privatePath + ": not an unencrypted PEM private key (PKCS#8 \"PRIVATE KEY\")";
        const std::string notPublic =
            "JWT public key file " + _publicPath + ": not a PEM public key (SubjectPublicKeyInfo \"PUBLIC KEY\")";
        const std::string privatePem = Ed25519Key::generate().privatePem();
        struct Case
        {
            bool privateFile;
            std::string contents;
            std::string message;
        };
        const Case cases[] = {
            {true, "garbage\n", notPrivate},
            {true, "", notPrivate},
            {true, Ed25519Key::generate().publicPem(), notPrivate},
            {true, ecPrivatePem(), "JWT private key file " + _privatePath + ": the private key is EC, not Ed25519"},
            {false, "garbage\n", notPublic},
            {false, privatePem, notPublic},
        };
        for (const auto& c : cases)
        {
            const std::string& path = c.privateFile ? _privatePath : _publicPath;
            const auto key = Ed25519Key::generate();
            writeFile(_privatePath, key.privatePem(), 0600);
            writeFile(_publicPath, key.publicPem(), 0600);
            writeFile(path, c.contents, 0600);
            const auto error = test::expectException([&] { SigningKeys::load(_privatePath, _publicPath); });
            CPPUNIT_ASSERT_EQUAL(c.message, error.message());
            CPPUNIT_ASSERT_EQUAL(kHint, error.hint());
        }
    }

    void testWriteNewPairLoadsBack()
    {
        const std::string privatePath = _dir->path() + "/new.key";
        const std::string publicPath = _dir->path() + "/new.pub";
        SigningKeys::writeNewPair(privatePath, publicPath);
        CPPUNIT_ASSERT_EQUAL(mode_t(0600), modeOf(privatePath));
        CPPUNIT_ASSERT_EQUAL(mode_t(0600), modeOf(publicPath));
        const auto keys = SigningKeys::load(privatePath, publicPath);
        CPPUNIT_ASSERT(!keys.ephemeral());
        CPPUNIT_ASSERT(keys.publicKey().verify("m", keys.privateKey().sign("m")));
    }

    void testWriteNewPairRefusesOverwrite()
    {
        const std::string freshPath = _dir->path() + "/fresh.pem";
        const std::string before = Ed25519Key::fromPrivatePem(readAll(_privatePath)).rawPublic();

        const auto privateExists = test::expectException([&] { SigningKeys::writeNewPair(_privatePath, freshPath); });
        CPPUNIT_ASSERT_EQUAL("JWT private key file " + _privatePath + " already exists", privateExists.message());
        CPPUNIT_ASSERT_EQUAL(std::string("keygen never overwrites a key"), privateExists.detail());
        CPPUNIT_ASSERT(!std::filesystem::exists(freshPath));

        const auto publicExists = test::expectException([&] { SigningKeys::writeNewPair(freshPath, _publicPath); });
        CPPUNIT_ASSERT_EQUAL("JWT public key file " + _publicPath + " already exists", publicExists.message());
        CPPUNIT_ASSERT_MESSAGE("the private file it created is removed again", !std::filesystem::exists(freshPath));

        CPPUNIT_ASSERT_EQUAL(before, Ed25519Key::fromPrivatePem(readAll(_privatePath)).rawPublic());
        CPPUNIT_ASSERT(!SigningKeys::load(_privatePath, _publicPath).ephemeral());

        const std::string missingDir = _dir->path() + "/no/such/dir";
        CPPUNIT_ASSERT_EQUAL(
            "cannot create JWT private key file " + missingDir + "/a.key: No such file or directory",
            test::expectException([&] { SigningKeys::writeNewPair(missingDir + "/a.key", freshPath); }).message());
    }

private:
    static std::string readAll(const std::string& path)
    {
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }

    std::unique_ptr<test::TempDirectory> _dir;
    std::string _privatePath;
    std::string _publicPath;
};
CPPUNIT_TEST_SUITE_REGISTRATION(SigningKeysTest);
} // namespace akashi::auth
