#include "app/StreamSubsystem.h"

#include "app/LoopShutdown.h"
#include "app/ServicesSubsystem.h"
#include "common/Exception.h"
#include "common/PeriodicTask.h"
#include "config/Duration.h"
#include "logging/Log.h"
#include "plugin/PluginSubsystem.h"
#include "services/TraceService.h"
#include "storage/Database.h"
#include "storage/DatabaseSubsystem.h"
#include "storage/StreamEventLog.h"
#include "stream/EventFeed.h"
#include "stream/EventRelay.h"
#include "stream/SseBroker.h"

#include <akashi/notify/NotifyTransport.h>

#include <Poco/Logger.h>
#include <Poco/Util/Application.h>

#include <sys/resource.h>

namespace akashi::app
{
namespace
{
constexpr std::chrono::milliseconds kPruneInterval{std::chrono::hours(1)};

std::chrono::milliseconds positiveDuration(const Poco::Util::AbstractConfiguration& config, const std::string& key)
{
    const auto value = config::getDuration(config, key);
    if (value.count() <= 0)
        throw Exception(ErrorCode::configInvalid, key + " must be more than 0");
    return value;
}

/// Every SSE stream holds a descriptor: the usual soft limit (1024) would cap subscribers long before
/// max_subscribers. The hard limit is the operator's (systemd LimitNOFILE).
void raiseDescriptorLimit(std::size_t wanted)
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max)
        return;
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < wanted + 1024)
        logging::warn(Poco::Logger::get("stream.broker"), "sse broker: file descriptor limit below max_subscribers",
                      {{"limit", static_cast<std::int64_t>(limit.rlim_cur)},
                       {"max_subscribers", static_cast<std::int64_t>(wanted)},
                       {"hint", "raise LimitNOFILE (systemd) or ulimit -n"}});
}
} // namespace

StreamSubsystem::StreamSubsystem() = default;

StreamSubsystem::~StreamSubsystem()
{
    stop();
}

StreamSubsystem::Settings StreamSubsystem::settingsFrom(const Poco::Util::AbstractConfiguration& config)
{
    Settings settings;
    settings.relayInterval = positiveDuration(config, "akashi.sse.relay_interval");
    settings.keepaliveInterval = positiveDuration(config, "akashi.sse.keepalive_interval");
    settings.replayWindow =
        std::chrono::duration_cast<std::chrono::seconds>(positiveDuration(config, "akashi.sse.replay_window"));
    settings.replayLimit = config.getInt("akashi.sse.replay_limit");
    settings.subscriberBuffer = static_cast<std::size_t>(config.getInt("akashi.sse.subscriber_buffer"));
    settings.maxSubscribers = static_cast<std::size_t>(config.getInt("akashi.sse.max_subscribers"));
    return settings;
}

void StreamSubsystem::initialize(Poco::Util::Application& app)
{
    _settings = settingsFrom(app.config());
    auto& database = app.getSubsystem<storage::DatabaseSubsystem>().database();
    _database = &database;
    _loopDrainTimeout = config::getDuration(app.config(), LoopShutdown::kTimeoutKey);
    _transport = app.getSubsystem<plugin::PluginSubsystem>().notifyTransport();
    raiseDescriptorLimit(_settings.maxSubscribers);

    stream::SseBroker::Settings broker;
    broker.keepaliveInterval = _settings.keepaliveInterval;
    broker.queueLimit = _settings.subscriberBuffer;
    broker.maxSubscribers = _settings.maxSubscribers;
    _broker = std::make_unique<stream::SseBroker>(broker);
    _broker->start();
    _feed = std::make_unique<stream::EventFeed>(database, *_transport, *_broker);
    _feed->start();
    _relay = std::make_unique<stream::EventRelay>(database, *_transport, _settings.relayInterval);
    _trace = &app.getSubsystem<ServicesSubsystem>().trace();
    _trace->onCommitted([relay = _relay.get()] { relay->kick(); });

    const auto window = _settings.replayWindow;
    auto& log = Poco::Logger::get("stream.relay");
    _prune = std::make_unique<PeriodicTask>(
        "stream events prune interval", kPruneInterval,
        [&database, window, &log] {
            auto connection = database.connection();
            const auto pruned = storage::StreamEventLog::prune(*connection, window);
            if (pruned > 0)
                logging::info(log, "stream events: pruned past the replay window", {{"pruned", pruned}});
        },
        log, "stream events: prune failed");
    logging::info(Poco::Logger::get("stream.broker"), "sse broker running",
                  {{"max_subscribers", static_cast<std::int64_t>(_settings.maxSubscribers)},
                   {"replay_window_s", static_cast<std::int64_t>(_settings.replayWindow.count())}});
}

void StreamSubsystem::uninitialize()
{
    stop();
}

void StreamSubsystem::stop()
{
    // Producers first: nothing new reaches the broker, then the broker closes the streams.
    if (_prune)
        LoopShutdown::stop(*_prune, "stream events prune", _loopDrainTimeout, *_database);
    _prune.reset();
    if (_trace)
        _trace->onCommitted({});
    _trace = nullptr;
    if (_relay)
        LoopShutdown::stop([relay = _relay.get()](auto timeout, const auto& interrupt) {
            return relay->stop(timeout, interrupt);
        }, "stream relay", _loopDrainTimeout, *_database);
    _relay.reset();
    if (_feed)
        _feed->stop();
    _feed.reset();
    if (_broker)
        _broker->stop();
    _broker.reset();
    _transport.reset();
}

const char* StreamSubsystem::status() const
{
    if (!_broker || !_broker->running())
        return "stopped";
    return _feed && _feed->connected() ? "running" : "reconnecting";
}
} // namespace akashi::app
