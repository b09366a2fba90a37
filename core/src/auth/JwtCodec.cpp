#include "auth/JwtCodec.h"

#include "auth/Base64Url.h"
#include "auth/RandomId.h"
#include "auth/Role.h"
#include "common/Exception.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace akashi::auth
{
namespace
{
using Clock = std::chrono::system_clock;

/// Deeper JSON than this in an unauthenticated header or payload is refused rather than recursed into.
constexpr std::size_t kMaxJsonDepth = 8;

JwtVerification fail(std::string reason)
{
    return JwtVerification{std::nullopt, std::move(reason)};
}

/// `text` in quotes for a failure reason. Token text is attacker-controlled: at most 32 bytes are kept
/// and anything but printable ASCII becomes '?', so a reason cannot flood or forge log lines.
std::string quoted(std::string_view text)
{
    constexpr std::size_t kMaxQuoted = 32;
    std::string out = "\"";
    for (const char c : text.substr(0, kMaxQuoted))
        out += (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') ? c : '?';
    if (text.size() > kMaxQuoted)
        out += "...";
    return out + "\"";
}

std::int64_t toSeconds(Clock::time_point time)
{
    return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

/// The latest NumericDate a time_point can hold (year 2262 with libstdc++'s nanosecond clock).
constexpr std::int64_t kMaxNumericDate =
    std::chrono::duration_cast<std::chrono::seconds>(Clock::duration::max()).count();

Clock::time_point fromSeconds(std::int64_t seconds)
{
    return Clock::time_point(std::chrono::duration_cast<Clock::duration>(std::chrono::seconds(seconds)));
}

/// The JSON object encoded in `segment` (base64url), or null when it is not base64url or not an object.
Poco::JSON::Object::Ptr decodeObject(std::string_view segment)
{
    const auto json = Base64Url::decode(segment);
    if (!json || json->empty())
        return nullptr;
    try
    {
        Poco::JSON::Parser parser;
        parser.setDepth(kMaxJsonDepth);
        const Poco::Dynamic::Var value = parser.parse(*json);
        if (value.type() != typeid(Poco::JSON::Object::Ptr))
            return nullptr;
        return value.extract<Poco::JSON::Object::Ptr>();
    }
    catch (const Poco::Exception&)
    {
        return nullptr;
    }
}

/// A member's string value; nullopt when absent, `invalid` set when present but not a string.
std::optional<std::string> stringMember(const Poco::JSON::Object& object, const std::string& name, bool& invalid)
{
    invalid = false;
    if (!object.has(name))
        return std::nullopt;
    const Poco::Dynamic::Var value = object.get(name);
    if (!value.isString())
    {
        invalid = true;
        return std::nullopt;
    }
    return value.extract<std::string>();
}

/// A member holding a NumericDate: an integer (a JSON boolean is not one) from 0 to kMaxNumericDate, so
/// the time_point cannot overflow; nullopt when absent, `invalid` set otherwise.
std::optional<Clock::time_point> timeMember(const Poco::JSON::Object& object, const std::string& name, bool& invalid)
{
    invalid = false;
    if (!object.has(name))
        return std::nullopt;
    const Poco::Dynamic::Var value = object.get(name);
    if (!value.isInteger() || value.isBoolean())
        invalid = true;
    else if (value.isSigned())
        invalid = value.convert<Poco::Int64>() < 0 || value.convert<Poco::Int64>() > kMaxNumericDate;
    else
        invalid = value.convert<Poco::UInt64>() > static_cast<Poco::UInt64>(kMaxNumericDate);
    if (invalid)
        return std::nullopt;
    return fromSeconds(value.convert<Poco::Int64>());
}

bool audienceMatches(const Poco::Dynamic::Var& audience)
{
    if (audience.isString())
        return audience.extract<std::string>() == JwtCodec::kAudience;
    if (audience.type() != typeid(Poco::JSON::Array::Ptr))
        return false;
    const auto array = audience.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < array->size(); ++i)
    {
        const Poco::Dynamic::Var entry = array->get(static_cast<unsigned>(i));
        if (entry.isString() && entry.extract<std::string>() == JwtCodec::kAudience)
            return true;
    }
    return false;
}
} // namespace

JwtCodec::JwtCodec(const SigningKeys& keys) noexcept : _keys(keys)
{
}

std::string JwtCodec::issue(const TokenClaims& claims) const
{
    if (!RandomId::isUuid(claims.subject))
        throw Exception(ErrorCode::internal, "cannot issue a token: subject is not a UUID", claims.subject);
    if (!parseRole(claims.role))
        throw Exception(ErrorCode::internal, "cannot issue a token: unknown role " + quoted(claims.role));
    if (toSeconds(claims.expiresAt) <= toSeconds(claims.issuedAt))
        throw Exception(ErrorCode::internal, "cannot issue a token: it expires before it is issued");

    Poco::JSON::Object payload(Poco::JSON_PRESERVE_KEY_ORDER);
    Poco::JSON::Array::Ptr audience = new Poco::JSON::Array;
    audience->add(std::string(kAudience));
    payload.set("sub", claims.subject);
    payload.set("iss", std::string(kIssuer));
    payload.set("aud", audience);
    payload.set("iat", static_cast<Poco::Int64>(toSeconds(claims.issuedAt)));
    payload.set("exp", static_cast<Poco::Int64>(toSeconds(claims.expiresAt)));
    payload.set("jti", claims.jwtId);
    payload.set("agent_id", claims.agentId);
    payload.set("org_id", claims.orgId);
    payload.set("role", claims.role);
    if (claims.apiKeyId)
        payload.set("api_key_id", *claims.apiKeyId);
    if (claims.scopedBy)
        payload.set("scoped_by", *claims.scopedBy);
    std::ostringstream json;
    payload.stringify(json);

    const std::string signingInput = Base64Url::encode(kHeader) + "." + Base64Url::encode(json.str());
    return signingInput + "." + Base64Url::encode(_keys.privateKey().sign(signingInput));
}

JwtVerification JwtCodec::verify(std::string_view token, Clock::time_point now) const noexcept
{
    try
    {
        return check(token, now);
    }
    catch (const std::exception&)
    {
        // Only an allocation failure or a conversion Poco refuses can get here; the reason fits in the
        // string's inline buffer, so building it cannot throw again.
        return fail("malformed token");
    }
}

JwtVerification JwtCodec::check(std::string_view token, Clock::time_point now) const
{
    if (token.size() > kMaxTokenBytes)
        return fail("malformed token");
    const auto firstDot = token.find('.');
    const auto secondDot = firstDot == std::string_view::npos ? firstDot : token.find('.', firstDot + 1);
    if (secondDot == std::string_view::npos || token.find('.', secondDot + 1) != std::string_view::npos)
        return fail("malformed token");
    const std::string_view headerSegment = token.substr(0, firstDot);
    const std::string_view payloadSegment = token.substr(firstDot + 1, secondDot - firstDot - 1);
    const std::string_view signatureSegment = token.substr(secondDot + 1);

    const auto header = decodeObject(headerSegment);
    if (!header)
        return fail("malformed header");
    bool invalid = false;
    const auto alg = stringMember(*header, "alg", invalid);
    if (invalid)
        return fail("unsupported alg");
    if (!alg)
        return fail("missing header \"alg\"");
    if (*alg != "EdDSA")
        return fail("unsupported alg " + quoted(*alg));
    const auto typ = stringMember(*header, "typ", invalid);
    if (invalid || (typ && *typ != "JWT"))
        return fail("unsupported typ " + quoted(typ.value_or("")));
    if (header->has("crit"))
        return fail("unsupported crit header");

    const auto signature = Base64Url::decode(signatureSegment);
    if (!signature)
        return fail("malformed signature");
    if (!_keys.publicKey().verify(token.substr(0, secondDot), *signature))
        return fail("bad signature");

    const auto payload = decodeObject(payloadSegment);
    if (!payload)
        return fail("malformed payload");

    // A required claim read by `member` (stringMember or timeMember) into `out`; the failure reason if
    // it is missing or of the wrong type.
    const auto require = [&](const char* name, auto member, auto& out) -> std::optional<std::string>
    {
        const auto value = member(*payload, name, invalid);
        if (invalid)
            return "invalid claim " + quoted(name);
        if (!value)
            return "missing claim " + quoted(name);
        out = *value;
        return std::nullopt;
    };
    const auto requireString = [&](const char* name, std::string& out) { return require(name, stringMember, out); };
    const auto requireTime = [&](const char* name, Clock::time_point& out) { return require(name, timeMember, out); };

    TokenClaims claims;
    std::string issuer;
    if (auto error = requireString("iss", issuer))
        return fail(*error);
    if (issuer != kIssuer)
        return fail("wrong issuer");
    if (!payload->has("aud"))
        return fail("missing claim \"aud\"");
    if (!audienceMatches(payload->get("aud")))
        return fail("wrong audience");
    if (auto error = requireTime("exp", claims.expiresAt))
        return fail(*error);
    if (claims.expiresAt <= now)
        return fail("token expired");
    const auto notBefore = timeMember(*payload, "nbf", invalid);
    if (invalid)
        return fail("invalid claim \"nbf\"");
    if (notBefore && *notBefore > now)
        return fail("token not yet valid");
    if (auto error = requireTime("iat", claims.issuedAt))
        return fail(*error);
    if (auto error = requireString("sub", claims.subject))
        return fail(*error);
    if (!RandomId::isUuid(claims.subject))
        return fail("subject is not a UUID");
    for (const auto& [name, field] : {std::pair{"jti", &claims.jwtId}, std::pair{"agent_id", &claims.agentId},
                                      std::pair{"org_id", &claims.orgId}, std::pair{"role", &claims.role}})
        if (auto error = requireString(name, *field))
            return fail(*error);
    if (!parseRole(claims.role))
        return fail("unknown role " + quoted(claims.role));
    claims.apiKeyId = stringMember(*payload, "api_key_id", invalid);
    if (invalid)
        return fail("invalid claim \"api_key_id\"");
    claims.scopedBy = stringMember(*payload, "scoped_by", invalid);
    if (invalid)
        return fail("invalid claim \"scoped_by\"");
    return JwtVerification{std::move(claims), {}};
}
} // namespace akashi::auth
