#include "plugin/EmbeddingProviderChooser.h"

#include "plugin/OllamaProbe.h"
#include "plugin/PluginRegistry.h"

#include <akashi/embedding/EmbeddingProvider.h>

#include <Poco/Util/AbstractConfiguration.h>

#include <vector>

namespace akashi::plugin
{
EmbeddingProviderChooser::Choice EmbeddingProviderChooser::choose(const std::string& configured, const PluginRegistry& registry,
                                                                  const Poco::Util::AbstractConfiguration& config)
{
    if (configured != "auto")
        return {configured, "configured"};
    const auto installed = [&](const char* name) { return registry.find(embedding::kEmbeddingKind, name) != nullptr; };
    std::vector<std::string> passed;
    const auto why = [&passed] {
        std::string text;
        for (const auto& reason : passed)
            text += (text.empty() ? " (" : "; ") + reason;
        return text.empty() ? text : text + ")";
    };

    if (installed("ollama"))
    {
        const auto probe = OllamaProbe::probe(config.getString("akashi.embedding.ollama.url", "http://localhost:11434"),
                                              kOllamaProbeTimeout);
        if (probe.reachable)
            return {"ollama", "auto: ollama reachable at " + probe.url};
        passed.push_back("ollama not reachable at " + probe.url + ": " + probe.detail);
    }
    else
        passed.push_back("ollama plugin not installed");

    if (installed("openai"))
    {
        if (!config.getString("akashi.embedding.openai.api_key", "").empty())
            return {"openai", "auto: OPENAI_API_KEY set" + why()};
        passed.push_back("no OPENAI_API_KEY");
    }
    else
        passed.push_back("openai plugin not installed");

    if (installed("local"))
        return {"local", "auto: offline default" + why()};
    passed.push_back("local plugin not installed");
    return {"noop", "auto: no embedding plugin applies, semantic search off" + why()};
}
} // namespace akashi::plugin
