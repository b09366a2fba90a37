#pragma once
#include "ConnectionTarget.h"
#include "ListenerWakeup.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

struct pg_conn;

namespace akashi::plugins::notify::postgres
{
/// One message taken off the connection (PQnotifies).
struct Notification
{
    std::string channel;
    std::string payload;
};

/// How one statement went.
struct CommandResult
{
    std::string error;         ///< "" on success
    std::string sqlState;      ///< the server's SQLSTATE when it refused the statement
    bool connectionFailed = false; ///< the connection (not the statement) failed; it is broken now

    bool ok() const noexcept { return error.empty(); }
};

/// The transport's one libpq connection (RAII over PGconn), in non-blocking mode so that no call waits
/// longer than its deadline: connecting and commands poll the socket themselves. Every notification libpq
/// parses, whoever's call made it read the socket, is kept until `takeNotifications`.
/// Not thread-safe: the transport serialises every call with its connection mutex. Messages returned or
/// stored never contain the password (they pass through `ConnectionTarget::scrub`).
class NotifyConnection
{
public:
    /// Connects to `target` (PQconnectStartParams/PQconnectPoll) within its connect timeout. Throws
    /// std::runtime_error with libpq's reason, or "stopped" when `wakeup` (may be null) is stopped meanwhile.
    /// `target` must outlive the connection.
    NotifyConnection(const ConnectionTarget& target, ListenerWakeup* wakeup);

    NotifyConnection(const NotifyConnection&) = delete;
    NotifyConnection& operator=(const NotifyConnection&) = delete;

    /// The socket to poll for input; stable for the connection's lifetime.
    int socket() const noexcept;

    /// True once the connection failed (socket closed, protocol error, a command timed out): it is never
    /// used again; the listener replaces it.
    bool broken() const noexcept { return _broken; }
    /// Why it broke, e.g. `server closed the connection unexpectedly ... (terminating connection due to
    /// administrator command)`.
    const std::string& brokenReason() const noexcept { return _brokenReason; }

    /// Runs one statement with text parameters, waiting at most `timeout` (and ending early when `wakeup`,
    /// if given, is stopped). A failure of the connection (rather than of the statement) marks it broken.
    CommandResult execute(const std::string& sql, const std::vector<std::string>& parameters,
                        std::chrono::milliseconds timeout, ListenerWakeup* wakeup = nullptr);

    /// Reads whatever the socket has (PQconsumeInput) and keeps its notifications; false once broken.
    bool consumeInput();

    bool hasNotifications() const noexcept { return !_notifications.empty(); }
    std::vector<Notification> takeNotifications();

private:
    enum class Wait
    {
        ready,
        timedOut,
        stopped
    };

    Wait waitFor(short events, std::chrono::steady_clock::time_point deadline, ListenerWakeup* wakeup) const;
    void markBroken(const std::string& reason);
    void keepNotifications();
    /// PQerrorMessage plus the last notice the server sent (e.g. the FATAL before it closed the socket).
    std::string libpqError() const;
    static void onNotice(void* self, const char* message);

    const ConnectionTarget& _target;
    std::unique_ptr<pg_conn, void (*)(pg_conn*)> _conn;
    bool _broken = false;
    std::string _brokenReason;
    std::string _lastNotice;
    std::vector<Notification> _notifications;
};
} // namespace akashi::plugins::notify::postgres
