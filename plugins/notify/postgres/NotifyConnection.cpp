#include "NotifyConnection.h"

#include <libpq-fe.h>

#include <cerrno>
#include <poll.h>
#include <stdexcept>

namespace akashi::plugins::notify::postgres
{
NotifyConnection::NotifyConnection(const ConnectionTarget& target, ListenerWakeup* wakeup)
    : _target(target), _conn(PQconnectStartParams(target.keywords().data(), target.values().data(), 0), PQfinish)
{
    if (!_conn)
        throw std::runtime_error("out of memory starting a PostgreSQL connection");
    // Before the first poll: libpq reports notices (and, once connected, the FATAL a terminated backend
    // sends while idle) through this instead of writing them to stderr.
    PQsetNoticeProcessor(_conn.get(), &NotifyConnection::onNotice, this);
    if (PQstatus(_conn.get()) == CONNECTION_BAD)
        throw std::runtime_error(libpqError());

    const auto deadline = std::chrono::steady_clock::now() + target.connectTimeout();
    // libpq's protocol: start as if PQconnectPoll had asked to wait for writing.
    PostgresPollingStatusType state = PGRES_POLLING_WRITING;
    while (state != PGRES_POLLING_OK)
    {
        if (state == PGRES_POLLING_FAILED)
            throw std::runtime_error(libpqError());
        switch (waitFor(state == PGRES_POLLING_READING ? POLLIN : POLLOUT, deadline, wakeup))
        {
        case Wait::timedOut:
            throw std::runtime_error("timed out after " + std::to_string(target.connectTimeout().count()) +
                                     " ms connecting to PostgreSQL");
        case Wait::stopped:
            throw std::runtime_error("stopped");
        case Wait::ready:
            break;
        }
        state = PQconnectPoll(_conn.get());
    }
    if (PQsetnonblocking(_conn.get(), 1) != 0)
        throw std::runtime_error(libpqError());
}

int NotifyConnection::socket() const noexcept
{
    return PQsocket(_conn.get());
}

CommandResult NotifyConnection::execute(const std::string& sql, const std::vector<std::string>& parameters,
                                        std::chrono::milliseconds timeout, ListenerWakeup* wakeup)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto connectionFailure = [this](const std::string& reason) {
        markBroken(reason);
        CommandResult result;
        result.error = _brokenReason;
        result.connectionFailed = true;
        return result;
    };
    auto waitFailure = [&](Wait wait) {
        return connectionFailure(wait == Wait::stopped ? std::string("stopped")
                                                       : "no answer from PostgreSQL within " +
                                                             std::to_string(timeout.count()) + " ms");
    };
    if (_broken)
        return connectionFailure(_brokenReason);

    std::vector<const char*> values;
    for (const auto& parameter : parameters)
        values.push_back(parameter.c_str());
    if (!PQsendQueryParams(_conn.get(), sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                           nullptr, nullptr, 0))
        return connectionFailure(libpqError());
    // Non-blocking mode: push the query out, reading meanwhile so the server is never stuck writing to us.
    for (int pending = PQflush(_conn.get()); pending != 0; pending = PQflush(_conn.get()))
    {
        if (pending < 0)
            return connectionFailure(libpqError());
        if (const Wait wait = waitFor(POLLIN | POLLOUT, deadline, wakeup); wait != Wait::ready)
            return waitFailure(wait);
        if (!consumeInput())
            return connectionFailure(_brokenReason);
    }

    CommandResult outcome;
    for (;;)
    {
        while (PQisBusy(_conn.get()))
        {
            if (const Wait wait = waitFor(POLLIN, deadline, wakeup); wait != Wait::ready)
                return waitFailure(wait);
            if (!consumeInput())
                return connectionFailure(_brokenReason);
        }
        std::unique_ptr<PGresult, void (*)(PGresult*)> result(PQgetResult(_conn.get()), PQclear);
        if (!result)
            break;
        const ExecStatusType status = PQresultStatus(result.get());
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && outcome.ok())
        {
            outcome.error = _target.scrub(PQresultErrorMessage(result.get()));
            if (const char* state = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE))
                outcome.sqlState = state;
            if (outcome.error.empty())
                outcome.error = PQresStatus(status);
        }
    }
    keepNotifications();
    if (PQstatus(_conn.get()) == CONNECTION_BAD)
        return connectionFailure(libpqError());
    return outcome;
}

bool NotifyConnection::consumeInput()
{
    if (_broken)
        return false;
    if (!PQconsumeInput(_conn.get()) || PQstatus(_conn.get()) == CONNECTION_BAD)
        markBroken(libpqError());
    // Notifications parsed before the failure are still good.
    keepNotifications();
    return !_broken;
}

std::vector<Notification> NotifyConnection::takeNotifications()
{
    std::vector<Notification> taken;
    taken.swap(_notifications);
    return taken;
}

NotifyConnection::Wait NotifyConnection::waitFor(short events, std::chrono::steady_clock::time_point deadline,
                                                 ListenerWakeup* wakeup) const
{
    for (;;)
    {
        if (wakeup && wakeup->stopping())
            return Wait::stopped;
        const auto left =
            std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0)
            return Wait::timedOut;
        pollfd fds[2] = {{PQsocket(_conn.get()), events, 0}, {wakeup ? wakeup->fd() : -1, POLLIN, 0}};
        const int ready = ::poll(fds, wakeup ? 2 : 1, static_cast<int>(left));
        if (ready < 0 && errno != EINTR)
            return Wait::ready; // let libpq's next call report the socket's error
        if (ready > 0 && fds[1].revents != 0)
            wakeup->drain(); // a stop is seen at the top; a plain notify is for the listener loop, not for us
        if (ready > 0 && fds[0].revents != 0)
            return Wait::ready;
    }
}

void NotifyConnection::markBroken(const std::string& reason)
{
    if (_broken)
        return;
    _broken = true;
    _brokenReason = _target.scrub(reason);
}

void NotifyConnection::keepNotifications()
{
    while (PGnotify* notify = PQnotifies(_conn.get()))
    {
        std::unique_ptr<PGnotify, void (*)(void*)> owned(notify, PQfreemem);
        _notifications.push_back(Notification{notify->relname, notify->extra ? notify->extra : ""});
    }
}

std::string NotifyConnection::libpqError() const
{
    std::string error = _target.scrub(PQerrorMessage(_conn.get()));
    if (error.empty())
        error = "connection failed";
    if (!_lastNotice.empty() && error.find(_lastNotice) == std::string::npos)
        error += " (" + _lastNotice + ")";
    return error;
}

void NotifyConnection::onNotice(void* self, const char* message)
{
    auto* connection = static_cast<NotifyConnection*>(self);
    try
    {
        connection->_lastNotice = connection->_target.scrub(message ? message : "");
    }
    catch (const std::exception&)
    {
        connection->_lastNotice.clear(); // a C callback: nothing may escape into libpq
    }
}
} // namespace akashi::plugins::notify::postgres
