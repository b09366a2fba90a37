#include "HashEmbeddingProvider.h"

#include "WordTokenizer.h"

#include <akashi/plugin/ConfigReader.h>

#include <cmath>
#include <new>

namespace example::hash
{
using akashi::embedding::EmbeddingResult;
using akashi::plugin::Status;
using akashi::plugin::StatusCode;

HashEmbeddingProvider::HashEmbeddingProvider(const akashi::plugin::PluginContext& context)
{
    // The server hands over akashi.embedding.hash.* with the prefix removed, plus `dimensions` from
    // akashi.embedding.dimensions when the subtree does not set it.
    akashi::plugin::ConfigReader config(context.config);
    _dimensions = static_cast<std::size_t>(config.integer("dimensions", 1024, 1, 16000));
    config.rejectUnknownKeys();
    context.logger->log(akashi::plugin::LogLevel::info, "hash embedding provider ready",
                        {{"model", model()}, {"dimensions", std::to_string(_dimensions)}});
}

EmbeddingResult HashEmbeddingProvider::embed(const std::vector<std::string>& texts) noexcept
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
            if (texts[i].empty())
            {
                result.vectors.clear();
                result.status = Status::failure(StatusCode::invalidArgument, "text " + std::to_string(i) + " is empty");
                return result;
            }
            result.vectors.push_back(embedOne(texts[i]));
        }
    }
    catch (const std::bad_alloc&)
    {
        // Allocation is all that can fail in here, and nothing may escape a noexcept method across the
        // plugin boundary. (The short message fits std::string's inline buffer: building it allocates nothing.)
        result.vectors.clear();
        result.status = Status::failure(StatusCode::internal, "out of memory");
    }
    return result;
}

std::vector<float> HashEmbeddingProvider::embedOne(std::string_view text) const
{
    std::vector<double> sums(_dimensions, 0.0);
    for (const auto& token : WordTokenizer::tokenize(text))
    {
        const std::uint64_t h = fnv1a(token);
        sums[h % _dimensions] += (h >> 63) != 0 ? -1.0 : 1.0;
    }
    double squares = 0.0;
    for (const double s : sums)
        squares += s * s;
    const double scale = squares > 0.0 ? 1.0 / std::sqrt(squares) : 0.0;

    std::vector<float> vector(_dimensions);
    for (std::size_t i = 0; i < _dimensions; ++i)
        vector[i] = static_cast<float>(sums[i] * scale);
    return vector;
}

std::uint64_t HashEmbeddingProvider::fnv1a(std::string_view bytes) noexcept
{
    std::uint64_t h = 14695981039346656037ull;
    for (const char c : bytes)
    {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h;
}
} // namespace example::hash
