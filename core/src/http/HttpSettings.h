#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace akashi::http
{
/// The HTTP server's configuration (akashi.http.* and akashi.shutdown.http_timeout).
struct HttpSettings
{
    std::string address = "0.0.0.0";
    std::uint16_t port = 8080; ///< 0 = any free port
    std::chrono::milliseconds readTimeout{30000};
    std::chrono::milliseconds writeTimeout{30000};
    std::chrono::milliseconds keepAliveTimeout{5000};
    int maxThreads = 64;
    int maxQueued = 256;
    std::size_t maxBodyBytes = 1048576;
    std::vector<std::string> corsAllowedOrigins;
    std::chrono::milliseconds shutdownTimeout{10000}; ///< 0 = wait forever for in-flight requests
};
} // namespace akashi::http
