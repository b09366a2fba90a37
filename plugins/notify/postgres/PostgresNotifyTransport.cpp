#include "PostgresNotifyTransport.h"

#include "ChannelName.h"

#include <poll.h>

#include <stdexcept>
#include <utility>

namespace akashi::plugins::notify::postgres
{
namespace
{
plugin::Status invalid(std::string message)
{
    return plugin::Status::failure(plugin::StatusCode::invalidArgument, std::move(message));
}

plugin::Status unavailable(std::string message)
{
    return plugin::Status::failure(plugin::StatusCode::unavailable, std::move(message));
}

plugin::HostLogger* requireLogger(plugin::HostLogger* logger)
{
    if (!logger)
        throw std::invalid_argument("the plugin context has no logger");
    return logger;
}

const char* const kDisconnected = "the notify connection to PostgreSQL is down (reconnecting)";
} // namespace

PostgresNotifyTransport::PostgresNotifyTransport(const plugin::PluginContext& context)
    : _logger(requireLogger(context.logger)), _settings(context.config)
{
    try
    {
        _connection = std::make_unique<NotifyConnection>(_settings.target(), &_wakeup);
    }
    catch (const std::exception& e)
    {
        throw std::invalid_argument("url: cannot connect to PostgreSQL at " + _settings.target().masked() + ": " +
                                    _settings.target().scrub(e.what()));
    }
    _logger->log(plugin::LogLevel::info, "storage: notify connection established",
                 {{"target", _settings.target().masked()}, {"application_name", _settings.applicationName()}});
    _thread = std::thread(&PostgresNotifyTransport::run, this);
}

PostgresNotifyTransport::~PostgresNotifyTransport()
{
    _wakeup.stop();
    _thread.join();
}

plugin::Status PostgresNotifyTransport::publish(const std::string& channel, const std::string& payload) noexcept
{
    try
    {
        if (const std::string error = ChannelName::validate(channel); !error.empty())
            return invalid(error);
        if (payload.size() > kMaxPayloadBytes)
            return invalid("payload of " + std::to_string(payload.size()) + " bytes exceeds the limit of " +
                           std::to_string(kMaxPayloadBytes) + " bytes");
        if (payload.find('\0') != std::string::npos)
            return invalid("payload contains a NUL byte, which NOTIFY cannot carry");
        const CommandResult result = execute("SELECT pg_notify($1, $2)", {channel, payload});
        if (result.ok())
            return plugin::Status::success();
        if (result.connectionFailed)
            return unavailable(std::string(kDisconnected) + ": the message on \"" + channel +
                               "\" was not sent (" + result.error + ")");
        // Class 22 (data exception, e.g. a payload that is not valid in the database encoding) will fail
        // again; anything else (e.g. the NOTIFY queue is full) may pass later.
        const auto code = result.sqlState.rfind("22", 0) == 0 ? plugin::StatusCode::invalidArgument
                                                               : plugin::StatusCode::unavailable;
        return plugin::Status::failure(code, "PostgreSQL refused the NOTIFY on \"" + channel + "\": " + result.error);
    }
    catch (const std::exception& e)
    {
        return plugin::Status::failure(plugin::StatusCode::internal, e.what());
    }
}

akashi::notify::SubscribeResult PostgresNotifyTransport::subscribe(const std::string& channel,
                                                                   akashi::notify::DeliveryCallback onMessage) noexcept
{
    akashi::notify::SubscribeResult result;
    try
    {
        if (const std::string error = ChannelName::validate(channel); !error.empty())
        {
            result.status = invalid(error);
            return result;
        }
        if (!onMessage)
        {
            result.status = invalid("callback is empty");
            return result;
        }
        auto callback = std::make_shared<const akashi::notify::DeliveryCallback>(std::move(onMessage));
        std::lock_guard membership(_membershipMutex);
        if (!_subscriptions.hasChannel(channel))
        {
            const CommandResult listened = execute("LISTEN " + ChannelName::quoted(channel), {});
            // Without a connection the channel is only recorded: the reconnect LISTENs it.
            if (!listened.ok() && !listened.connectionFailed)
            {
                result.status = unavailable("LISTEN on \"" + channel + "\" failed: " + listened.error);
                return result;
            }
        }
        result.subscriptionId = _subscriptions.add(channel, std::move(callback));
    }
    catch (const std::exception& e)
    {
        result = {};
        result.status = plugin::Status::failure(plugin::StatusCode::internal, e.what());
    }
    return result;
}

plugin::Status PostgresNotifyTransport::unsubscribe(std::uint64_t subscriptionId) noexcept
{
    try
    {
        // Declared first so the callback (user code, with what it captured) is destroyed after every
        // mutex is released.
        SubscriptionTable::Removed removed;
        {
            std::lock_guard membership(_membershipMutex);
            removed = _subscriptions.remove(subscriptionId);
            if (!removed.found)
                return invalid("unknown subscription id " + std::to_string(subscriptionId));
            if (removed.wasLast)
            {
                // A lost connection forgets its LISTENs, and the reconnect no longer sees this channel.
                const CommandResult unlistened = execute("UNLISTEN " + ChannelName::quoted(removed.channel), {});
                if (!unlistened.ok() && !unlistened.connectionFailed)
                    _logger->log(plugin::LogLevel::warn, "storage: notify UNLISTEN failed",
                                 {{"channel", removed.channel}, {"error", unlistened.error}});
            }
        }
        // The listener looks each subscription up before calling it, so it will not start this one again.
        // If it is inside this callback now, wait for it to leave, unless we are the listener (a callback
        // unsubscribing): waiting would deadlock, and no other callback runs meanwhile.
        if (std::this_thread::get_id() != _thread.get_id())
            _subscriptions.waitUntilIdle(subscriptionId);
        return plugin::Status::success();
    }
    catch (const std::exception& e)
    {
        return plugin::Status::failure(plugin::StatusCode::internal, e.what());
    }
}

void PostgresNotifyTransport::onConnectionChange(akashi::notify::ConnectionCallback callback) noexcept
{
    try
    {
        std::shared_ptr<const akashi::notify::ConnectionCallback> next;
        if (callback)
            next = std::make_shared<const akashi::notify::ConnectionCallback>(std::move(callback));
        // The previous one is destroyed after the mutex is released (or after it returns, if running).
        std::lock_guard lock(_callbackMutex);
        std::swap(_connectionCallback, next);
    }
    catch (const std::exception& e)
    {
        _logger->log(plugin::LogLevel::error, "notify connection callback not registered", {{"error", e.what()}});
    }
}

void PostgresNotifyTransport::run() noexcept
{
    while (!_wakeup.stopping())
    {
        try
        {
            int socket = -1;
            {
                std::lock_guard lock(_connectionMutex);
                if (_connection && !_connection->broken())
                    socket = _connection->socket();
            }
            if (socket >= 0 && listen(socket))
                continue;
            if (_wakeup.stopping())
                return;
            connectionLost();
            reconnect();
        }
        catch (const std::exception& e)
        {
            // Only allocation can throw here; pause so a persistent failure does not spin.
            _logger->log(plugin::LogLevel::error, "storage: notify listener error", {{"error", e.what()}});
            _wakeup.sleepFor(kPollTimeout);
        }
    }
}

bool PostgresNotifyTransport::listen(int socket)
{
    pollfd fds[2] = {{socket, POLLIN, 0}, {_wakeup.fd(), POLLIN, 0}};
    // No mutex held: publishers keep the connection meanwhile. EINTR or a timeout just reads nothing.
    if (::poll(fds, 2, static_cast<int>(kPollTimeout.count())) > 0 && fds[1].revents != 0)
        _wakeup.drain();
    if (_wakeup.stopping())
        return true;
    std::vector<Notification> notifications;
    bool alive = false;
    {
        std::lock_guard lock(_connectionMutex);
        if (!_connection)
            return false;
        alive = _connection->consumeInput();
        notifications = _connection->takeNotifications();
    }
    deliver(notifications);
    return alive;
}

void PostgresNotifyTransport::connectionLost()
{
    std::vector<Notification> last;
    std::string reason;
    {
        std::lock_guard lock(_connectionMutex);
        if (!_connection)
            return; // already reported; a reconnect is what is left to do
        reason = _connection->brokenReason().empty() ? "connection failed" : _connection->brokenReason();
        last = _connection->takeNotifications();
        _connection.reset();
    }
    deliver(last);
    _logger->log(plugin::LogLevel::warn, "storage: notify connection lost",
                 {{"target", _settings.target().masked()}, {"error", reason}});
    announceConnection(false);
}

void PostgresNotifyTransport::reconnect()
{
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (std::int64_t attempt = 1;; ++attempt)
    {
        const auto delay = _settings.backoff().delay(attempt, unit(_jitter));
        if (!_wakeup.sleepFor(delay))
            return;
        std::string error;
        try
        {
            auto connection = std::make_unique<NotifyConnection>(_settings.target(), &_wakeup);
            // Held until the connection is installed, so no subscribe or unsubscribe slips in between the
            // channel list and the LISTENs.
            std::lock_guard membership(_membershipMutex);
            for (const auto& channel : _subscriptions.channels())
            {
                const CommandResult listened = connection->execute("LISTEN " + ChannelName::quoted(channel), {},
                                                                   kCommandTimeout, &_wakeup);
                if (!listened.ok())
                {
                    error = "LISTEN on \"" + channel + "\" failed: " + listened.error;
                    break;
                }
            }
            if (error.empty())
            {
                bool pending = false;
                {
                    std::lock_guard lock(_connectionMutex);
                    _connection = std::move(connection);
                    pending = _connection->hasNotifications();
                }
                if (pending)
                    _wakeup.notify();
            }
        }
        catch (const std::exception& e)
        {
            error = e.what();
        }
        if (_wakeup.stopping())
            return;
        if (error.empty())
        {
            _logger->log(plugin::LogLevel::info, "storage: notify connection restored",
                         {{"attempts", std::to_string(attempt)}, {"target", _settings.target().masked()}});
            announceConnection(true);
            return;
        }
        _logger->log(plugin::LogLevel::warn, "storage: notify reconnect attempt failed",
                     {{"attempt", std::to_string(attempt)},
                      {"delay_ms", std::to_string(delay.count())},
                      {"error", _settings.target().scrub(error)}});
    }
}

CommandResult PostgresNotifyTransport::execute(const std::string& sql, const std::vector<std::string>& parameters)
{
    CommandResult result;
    bool wake = false;
    {
        std::lock_guard lock(_connectionMutex);
        if (!_connection || _connection->broken())
        {
            result.error = "no connection";
            result.connectionFailed = true;
            return result;
        }
        result = _connection->execute(sql, parameters, kCommandTimeout);
        // Notifications this command read, or a failure it found, are the listener's to handle.
        wake = _connection->hasNotifications() || _connection->broken();
    }
    if (wake)
        _wakeup.notify();
    return result;
}

void PostgresNotifyTransport::deliver(const std::vector<Notification>& notifications)
{
    for (const auto& notification : notifications)
    {
        if (_wakeup.stopping())
            return;
        _subscriptions.deliver(notification, _wakeup, *_logger);
    }
}

void PostgresNotifyTransport::announceConnection(bool connected) noexcept
{
    std::shared_ptr<const akashi::notify::ConnectionCallback> callback;
    {
        std::lock_guard lock(_callbackMutex);
        callback = _connectionCallback;
    }
    if (!callback)
        return;
    try
    {
        (*callback)(connected);
        return;
    }
    catch (const std::exception& e)
    {
        _logger->log(plugin::LogLevel::error, "notify connection callback threw", {{"error", e.what()}});
    }
    catch (...)
    {
        _logger->log(plugin::LogLevel::error, "notify connection callback threw", {{"error", "not a std::exception"}});
    }
}
} // namespace akashi::plugins::notify::postgres
