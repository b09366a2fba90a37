#pragma once
#include "common/ErrorCode.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>

#include <string>

namespace Poco::Net
{
class HTTPServerResponse;
}

namespace akashi::http
{
class RequestContext;

/// Writes the reference API's envelopes:
///   success `{"data": ..., "meta": {"request_id", "timestamp"}}`
///   error   `{"error": {"code", "message"}, "meta": {...}}`
/// `timestamp` is RFC 3339 UTC with second precision, as the reference SDKs parse it.
class ResponseWriter
{
public:
    static void writeData(Poco::Net::HTTPServerResponse& response, const RequestContext& context, int status,
                          const Poco::Dynamic::Var& data);

    /// The reference's flat list envelope: `{"data": [...], "total"?, "has_more", "limit", "offset", "meta"}`.
    /// `total` is omitted when unknown (e.g. rows were filtered after the query).
    static void writeList(Poco::Net::HTTPServerResponse& response, const RequestContext& context,
                          const Poco::JSON::Array::Ptr& items, std::optional<std::int64_t> total, bool hasMore,
                          int limit, int offset);

    /// `writeList` for one page of a query whose total is known: `has_more` when rows remain past it.
    static void writePage(Poco::Net::HTTPServerResponse& response, const RequestContext& context,
                          const Poco::JSON::Array::Ptr& items, std::int64_t total, int limit, int offset);

    static void writeError(Poco::Net::HTTPServerResponse& response, const RequestContext& context, ErrorCode code,
                           const std::string& message);

    /// Status with no body (e.g. 204 for CORS preflight).
    static void writeEmpty(Poco::Net::HTTPServerResponse& response, int status);

    /// The `meta` object for `context`.
    static Poco::JSON::Object::Ptr meta(const RequestContext& context);

private:
    static void send(Poco::Net::HTTPServerResponse& response, int status, const Poco::JSON::Object& body);
};
} // namespace akashi::http
