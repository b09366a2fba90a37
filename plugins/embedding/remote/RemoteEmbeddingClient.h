#pragma once
#include "EmbeddingWireFormat.h"
#include "JsonHttpClient.h"
#include "RemoteSettings.h"
#include "RetryPolicy.h"

#include <akashi/embedding/EmbeddingProvider.h>
#include <akashi/plugin/HostLogger.h>

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace akashi::plugins::embedding::remote
{
/// How a provider's batches are cut into HTTP requests.
struct RequestLimits
{
    std::size_t maxBatchSize;        ///< texts one embed() call accepts (the provider's maxBatchSize())
    std::size_t maxInputsPerRequest; ///< inputs one HTTP request carries
    std::size_t maxInputBytes;       ///< each input is truncated to this many bytes, on a UTF-8 boundary
    std::size_t maxRequestBytes;     ///< a request's inputs add up to at most this (one input alone may not)
};

/// An EmbeddingProvider's embed() for an HTTP API: validates the batch, truncates each input, packs inputs
/// into as few requests as the limits allow, sends each with retries (RetryPolicy), checks every vector's
/// length and maps the outcome to a Status whose message starts with the provider's name and never holds
/// a header value (the API key). Thread-safe: the members are immutable and each request has its own
/// connection.
class RemoteEmbeddingClient
{
public:
    RemoteEmbeddingClient(const RemoteSettings& settings, std::unique_ptr<EmbeddingWireFormat> format, RequestLimits limits,
                          JsonHttpClient::Headers headers, plugin::HostLogger& logger);

    akashi::embedding::EmbeddingResult embed(const std::vector<std::string>& texts) const noexcept;

    std::size_t maxBatchSize() const noexcept { return _limits.maxBatchSize; }
    std::size_t dimensions() const noexcept { return _dimensions; }

private:
    /// Embeds one request's inputs, appending the vectors to `vectors`.
    plugin::Status embedRequest(const std::vector<std::string_view>& inputs, std::vector<std::vector<float>>& vectors) const;
    HttpReply sendWithRetries(const std::string& body, unsigned& attempts) const;
    plugin::Status failureFor(const HttpReply& reply, unsigned attempts) const;
    std::string apiMessage(const HttpReply& reply) const;

    std::unique_ptr<EmbeddingWireFormat> _format;
    RequestLimits _limits;
    std::size_t _dimensions;
    JsonHttpClient _http;
    RetryPolicy _retry;
    plugin::HostLogger& _logger;
};
} // namespace akashi::plugins::embedding::remote
