#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include <openssl/types.h>

namespace akashi::auth
{
/// An Ed25519 key (private with its public half, or public only) held in an OpenSSL 3 EVP_PKEY, the only
/// key type the server signs or verifies tokens with. Loading refuses any other key type, so no caller can
/// be handed an RSA or EC key by a misconfigured PEM.
///
/// Movable, not copyable; a moved-from key may only be destroyed or assigned to. Const methods are safe
/// to call from several threads at once (each call uses its own OpenSSL context).
///
/// Errors while creating or loading a key throw akashi::Exception(configInvalid) with OpenSSL's reason in
/// `detail`; sign() throws akashi::Exception(internal) because failing to sign is a programming error.
class Ed25519Key
{
public:
    static constexpr std::size_t kSignatureSize = 64;
    static constexpr std::size_t kPublicKeySize = 32;

    static Ed25519Key generate();

    /// From a PEM "PRIVATE KEY" block (PKCS#8, unencrypted: the server has nobody to ask for a passphrase).
    static Ed25519Key fromPrivatePem(const std::string& pem);

    /// From a PEM "PUBLIC KEY" block (X.509 SubjectPublicKeyInfo).
    static Ed25519Key fromPublicPem(const std::string& pem);

    Ed25519Key(Ed25519Key&&) noexcept = default;
    Ed25519Key& operator=(Ed25519Key&&) noexcept = default;
    Ed25519Key(const Ed25519Key&) = delete;
    Ed25519Key& operator=(const Ed25519Key&) = delete;
    ~Ed25519Key() = default;

    bool hasPrivate() const noexcept { return _hasPrivate; }

    /// The 64-byte Ed25519 signature of `data` (pure Ed25519: no pre-hash). Requires hasPrivate().
    std::string sign(std::string_view data) const;

    /// True only for a valid signature of `data` by this key; false for a signature of the wrong length,
    /// a forged one, or any OpenSSL failure.
    bool verify(std::string_view data, std::string_view signature) const noexcept;

    /// The 32-byte raw public key (RFC 8032 encoding); two keys are the same pair half when these match.
    std::string rawPublic() const;

    /// PKCS#8 PEM of the private key, unencrypted. Requires hasPrivate().
    std::string privatePem() const;

    /// SubjectPublicKeyInfo PEM of the public key.
    std::string publicPem() const;

private:
    struct PkeyDeleter
    {
        void operator()(EVP_PKEY* key) const noexcept;
    };
    using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

    Ed25519Key(PkeyPtr key, bool hasPrivate) noexcept;

    /// Throws unless `key` is an Ed25519 key; `what` names the PEM kind in the message.
    static Ed25519Key checked(PkeyPtr key, bool hasPrivate, const char* what);

    PkeyPtr _key;
    bool _hasPrivate;
};
} // namespace akashi::auth
