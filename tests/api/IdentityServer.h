#pragma once
#include "storage/PgConnection.h"
#include "support/HttpTestClient.h"
#include "support/ServerProcess.h"
#include "support/TempDirectory.h"
#include "support/TestDatabase.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace akashi::test
{
/// A real server on a fresh database with known JWT key files and a seeded admin, plus the direct SQL
/// access identity tests need (a second org has no API: it is inserted as signup would).
class IdentityServer
{
public:
    static constexpr const char* kAdminKey = "test-admin-key-0123456789";
    static constexpr const char* kDefaultOrg = "00000000-0000-0000-0000-000000000000";
    /// `Authorization` of the seeded admin: "ApiKey admin:<kAdminKey>".
    static std::string admin() { return std::string("ApiKey admin:") + kAdminKey; }

    /// For tests that insert scored_conflicts rows themselves: the outbox worker makes its first pass
    /// at startup (nothing to do yet) and the next one an hour later, so no detected conflict joins theirs.
    static ServerProcess::Env withoutConflictDetection() { return {{"AKASHI_OUTBOX_POLL_INTERVAL", "1h"}}; }

    explicit IdentityServer(const std::string& label, ServerProcess::Env extraEnv = {});

    /// Stops the server (SIGTERM, clean shutdown) and starts it again on the same database and keys,
    /// with `extraEnv` added to its environment (kept for later restarts and peers; e.g. another
    /// embedding provider, or NOTIFY_URL = databaseUrl()).
    void restart(const ServerProcess::Env& extraEnv = {});

    std::uint16_t port() const noexcept { return _port; }
    /// The test database's URL (e.g. as NOTIFY_URL).
    std::string databaseUrl() const { return _database.url(); }
    /// A second server on the same database and keys (tokens and keys work on both), with `extraEnv`
    /// on top of the current environment; fails the test unless it starts listening.
    std::unique_ptr<ServerProcess> startPeer(const ServerProcess::Env& extraEnv = {});
    ServerProcess& process() { return *_server; }
    storage::PgConnection& sql() { return *_sql; }
    const std::string& privateKeyPath() const noexcept { return _privateKey; }
    const std::string& publicKeyPath() const noexcept { return _publicKey; }

    /// A request with `Authorization: <authorization>` (none when empty) and a JSON body.
    HttpReply call(const std::string& method, const std::string& path, const std::string& body = {},
                   const std::string& authorization = {}, const std::string& orgHeader = {});

    /// POST /auth/token; fails the test unless it answers 200. Returns "Bearer <token>".
    std::string bearer(const std::string& agentId, const std::string& apiKey);

    /// Rows inserted directly (Argon2id hash computed here, as the server would).
    std::string insertOrg(const std::string& name, const std::string& slug);
    std::string insertAgent(const std::string& orgId, const std::string& agentId, const std::string& role,
                            const std::string& apiKey, const std::vector<std::string>& tags = {});

    /// `error.message` of a reply (empty when it has none).
    static std::string errorMessage(const HttpReply& reply);

private:
    TempDirectory _keys;
    std::string _privateKey;
    std::string _publicKey;
    TestDatabase _database;
    ServerProcess::Env _env;
    std::unique_ptr<ServerProcess> _server;
    std::uint16_t _port = 0;
    std::unique_ptr<storage::PgConnection> _sql;
};
} // namespace akashi::test
