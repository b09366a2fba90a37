#include "auth/Ed25519Key.h"

#include "support/ExpectException.h"

#include <cppunit/extensions/HelperMacros.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <functional>
#include <memory>
#include <type_traits>

namespace akashi::auth
{
namespace
{
struct PkeyDeleter
{
    void operator()(EVP_PKEY* key) const noexcept { EVP_PKEY_free(key); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
struct BioDeleter
{
    void operator()(BIO* bio) const noexcept { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

std::string unhex(std::string_view hex)
{
    std::string bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        bytes += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
    return bytes;
}

/// The PEM that `write` produces for `key`.
std::string pemOf(EVP_PKEY* key, const std::function<int(BIO*, EVP_PKEY*)>& write)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    CPPUNIT_ASSERT(bio && write(bio.get(), key) == 1);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

std::string privatePemOf(EVP_PKEY* key)
{
    return pemOf(key, [](BIO* bio, EVP_PKEY* k)
                 { return PEM_write_bio_PrivateKey(bio, k, nullptr, nullptr, 0, nullptr, nullptr); });
}

std::string publicPemOf(EVP_PKEY* key)
{
    return pemOf(key, [](BIO* bio, EVP_PKEY* k) { return PEM_write_bio_PUBKEY(bio, k); });
}

/// A key of another type, made with the OpenSSL API: RSA, EC (P-256), X25519 or ED448.
PkeyPtr foreignKey(const std::string& type)
{
    PkeyPtr key;
    if (type == "RSA")
        key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048)));
    else if (type == "EC")
        key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    else
        key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, type.c_str()));
    CPPUNIT_ASSERT_MESSAGE(type, key != nullptr);
    return key;
}
} // namespace

class Ed25519KeyTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(Ed25519KeyTest);
    CPPUNIT_TEST(testGenerateSignVerify);
    CPPUNIT_TEST(testVerifyRefusesWrongSignatures);
    CPPUNIT_TEST(testRfc8032Vector);
    CPPUNIT_TEST(testPemRoundTrip);
    CPPUNIT_TEST(testPublicKeyCannotSign);
    CPPUNIT_TEST(testOtherKeyTypesRefused);
    CPPUNIT_TEST(testGarbagePemRefused);
    CPPUNIT_TEST(testEncryptedPemRefusedWithoutPrompt);
    CPPUNIT_TEST(testMove);
    CPPUNIT_TEST_SUITE_END();

public:
    void testGenerateSignVerify()
    {
        const auto key = Ed25519Key::generate();
        CPPUNIT_ASSERT(key.hasPrivate());
        CPPUNIT_ASSERT_EQUAL(std::size_t(32), key.rawPublic().size());
        const std::string signature = key.sign("header.payload");
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), signature.size());
        CPPUNIT_ASSERT(key.verify("header.payload", signature));
        CPPUNIT_ASSERT_EQUAL_MESSAGE("Ed25519 is deterministic", signature, key.sign("header.payload"));
        CPPUNIT_ASSERT(Ed25519Key::generate().rawPublic() != key.rawPublic());
    }

    void testVerifyRefusesWrongSignatures()
    {
        const auto key = Ed25519Key::generate();
        const std::string signature = key.sign("data");
        std::string flipped = signature;
        flipped[10] = static_cast<char>(flipped[10] ^ 0x01);
        const std::pair<const char*, std::string> cases[] = {
            {"other data", signature},
            {"data", flipped},
            {"data", signature.substr(0, 63)},
            {"data", signature + "x"},
            {"data", ""},
            {"data", Ed25519Key::generate().sign("data")},
        };
        for (const auto& [data, candidate] : cases)
            CPPUNIT_ASSERT_MESSAGE(data, !key.verify(data, candidate));
    }

    /// RFC 8032 §7.1 test 1: proves pure Ed25519 (no pre-hash) and the raw public key encoding.
    void testRfc8032Vector()
    {
        const std::string seed = unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        PkeyPtr raw(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                                 reinterpret_cast<const unsigned char*>(seed.data()), seed.size()));
        CPPUNIT_ASSERT(raw);
        const auto key = Ed25519Key::fromPrivatePem(privatePemOf(raw.get()));
        CPPUNIT_ASSERT_EQUAL(unhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"),
                             key.rawPublic());
        CPPUNIT_ASSERT_EQUAL(unhex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                                   "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
                             key.sign(""));
    }

    void testPemRoundTrip()
    {
        const auto key = Ed25519Key::generate();
        const std::string privatePem = key.privatePem();
        const std::string publicPem = key.publicPem();
        CPPUNIT_ASSERT(privatePem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        CPPUNIT_ASSERT(publicPem.starts_with("-----BEGIN PUBLIC KEY-----\n"));

        const auto reloadedPrivate = Ed25519Key::fromPrivatePem(privatePem);
        const auto reloadedPublic = Ed25519Key::fromPublicPem(publicPem);
        CPPUNIT_ASSERT(reloadedPrivate.hasPrivate());
        CPPUNIT_ASSERT(!reloadedPublic.hasPrivate());
        CPPUNIT_ASSERT_EQUAL(key.rawPublic(), reloadedPrivate.rawPublic());
        CPPUNIT_ASSERT_EQUAL(key.rawPublic(), reloadedPublic.rawPublic());
        CPPUNIT_ASSERT_EQUAL(privatePem, reloadedPrivate.privatePem());
        CPPUNIT_ASSERT_EQUAL(publicPem, reloadedPublic.publicPem());
        CPPUNIT_ASSERT(reloadedPublic.verify("m", reloadedPrivate.sign("m")));
        CPPUNIT_ASSERT(key.verify("m", reloadedPrivate.sign("m")));
    }

    void testPublicKeyCannotSign()
    {
        const auto key = Ed25519Key::fromPublicPem(Ed25519Key::generate().publicPem());
        CPPUNIT_ASSERT_EQUAL(std::string("cannot sign with a public Ed25519 key"),
                             test::expectException([&] { key.sign("m"); }).message());
        CPPUNIT_ASSERT_EQUAL(std::string("a public Ed25519 key has no private PEM"),
                             test::expectException([&] { key.privatePem(); }).message());
    }

    void testOtherKeyTypesRefused()
    {
        for (const std::string type : {"RSA", "EC", "X25519", "ED448"})
        {
            const auto key = foreignKey(type);
            const std::string privatePem = privatePemOf(key.get());
            const std::string publicPem = publicPemOf(key.get());
            const auto privateError = test::expectException([&] { Ed25519Key::fromPrivatePem(privatePem); });
            CPPUNIT_ASSERT(privateError.errorCode() == ErrorCode::configInvalid);
            CPPUNIT_ASSERT_EQUAL("the private key is " + type + ", not Ed25519", privateError.message());
            CPPUNIT_ASSERT_EQUAL(std::string("JWTs are signed with EdDSA only; RSA, EC and other keys are refused"),
                                 privateError.detail());
            CPPUNIT_ASSERT_EQUAL(
                std::string("generate a key pair with `akashi keygen` (or `openssl genpkey -algorithm ed25519`)"),
                privateError.hint());
            const auto publicError = test::expectException([&] { Ed25519Key::fromPublicPem(publicPem); });
            CPPUNIT_ASSERT_EQUAL("the public key is " + type + ", not Ed25519", publicError.message());
        }
    }

    void testGarbagePemRefused()
    {
        const auto key = Ed25519Key::generate();
        const std::string privateCases[] = {
            "", "not a pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", key.publicPem()};
        for (const auto& pem : privateCases)
        {
            const auto error = test::expectException([&] { Ed25519Key::fromPrivatePem(pem); });
            CPPUNIT_ASSERT_EQUAL(std::string("not an unencrypted PEM private key (PKCS#8 \"PRIVATE KEY\")"),
                                 error.message());
            CPPUNIT_ASSERT_MESSAGE(error.detail(), !error.detail().empty());
        }
        const std::string publicCases[] = {
            "", "not a pem", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", key.privatePem()};
        for (const auto& pem : publicCases)
            CPPUNIT_ASSERT_EQUAL(std::string("not a PEM public key (SubjectPublicKeyInfo \"PUBLIC KEY\")"),
                                 test::expectException([&] { Ed25519Key::fromPublicPem(pem); }).message());
    }

    void testEncryptedPemRefusedWithoutPrompt()
    {
        PkeyPtr raw(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
        CPPUNIT_ASSERT(raw);
        char passphrase[] = "secret";
        const std::string encrypted = pemOf(raw.get(),
                                            [&](BIO* bio, EVP_PKEY* k)
                                            {
                                                return PEM_write_bio_PKCS8PrivateKey(bio, k, EVP_aes_256_cbc(), nullptr,
                                                                                     0, nullptr, passphrase);
                                            });
        CPPUNIT_ASSERT(encrypted.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        CPPUNIT_ASSERT_EQUAL(std::string("not an unencrypted PEM private key (PKCS#8 \"PRIVATE KEY\")"),
                             test::expectException([&] { Ed25519Key::fromPrivatePem(encrypted); }).message());
    }

    void testMove()
    {
        auto key = Ed25519Key::generate();
        const std::string rawPublic = key.rawPublic();
        Ed25519Key moved = std::move(key);
        CPPUNIT_ASSERT_EQUAL(rawPublic, moved.rawPublic());
        key = Ed25519Key::generate();
        CPPUNIT_ASSERT(key.rawPublic() != rawPublic);
        static_assert(!std::is_copy_constructible_v<Ed25519Key> && !std::is_copy_assignable_v<Ed25519Key>);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(Ed25519KeyTest);
} // namespace akashi::auth
