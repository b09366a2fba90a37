#include "RemoteEmbeddingProvider.h"

#include <stdexcept>

namespace akashi::plugins::embedding::remote
{
namespace
{
plugin::HostLogger& loggerOf(const RemoteEmbeddingProvider::Setup& setup)
{
    if (!setup.logger)
        throw std::invalid_argument("the plugin context has no logger");
    return *setup.logger;
}
} // namespace

RemoteEmbeddingProvider::RemoteEmbeddingProvider(Setup setup) : _model(setup.settings.model)
{
    auto& logger = loggerOf(setup);
    _client = std::make_unique<RemoteEmbeddingClient>(setup.settings, std::move(setup.format), setup.limits,
                                                      std::move(setup.headers), logger);
    logger.log(plugin::LogLevel::info, setup.name + " embedding provider ready",
               {{"url", setup.settings.url.text()},
                {"model", _model},
                {"dimensions", std::to_string(setup.settings.dimensions)},
                {"timeout_ms", std::to_string(setup.settings.timeout.count())},
                {"max_retries", std::to_string(setup.settings.maxRetries)}});
}
} // namespace akashi::plugins::embedding::remote
