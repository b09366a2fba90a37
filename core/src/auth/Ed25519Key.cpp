#include "auth/Ed25519Key.h"

#include "common/Exception.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <utility>

namespace akashi::auth
{
namespace
{
struct BioDeleter
{
    void operator()(BIO* bio) const noexcept { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

struct MdCtxDeleter
{
    void operator()(EVP_MD_CTX* ctx) const noexcept { EVP_MD_CTX_free(ctx); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

struct PkeyCtxDeleter
{
    void operator()(EVP_PKEY_CTX* ctx) const noexcept { EVP_PKEY_CTX_free(ctx); }
};
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter>;

const char* kKeyHint = "generate a key pair with `akashi keygen` (or `openssl genpkey -algorithm ed25519`)";

/// Drains OpenSSL's error queue of this thread into one line, so a later failure does not report a stale
/// reason; "no OpenSSL error reported" when the queue was empty.
std::string takeOpenSslErrors()
{
    std::string text;
    while (const unsigned long code = ERR_get_error())
    {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        if (!text.empty())
            text += "; ";
        text += buffer;
    }
    return text.empty() ? "no OpenSSL error reported" : text;
}

/// Refuses to prompt for a passphrase: an encrypted PEM fails to load instead of blocking on a terminal.
int noPassphrase(char*, int, int, void*)
{
    return -1;
}

BioPtr readBio(const std::string& pem)
{
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio)
        throw Exception(ErrorCode::internal, "cannot allocate an OpenSSL buffer", takeOpenSslErrors());
    return bio;
}

std::string drain(BIO* bio)
{
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}
} // namespace

void Ed25519Key::PkeyDeleter::operator()(EVP_PKEY* key) const noexcept
{
    EVP_PKEY_free(key);
}

Ed25519Key::Ed25519Key(PkeyPtr key, bool hasPrivate) noexcept : _key(std::move(key)), _hasPrivate(hasPrivate)
{
}

Ed25519Key Ed25519Key::generate()
{
    ERR_clear_error();
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr));
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1)
        throw Exception(ErrorCode::configInvalid, "cannot generate an Ed25519 key", takeOpenSslErrors());
    return Ed25519Key(PkeyPtr(raw), true);
}

Ed25519Key Ed25519Key::fromPrivatePem(const std::string& pem)
{
    ERR_clear_error();
    auto bio = readBio(pem);
    PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr));
    if (!key)
        throw Exception(ErrorCode::configInvalid, "not an unencrypted PEM private key (PKCS#8 \"PRIVATE KEY\")",
                        takeOpenSslErrors(), kKeyHint);
    return checked(std::move(key), true, "private");
}

Ed25519Key Ed25519Key::fromPublicPem(const std::string& pem)
{
    ERR_clear_error();
    auto bio = readBio(pem);
    PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, noPassphrase, nullptr));
    if (!key)
        throw Exception(ErrorCode::configInvalid, "not a PEM public key (SubjectPublicKeyInfo \"PUBLIC KEY\")",
                        takeOpenSslErrors(), kKeyHint);
    return checked(std::move(key), false, "public");
}

Ed25519Key Ed25519Key::checked(PkeyPtr key, bool hasPrivate, const char* what)
{
    if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519)
    {
        const char* type = EVP_PKEY_get0_type_name(key.get());
        throw Exception(ErrorCode::configInvalid,
                        std::string("the ") + what + " key is " + (type ? type : "of an unknown type") +
                            ", not Ed25519",
                        "JWTs are signed with EdDSA only; RSA, EC and other keys are refused", kKeyHint);
    }
    return Ed25519Key(std::move(key), hasPrivate);
}

std::string Ed25519Key::sign(std::string_view data) const
{
    if (!_hasPrivate)
        throw Exception(ErrorCode::internal, "cannot sign with a public Ed25519 key");
    MdCtxPtr ctx(EVP_MD_CTX_new());
    std::string signature(kSignatureSize, '\0');
    std::size_t length = signature.size();
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, _key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                       reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1 ||
        length != kSignatureSize)
        throw Exception(ErrorCode::internal, "cannot sign with the Ed25519 key", takeOpenSslErrors());
    return signature;
}

bool Ed25519Key::verify(std::string_view data, std::string_view signature) const noexcept
{
    if (!_key || signature.size() != kSignatureSize)
        return false;
    MdCtxPtr ctx(EVP_MD_CTX_new());
    const bool valid = ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, _key.get()) == 1 &&
                       EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                                        signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                                        data.size()) == 1;
    if (!valid)
        ERR_clear_error();
    return valid;
}

std::string Ed25519Key::rawPublic() const
{
    std::string raw(kPublicKeySize, '\0');
    std::size_t length = raw.size();
    if (EVP_PKEY_get_raw_public_key(_key.get(), reinterpret_cast<unsigned char*>(raw.data()), &length) != 1 ||
        length != kPublicKeySize)
        throw Exception(ErrorCode::internal, "cannot read the raw Ed25519 public key", takeOpenSslErrors());
    return raw;
}

std::string Ed25519Key::privatePem() const
{
    if (!_hasPrivate)
        throw Exception(ErrorCode::internal, "a public Ed25519 key has no private PEM");
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), _key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        throw Exception(ErrorCode::internal, "cannot encode the Ed25519 private key", takeOpenSslErrors());
    return drain(bio.get());
}

std::string Ed25519Key::publicPem() const
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), _key.get()) != 1)
        throw Exception(ErrorCode::internal, "cannot encode the Ed25519 public key", takeOpenSslErrors());
    return drain(bio.get());
}
} // namespace akashi::auth
