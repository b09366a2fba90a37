#include "api/IdentityServer.h"
#include "auth/Base64Url.h"
#include "auth/Ed25519Key.h"

#include <cppunit/extensions/HelperMacros.h>

#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <fstream>
#include <sstream>

namespace akashi::test
{
namespace
{
std::string readFile(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::int64_t nowSeconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
} // namespace

/// POST /auth/token, the two Authorization schemes and their exact 401 messages, forged and broken JWTs.
class AuthApiTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AuthApiTest);
    CPPUNIT_TEST(testTokenExchangeAndBothSchemes);
    CPPUNIT_TEST(testTokenRequestValidation);
    CPPUNIT_TEST(testCredentialFailureMessages);
    CPPUNIT_TEST(testJwtAttacksAreRefused);
    CPPUNIT_TEST(testTokenOfDeletedAgentIsRefused);
    CPPUNIT_TEST(testApiKeyOfAgentInSeveralOrgsNeedsOrgHeader);
    CPPUNIT_TEST(testUnauthenticatedPathsStayOpen);
    CPPUNIT_TEST(testAdminSeededOnceOnly);
    CPPUNIT_TEST_SUITE_END();

    std::unique_ptr<IdentityServer> _server;

    /// A JWT with the given header and payload, signed by `sign` over "header.payload".
    static std::string token(const std::string& header, const std::string& payload,
                             const std::function<std::string(const std::string&)>& sign)
    {
        const std::string input = auth::Base64Url::encode(header) + "." + auth::Base64Url::encode(payload);
        return input + "." + auth::Base64Url::encode(sign(input));
    }

    std::function<std::string(const std::string&)> serverKey()
    {
        auto key = std::make_shared<auth::Ed25519Key>(auth::Ed25519Key::fromPrivatePem(readFile(_server->privateKeyPath())));
        return [key](const std::string& input) { return key->sign(input); };
    }

    std::string claims(const std::string& sub, std::int64_t exp, const std::string& aud = R"(["akashi"])",
                       const std::string& iss = "akashi")
    {
        return R"({"sub":")" + sub + R"(","iss":")" + iss + R"(","aud":)" + aud + R"(,"iat":)" +
               std::to_string(nowSeconds() - 10) + R"(,"exp":)" + std::to_string(exp) +
               R"(,"jti":"6f1d8c3e-2b4a-4c1e-9f00-000000000001","agent_id":"admin","org_id":")" +
               IdentityServer::kDefaultOrg + R"(","role":"admin"})";
    }

    std::string adminUuid()
    {
        return _server->sql().exec("SELECT id FROM agents WHERE agent_id = 'admin'").text(0, "id");
    }

    void assertUnauthorized(const std::string& authorization, const std::string& message)
    {
        auto reply = _server->call("GET", "/v1/agents", "", authorization);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(authorization + ": " + reply.body, 401, reply.status);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(authorization, message, IdentityServer::errorMessage(reply));
        CPPUNIT_ASSERT_EQUAL(std::string("UNAUTHORIZED"), reply.json()->getObject("error")->getValue<std::string>("code"));
    }

public:
    void setUp() override { _server = std::make_unique<IdentityServer>("auth_api"); }
    void tearDown() override { _server.reset(); }

    void testTokenExchangeAndBothSchemes()
    {
        auto reply = _server->call("POST", "/auth/token",
                                   std::string(R"({"agent_id":"admin","api_key":")") + IdentityServer::kAdminKey + "\"}");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
        auto data = reply.json()->getObject("data");
        const auto jwt = data->getValue<std::string>("token");
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, static_cast<std::size_t>(std::count(jwt.begin(), jwt.end(), '.')));
        CPPUNIT_ASSERT(data->getValue<std::string>("expires_at").back() == 'Z');

        // The claims are the reference's.
        const auto payload = *auth::Base64Url::decode(jwt.substr(jwt.find('.') + 1, jwt.rfind('.') - jwt.find('.') - 1));
        for (const char* claim : {"\"sub\":", "\"iss\":\"akashi\"", "\"aud\":[\"akashi\"]", "\"iat\":", "\"exp\":",
                                  "\"jti\":", "\"agent_id\":\"admin\"", "\"org_id\":\"00000000-0000-0000-0000-000000000000\"",
                                  "\"role\":\"admin\""})
            CPPUNIT_ASSERT_MESSAGE(claim, payload.find(claim) != std::string::npos);

        for (const std::string& authorization :
             {"Bearer " + jwt, std::string("ApiKey admin:") + IdentityServer::kAdminKey})
        {
            auto list = _server->call("GET", "/v1/agents", "", authorization);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(authorization + list.body, 200, list.status);
            CPPUNIT_ASSERT_EQUAL(std::string("admin"),
                                 list.json()->getArray("data")->getObject(0)->getValue<std::string>("agent_id"));
        }
        // /auth/refresh is the same exchange.
        auto refreshed = _server->call("POST", "/auth/refresh",
                                       std::string(R"({"agent_id":"admin","api_key":")") + IdentityServer::kAdminKey + "\"}");
        CPPUNIT_ASSERT_EQUAL(200, refreshed.status);
        // The access log names the caller.
        auto line = _server->process().waitForLog("http request");
        CPPUNIT_ASSERT(line);
    }

    void testTokenRequestValidation()
    {
        const std::pair<std::string, std::string> cases[] = {
            {R"({"agent_id":"admin"})", "invalid request body: field \"api_key\" is required"},
            {R"({"api_key":"x"})", "invalid request body: field \"agent_id\" is required"},
            {R"({"agent_id":7,"api_key":"x"})", "invalid request body: field \"agent_id\" must be a string"},
            {R"({"agent_id":"admin","api_key":"x","role":"admin"})", "invalid request body: unknown field \"role\""},
        };
        for (const auto& [body, message] : cases)
        {
            auto reply = _server->call("POST", "/auth/token", body);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(body, 400, reply.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(body, message, IdentityServer::errorMessage(reply));
        }
        for (const std::string body : {R"({"agent_id":"admin","api_key":"wrong"})", R"({"agent_id":"ghost","api_key":"x"})"})
        {
            auto reply = _server->call("POST", "/auth/token", body);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(body, 401, reply.status);
            CPPUNIT_ASSERT_EQUAL(std::string("invalid credentials"), IdentityServer::errorMessage(reply));
        }
    }

    void testCredentialFailureMessages()
    {
        const std::pair<std::string, std::string> cases[] = {
            {"", "missing authorization header"},
            {"Bearer", "invalid authorization format"},
            {"Bearer ", "invalid authorization format"},
            {"Token", "invalid authorization format"},
            {"Basic YWRtaW46eA==", "unsupported authorization scheme (use Bearer or ApiKey)"},
            {"ApiKey admin", "invalid authorization format"},
            {"ApiKey :key", "invalid authorization format"},
            {"ApiKey admin:", "invalid authorization format"},
            {"ApiKey admin:wrong-key", "invalid api key"},
            {"ApiKey ghost:whatever", "invalid api key"},
            {"Bearer not-a-jwt", "invalid or expired token"},
        };
        for (const auto& [authorization, message] : cases)
            assertUnauthorized(authorization, message);
        // The gate stands before routing: unknown /v1 paths do not reveal themselves either.
        auto reply = _server->call("GET", "/v1/no-such-thing");
        CPPUNIT_ASSERT_EQUAL(401, reply.status);
        // A malformed org header is a client error, named.
        auto badOrg = _server->call("GET", "/v1/agents", "", std::string("ApiKey admin:") + IdentityServer::kAdminKey,
                                    "not-a-uuid");
        CPPUNIT_ASSERT_EQUAL(400, badOrg.status);
        CPPUNIT_ASSERT_EQUAL(std::string("X-Akashi-Org-ID must be a UUID"), IdentityServer::errorMessage(badOrg));
    }

    void testJwtAttacksAreRefused()
    {
        const std::string sub = adminUuid();
        const std::int64_t later = nowSeconds() + 3600;
        const auto sign = serverKey();
        // Sanity: a token we forge the honest way is accepted, so the refusals below are about the attack.
        const std::string good = token(R"({"alg":"EdDSA","typ":"JWT"})", claims(sub, later), sign);
        CPPUNIT_ASSERT_EQUAL(200, _server->call("GET", "/v1/agents", "", "Bearer " + good).status);

        const std::string publicPem = readFile(_server->publicKeyPath());
        auto hmacWithPublicKey = [&publicPem](const std::string& input) {
            unsigned char mac[EVP_MAX_MD_SIZE];
            std::size_t length = 0;
            EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, publicPem.data(), publicPem.size(),
                      reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, sizeof mac, &length);
            return std::string(reinterpret_cast<const char*>(mac), length);
        };
        std::string flipped = good;
        flipped[flipped.size() - 5] = flipped[flipped.size() - 5] == 'A' ? 'B' : 'A';
        const std::string attacks[] = {
            token(R"({"alg":"none","typ":"JWT"})", claims(sub, later), [](const std::string&) { return std::string(); }),
            token(R"({"alg":"HS256","typ":"JWT"})", claims(sub, later), hmacWithPublicKey),
            token(R"({"alg":"EdDSA","typ":"JWT"})", claims(sub, nowSeconds() - 60), sign),           // expired
            token(R"({"alg":"EdDSA","typ":"JWT"})", claims(sub, later, R"(["other"])"), sign),      // wrong aud
            token(R"({"alg":"EdDSA","typ":"JWT"})", claims(sub, later, R"(["akashi"])", "evil"), sign), // wrong iss
            token(R"({"alg":"EdDSA","typ":"JWT"})", claims("00000000-0000-4000-8000-000000000000", later), sign), // no agent
            flipped,
            good.substr(0, good.rfind('.')), // signature stripped
            good + ".extra",
        };
        for (const auto& attack : attacks)
            assertUnauthorized("Bearer " + attack, "invalid or expired token");
    }

    void testTokenOfDeletedAgentIsRefused()
    {
        const std::string orgId = IdentityServer::kDefaultOrg;
        _server->insertAgent(orgId, "short-lived", "agent", "short-lived-key");
        const auto bearer = _server->bearer("short-lived", "short-lived-key");
        CPPUNIT_ASSERT_EQUAL(403, _server->call("GET", "/v1/agents", "", bearer).status); // authenticated, not admin
        _server->sql().exec("DELETE FROM agents WHERE agent_id = 'short-lived'");
        assertUnauthorized(bearer, "invalid or expired token");
        assertUnauthorized("ApiKey short-lived:short-lived-key", "invalid api key");
    }

    void testApiKeyOfAgentInSeveralOrgsNeedsOrgHeader()
    {
        const auto orgB = _server->insertOrg("Org B", "org-b");
        _server->insertAgent(IdentityServer::kDefaultOrg, "twin", "admin", "same-key");
        _server->insertAgent(orgB, "twin", "admin", "same-key");
        assertUnauthorized("ApiKey twin:same-key", "agent_id exists in several orgs: send X-Akashi-Org-ID");
        auto inB = _server->call("GET", "/v1/agents", "", "ApiKey twin:same-key", orgB);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(inB.body, 200, inB.status);
        CPPUNIT_ASSERT_EQUAL(orgB, inB.json()->getArray("data")->getObject(0)->getValue<std::string>("org_id"));
        CPPUNIT_ASSERT_EQUAL(1, inB.json()->getValue<int>("total"));
        // The token exchange keeps the reference's rule: the first matching agent wins.
        CPPUNIT_ASSERT(_server->bearer("twin", "same-key").rfind("Bearer ", 0) == 0);
    }

    void testUnauthenticatedPathsStayOpen()
    {
        CPPUNIT_ASSERT_EQUAL(200, _server->call("GET", "/health").status);
        CPPUNIT_ASSERT_EQUAL(404, _server->call("GET", "/nothing-here").status);
    }

    void testAdminSeededOnceOnly()
    {
        CPPUNIT_ASSERT(_server->process().hasLogged("seeded initial admin agent"));
        auto rows = _server->sql().exec("SELECT org_id, role, name FROM agents WHERE agent_id = 'admin'");
        CPPUNIT_ASSERT_EQUAL(1, rows.rows());
        CPPUNIT_ASSERT_EQUAL(std::string(IdentityServer::kDefaultOrg), rows.text(0, "org_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("admin"), rows.text(0, "role"));
        // The API key hash is Argon2id's salt$key, never the key.
        auto hash = _server->sql().exec("SELECT api_key_hash FROM agents WHERE agent_id = 'admin'").text(0, "api_key_hash");
        CPPUNIT_ASSERT(hash.find('$') != std::string::npos);
        CPPUNIT_ASSERT(hash.find(IdentityServer::kAdminKey) == std::string::npos);
        CPPUNIT_ASSERT(_server->process().stdoutText().find(IdentityServer::kAdminKey) == std::string::npos);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(AuthApiTest);
} // namespace akashi::test
