#include "OtlpSettings.h"

#include <Poco/String.h>

#include <stdexcept>

namespace akashi::plugins::exporter::otlp
{
bool OtlpSettings::parseBoolean(const std::string& key, const std::string& text)
{
    const std::string lower = Poco::toLower(Poco::trim(text));
    if (lower == "true" || lower == "yes" || lower == "on" || lower == "1")
        return true;
    if (lower == "false" || lower == "no" || lower == "off" || lower == "0")
        return false;
    throw std::invalid_argument(key + ": \"" + text + "\" is not a boolean (true or false)");
}

OtlpSettings OtlpSettings::read(plugin::ConfigReader& config)
{
    OtlpSettings settings;
    const bool insecure = parseBoolean("insecure", config.string("insecure", "false"));
    std::string endpoint = Poco::trim(config.string("endpoint", ""));
    if (endpoint.empty())
        throw std::invalid_argument("endpoint: no OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT)");
    if (endpoint.find("://") == std::string::npos)
        endpoint = (insecure ? "http://" : "https://") + endpoint;
    settings.endpoint = embedding::remote::BaseUrl::parse("endpoint", endpoint);
    settings.headers = OtlpHeaders::parse("headers", config.string("headers", ""));
    settings.serviceName = config.string("service_name", "akashi");
    if (settings.serviceName.empty())
        throw std::invalid_argument("service_name: must not be empty");
    settings.timeout = std::chrono::milliseconds(config.integer("timeout_ms", 10000, 1, 600000));
    settings.maxRetries = static_cast<unsigned>(config.integer("max_retries", 5, 0, 20));
    settings.retryBase = std::chrono::milliseconds(config.integer("retry_base_ms", 1000, 1, 60000));
    return settings;
}
} // namespace akashi::plugins::exporter::otlp
