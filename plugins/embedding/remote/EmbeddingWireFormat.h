#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace akashi::plugins::embedding::remote
{
/// One provider's request and response shapes; RemoteEmbeddingClient does everything else. Implementations
/// are immutable after construction (thread-safe).
class EmbeddingWireFormat
{
public:
    virtual ~EmbeddingWireFormat() = default;

    /// Provider name at the start of every status message, e.g. "openai".
    virtual std::string name() const = 0;

    /// Request path below the base URL, e.g. "/v1/embeddings".
    virtual std::string path() const = 0;

    /// The JSON request body embedding `inputs` (already truncated, non-empty UTF-8).
    virtual std::string requestBody(const std::vector<std::string_view>& inputs) const = 0;

    /// The vectors of a 2xx `body`, in input order, one per input (`inputs` of them); their lengths are
    /// checked by the caller. Throws MalformedResponse saying what is wrong.
    virtual std::vector<std::vector<float>> parseVectors(const std::string& body, std::size_t inputs) const = 0;

    /// The API's own error text in an error `body` ("" when there is none), safe to report: no secrets.
    virtual std::string errorMessage(const std::string& body) const = 0;
};
} // namespace akashi::plugins::embedding::remote
