#include "LocalEmbeddingProvider.h"

#include <akashi/plugin/ConfigReader.h>

#include <new>
#include <stdexcept>

namespace akashi::plugins::embedding::local
{
using akashi::embedding::EmbeddingResult;
using plugin::Status;
using plugin::StatusCode;

FeatureHasher LocalEmbeddingProvider::makeHasher(const plugin::PluginContext& context)
{
    if (!context.logger)
        throw std::invalid_argument("the plugin context has no logger");
    plugin::ConfigReader config(context.config);
    const auto dimensions = static_cast<std::size_t>(config.integer("dimensions", 1024, 1, 16000));
    const auto ngramMin = static_cast<unsigned>(config.integer("ngram_min", 3, 1, 8));
    const auto ngramMax = static_cast<unsigned>(config.integer("ngram_max", 5, 1, 8));
    config.rejectUnknownKeys();
    if (ngramMin > ngramMax)
        throw std::invalid_argument("ngram_min: " + std::to_string(ngramMin) + " is greater than ngram_max (" +
                                    std::to_string(ngramMax) + ")");
    return FeatureHasher(dimensions, ngramMin, ngramMax);
}

LocalEmbeddingProvider::LocalEmbeddingProvider(const plugin::PluginContext& context)
    : _hasher(makeHasher(context)),
      _model("local-hash-v1-n" + std::to_string(_hasher.ngramMin()) + "-" + std::to_string(_hasher.ngramMax()))
{
    context.logger->log(plugin::LogLevel::info, "local embedding provider ready",
                        {{"model", _model}, {"dimensions", std::to_string(_hasher.dimensions())}});
}

EmbeddingResult LocalEmbeddingProvider::embed(const std::vector<std::string>& texts) noexcept
{
    EmbeddingResult result;
    try
    {
        if (texts.size() > kMaxBatchSize)
        {
            result.status = Status::failure(StatusCode::invalidArgument, "batch of " + std::to_string(texts.size()) +
                                                                             " texts exceeds " +
                                                                             std::to_string(kMaxBatchSize));
            return result;
        }
        result.vectors.reserve(texts.size());
        for (std::size_t i = 0; i < texts.size(); ++i)
        {
            std::vector<float> vector = _hasher.embed(texts[i]);
            if (vector.empty())
            {
                result.vectors.clear();
                result.status = Status::failure(StatusCode::invalidArgument,
                                                "text " + std::to_string(i) +
                                                    (texts[i].empty() ? " is empty" : " has no letters or digits to embed"));
                return result;
            }
            result.vectors.push_back(std::move(vector));
        }
    }
    catch (const std::bad_alloc&)
    {
        // Allocation is all that can fail in here, and nothing may cross the plugin boundary.
        result.vectors.clear();
        result.status = Status::failure(StatusCode::internal, "out of memory");
    }
    return result;
}
} // namespace akashi::plugins::embedding::local
