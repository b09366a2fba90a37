#include "RemoteSettings.h"

#include <stdexcept>

namespace akashi::plugins::embedding::remote
{
RemoteSettings RemoteSettings::read(plugin::ConfigReader& config, const std::string& defaultUrl, const std::string& defaultModel)
{
    RemoteSettings settings;
    settings.url = BaseUrl::parse("url", config.string("url", defaultUrl));
    settings.model = config.string("model", defaultModel);
    if (settings.model.empty())
        throw std::invalid_argument("model: must not be empty");
    settings.dimensions = static_cast<std::size_t>(config.integer("dimensions", 1024, 1, 16000));
    settings.timeout = std::chrono::milliseconds(config.durationMs("timeout", 30000, 1, 600000));
    settings.maxRetries = static_cast<unsigned>(config.integer("max_retries", 3, 0, 10));
    return settings;
}
} // namespace akashi::plugins::embedding::remote
