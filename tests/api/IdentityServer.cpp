#include "api/IdentityServer.h"

#include "auth/ApiKeyHasher.h"
#include "auth/SigningKeys.h"

#include <cppunit/TestAssert.h>

#include <Poco/JSON/Object.h>

#include <csignal>
#include <sstream>

namespace akashi::test
{
IdentityServer::IdentityServer(const std::string& label, ServerProcess::Env extraEnv)
    : _keys("akashi-keys"), _privateKey(_keys.path() + "/private.pem"), _publicKey(_keys.path() + "/public.pem"),
      _database(label)
{
    auth::SigningKeys::writeNewPair(_privateKey, _publicKey);
    ServerProcess::Env env{{"DATABASE_URL", _database.url()},
                           {"AKASHI_ADMIN_API_KEY", kAdminKey},
                           {"AKASHI_JWT_PRIVATE_KEY", _privateKey},
                           {"AKASHI_JWT_PUBLIC_KEY", _publicKey}};
    for (auto& [key, value] : extraEnv)
        env[key] = value;
    _env = env;
    restart();
    _sql = std::make_unique<storage::PgConnection>(_database.settings());
}

void IdentityServer::restart(const ServerProcess::Env& extraEnv)
{
    if (_server)
    {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(_server->stderrText(), 0, _server->stop(SIGTERM, std::chrono::seconds(60)));
        _server.reset();
    }
    for (const auto& [key, value] : extraEnv)
        _env[key] = value;
    _server = std::make_unique<ServerProcess>(_env);
    const auto port = _server->waitUntilListening();
    CPPUNIT_ASSERT_MESSAGE(_server->stderrText(), port.has_value());
    _port = *port;
}

std::unique_ptr<ServerProcess> IdentityServer::startPeer(const ServerProcess::Env& extraEnv)
{
    auto env = _env;
    for (const auto& [key, value] : extraEnv)
        env[key] = value;
    auto peer = std::make_unique<ServerProcess>(env);
    CPPUNIT_ASSERT_MESSAGE(peer->stderrText(), peer->waitUntilListening().has_value());
    return peer;
}

HttpReply IdentityServer::call(const std::string& method, const std::string& path, const std::string& body,
                               const std::string& authorization, const std::string& orgHeader)
{
    Poco::Net::NameValueCollection headers;
    if (!authorization.empty())
        headers.set("Authorization", authorization);
    if (!orgHeader.empty())
        headers.set("X-Akashi-Org-ID", orgHeader);
    if (!body.empty())
        headers.set("Content-Type", "application/json");
    return HttpTestClient(_port).request(method, path, body, headers);
}

std::string IdentityServer::bearer(const std::string& agentId, const std::string& apiKey)
{
    Poco::JSON::Object request;
    request.set("agent_id", agentId);
    request.set("api_key", apiKey);
    std::ostringstream body;
    request.stringify(body);
    auto reply = call("POST", "/auth/token", body.str());
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
    return "Bearer " + reply.json()->getObject("data")->getValue<std::string>("token");
}

std::string IdentityServer::insertOrg(const std::string& name, const std::string& slug)
{
    return _sql->exec("INSERT INTO organizations (name, slug) VALUES ($1, $2) RETURNING id",
                      storage::SqlParams().add(name).add(slug))
        .text(0, "id");
}

std::string IdentityServer::insertAgent(const std::string& orgId, const std::string& agentId, const std::string& role,
                                        const std::string& apiKey, const std::vector<std::string>& tags)
{
    return _sql->exec("INSERT INTO agents (org_id, agent_id, name, role, api_key_hash, tags) "
                      "VALUES ($1, $2, $2, $3, $4, $5::text[]) RETURNING id",
                      storage::SqlParams()
                          .add(orgId)
                          .add(agentId)
                          .add(role)
                          .add(auth::ApiKeyHasher::hash(apiKey))
                          .addTextArray(tags))
        .text(0, "id");
}

std::string IdentityServer::errorMessage(const HttpReply& reply)
{
    try
    {
        auto error = reply.json()->getObject("error");
        return error ? error->getValue<std::string>("message") : std::string();
    }
    catch (const std::exception&)
    {
        return {};
    }
}
} // namespace akashi::test
