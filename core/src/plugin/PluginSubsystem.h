#pragma once
#include "plugin/PluginRegistry.h"

#include "app/Subsystem.h"

#include <memory>
#include <string>
#include <vector>

namespace Poco::Util
{
class AbstractConfiguration;
}

namespace akashi::plugin
{
/// Loads every plugin in the directories of `akashi.plugins.dir` (colon-separated, searched in order; see
/// PluginRegistry::loadSearchPath) and creates the configured instances: the embedding
/// provider (`akashi.embedding.provider`; `auto` is resolved by EmbeddingProviderChooser), the rate limiter
/// (`akashi.ratelimit.backend`), the notify transport (`akashi.notify.transport`) and the exporters
/// (`akashi.exporter.enabled`, see enabledExporters). Each instance gets its own subtree `akashi.<kind>.<name>.*`.
/// uninitialize destroys instances before their libraries unload.
class PluginSubsystem final : public app::Subsystem
{
public:
    PluginSubsystem();
    ~PluginSubsystem() override;

    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override;
    const char* name() const override { return "plugins"; }

    /// The start-up logic, callable without a Poco Application (tests). On failure nothing stays loaded.
    void start(const Poco::Util::AbstractConfiguration& config);
    void stop();

    const PluginRegistry& registry() const noexcept { return *_registry; }
    const std::string& embeddingProviderName() const noexcept { return _embeddingName; }
    std::shared_ptr<embedding::EmbeddingProvider> embeddingProvider() const { return _embedding; }
    std::shared_ptr<ratelimit::RateLimiter> rateLimiter() const { return _rateLimiter; }
    std::shared_ptr<notify::NotifyTransport> notifyTransport() const { return _notify; }
    const std::vector<std::shared_ptr<telemetry::Exporter>>& exporters() const noexcept { return _exporters; }
    /// The plugin name of each of exporters(), in the same order.
    const std::vector<std::string>& exporterNames() const noexcept { return _exporterNames; }

private:
    void checkPluginSubtrees(const Poco::Util::AbstractConfiguration& config) const;

    std::unique_ptr<PluginRegistry> _registry;
    std::string _embeddingName;
    std::shared_ptr<embedding::EmbeddingProvider> _embedding;
    std::shared_ptr<ratelimit::RateLimiter> _rateLimiter;
    std::shared_ptr<notify::NotifyTransport> _notify;
    std::vector<std::shared_ptr<telemetry::Exporter>> _exporters;
    std::vector<std::string> _exporterNames;
};
} // namespace akashi::plugin
