#include "auth/JwtCodec.h"

#include "auth/Base64Url.h"
#include "support/ExpectException.h"

#include <cppunit/extensions/HelperMacros.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <functional>
#include <sstream>
#include <vector>

namespace akashi::auth
{
namespace
{
using Clock = std::chrono::system_clock;
using Poco::JSON::Object;

const Clock::time_point kNow = Clock::time_point(std::chrono::seconds(1'700'000'000));
constexpr const char* kSubject = "3f2b8c1e-9d4a-4c6b-8e2f-0a1b2c3d4e5f";
constexpr const char* kJwtId = "8e1d7c2a-4b5f-4a3e-9c6d-1f2e3d4c5b6a";

std::string toJson(const Object& object)
{
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

/// The payload JwtCodec issues for claimsAt(kNow), built independently of it so tests can alter it.
Object::Ptr validPayload()
{
    Object::Ptr payload = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    Poco::JSON::Array::Ptr audience = new Poco::JSON::Array;
    audience->add(std::string("akashi"));
    payload->set("sub", std::string(kSubject));
    payload->set("iss", std::string("akashi"));
    payload->set("aud", audience);
    payload->set("iat", static_cast<Poco::Int64>(1'700'000'000 - 10));
    payload->set("exp", static_cast<Poco::Int64>(1'700'000'000 + 3600));
    payload->set("jti", std::string(kJwtId));
    payload->set("agent_id", std::string("planner"));
    payload->set("org_id", std::string("acme"));
    payload->set("role", std::string("agent"));
    return payload;
}

TokenClaims claimsAt(Clock::time_point now)
{
    TokenClaims claims;
    claims.subject = kSubject;
    claims.agentId = "planner";
    claims.orgId = "acme";
    claims.role = "agent";
    claims.issuedAt = now - std::chrono::seconds(10);
    claims.expiresAt = now + std::chrono::hours(1);
    claims.jwtId = kJwtId;
    return claims;
}

/// A compact token of `header` and `payload` JSON signed as `sign` says.
std::string token(const std::string& header, const std::string& payload,
                  const std::function<std::string(const std::string&)>& sign)
{
    const std::string input = Base64Url::encode(header) + "." + Base64Url::encode(payload);
    return input + "." + Base64Url::encode(sign(input));
}

std::vector<std::string> segments(const std::string& text)
{
    std::vector<std::string> parts(1);
    for (const char c : text)
        if (c == '.')
            parts.emplace_back();
        else
            parts.back() += c;
    return parts;
}

std::string replaceSegment(const std::string& jwt, std::size_t index, const std::string& segment)
{
    auto parts = segments(jwt);
    parts.at(index) = segment;
    return parts[0] + "." + parts[1] + "." + parts[2];
}
} // namespace

class JwtCodecTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(JwtCodecTest);
    CPPUNIT_TEST(testRoundTripAllClaims);
    CPPUNIT_TEST(testIssuedFormat);
    CPPUNIT_TEST(testAudienceAsString);
    CPPUNIT_TEST(testExpiryBoundaries);
    CPPUNIT_TEST(testForeignAlgorithmsRefused);
    CPPUNIT_TEST(testTamperingRefused);
    CPPUNIT_TEST(testMalformedTokensRefused);
    CPPUNIT_TEST(testBadHeadersRefused);
    CPPUNIT_TEST(testBadClaimsRefused);
    CPPUNIT_TEST(testIssueRefusesClaimsVerifyWouldRefuse);
    CPPUNIT_TEST_SUITE_END();

public:
    JwtCodecTest() : _keys(SigningKeys::generateEphemeral()), _codec(_keys) {}

    void testRoundTripAllClaims()
    {
        TokenClaims claims = claimsAt(kNow);
        claims.apiKeyId = "0b9d6f7e-2c1a-4e3b-8d5c-6a7b8c9d0e1f";
        claims.scopedBy = "admin-agent";
        const auto result = _codec.verify(_codec.issue(claims), kNow);
        CPPUNIT_ASSERT_EQUAL(std::string(), result.failure);
        CPPUNIT_ASSERT(result.valid());
        CPPUNIT_ASSERT(*result.claims == claims);

        const auto minimal = _codec.verify(_codec.issue(claimsAt(kNow)), kNow);
        CPPUNIT_ASSERT(minimal.valid());
        CPPUNIT_ASSERT(!minimal.claims->apiKeyId && !minimal.claims->scopedBy);
        CPPUNIT_ASSERT(*minimal.claims == claimsAt(kNow));
    }

    void testIssuedFormat()
    {
        TokenClaims claims = claimsAt(kNow);
        claims.issuedAt += std::chrono::milliseconds(999);
        claims.apiKeyId = "key-1";
        const auto parts = segments(_codec.issue(claims));
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), parts.size());
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"alg":"EdDSA","typ":"JWT"})"), Base64Url::decode(parts[0]).value_or(""));
        Object::Ptr expected = validPayload();
        expected->set("api_key_id", std::string("key-1"));
        CPPUNIT_ASSERT_EQUAL(toJson(*expected), Base64Url::decode(parts[1]).value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), Base64Url::decode(parts[2]).value_or("").size());
    }

    void testAudienceAsString()
    {
        auto payload = validPayload();
        payload->set("aud", std::string("akashi"));
        CPPUNIT_ASSERT(_codec.verify(signedToken(toJson(*payload)), kNow).valid());
        Poco::JSON::Array::Ptr several = new Poco::JSON::Array;
        several->add(std::string("other"));
        several->add(std::string("akashi"));
        payload->set("aud", several);
        CPPUNIT_ASSERT(_codec.verify(signedToken(toJson(*payload)), kNow).valid());
    }

    void testExpiryBoundaries()
    {
        const std::string jwt = _codec.issue(claimsAt(kNow));
        const auto expiry = kNow + std::chrono::hours(1);
        CPPUNIT_ASSERT(_codec.verify(jwt, expiry - std::chrono::milliseconds(1)).valid());
        CPPUNIT_ASSERT_EQUAL(std::string("token expired"), _codec.verify(jwt, expiry).failure);
        CPPUNIT_ASSERT_EQUAL(std::string("token expired"), _codec.verify(jwt, expiry + std::chrono::hours(1)).failure);

        auto payload = validPayload();
        payload->set("nbf", static_cast<Poco::Int64>(1'700'000'000));
        const std::string notBefore = signedToken(toJson(*payload));
        CPPUNIT_ASSERT(_codec.verify(notBefore, kNow).valid());
        CPPUNIT_ASSERT_EQUAL(std::string("token not yet valid"),
                             _codec.verify(notBefore, kNow - std::chrono::seconds(1)).failure);
    }

    void testForeignAlgorithmsRefused()
    {
        const std::string payload = toJson(*validPayload());
        const std::string publicPem = _keys.publicKey().publicPem();
        const auto hmacWithPublicPem = [&](const std::string& input)
        {
            unsigned char mac[EVP_MAX_MD_SIZE];
            unsigned int length = 0;
            CPPUNIT_ASSERT(HMAC(EVP_sha256(), publicPem.data(), static_cast<int>(publicPem.size()),
                                reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &length));
            return std::string(reinterpret_cast<const char*>(mac), length);
        };
        const auto ed25519 = [&](const std::string& input) { return _keys.privateKey().sign(input); };
        const auto empty = [](const std::string&) { return std::string(); };

        const std::pair<std::string, std::string> cases[] = {
            {token(R"({"alg":"none"})", payload, empty), "unsupported alg \"none\""},
            {token(R"({"alg":"none","typ":"JWT"})", payload, ed25519), "unsupported alg \"none\""},
            {token(R"({"alg":"HS256","typ":"JWT"})", payload, hmacWithPublicPem), "unsupported alg \"HS256\""},
            {token(R"({"alg":"RS256","typ":"JWT"})", payload, ed25519), "unsupported alg \"RS256\""},
            {token(R"({"alg":"ES256"})", payload, ed25519), "unsupported alg \"ES256\""},
            {token(R"({"alg":"eddsa"})", payload, ed25519), "unsupported alg \"eddsa\""},
            {token(R"({"alg":"Ed25519"})", payload, ed25519), "unsupported alg \"Ed25519\""},
            {token(R"({"alg":"HS256\n\"evil\" \u00e9 and a very long tail"})", payload, ed25519),
             "unsupported alg \"HS256??evil? ?? and a very long ...\""},
            {token(R"({"typ":"JWT"})", payload, ed25519), "missing header \"alg\""},
            {token(R"({"alg":null})", payload, ed25519), "unsupported alg"},
            {token(R"({"alg":["EdDSA"]})", payload, ed25519), "unsupported alg"},
        };
        for (const auto& [jwt, failure] : cases)
            expectRefused(jwt, failure);
        CPPUNIT_ASSERT_MESSAGE("alg none with an empty signature leaves the final dot",
                               segments(cases[0].first)[2].empty());
    }

    void testTamperingRefused()
    {
        TokenClaims claims = claimsAt(kNow);
        const std::string jwt = _codec.issue(claims);
        const auto parts = segments(jwt);

        std::string signature = Base64Url::decode(parts[2]).value();
        signature[0] = static_cast<char>(signature[0] ^ 0x01);
        std::string payload = Base64Url::decode(parts[1]).value();
        payload[payload.find("planner")] = 'P';
        claims.role = "admin";
        const SigningKeys otherKeys = SigningKeys::generateEphemeral();
        const std::string byOtherKey = JwtCodec(otherKeys).issue(claims);
        Object::Ptr escalated = validPayload();
        escalated->set("role", std::string("platform_admin"));

        const std::pair<std::string, std::string> cases[] = {
            {replaceSegment(jwt, 2, Base64Url::encode(signature)), "bad signature"},
            {replaceSegment(jwt, 1, Base64Url::encode(payload)), "bad signature"},
            {replaceSegment(jwt, 1, Base64Url::encode(toJson(*escalated))), "bad signature"},
            {byOtherKey, "bad signature"},
            {replaceSegment(jwt, 2, ""), "bad signature"},
            {replaceSegment(jwt, 2, parts[2].substr(0, 84)), "bad signature"},
            {replaceSegment(jwt, 2, parts[2] + "AAAA"), "bad signature"},
        };
        for (const auto& [candidate, failure] : cases)
            expectRefused(candidate, failure);
        CPPUNIT_ASSERT(JwtCodec(otherKeys).verify(byOtherKey, kNow).valid());
    }

    void testMalformedTokensRefused()
    {
        const std::string jwt = _codec.issue(claimsAt(kNow));
        const auto parts = segments(jwt);
        const std::pair<std::string, std::string> cases[] = {
            {"", "malformed token"},
            {parts[0] + "." + parts[1], "malformed token"},
            {jwt + ".", "malformed token"},
            {jwt + "." + parts[2], "malformed token"},
            {"..", "malformed header"},
            {std::string(JwtCodec::kMaxTokenBytes + 1, 'A'), "malformed token"},
            {replaceSegment(jwt, 0, "!!!"), "malformed header"},
            {replaceSegment(jwt, 0, parts[0] + "="), "malformed header"},
            {replaceSegment(jwt, 0, Base64Url::encode("not json")), "malformed header"},
            {replaceSegment(jwt, 0, Base64Url::encode(R"(["alg","EdDSA"])")), "malformed header"},
            {replaceSegment(jwt, 0, Base64Url::encode(R"("EdDSA")")), "malformed header"},
            {replaceSegment(jwt, 0, Base64Url::encode(R"({"alg":"EdDSA")")), "malformed header"},
            {replaceSegment(jwt, 0, Base64Url::encode(R"({"alg":"EdDSA","x":[[[[[[[[[[1]]]]]]]]]]})")),
             "malformed header"},
            {replaceSegment(jwt, 2, parts[2] + "="), "malformed signature"},
            {replaceSegment(jwt, 2, "%%%"), "malformed signature"},
            {signedToken("not json"), "malformed payload"},
            {signedToken("[1,2]"), "malformed payload"},
            {signedToken(""), "malformed payload"},
        };
        for (const auto& [candidate, failure] : cases)
            expectRefused(candidate, failure);
    }

    void testBadHeadersRefused()
    {
        const std::string payload = toJson(*validPayload());
        const auto sign = [&](const std::string& input) { return _keys.privateKey().sign(input); };
        CPPUNIT_ASSERT(_codec.verify(token(R"({"alg":"EdDSA"})", payload, sign), kNow).valid());
        const std::pair<std::string, std::string> cases[] = {
            {R"({"alg":"EdDSA","typ":"JWS"})", "unsupported typ \"JWS\""},
            {R"({"alg":"EdDSA","typ":"jwt"})", "unsupported typ \"jwt\""},
            {R"({"alg":"EdDSA","typ":1})", "unsupported typ \"\""},
            {R"({"alg":"EdDSA","crit":["exp"]})", "unsupported crit header"},
        };
        for (const auto& [header, failure] : cases)
            expectRefused(token(header, payload, sign), failure);
    }

    void testBadClaimsRefused()
    {
        using Mutation = std::function<void(Object&)>;
        const auto set = [](const std::string& name, Poco::Dynamic::Var value)
        { return Mutation([=](Object& payload) { payload.set(name, value); }); };
        const auto remove = [](const std::string& name)
        { return Mutation([=](Object& payload) { payload.remove(name); }); };
        Poco::JSON::Array::Ptr otherAudience = new Poco::JSON::Array;
        otherAudience->add(std::string("other"));

        const std::pair<Mutation, std::string> cases[] = {
            {set("exp", Poco::Int64(1'700'000'000 - 1)), "token expired"},
            {set("exp", Poco::Int64(1'700'000'000)), "token expired"},
            {remove("exp"), "missing claim \"exp\""},
            {set("exp", std::string("1800000000")), "invalid claim \"exp\""},
            {set("exp", true), "invalid claim \"exp\""},
            {set("exp", 1.8e9 + 0.5), "invalid claim \"exp\""},
            {set("exp", Poco::UInt64(18'000'000'000'000'000'000u)), "invalid claim \"exp\""},
            {set("exp", Poco::Int64(-1)), "invalid claim \"exp\""},
            {set("nbf", std::string("soon")), "invalid claim \"nbf\""},
            {remove("iat"), "missing claim \"iat\""},
            {set("iss", std::string("evil")), "wrong issuer"},
            {set("iss", std::string("Akashi")), "wrong issuer"},
            {remove("iss"), "missing claim \"iss\""},
            {set("iss", Poco::Int64(1)), "invalid claim \"iss\""},
            {set("aud", std::string("other")), "wrong audience"},
            {set("aud", otherAudience), "wrong audience"},
            {set("aud", Poco::Int64(1)), "wrong audience"},
            {remove("aud"), "missing claim \"aud\""},
            {set("sub", std::string("planner")), "subject is not a UUID"},
            {set("sub", std::string("3f2b8c1e9d4a4c6b8e2f0a1b2c3d4e5f")), "subject is not a UUID"},
            {remove("sub"), "missing claim \"sub\""},
            {remove("jti"), "missing claim \"jti\""},
            {remove("agent_id"), "missing claim \"agent_id\""},
            {remove("org_id"), "missing claim \"org_id\""},
            {set("org_id", Poco::Int64(7)), "invalid claim \"org_id\""},
            {remove("role"), "missing claim \"role\""},
            {set("role", std::string("superuser")), "unknown role \"superuser\""},
            {set("role", std::string("Admin")), "unknown role \"Admin\""},
            {set("api_key_id", Poco::Int64(5)), "invalid claim \"api_key_id\""},
            {set("scoped_by", false), "invalid claim \"scoped_by\""},
        };
        for (const auto& [mutate, failure] : cases)
        {
            Object::Ptr payload = validPayload();
            mutate(*payload);
            expectRefused(signedToken(toJson(*payload)), failure);
        }
    }

    void testIssueRefusesClaimsVerifyWouldRefuse()
    {
        TokenClaims badSubject = claimsAt(kNow);
        badSubject.subject = "planner";
        CPPUNIT_ASSERT_EQUAL(std::string("cannot issue a token: subject is not a UUID"),
                             test::expectException([&] { _codec.issue(badSubject); }).message());
        TokenClaims badRole = claimsAt(kNow);
        badRole.role = "root";
        CPPUNIT_ASSERT_EQUAL(std::string("cannot issue a token: unknown role \"root\""),
                             test::expectException([&] { _codec.issue(badRole); }).message());
        TokenClaims expired = claimsAt(kNow);
        expired.expiresAt = expired.issuedAt;
        CPPUNIT_ASSERT_EQUAL(std::string("cannot issue a token: it expires before it is issued"),
                             test::expectException([&] { _codec.issue(expired); }).message());
    }

private:
    /// `payload` under the header JwtCodec issues, signed with the server's own key, so only the claims
    /// checks can refuse it.
    std::string signedToken(const std::string& payload) const
    {
        return token(std::string(JwtCodec::kHeader), payload,
                     [&](const std::string& input) { return _keys.privateKey().sign(input); });
    }

    void expectRefused(const std::string& jwt, const std::string& failure) const
    {
        const auto result = _codec.verify(jwt, kNow);
        CPPUNIT_ASSERT_MESSAGE(jwt, !result.valid());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(jwt, failure, result.failure);
    }

    SigningKeys _keys;
    JwtCodec _codec;
};
CPPUNIT_TEST_SUITE_REGISTRATION(JwtCodecTest);
} // namespace akashi::auth
