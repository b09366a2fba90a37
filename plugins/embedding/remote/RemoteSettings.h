#pragma once
#include "BaseUrl.h"

#include <akashi/plugin/ConfigReader.h>

#include <chrono>
#include <cstddef>
#include <string>

namespace akashi::plugins::embedding::remote
{
/// The keys both remote providers share (defaults as in the server's schema, core/src/config/ConfigSchema.cpp):
/// `url`, `model`, `dimensions` (1..16000, 1024), `timeout` (Go duration, 1ms..10m, 30s) and `max_retries`
/// (0..10, 3).
struct RemoteSettings
{
    BaseUrl url;
    std::string model;
    std::size_t dimensions = 0;
    std::chrono::milliseconds timeout{0};
    unsigned maxRetries = 0;

    /// Reads them through `config` (which then knows them, for rejectUnknownKeys). Throws
    /// std::invalid_argument naming the key.
    static RemoteSettings read(plugin::ConfigReader& config, const std::string& defaultUrl, const std::string& defaultModel);
};
} // namespace akashi::plugins::embedding::remote
