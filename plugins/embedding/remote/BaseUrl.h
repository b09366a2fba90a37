#pragma once
#include <cstdint>
#include <string>

namespace akashi::plugins::embedding::remote
{
/// The `url` setting of a remote provider: http or https, a host, an optional port and an optional path
/// prefix (e.g. "https://gateway.example/openai" puts the API under /openai). No credentials, query or
/// fragment: secrets belong in their own keys, never in a URL that ends up in log lines.
class BaseUrl
{
public:
    /// Throws std::invalid_argument naming `key` when `text` is not such a URL.
    static BaseUrl parse(const std::string& key, const std::string& text);

    bool secure() const noexcept { return _secure; }
    const std::string& host() const noexcept { return _host; }
    std::uint16_t port() const noexcept { return _port; }

    /// The prefix joined with `path` (which starts with '/'), e.g. "/openai" + "/v1/embeddings".
    std::string pathFor(const std::string& path) const { return _pathPrefix + path; }

    /// "scheme://host:port/prefix", for messages and log lines.
    const std::string& text() const noexcept { return _text; }

private:
    bool _secure = false;
    std::string _host;
    std::uint16_t _port = 0;
    std::string _pathPrefix;
    std::string _text;
};
} // namespace akashi::plugins::embedding::remote
