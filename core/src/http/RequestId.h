#pragma once
#include <string>

namespace akashi::http
{
/// Request ids as the reference API defines them: a client's `X-Request-ID` is echoed when it is 1–128
/// printable ASCII characters; otherwise the server generates a UUIDv4.
class RequestId
{
public:
    static bool isAcceptable(const std::string& candidate) noexcept;

    /// `candidate` when acceptable, else a fresh UUIDv4.
    static std::string fromHeader(const std::string& candidate);

    static std::string generate();
};
} // namespace akashi::http
