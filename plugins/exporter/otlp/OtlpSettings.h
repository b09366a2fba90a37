#pragma once
#include "BaseUrl.h"
#include "OtlpHeaders.h"

#include <akashi/plugin/ConfigReader.h>

#include <chrono>
#include <string>

namespace akashi::plugins::exporter::otlp
{
/// The otlp exporter's keys (defaults as in the server's schema, core/src/config/ConfigSchema.cpp):
///   endpoint      OTEL_EXPORTER_OTLP_ENDPOINT, required: the base URL; /v1/traces and /v1/metrics are
///                 appended. Without a scheme ("collector:4318") it is https, or http when `insecure`.
///   headers       OTEL_EXPORTER_OTLP_HEADERS (OtlpHeaders), added to every request; never logged
///   service_name  OTEL_SERVICE_NAME, the resource's service.name (default "akashi")
///   insecure      OTEL_EXPORTER_OTLP_INSECURE, true/false (yes/no, on/off, 1/0), default false
///   timeout_ms    OTEL_EXPORTER_OTLP_TIMEOUT, one request's time limit in ms (1..600000, default 10000)
///   max_retries   retries of a request answered 429/502/503/504 or not answered (0..20, default 5)
///   retry_base_ms first backoff in ms, doubled per retry up to 30 s (1..60000, default 1000)
struct OtlpSettings
{
    embedding::remote::BaseUrl endpoint;
    OtlpHeaders::List headers;
    std::string serviceName = "akashi";
    std::chrono::milliseconds timeout{10000};
    unsigned maxRetries = 5;
    std::chrono::milliseconds retryBase{1000};

    /// Reads them through `config` (which then knows them, for rejectUnknownKeys). Throws
    /// std::invalid_argument naming the key.
    static OtlpSettings read(plugin::ConfigReader& config);

    /// "true"/"false" and the server's other boolean spellings; throws std::invalid_argument naming `key`.
    static bool parseBoolean(const std::string& key, const std::string& text);
};
} // namespace akashi::plugins::exporter::otlp
