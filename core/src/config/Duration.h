#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace Poco::Util
{
class AbstractConfiguration;
}

namespace akashi::config
{
/// Parses a Go duration as the runbook writes them ("100ms", "30s", "5m", "24h", "1h30m", "1.5s", "0";
/// units ns, us, µs, ms, s, m, h). Sub-millisecond positive values round up to 1 ms so "1us" never
/// silently means "no timeout". Returns nullopt for empty, negative, unit-less non-zero, unknown units and
/// overflow.
std::optional<std::chrono::milliseconds> parseDuration(std::string_view text);

/// The duration at `key`; throws akashi::Exception(configInvalid) if it does not parse (the validator
/// reports that at startup, so this only fails on a programming error).
std::chrono::milliseconds getDuration(const Poco::Util::AbstractConfiguration& config, const std::string& key);
} // namespace akashi::config
