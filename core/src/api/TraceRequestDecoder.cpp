#include "api/TraceRequestDecoder.h"

#include "auth/RandomId.h"
#include "common/Exception.h"
#include "json/JsonValues.h"
#include "json/ObjectReader.h"
#include "services/AgentService.h"

#include <Poco/JSON/Array.h>

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstdint>

namespace akashi::api
{
namespace
{
using json::ObjectReader;
using services::TraceRequest;

[[noreturn]] void fail(const std::string& path, const std::string& problem)
{
    throw Exception(ErrorCode::invalidInput, "invalid request body: field \"" + path + "\" " + problem);
}

[[noreturn]] void failHeader(const std::string& header, const std::string& problem)
{
    throw Exception(ErrorCode::invalidInput, "invalid " + header + " header: " + problem);
}

std::string lowerAscii(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
    return text;
}

/// libpq passes text parameters as C strings and PostgreSQL text cannot hold U+0000, so a NUL would be
/// silently truncated or refused by the database: reject it here, naming the field.
std::string noNul(const std::string& path, std::string value)
{
    if (value.find('\0') != std::string::npos)
        fail(path, "must not contain NUL characters");
    return value;
}

std::optional<std::string> noNul(const std::string& path, std::optional<std::string> value)
{
    if (value)
        noNul(path, *value);
    return value;
}

bool containsNul(const Poco::Dynamic::Var& value)
{
    if (value.type() == typeid(Poco::JSON::Object::Ptr))
    {
        for (const auto& [key, item] : *value.extract<Poco::JSON::Object::Ptr>())
            if (key.find('\0') != std::string::npos || containsNul(item))
                return true;
        return false;
    }
    if (value.type() == typeid(Poco::JSON::Array::Ptr))
    {
        for (const auto& item : *value.extract<Poco::JSON::Array::Ptr>())
            if (containsNul(item))
                return true;
        return false;
    }
    return value.isString() && value.extract<std::string>().find('\0') != std::string::npos;
}

/// A free-form JSON object (metadata, context) within kMaxObjectBytes, NUL-free (jsonb refuses \u0000).
std::optional<ObjectReader::ObjectJson> object(ObjectReader& reader, const std::string& prefix, const std::string& field)
{
    auto value = reader.optionalObjectJson(field, TraceRequestDecoder::kMaxObjectBytes);
    if (value && containsNul(Poco::Dynamic::Var(value->object)))
        fail(prefix + field, "must not contain NUL characters");
    return value;
}

/// The text of an optional object field as object() checked it, `{}` when absent.
std::string objectText(ObjectReader& reader, const std::string& prefix, const std::string& field)
{
    auto value = object(reader, prefix, field);
    return value ? std::move(value->text) : std::string("{}");
}

std::optional<std::string> uuid(ObjectReader& reader, const std::string& prefix, const std::string& field)
{
    auto value = reader.optionalString(field, {1, 64});
    if (value && !auth::RandomId::isUuid(*value))
        fail(prefix + field, "must be a UUID");
    return value ? std::optional<std::string>(lowerAscii(*value)) : std::nullopt;
}

/// A unit-interval number as the float32 the database stores (`real`).
std::optional<float> unitInterval(ObjectReader& reader, const std::string& prefix, const std::string& field)
{
    const auto value = reader.optionalNumber(field);
    if (!value)
        return std::nullopt;
    if (*value < 0.0 || *value > 1.0)
        fail(prefix + field, "must be between 0 and 1");
    return static_cast<float>(*value);
}

/// `object` without `fields`: a shallow copy for an ObjectReader, so fields decoded by hand (nested
/// objects, arrays of objects) are not reported as unknown.
Poco::JSON::Object::Ptr without(const Poco::JSON::Object::Ptr& object, std::initializer_list<const char*> fields)
{
    Poco::JSON::Object::Ptr rest = new Poco::JSON::Object(*object);
    for (const char* field : fields)
        rest->remove(field);
    return rest;
}

/// The JSON array at `field` of `object` (empty when absent or null), each item an object.
std::vector<Poco::JSON::Object::Ptr> objectArray(const Poco::JSON::Object::Ptr& object, const std::string& path,
                                                 const std::string& field, std::size_t maxItems)
{
    std::vector<Poco::JSON::Object::Ptr> items;
    if (!object->has(field) || object->isNull(field))
        return items;
    const auto value = object->get(field);
    if (value.type() != typeid(Poco::JSON::Array::Ptr))
        fail(path, "must be an array of objects");
    const auto array = value.extract<Poco::JSON::Array::Ptr>();
    if (array->size() > maxItems)
        fail(path, "must have at most " + std::to_string(maxItems) + " items");
    for (std::size_t i = 0; i < array->size(); ++i)
    {
        const auto item = array->get(static_cast<unsigned>(i));
        if (item.type() != typeid(Poco::JSON::Object::Ptr))
            fail(path + "[" + std::to_string(i) + "]", "must be an object");
        items.push_back(item.extract<Poco::JSON::Object::Ptr>());
    }
    return items;
}

services::TraceAlternative alternative(const Poco::JSON::Object::Ptr& item, const std::string& prefix)
{
    ObjectReader reader(item, prefix);
    services::TraceAlternative result;
    result.label = noNul(prefix + "label", reader.requiredString("label", {1, TraceRequestDecoder::kMaxLabelBytes}));
    result.rejectionReason = noNul(prefix + "rejection_reason",
                                   reader.optionalString("rejection_reason",
                                                         {0, TraceRequestDecoder::kMaxRejectionReasonBytes}));
    result.metadata = objectText(reader, prefix, "metadata");
    reader.finish();
    return result;
}

bool validSourceType(const std::string& type)
{
    if (type.empty() || type[0] < 'a' || type[0] > 'z')
        return false;
    return std::all_of(type.begin(), type.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

services::TraceEvidence evidence(const Poco::JSON::Object::Ptr& item, const std::string& prefix)
{
    ObjectReader reader(item, prefix);
    services::TraceEvidence result;
    result.sourceType = reader.requiredString("source_type", {1, TraceRequestDecoder::kMaxSourceTypeBytes});
    if (!validSourceType(result.sourceType))
        fail(prefix + "source_type", "must match ^[a-z][a-z0-9_]*$");
    result.sourceUri = noNul(prefix + "source_uri",
                             reader.optionalString("source_uri", {1, TraceRequestDecoder::kMaxSourceUriBytes}));
    if (result.sourceUri)
        TraceRequestDecoder::validateSourceUri(prefix + "source_uri", *result.sourceUri);
    result.content = noNul(prefix + "content", reader.requiredString("content", {1, TraceRequestDecoder::kMaxContentBytes}));
    result.relevanceScore = unitInterval(reader, prefix, "relevance_score");
    result.metadata = objectText(reader, prefix, "metadata");
    reader.finish();
    return result;
}

void decodeDecision(const Poco::JSON::Object::Ptr& body, TraceRequest& request, Poco::JSON::Object::Ptr& metadata)
{
    if (!body->has("decision") || body->isNull("decision"))
        fail("decision", "is required");
    const auto value = body->get("decision");
    if (value.type() != typeid(Poco::JSON::Object::Ptr))
        fail("decision", "must be an object");
    const auto decision = value.extract<Poco::JSON::Object::Ptr>();

    const std::string prefix = "decision.";
    ObjectReader reader(without(decision, {"alternatives", "evidence"}), prefix);
    const auto type = noNul(prefix + "decision_type",
                            reader.requiredString("decision_type", {1, TraceRequestDecoder::kMaxDecisionTypeBytes}));
    request.decisionType = lowerAscii(type);
    if (request.decisionType != type)
    {
        if (!metadata)
            metadata = new Poco::JSON::Object;
        metadata->set("original_decision_type", type);
    }
    request.outcome = noNul(prefix + "outcome", reader.requiredString("outcome", {1, TraceRequestDecoder::kMaxOutcomeBytes}));
    const auto confidence = unitInterval(reader, prefix, "confidence");
    if (!confidence)
        fail(prefix + "confidence", "is required");
    request.confidence = *confidence;
    request.reasoning = noNul(prefix + "reasoning",
                              reader.optionalString("reasoning", {0, TraceRequestDecoder::kMaxReasoningBytes}));
    reader.finish();

    const auto alternatives = objectArray(decision, prefix + "alternatives", "alternatives",
                                          TraceRequestDecoder::kMaxAlternatives);
    for (std::size_t i = 0; i < alternatives.size(); ++i)
        request.alternatives.push_back(alternative(alternatives[i], prefix + "alternatives[" + std::to_string(i) + "]."));
    const auto evidenceItems = objectArray(decision, prefix + "evidence", "evidence", TraceRequestDecoder::kMaxEvidence);
    for (std::size_t i = 0; i < evidenceItems.size(); ++i)
        request.evidence.push_back(evidence(evidenceItems[i], prefix + "evidence[" + std::to_string(i) + "]."));
}

void decodeHeaders(const TraceRequestDecoder::Headers& headers, TraceRequest& request)
{
    if (headers.session && !headers.session->empty())
    {
        if (!auth::RandomId::isUuid(*headers.session))
            failHeader("X-Akashi-Session", "must be a UUID");
        request.sessionId = lowerAscii(*headers.session);
    }
    if (headers.userAgent && !headers.userAgent->empty())
    {
        // `akashi-go/0.4.1 (linux)` → tool "akashi-go", version "0.4.1"; anything else is the tool as is.
        std::string product = headers.userAgent->substr(0, headers.userAgent->find(' '));
        const auto slash = product.find('/');
        if (slash != std::string::npos && slash + 1 < product.size())
            request.toolVersion = product.substr(slash + 1, TraceRequestDecoder::kMaxHeaderValueBytes);
        product = product.substr(0, std::min(slash, TraceRequestDecoder::kMaxHeaderValueBytes));
        if (!product.empty())
            request.tool = product;
    }
    if (headers.model && !headers.model->empty())
    {
        if (headers.model->size() > TraceRequestDecoder::kMaxHeaderValueBytes)
            failHeader("X-Model", "must be at most " + std::to_string(TraceRequestDecoder::kMaxHeaderValueBytes) + " bytes");
        request.model = *headers.model;
    }
}
} // namespace

services::TraceRequest TraceRequestDecoder::decode(const Poco::JSON::Object::Ptr& body, const Headers& headers)
{
    TraceRequest request;
    ObjectReader reader(without(body, {"decision"}));
    request.agentId = reader.requiredString("agent_id", {1, 255});
    services::AgentService::validateAgentId("agent_id", request.agentId);
    request.traceId = noNul("trace_id", reader.optionalString("trace_id", {1, kMaxTraceIdBytes}));
    const auto metadataJson = object(reader, "", "metadata");
    auto metadata = metadataJson ? metadataJson->object : Poco::JSON::Object::Ptr();
    request.precedentRef = uuid(reader, "", "precedent_ref");
    request.precedentReason = noNul("precedent_reason",
                                    reader.optionalString("precedent_reason", {0, kMaxPrecedentReasonBytes}));
    if (request.precedentReason && !request.precedentRef)
        fail("precedent_reason", "requires precedent_ref");
    request.supersedesId = uuid(reader, "", "supersedes_id");
    if (auto context = object(reader, "", "context"))
        request.context = std::move(context->text);
    reader.finish();

    decodeDecision(body, request, metadata);
    request.metadata = json::compactText(metadata); // decodeDecision may have added original_decision_type
    decodeHeaders(headers, request);
    return request;
}

namespace
{
bool privateIpv4(std::uint32_t address)
{
    const auto in = [address](std::uint32_t network, int bits) {
        const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
        return (address & mask) == network;
    };
    return in(0x00000000, 8) || in(0x0A000000, 8) || in(0x7F000000, 8) || in(0xA9FE0000, 16) ||
           in(0xAC100000, 12) || in(0xC0A80000, 16) || in(0x64400000, 10) || address == 0xFFFFFFFF;
}

/// Loopback, private, link-local, shared, unspecified or broadcast, in any form inet_aton accepts
/// (`127.1`, `0x7f000001`, `2130706433`) or as an IPv6 literal (including IPv4-mapped).
bool privateAddress(const std::string& host)
{
    in_addr v4{};
    if (inet_aton(host.c_str(), &v4) != 0)
        return privateIpv4(ntohl(v4.s_addr));
    in6_addr v6{};
    if (inet_pton(AF_INET6, host.c_str(), &v6) != 1)
        return false;
    const auto* b = v6.s6_addr;
    const bool zeroPrefix = std::all_of(b, b + 10, [](unsigned char c) { return c == 0; });
    if (zeroPrefix && b[10] == 0xFF && b[11] == 0xFF) // ::ffff:a.b.c.d
        return privateIpv4((std::uint32_t{b[12]} << 24) | (std::uint32_t{b[13]} << 16) | (std::uint32_t{b[14]} << 8) | b[15]);
    const bool allZeroButLast = zeroPrefix && b[10] == 0 && b[11] == 0 && b[12] == 0 && b[13] == 0 && b[14] == 0;
    if (allZeroButLast && (b[15] == 0 || b[15] == 1)) // :: and ::1
        return true;
    return (b[0] & 0xFE) == 0xFC                   // fc00::/7 unique local
           || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)  // fe80::/10 link local
           || (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0); // fec0::/10 site local
}
} // namespace

void TraceRequestDecoder::validateSourceUri(const std::string& field, const std::string& uri)
{
    auto start = uri.find_first_not_of(" \t\r\n");
    const std::string trimmed = lowerAscii(start == std::string::npos ? std::string() : uri.substr(start));
    for (const char* scheme : {"javascript:", "data:", "vbscript:"})
        if (trimmed.rfind(scheme, 0) == 0)
            fail(field, std::string("must not use the ") + scheme + " scheme");
    if (std::any_of(uri.begin(), uri.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; }))
        fail(field, "must not contain control characters");

    // Only an authority (`scheme://[userinfo@]host[:port]`) names a host; other URIs are opaque references.
    const auto separator = trimmed.find("://");
    if (separator == std::string::npos)
        return;
    const auto authorityStart = separator + 3;
    const auto authorityEnd = trimmed.find_first_of("/?#", authorityStart);
    std::string authority = trimmed.substr(authorityStart, authorityEnd == std::string::npos ? std::string::npos
                                                                                               : authorityEnd - authorityStart);
    if (authority.find('@') != std::string::npos)
        fail(field, "must not embed credentials");
    std::string host;
    if (!authority.empty() && authority[0] == '[')
        host = authority.substr(1, authority.find(']') == std::string::npos ? std::string::npos : authority.find(']') - 1);
    else
        host = authority.substr(0, authority.rfind(':'));
    while (!host.empty() && host.back() == '.')
        host.pop_back();
    if (host == "localhost" || (host.size() > 10 && host.compare(host.size() - 10, 10, ".localhost") == 0) ||
        privateAddress(host))
        fail(field, "must not point to localhost or a private network address");
}
} // namespace akashi::api
