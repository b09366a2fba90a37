#pragma once
#include "RedisConnection.h"
#include "RedisSettings.h"

#include <akashi/plugin/HostLogger.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

namespace akashi::plugins::ratelimit::redis
{
/// A few Redis connections shared by the request threads, each used by one thread at a time.
///
/// Failure policy (a dead Redis must cost a request nothing but a fast fail-open):
///   * when a command fails other than by an error reply, its connection is dropped, and so is every
///     other connection opened before that failure, unused: after a Redis restart they are all dead, and
///     each would otherwise fail one more request and start a new pause;
///   * a missing connection is opened on demand, but after any failure at most one attempt is made per
///     `reconnect_interval` for the whole pool: until then `run` throws Unavailable at once, without
///     touching the network; the first attempt that succeeds lifts the pause, so limits apply again
///     as soon as Redis answers, without a restart;
///   * the change of state (lost / back) is logged once each way, with the URL minus its user info.
/// Thread-safety: every member may be called concurrently; one mutex per connection slot, atomics for
/// the shared pause and state.
class ConnectionPool
{
public:
    /// Thrown by `run` when no connection could be had; the message says why (never the password).
    class Unavailable : public std::runtime_error
    {
    public:
        using std::runtime_error::runtime_error;
    };

    ConnectionPool(const RedisSettings& settings, plugin::HostLogger& log);

    /// Calls `work` with a live connection. Rethrows what `work` throws, after dropping the connection
    /// unless it was RedisConnection::ErrorReply.
    void run(const std::function<void(RedisConnection&)>& work);

    /// Opens one connection now if none is open (the plugin's start), logging the outcome; never throws.
    void warmUp() noexcept;

private:
    struct Slot
    {
        std::mutex mutex;
        std::unique_ptr<RedisConnection> connection;
        std::uint64_t generation = 0; ///< `_generation` when it connected
    };

    /// Opens `slot`'s connection, honouring the pause; throws Unavailable or the connect error.
    void connect(Slot& slot);
    /// Drops `slot`'s connection after it failed, pausing reconnection and making every older one stale.
    void discard(Slot& slot, const std::string& reason) noexcept;
    void markDown(const std::string& reason) noexcept;
    void markUp() noexcept;
    static std::int64_t nowMs() noexcept;

    const RedisSettings& _settings;
    plugin::HostLogger& _log;
    std::unique_ptr<Slot[]> _slots;
    std::atomic<std::size_t> _nextSlot{0};
    std::atomic<std::int64_t> _pausedUntilMs{0}; ///< steady clock; no connection attempt before it
    std::atomic<std::uint64_t> _generation{0};   ///< failures so far; older connections are stale
    std::atomic<bool> _up{true};                 ///< as last logged
};
} // namespace akashi::plugins::ratelimit::redis
