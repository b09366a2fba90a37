#pragma once
#include "app/Subsystem.h"

#include <chrono>
#include <memory>

namespace Poco::Util
{
class AbstractConfiguration;
}

namespace akashi
{
class PeriodicTask;
}

namespace akashi::storage
{
class Database;
}

namespace akashi::notify
{
class NotifyTransport;
}

namespace akashi::services
{
class TraceService;
}

namespace akashi::stream
{
class EventFeed;
class EventRelay;
class SseBroker;
} // namespace akashi::stream

namespace akashi::app
{
/// Real-time delivery (DESIGN §5): stream_events → relay → notify transport → feed → SSE broker, on
/// every instance. Starts after the database and the plugins, before HTTP (whose /v1/subscribe hands
/// connections to the broker); stops after HTTP: the broker closes every stream, so clients reconnect
/// elsewhere with Last-Event-ID.
class StreamSubsystem final : public app::Subsystem
{
public:
    struct Settings
    {
        std::chrono::milliseconds relayInterval{100};
        std::chrono::milliseconds keepaliveInterval{15000};
        std::chrono::seconds replayWindow{std::chrono::hours(24)};
        int replayLimit = 1000;
        std::size_t subscriberBuffer = 64;
        std::size_t maxSubscribers = 20000;
    };

    StreamSubsystem();
    ~StreamSubsystem() override;

    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override;
    const char* name() const override { return "stream"; }

    static Settings settingsFrom(const Poco::Util::AbstractConfiguration& config);

    stream::SseBroker& broker() { return *_broker; }
    const stream::EventFeed& feed() const { return *_feed; }
    const Settings& settings() const noexcept { return _settings; }

    /// What /health reports as sse_broker: running, reconnecting (notify transport down) or stopped.
    const char* status() const;

private:
    void stop();

    Settings _settings;
    std::shared_ptr<notify::NotifyTransport> _transport;
    std::unique_ptr<stream::SseBroker> _broker;
    std::unique_ptr<stream::EventFeed> _feed;
    std::unique_ptr<stream::EventRelay> _relay;
    std::unique_ptr<PeriodicTask> _prune;
    services::TraceService* _trace = nullptr; ///< kicks the relay after each trace
    storage::Database* _database = nullptr;
    std::chrono::milliseconds _loopDrainTimeout{0};
};
} // namespace akashi::app
