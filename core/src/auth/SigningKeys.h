#pragma once
#include "auth/Ed25519Key.h"

#include <string>

namespace akashi::auth
{
/// The server's token signing key pair, loaded once at startup from the files named by
/// AKASHI_JWT_PRIVATE_KEY and AKASHI_JWT_PUBLIC_KEY (see docs/runbook.md). Immutable after load, so it may
/// be shared by every request thread.
class SigningKeys
{
public:
    /// Applies the runbook's rules: both paths empty → an ephemeral pair (ephemeral() is true and the caller
    /// logs that tokens will not survive a restart); only one set → refused; each file must be a regular
    /// file with no group or other permission bits (0600 or stricter); the private file holds an Ed25519
    /// PKCS#8 key, the public file its SubjectPublicKeyInfo, and they must be halves of one pair.
    /// Throws akashi::Exception(configInvalid) with the path, the reason and a hint.
    static SigningKeys load(const std::string& privatePath, const std::string& publicPath);

    /// A fresh in-memory pair, for development when no key files are configured.
    static SigningKeys generateEphemeral();

    /// For `akashi keygen`: generates a pair and writes it to two new files created with mode 0600, then
    /// fsyncs them and their directories. Never overwrites: an existing file at either path is an error
    /// and leaves both paths untouched; on any failure the files this call created are removed.
    static void writeNewPair(const std::string& privatePath, const std::string& publicPath);

    const Ed25519Key& privateKey() const noexcept { return _privateKey; }
    const Ed25519Key& publicKey() const noexcept { return _publicKey; }
    bool ephemeral() const noexcept { return _ephemeral; }

private:
    SigningKeys(Ed25519Key privateKey, Ed25519Key publicKey, bool ephemeral) noexcept;

    Ed25519Key _privateKey;
    Ed25519Key _publicKey;
    bool _ephemeral;
};
} // namespace akashi::auth
