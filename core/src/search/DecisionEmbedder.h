#pragma once
#include "storage/EmbeddingSource.h"

#include <akashi/plugin/Status.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace akashi::embedding
{
class EmbeddingProvider;
}
namespace akashi::telemetry
{
class Histogram;
}

namespace akashi::search
{
/// Turns decisions into vectors with the embedding provider: per decision the text
/// "<type>: <outcome> <reasoning>" (what search compares), the outcome alone (what conflict scoring
/// compares) and each evidence content, sent in batches of the provider's maxBatchSize.
/// A batch the provider rejects as invalid is retried text by text, so one bad text fails only its own
/// decision (or, for an outcome or evidence text, is left unembedded). Thread-safe if the provider is.
class DecisionEmbedder
{
public:
    struct Result
    {
        std::vector<storage::ComputedEmbedding> embedded;
        std::vector<std::pair<std::string, std::string>> failed; ///< decision id, reason (counts an attempt)
        /// Set when the provider is down or rate limiting: nothing was embedded, retry the whole batch later.
        std::optional<plugin::Status> unavailable;
    };

    explicit DecisionEmbedder(embedding::EmbeddingProvider& provider);

    Result embed(const std::vector<storage::EmbeddingSource>& sources);

    /// The text searched by meaning for a decision.
    static std::string decisionText(const storage::EmbeddingSource& source);

private:
    /// Vectors for `texts` (empty vector where a text was rejected, with its reason in `errors`), or the
    /// unavailable status.
    std::optional<plugin::Status> embedTexts(const std::vector<std::string>& texts, std::vector<std::vector<float>>& vectors,
                                             std::vector<std::string>& errors);
    plugin::Status call(const std::vector<std::string>& texts, std::vector<std::vector<float>>& vectors);

    embedding::EmbeddingProvider& _provider;
    telemetry::Histogram& _duration;
};
} // namespace akashi::search
