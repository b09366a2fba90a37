#pragma once
#include "mocks/Gate.h"
#include "plugins/notify/TransportCalls.h"
#include "mocks/RecordingSubscriber.h"
#include "plugins/PluginInstance.h"
#include "storage/PgConnection.h"
#include "storage/SqlParams.h"
#include "support/TestCluster.h"
#include "support/TestDatabase.h"

#include <akashi/notify/NotifyTransport.h>

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace akashi::plugins::notify::postgres
{
using namespace std::chrono_literals;
using akashi::notify::NotifyTransport;
using akashi::plugin::LogLevel;
using akashi::plugin::Status;
using akashi::plugin::StatusCode;
using Instance = PluginInstance<NotifyTransport>;
using Payloads = std::vector<std::string>;

/// How long a test waits for something asynchronous that must happen; generous, never asserted on.
inline constexpr auto kTimeout = 15s;

/// Accepted (and ignored) by the test cluster, which trusts its socket: here to prove it is never shown.
inline const std::string kPassword = "s3cret-pw";

class Inbox : public mocks::RecordingSubscriber
{
public:
    bool waitFor(std::size_t count) { return RecordingSubscriber::waitFor(count, kTimeout); }
};

/// What a transport's ConnectionCallback reported, in order.
class ConnectionEvents
{
public:
    akashi::notify::ConnectionCallback callback()
    {
        return [this](bool connected) {
            {
                std::lock_guard lock(_mutex);
                _events.push_back(connected);
            }
            _changed.notify_all();
        };
    }

    bool waitFor(std::size_t count)
    {
        std::unique_lock lock(_mutex);
        return _changed.wait_for(lock, kTimeout, [&] { return _events.size() >= count; });
    }

    std::vector<bool> events() const
    {
        std::lock_guard lock(_mutex);
        return _events;
    }

private:
    mutable std::mutex _mutex;
    std::condition_variable _changed;
    std::vector<bool> _events;
};

/// Gate with this suite's timeout.
class Gate : public mocks::Gate
{
public:
    bool wait(std::chrono::milliseconds timeout = kTimeout) { return mocks::Gate::wait(timeout); }
};

/// An application_name no other test (or run) uses, to find one transport's backend.
inline std::string uniqueApplicationName()
{
    static std::atomic<int> counter{0};
    return "akashi-notify-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

inline bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

/// notify-postgres.so through its descriptor, against a fresh database of the shared test cluster. Two
/// instances on one database stand for two server instances. Connection loss is produced for real:
/// the listener's backend is terminated with pg_terminate_backend (found by its application_name) while
/// the database refuses new connections, so reconnect attempts fail until the test allows them again.
/// Shared by the delivery and the reconnect suites: a fresh database and a maintenance connection per test.
class PostgresNotifyFixture : public CppUnit::TestFixture
{
public:
    void setUp() override
    {
        _database = std::make_unique<test::TestDatabase>("pgnotify");
        _admin = std::make_unique<storage::PgConnection>(test::TestCluster::maintenance());
    }

    void tearDown() override
    {
        // Leave the database droppable whatever a failed test left behind.
        allowConnections(true);
        _admin.reset();
        _database.reset();
    }

protected:
    std::map<std::string, std::string> config(const std::string& applicationName) const
    {
        return {{"url", _database->url(kPassword)},
                {"application_name", applicationName},
                {"reconnect_base_ms", "20"},
                {"reconnect_max_ms", "200"}};
    }

    std::string noSuchDatabaseUrl() const
    {
        std::string url = _database->url(kPassword);
        const std::string name = _database->name();
        return url.replace(url.find("/" + name + "?"), name.size() + 1, "/" + name + "_missing");
    }

    static void assertNoPasswordLogged(Instance& transport)
    {
        for (const auto& line : transport.logger().lines())
            for (const auto& [key, value] : line.fields)
                CPPUNIT_ASSERT_MESSAGE(line.message + " " + key, !contains(value, kPassword));
    }

    int backends(const std::string& applicationName) const
    {
        return static_cast<int>(
            _admin
                ->exec("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = $2",
                       storage::SqlParams().add(applicationName).add(_database->name()))
                .int64(0, "n"));
    }

    int terminateBackends(const std::string& applicationName) const
    {
        const auto result = _admin->exec("SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity "
                                         "WHERE application_name = $1",
                                         storage::SqlParams().add(applicationName));
        int killed = 0;
        for (int row = 0; row < result.rows(); ++row)
            killed += result.boolean(row, "killed") ? 1 : 0;
        return killed;
    }

    /// Whether new connections to the test database are accepted (existing ones are not affected).
    void allowConnections(bool allow) const
    {
        if (_admin && _database)
            _admin->exec("ALTER DATABASE \"" + _database->name() + "\" WITH ALLOW_CONNECTIONS " +
                         (allow ? "true" : "false"));
    }

    std::unique_ptr<test::TestDatabase> _database;
    std::unique_ptr<storage::PgConnection> _admin;
};
} // namespace akashi::plugins::notify::postgres
