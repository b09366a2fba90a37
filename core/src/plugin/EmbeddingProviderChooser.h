#pragma once
#include <chrono>
#include <string>

namespace Poco::Util
{
class AbstractConfiguration;
}

namespace akashi::plugin
{
class PluginRegistry;

/// Resolves `akashi.embedding.provider`. A configured name is taken as is (the registry refuses an unknown
/// one). `auto` takes the first that applies, as the reference server does, with local in place of its
/// zero vectors:
///   1. ollama, if installed and `GET <akashi.embedding.ollama.url>/api/tags` answers 2xx within 2 s;
///   2. openai, if installed and `akashi.embedding.openai.api_key` (OPENAI_API_KEY) is set;
///   3. local, if installed (offline, in process);
///   4. noop (zero vectors: semantic search off).
/// The reason says why, and why the earlier ones were passed over, for the "embedding provider selected"
/// log line; it never contains the key.
class EmbeddingProviderChooser
{
public:
    struct Choice
    {
        std::string name;
        std::string reason;
    };

    static constexpr std::chrono::milliseconds kOllamaProbeTimeout{2000};

    static Choice choose(const std::string& configured, const PluginRegistry& registry,
                         const Poco::Util::AbstractConfiguration& config);
};
} // namespace akashi::plugin
