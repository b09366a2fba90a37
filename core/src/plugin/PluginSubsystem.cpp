#include "plugin/PluginSubsystem.h"

#include "common/Exception.h"
#include "config/ConfigSchema.h"
#include "config/ConfigValidator.h"
#include "config/PluginConfigView.h"
#include "logging/Log.h"
#include "plugin/EmbeddingProviderChooser.h"
#include "plugin/EnabledExporters.h"

#include <akashi/embedding/EmbeddingProvider.h>
#include <akashi/notify/NotifyTransport.h>
#include <akashi/ratelimit/RateLimiter.h>
#include <akashi/telemetry/Exporter.h>

#include <Poco/Util/Application.h>

#include <algorithm>

namespace akashi::plugin
{
PluginSubsystem::PluginSubsystem() : _registry(std::make_unique<PluginRegistry>()) {}

PluginSubsystem::~PluginSubsystem()
{
    stop();
}

void PluginSubsystem::initialize(Poco::Util::Application& app)
{
    start(app.config());
}

void PluginSubsystem::uninitialize()
{
    stop();
}

void PluginSubsystem::checkPluginSubtrees(const Poco::Util::AbstractConfiguration& config) const
{
    // The validator left akashi.<kind>.<plugin>.* alone; now that plugins are loaded, each subtree must
    // name one, or a typo in a plugin name would silently configure nothing.
    std::string searched;
    for (const auto& dir : _registry->directories())
        searched += (searched.empty() ? "" : ":") + dir;
    for (const std::string kind : {"embedding", "ratelimit", "notify", "exporter"})
    {
        Poco::Util::AbstractConfiguration::Keys children;
        config.keys("akashi." + kind, children);
        for (const auto& child : children)
        {
            const std::string key = "akashi." + kind + "." + child;
            if (config::findConfigKey(key) || _registry->find(kind, child))
                continue;
            // Rows of the schema (with their defaults) describe plugins that may not be installed here,
            // e.g. akashi.embedding.openai.url; only a key the schema does not know needs its plugin.
            const auto leaves = config::ConfigValidator::collectKeys(config, key);
            if (std::all_of(leaves.begin(), leaves.end(), [](const std::string& leaf) { return config::findConfigKey(leaf); }))
                continue;
            throw Exception(ErrorCode::configInvalid,
                            "configuration names plugin \"" + kind + "/" + child + "\" but no such plugin is installed in " +
                                searched,
                            "Keys under " + key + ".* configure that plugin.",
                            "Install the plugin or fix the name (see docs/configuration.md).");
        }
    }
}

void PluginSubsystem::start(const Poco::Util::AbstractConfiguration& config)
{
    auto& log = Poco::Logger::get("plugins");
    try
    {
        _registry->loadSearchPath(config.getString("akashi.plugins.dir"));
        for (const std::string kind : {"embedding", "ratelimit", "notify", "exporter"})
            for (const auto& name : _registry->names(kind))
            {
                const LoadedPlugin* p = _registry->find(kind, name);
                logging::info(log, "plugin loaded", {{"kind", kind}, {"name", name}, {"version", p->version}, {"path", p->path}});
            }
        checkPluginSubtrees(config);

        const auto choice = EmbeddingProviderChooser::choose(config.getString("akashi.embedding.provider"), *_registry, config);
        _embeddingName = choice.name;
        auto embeddingConfig = config::pluginSubtree(config, embedding::kEmbeddingKind, _embeddingName);
        embeddingConfig.try_emplace("dimensions", config.getString("akashi.embedding.dimensions"));
        _embedding = _registry->createEmbeddingProvider(_embeddingName, embeddingConfig);
        logging::info(log, "embedding provider selected",
                      {{"provider", _embeddingName},
                       {"reason", choice.reason},
                       {"model", _embedding->model()},
                       {"dimensions", static_cast<std::int64_t>(_embedding->dimensions())}});

        // auto: Redis shares the limits among every instance; without REDIS_URL each instance counts alone.
        const std::string redisUrl = config.getString("akashi.ratelimit.redis.url");
        std::string limiter = config.getString("akashi.ratelimit.backend");
        if (limiter == "auto")
            limiter = redisUrl.empty() ? "memory" : "redis";
        if (limiter == "redis" && redisUrl.empty())
            throw Exception(ErrorCode::configInvalid, "REDIS_URL is required by the redis rate limiter", {},
                            "set REDIS_URL (e.g. redis://localhost:6379/0), or AKASHI_RATE_LIMIT_BACKEND=memory");
        _rateLimiter = _registry->createRateLimiter(limiter, config::pluginSubtree(config, ratelimit::kRateLimiterKind, limiter));
        logging::info(log, "rate limiter selected", {{"backend", limiter}});

        // auto: PostgreSQL LISTEN/NOTIFY reaches every instance but needs a direct connection (NOTIFY_URL);
        // without one, in-process delivery serves a single instance.
        const std::string notifyUrl = config.getString("akashi.database.notify_url");
        std::string transport = config.getString("akashi.notify.transport");
        if (transport == "auto")
            transport = notifyUrl.empty() ? "inprocess" : "postgres";
        auto notifyConfig = config::pluginSubtree(config, notify::kNotifyTransportKind, transport);
        if (transport == "postgres")
        {
            if (notifyUrl.empty())
                throw Exception(ErrorCode::configInvalid, "NOTIFY_URL is required by the postgres notify transport",
                                {}, "set NOTIFY_URL to a direct PostgreSQL URL (not PgBouncer), or AKASHI_NOTIFY_TRANSPORT=inprocess");
            notifyConfig.try_emplace("url", notifyUrl);
        }
        _notify = _registry->createNotifyTransport(transport, notifyConfig);
        logging::info(log, "notify transport selected", {{"transport", transport}});

        for (const auto& name : enabledExporters(config))
        {
            _exporters.push_back(_registry->createExporter(name, config::pluginSubtree(config, telemetry::kExporterKind, name)));
            _exporterNames.push_back(name);
            logging::info(log, "exporter enabled", {{"exporter", name}});
        }
    }
    catch (...)
    {
        // A failed start leaves nothing loaded: instances first, then every library already opened.
        stop();
        throw;
    }
}

void PluginSubsystem::stop()
{
    // Instances first (reverse of creation), then the libraries.
    while (!_exporters.empty())
        _exporters.pop_back();
    _exporterNames.clear();
    _notify.reset();
    _rateLimiter.reset();
    _embedding.reset();
    _embeddingName.clear();
    _registry = std::make_unique<PluginRegistry>();
}
} // namespace akashi::plugin
