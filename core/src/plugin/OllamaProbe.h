#pragma once
#include <chrono>
#include <string>

namespace akashi::plugin
{
/// Whether an Ollama server answers at a base URL: `GET <url>/api/tags` returning 2xx within the timeout
/// (connecting and the whole answer included). Used by `akashi.embedding.provider = auto` before any
/// plugin is created. Only http:// is probed: Ollama serves plain HTTP, and the core has no TLS client;
/// an https:// Ollama (behind a proxy) is selected with `akashi.embedding.provider = ollama`. Stateless.
class OllamaProbe
{
public:
    struct Result
    {
        bool reachable = false;
        /// Why not, for the "embedding provider selected" log line, e.g. "Connection refused", "HTTP 404".
        std::string detail;
        /// The URL as probed, without credentials: safe to log.
        std::string url;
    };

    static Result probe(const std::string& baseUrl, std::chrono::milliseconds timeout);
};
} // namespace akashi::plugin
