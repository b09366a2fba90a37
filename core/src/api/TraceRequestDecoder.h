#pragma once
#include "services/TraceRequest.h"

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

namespace akashi::api
{
/// `POST /v1/trace` JSON (HEAD's TraceRequest, what the official SDKs send) → services::TraceRequest,
/// with every limit of the reference enforced. Unknown fields at any level are rejected, as HEAD does
/// (so `score` and `selected` on an alternative are 400s). Every error is
/// akashi::Exception(invalidInput) → 400 with a message naming the field by its full path, e.g.
/// `invalid request body: field "decision.evidence[1].source_uri" must not embed credentials`.
/// Stateless; thread-safe.
class TraceRequestDecoder
{
public:
    /// The request headers the trace endpoint reads.
    struct Headers
    {
        std::optional<std::string> session;   ///< X-Akashi-Session: a UUID → session_id
        std::optional<std::string> userAgent; ///< User-Agent `akashi-<lang>/<version>` → tool, tool_version
        std::optional<std::string> model;     ///< X-Model → model
    };

    static constexpr std::size_t kMaxDecisionTypeBytes = 200;
    static constexpr std::size_t kMaxOutcomeBytes = 32 * 1024;
    static constexpr std::size_t kMaxReasoningBytes = 64 * 1024;
    static constexpr std::size_t kMaxAlternatives = 20;
    static constexpr std::size_t kMaxLabelBytes = 500;
    static constexpr std::size_t kMaxRejectionReasonBytes = 8 * 1024;
    static constexpr std::size_t kMaxEvidence = 20;
    static constexpr std::size_t kMaxSourceTypeBytes = 64;
    static constexpr std::size_t kMaxSourceUriBytes = 2048;
    static constexpr std::size_t kMaxContentBytes = 32 * 1024;
    static constexpr std::size_t kMaxObjectBytes = 16 * 1024; ///< metadata and context, as serialised JSON
    static constexpr std::size_t kMaxPrecedentReasonBytes = 4 * 1024;
    static constexpr std::size_t kMaxTraceIdBytes = 255;
    static constexpr std::size_t kMaxHeaderValueBytes = 200;

    static services::TraceRequest decode(const Poco::JSON::Object::Ptr& body, const Headers& headers);

    /// Evidence links must not be script or inline-data URIs, carry credentials, or point at localhost,
    /// loopback, private, link-local or unspecified addresses (hostnames are not resolved). `field` is the
    /// full field path for the error message.
    static void validateSourceUri(const std::string& field, const std::string& uri);
};
} // namespace akashi::api
