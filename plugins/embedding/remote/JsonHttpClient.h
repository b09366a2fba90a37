#pragma once
#include "BaseUrl.h"
#include "HttpReply.h"

#include <Poco/Net/Context.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace akashi::plugins::embedding::remote
{
/// Sends one JSON POST to a BaseUrl and reads the whole answer. https:// goes through TLS with the system's
/// CA certificates and host name verification; http:// is plain (local servers such as Ollama, and tests).
/// `timeout` bounds connecting, each send and each receive. A new connection per request: no state is
/// shared between calls, so `post` is thread-safe.
class JsonHttpClient
{
public:
    using Headers = std::vector<std::pair<std::string, std::string>>;

    /// `headers` are added to every request (e.g. Authorization); they are never logged or reported.
    JsonHttpClient(BaseUrl url, std::chrono::milliseconds timeout, Headers headers);
    ~JsonHttpClient();

    JsonHttpClient(const JsonHttpClient&) = delete;
    JsonHttpClient& operator=(const JsonHttpClient&) = delete;

    /// POSTs `body` to the URL's prefix + `path`. Network failures come back as the reply's outcome; only
    /// std::bad_alloc escapes.
    HttpReply post(const std::string& path, const std::string& body) const;

    const BaseUrl& url() const noexcept { return _url; }
    std::chrono::milliseconds timeout() const noexcept { return _timeout; }

    /// Answers larger than this are refused: a provider's biggest batch is a few MiB of JSON floats.
    static constexpr std::size_t kMaxResponseBytes = 64u << 20;

private:
    HttpReply exchange(const std::string& path, const std::string& body) const;

    BaseUrl _url;
    std::chrono::milliseconds _timeout;
    Headers _headers;
    Poco::Net::Context::Ptr _tls;
};
} // namespace akashi::plugins::embedding::remote
