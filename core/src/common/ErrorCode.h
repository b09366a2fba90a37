#pragma once
#include <string_view>

namespace akashi
{
/// Every error the server reports, in one table: the wire code of the error envelope and the HTTP status.
enum class ErrorCode
{
    invalidInput,
    unauthorized,
    forbidden,
    notFound,
    methodNotAllowed,
    conflict,
    payloadTooLarge,
    rateLimited,
    internal,
    notImplemented,
    serviceUnavailable,
    visibilityTimeout,
    configInvalid,
    pluginLoad,
    databaseUnavailable
};

struct ErrorCodeInfo
{
    ErrorCode code;
    std::string_view wireCode; ///< `error.code` in the JSON envelope
    int httpStatus;
};

/// Looks up the row for `code`; every enumerator has one.
const ErrorCodeInfo& errorCodeInfo(ErrorCode code) noexcept;
} // namespace akashi
