#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace akashi::plugins::exporter::otlp
{
/// OTEL_EXPORTER_OTLP_HEADERS: `key1=value1,key2=value2`, keys and values trimmed, values
/// percent-decoded (the OpenTelemetry exporter spec's W3C Baggage-like format), empty entries ignored.
/// The values are typically credentials: no message ever quotes one.
class OtlpHeaders
{
public:
    using List = std::vector<std::pair<std::string, std::string>>;

    /// Throws std::invalid_argument naming `key` and the entry's position (and the header name when it
    /// is the problem), never a value.
    static List parse(const std::string& key, std::string_view text);
};
} // namespace akashi::plugins::exporter::otlp
