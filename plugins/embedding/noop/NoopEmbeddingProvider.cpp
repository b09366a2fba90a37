#include "NoopEmbeddingProvider.h"

#include <akashi/plugin/ConfigReader.h>

namespace akashi::plugins::embedding::noop
{
NoopEmbeddingProvider::NoopEmbeddingProvider(const plugin::PluginContext& context)
{
    plugin::ConfigReader config(context.config);
    _dimensions = static_cast<std::size_t>(config.integer("dimensions", 1024, 1, 16000));
    config.rejectUnknownKeys();
}

akashi::embedding::EmbeddingResult NoopEmbeddingProvider::embed(const std::vector<std::string>& texts) noexcept
{
    akashi::embedding::EmbeddingResult result;
    try
    {
        if (texts.size() > maxBatchSize())
        {
            result.status = plugin::Status::failure(plugin::StatusCode::invalidArgument,
                                                    "batch of " + std::to_string(texts.size()) + " texts exceeds " +
                                                        std::to_string(maxBatchSize()));
            return result;
        }
        result.vectors.assign(texts.size(), std::vector<float>(_dimensions, 0.0f));
    }
    catch (const std::bad_alloc&)
    {
        result.vectors.clear();
        result.status = plugin::Status::failure(plugin::StatusCode::internal, "out of memory");
    }
    return result;
}
} // namespace akashi::plugins::embedding::noop
