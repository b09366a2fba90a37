#pragma once
#include "ListenerWakeup.h"
#include "NotifyConnection.h"
#include "PostgresNotifySettings.h"
#include "SubscriptionTable.h"

#include <akashi/notify/NotifyTransport.h>
#include <akashi/plugin/HostLogger.h>
#include <akashi/plugin/PluginContext.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace akashi::plugins::notify::postgres
{
/// Delivers messages across server instances through PostgreSQL LISTEN/NOTIFY on ONE dedicated libpq
/// connection (PostgresNotifySettings: a direct connection, never PgBouncer), used both to LISTEN and to
/// publish (`SELECT pg_notify($1, $2)`).
///
/// Threading: one listener thread owned by the instance (started by the constructor, stopped and joined
/// by the destructor) polls the socket and an eventfd (ListenerWakeup) with a short timeout, reads input
/// under the connection mutex, and runs every callback (SubscriptionTable), one at a time, with no mutex
/// held. Mutexes, always taken in this order:
///   * `_membershipMutex` serialises subscribe, unsubscribe and the re-LISTEN after a reconnect, so the
///     channels LISTENed on the connection are always those with subscribers;
///   * `_connectionMutex` guards `_connection`; every libpq call happens under it, never a wait for
///     input by the listener. Commands (publish, LISTEN, UNLISTEN) keep the notifications they read and
///     wake the listener to deliver them, so none is lost while a publish holds the connection;
///   * the SubscriptionTable's own mutex (subscriptions, the running callback), and `_callbackMutex`
///     (the ConnectionCallback), both leaves.
///
/// Delivery: every notification on a channel goes to the subscriptions the channel has when it is
/// delivered, in subscription order; NOTIFYs of this instance come back to its own subscribers too.
/// `unsubscribe` from any other thread waits until the listener has left that callback; once it returns
/// the callback is not running, will never run again and is no longer held. Called from inside a callback
/// (necessarily on the listener thread) it does not wait: only one callback runs at a time.
///
/// Connection loss (pg_terminate_backend, PostgreSQL restarting, a command without answer): the listener
/// sees the socket fail, logs warn `storage: notify connection lost`, calls the ConnectionCallback(false)
/// and reconnects following ReconnectBackoff forever until destroyed; each failed attempt logs warn
/// `storage: notify reconnect attempt failed` {attempt, delay_ms (the wait before it), error}, success
/// re-LISTENs every channel with subscribers, logs info `storage: notify connection restored` {attempts}
/// and calls the ConnectionCallback(true). Meanwhile `publish` fails at once with `unavailable` and
/// `subscribe` records the channel, LISTENed once the connection is back.
///
/// The destructor must not run on the listener thread (i.e. from inside a callback): it joins it.
class PostgresNotifyTransport final : public akashi::notify::NotifyTransport
{
public:
    /// PostgreSQL's NOTIFY limit: the payload must be shorter than 8000 bytes.
    static constexpr std::size_t kMaxPayloadBytes = 7999;
    /// Longest wait for the answer to one publish, LISTEN or UNLISTEN; the connection is then considered
    /// lost (its state is unknown) and replaced.
    static constexpr std::chrono::milliseconds kCommandTimeout{10000};
    /// The listener's poll timeout: a safety net only, wake-ups come from the socket or the eventfd.
    static constexpr std::chrono::milliseconds kPollTimeout{500};

    /// Connects (config: PostgresNotifySettings). Throws std::invalid_argument naming the bad key, e.g.
    /// `url: cannot connect to PostgreSQL at postgres://akashi:***@db:5432/akashi: ...`.
    explicit PostgresNotifyTransport(const plugin::PluginContext& context);

    /// Stops the listener after the callback it is running returns, joins it, closes the connection.
    ~PostgresNotifyTransport() override;

    PostgresNotifyTransport(const PostgresNotifyTransport&) = delete;
    PostgresNotifyTransport& operator=(const PostgresNotifyTransport&) = delete;

    /// Errors: `invalidArgument` (channel name, payload of 8000 bytes or more, payload with a NUL byte),
    /// `unavailable` (disconnected, or the connection failed during the call: retry later), `internal`.
    plugin::Status publish(const std::string& channel, const std::string& payload) noexcept override;

    /// Errors: `invalidArgument` (channel name, empty callback), `unavailable` (PostgreSQL refused the
    /// LISTEN), `internal`.
    akashi::notify::SubscribeResult subscribe(const std::string& channel,
                                              akashi::notify::DeliveryCallback onMessage) noexcept override;

    /// Errors: `invalidArgument` for an id that is not (or no longer) subscribed, `internal`.
    plugin::Status unsubscribe(std::uint64_t subscriptionId) noexcept override;

    void onConnectionChange(akashi::notify::ConnectionCallback callback) noexcept override;

    std::size_t maxPayloadBytes() const noexcept override { return kMaxPayloadBytes; }

private:
    void run() noexcept;
    /// Waits for input on `socket` or a wake-up, then reads and delivers; false once the connection failed.
    bool listen(int socket);
    void connectionLost();
    void reconnect();
    /// Runs `sql` on the live connection under `_connectionMutex` (`connectionFailed` without one), then
    /// wakes the listener if it left notifications or found the connection broken.
    CommandResult execute(const std::string& sql, const std::vector<std::string>& parameters);
    void deliver(const std::vector<Notification>& notifications);
    void announceConnection(bool connected) noexcept;

    plugin::HostLogger* _logger;
    PostgresNotifySettings _settings;
    ListenerWakeup _wakeup;
    std::mt19937_64 _jitter{std::random_device{}()}; ///< listener thread only

    std::mutex _membershipMutex;

    std::mutex _connectionMutex;
    /// Null while disconnected. Only the listener thread replaces or resets it, so the socket it polls
    /// without the mutex stays open.
    std::unique_ptr<NotifyConnection> _connection;

    SubscriptionTable _subscriptions;

    std::mutex _callbackMutex; ///< guards _connectionCallback only (a leaf: nothing is locked under it)
    std::shared_ptr<const akashi::notify::ConnectionCallback> _connectionCallback;

    std::thread _thread;
};
} // namespace akashi::plugins::notify::postgres
