#include "common/ErrorCode.h"

#include <array>

namespace akashi
{
namespace
{
// Wire codes follow the reference API (INVALID_INPUT ... SERVICE_UNAVAILABLE); the startup-only codes
// never reach a client but still map to 500 so a leak would be visible, not silent.
constexpr std::array kErrorCodes{
    ErrorCodeInfo{ErrorCode::invalidInput, "INVALID_INPUT", 400},
    ErrorCodeInfo{ErrorCode::unauthorized, "UNAUTHORIZED", 401},
    ErrorCodeInfo{ErrorCode::forbidden, "FORBIDDEN", 403},
    ErrorCodeInfo{ErrorCode::notFound, "NOT_FOUND", 404},
    ErrorCodeInfo{ErrorCode::methodNotAllowed, "METHOD_NOT_ALLOWED", 405},
    ErrorCodeInfo{ErrorCode::conflict, "CONFLICT", 409},
    ErrorCodeInfo{ErrorCode::payloadTooLarge, "PAYLOAD_TOO_LARGE", 413},
    ErrorCodeInfo{ErrorCode::rateLimited, "RATE_LIMITED", 429},
    ErrorCodeInfo{ErrorCode::internal, "INTERNAL_ERROR", 500},
    ErrorCodeInfo{ErrorCode::notImplemented, "NOT_IMPLEMENTED", 501},
    ErrorCodeInfo{ErrorCode::serviceUnavailable, "SERVICE_UNAVAILABLE", 503},
    ErrorCodeInfo{ErrorCode::visibilityTimeout, "VISIBILITY_TIMEOUT", 504},
    ErrorCodeInfo{ErrorCode::configInvalid, "CONFIG_INVALID", 500},
    ErrorCodeInfo{ErrorCode::pluginLoad, "PLUGIN_LOAD_FAILED", 500},
    ErrorCodeInfo{ErrorCode::databaseUnavailable, "SERVICE_UNAVAILABLE", 503},
};
} // namespace

const ErrorCodeInfo& errorCodeInfo(ErrorCode code) noexcept
{
    return kErrorCodes[static_cast<std::size_t>(code)];
}
} // namespace akashi
