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
namespace
{
using namespace std::chrono_literals;
using akashi::notify::NotifyTransport;
using akashi::plugin::LogLevel;
using akashi::plugin::Status;
using akashi::plugin::StatusCode;
using Instance = PluginInstance<NotifyTransport>;
using Payloads = std::vector<std::string>;

/// How long a test waits for something asynchronous that must happen; generous, never asserted on.
constexpr auto kTimeout = 15s;

/// Accepted (and ignored) by the test cluster, which trusts its socket: here to prove it is never shown.
const std::string kPassword = "s3cret-pw";

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

/// A one-shot signal between threads.
class Gate
{
public:
    void open()
    {
        {
            std::lock_guard lock(_mutex);
            _open = true;
        }
        _changed.notify_all();
    }

    bool wait(std::chrono::milliseconds timeout = kTimeout)
    {
        std::unique_lock lock(_mutex);
        return _changed.wait_for(lock, timeout, [&] { return _open; });
    }

private:
    std::mutex _mutex;
    std::condition_variable _changed;
    bool _open = false;
};

/// An application_name no other test (or run) uses, to find one transport's backend.
std::string uniqueApplicationName()
{
    static std::atomic<int> counter{0};
    return "akashi-notify-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}
} // namespace

/// notify-postgres.so through its descriptor, against a fresh database of the shared test cluster. Two
/// instances on one database stand for two server instances. Connection loss is produced for real:
/// the listener's backend is terminated with pg_terminate_backend (found by its application_name) while
/// the database refuses new connections, so reconnect attempts fail until the test allows them again.
class PostgresNotifyTransportTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PostgresNotifyTransportTest);
    CPPUNIT_TEST(testDescriptorOneConnectionAndApplicationName);
    CPPUNIT_TEST(testTwoInstancesDeliverToEachOther);
    CPPUNIT_TEST(testSeveralSubscribersPerChannelAndChannelsAreIsolated);
    CPPUNIT_TEST(testUnsubscribeStopsDeliveries);
    CPPUNIT_TEST(testUnsubscribeWaitsForTheRunningCallback);
    CPPUNIT_TEST(testUnsubscribeFromInsideItsOwnCallback);
    CPPUNIT_TEST(testNotificationsReadDuringPublishAreDelivered);
    CPPUNIT_TEST(testInvalidChannelNamesAreRejected);
    CPPUNIT_TEST(testPayloadLimit);
    CPPUNIT_TEST(testBadConfigFailsCreate);
    CPPUNIT_TEST(testBadUrlFailsCreateWithoutThePassword);
    CPPUNIT_TEST(testReconnectAfterTheBackendIsKilled);
    CPPUNIT_TEST(testDestroyStopsAReconnectPromptly);
    CPPUNIT_TEST_SUITE_END();

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

    void testDescriptorOneConnectionAndApplicationName()
    {
        const std::string name = uniqueApplicationName();
        Inbox inbox;
        Instance transport("notify", "postgres", config(name));
        CPPUNIT_ASSERT_EQUAL(std::string("notify"), transport.loaded().kind);
        CPPUNIT_ASSERT_EQUAL(std::string("postgres"), transport.loaded().name);
        CPPUNIT_ASSERT_EQUAL(std::string("1.0.0"), transport.loaded().version);
        CPPUNIT_ASSERT_EQUAL(std::size_t(7999), transport->maxPayloadBytes());

        subscribe(transport, "akashi_decisions", inbox.callback());
        publish(transport, "akashi_decisions", "hello");
        CPPUNIT_ASSERT(inbox.waitFor(1));
        // LISTEN and publish share the one connection, found by its application_name, LISTENing.
        CPPUNIT_ASSERT_EQUAL(1, backends(name));

        const auto lines = transport.logger().linesWithMessage("storage: notify connection established");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), lines.size());
        CPPUNIT_ASSERT(lines[0].level == LogLevel::info);
        CPPUNIT_ASSERT_EQUAL(name, lines[0].field("application_name").value_or(""));
        CPPUNIT_ASSERT(contains(lines[0].field("target").value_or(""), ":***@"));
        assertNoPasswordLogged(transport);

        Instance defaultName("notify", "postgres", {{"url", _database->url()}});
        CPPUNIT_ASSERT(backends("akashi-notify") >= 1);
    }

    void testTwoInstancesDeliverToEachOther()
    {
        Inbox atA, atB;
        Instance a("notify", "postgres", config(uniqueApplicationName()));
        Instance b("notify", "postgres", config(uniqueApplicationName()));
        subscribe(a, "akashi_decisions", atA.callback());
        subscribe(b, "akashi_decisions", atB.callback());

        publish(a, "akashi_decisions", R"({"id":1})");
        CPPUNIT_ASSERT(atB.waitFor(1));
        publish(b, "akashi_decisions", R"({"id":2})");
        CPPUNIT_ASSERT(atA.waitFor(2));
        CPPUNIT_ASSERT(atB.waitFor(2));

        // Every instance, the publisher included, sees every message, in order.
        CPPUNIT_ASSERT(Payloads({R"({"id":1})", R"({"id":2})"}) == atA.payloads());
        CPPUNIT_ASSERT(Payloads({R"({"id":1})", R"({"id":2})"}) == atB.payloads());
        for (const auto& d : atB.deliveries())
        {
            CPPUNIT_ASSERT_EQUAL(std::string("akashi_decisions"), d.channel);
            CPPUNIT_ASSERT(d.thread != std::this_thread::get_id());
        }
    }

    void testSeveralSubscribersPerChannelAndChannelsAreIsolated()
    {
        Inbox inboxes[3], conflicts;
        Instance publisher("notify", "postgres", config(uniqueApplicationName()));
        Instance listener("notify", "postgres", config(uniqueApplicationName()));
        std::vector<std::uint64_t> ids;
        for (auto& inbox : inboxes)
            ids.push_back(subscribe(listener, "akashi_decisions", inbox.callback()));
        CPPUNIT_ASSERT(ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2]);
        subscribe(listener, "akashi_conflicts", conflicts.callback());

        publish(publisher, "akashi_decisions", "d1");
        publish(publisher, "akashi_conflicts", "c1");
        publish(publisher, "akashi_decisions", "d2");

        for (auto& inbox : inboxes)
        {
            CPPUNIT_ASSERT(inbox.waitFor(2));
            CPPUNIT_ASSERT(Payloads({"d1", "d2"}) == inbox.payloads());
        }
        CPPUNIT_ASSERT(conflicts.waitFor(1));
        CPPUNIT_ASSERT(Payloads({"c1"}) == conflicts.payloads());
        CPPUNIT_ASSERT_EQUAL(std::string("akashi_conflicts"), conflicts.deliveries()[0].channel);
    }

    void testUnsubscribeStopsDeliveries()
    {
        Inbox leaving, staying, later;
        Instance publisher("notify", "postgres", config(uniqueApplicationName()));
        Instance listener("notify", "postgres", config(uniqueApplicationName()));
        const auto leavingId = subscribe(listener, "ch", leaving.callback());
        const auto stayingId = subscribe(listener, "ch", staying.callback());
        publish(publisher, "ch", "m1");
        CPPUNIT_ASSERT(leaving.waitFor(1));
        CPPUNIT_ASSERT(staying.waitFor(1));

        CPPUNIT_ASSERT(listener->unsubscribe(leavingId).isOk());
        publish(publisher, "ch", "m2");
        CPPUNIT_ASSERT(staying.waitFor(2));
        CPPUNIT_ASSERT(Payloads({"m1"}) == leaving.payloads());

        // The last subscriber leaving UNLISTENs; subscribing again LISTENs again.
        CPPUNIT_ASSERT(listener->unsubscribe(stayingId).isOk());
        publish(publisher, "ch", "m3");
        subscribe(listener, "ch", later.callback());
        publish(publisher, "ch", "m4");
        CPPUNIT_ASSERT(later.waitFor(1));
        CPPUNIT_ASSERT(Payloads({"m4"}) == later.payloads());
        CPPUNIT_ASSERT(Payloads({"m1", "m2"}) == staying.payloads());

        for (std::uint64_t id : {leavingId, std::uint64_t(0), std::uint64_t(12345)})
        {
            const Status status = listener->unsubscribe(id);
            CPPUNIT_ASSERT(status.code == StatusCode::invalidArgument);
            CPPUNIT_ASSERT_EQUAL("unknown subscription id " + std::to_string(id), status.message);
        }
    }

    void testUnsubscribeWaitsForTheRunningCallback()
    {
        Gate entered, release, calling, returned;
        std::atomic<bool> unsubscribeReturned{false}, returnedWhileRunning{false};
        Instance transport("notify", "postgres", config(uniqueApplicationName()));
        const auto id = subscribe(transport, "ch", [&](const std::string&, const std::string&) {
            entered.open();
            release.wait();
            returnedWhileRunning = unsubscribeReturned.load();
        });
        publish(transport, "ch", "m1");
        CPPUNIT_ASSERT(entered.wait());

        Status status = Status::failure(StatusCode::internal, "not called");
        {
            std::jthread unsubscriber([&] {
                calling.open();
                status = transport->unsubscribe(id);
                unsubscribeReturned = true;
                returned.open();
            });
            CPPUNIT_ASSERT(calling.wait());
            // A correct transport cannot return before the callback is released: never fails spuriously.
            CPPUNIT_ASSERT_MESSAGE("unsubscribe returned while its callback was running", !returned.wait(300ms));
            release.open();
            CPPUNIT_ASSERT(returned.wait());
        }
        CPPUNIT_ASSERT_MESSAGE(status.message, status.isOk());
        CPPUNIT_ASSERT(!returnedWhileRunning);
    }

    void testUnsubscribeFromInsideItsOwnCallback()
    {
        std::atomic<std::uint64_t> selfId{0};
        std::atomic<int> calls{0};
        Status inner = Status::failure(StatusCode::internal, "not called");
        auto captured = std::make_shared<int>(0);
        Inbox sentinel;
        Instance transport("notify", "postgres", config(uniqueApplicationName()));
        selfId = subscribe(transport, "ch", [&, captured](const std::string&, const std::string&) {
            ++calls;
            inner = transport->unsubscribe(selfId.load());
        });
        subscribe(transport, "ch", sentinel.callback());
        publish(transport, "ch", "m1");
        publish(transport, "ch", "m2");
        CPPUNIT_ASSERT(sentinel.waitFor(2));
        CPPUNIT_ASSERT_EQUAL(1, calls.load());
        CPPUNIT_ASSERT_MESSAGE(inner.message, inner.isOk());
        CPPUNIT_ASSERT_EQUAL(1L, captured.use_count());
    }

    void testNotificationsReadDuringPublishAreDelivered()
    {
        // The listener publishes on its own connection while the other instance floods a channel it
        // LISTENs: notifications that arrive while a publish holds the connection must still come out.
        constexpr int kMessages = 200;
        Inbox inbox;
        Instance publisher("notify", "postgres", config(uniqueApplicationName()));
        Instance listener("notify", "postgres", config(uniqueApplicationName()));
        subscribe(listener, "flood", inbox.callback());
        std::atomic<bool> publishing{true};
        std::atomic<int> ownFailures{0};
        std::jthread busy([&] {
            while (publishing)
                if (!listener->publish("nobody", "x").isOk())
                    ++ownFailures;
        });
        Payloads expected;
        for (int i = 0; i < kMessages; ++i)
        {
            expected.push_back(std::to_string(i));
            publish(publisher, "flood", expected.back());
        }
        const bool all = inbox.waitFor(kMessages);
        publishing = false;
        busy.join();
        CPPUNIT_ASSERT(all);
        CPPUNIT_ASSERT(expected == inbox.payloads());
        CPPUNIT_ASSERT_EQUAL(0, ownFailures.load());
    }

    void testInvalidChannelNamesAreRejected()
    {
        const struct
        {
            std::string channel;
            const char* error; ///< nullptr: accepted
        } cases[] = {
            {"akashi_decisions", nullptr},
            {"_Mixed$Case9", nullptr},
            {std::string(63, 'c'), nullptr},
            {"", "channel name is empty"},
            {std::string(64, 'c'), "channel name of 64 bytes is longer than PostgreSQL's limit of 63 bytes"},
            {"9lives", "channel name \"9lives\" must start with a letter or '_' (a PostgreSQL identifier)"},
            {"$dollar", "channel name \"$dollar\" must start with a letter or '_' (a PostgreSQL identifier)"},
            {"bad-name", "channel name may contain only ASCII letters, digits, '_' and '$' (a PostgreSQL identifier)"},
            {"quote\"; DROP TABLE x; --",
             "channel name may contain only ASCII letters, digits, '_' and '$' (a PostgreSQL identifier)"},
            {"caf\xC3\xA9", "channel name may contain only ASCII letters, digits, '_' and '$' (a PostgreSQL identifier)"},
        };
        Instance transport("notify", "postgres", config(uniqueApplicationName()));
        for (const auto& c : cases)
        {
            Inbox inbox;
            const auto subscribed = transport->subscribe(c.channel, inbox.callback());
            const Status published = transport->publish(c.channel, "payload");
            if (!c.error)
            {
                CPPUNIT_ASSERT_MESSAGE(c.channel + ": " + subscribed.status.message, subscribed.status.isOk());
                CPPUNIT_ASSERT_MESSAGE(c.channel + ": " + published.message, published.isOk());
                CPPUNIT_ASSERT_MESSAGE(c.channel, inbox.waitFor(1));
                CPPUNIT_ASSERT_EQUAL(c.channel, inbox.deliveries()[0].channel);
                CPPUNIT_ASSERT(transport->unsubscribe(subscribed.subscriptionId).isOk());
                continue;
            }
            CPPUNIT_ASSERT_MESSAGE(c.channel, subscribed.status.code == StatusCode::invalidArgument);
            CPPUNIT_ASSERT_EQUAL(std::string(c.error), subscribed.status.message);
            CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), subscribed.subscriptionId);
            CPPUNIT_ASSERT_MESSAGE(c.channel, published.code == StatusCode::invalidArgument);
            CPPUNIT_ASSERT_EQUAL(std::string(c.error), published.message);
        }
        const auto noCallback = transport->subscribe("ch", akashi::notify::DeliveryCallback());
        CPPUNIT_ASSERT(noCallback.status.code == StatusCode::invalidArgument);
        CPPUNIT_ASSERT_EQUAL(std::string("callback is empty"), noCallback.status.message);
    }

    void testPayloadLimit()
    {
        Inbox inbox;
        Instance transport("notify", "postgres", config(uniqueApplicationName()));
        subscribe(transport, "ch", inbox.callback());
        publish(transport, "ch", "");
        publish(transport, "ch", std::string(7999, 'x'));

        const struct
        {
            std::string payload;
            StatusCode code;
            const char* error;
        } refused[] = {
            {std::string(8000, 'x'), StatusCode::invalidArgument, "payload of 8000 bytes exceeds the limit of 7999 bytes"},
            {std::string(100000, 'x'), StatusCode::invalidArgument,
             "payload of 100000 bytes exceeds the limit of 7999 bytes"},
            {std::string("a\0b", 3), StatusCode::invalidArgument, "payload contains a NUL byte, which NOTIFY cannot carry"},
        };
        for (const auto& c : refused)
        {
            const Status status = transport->publish("ch", c.payload);
            CPPUNIT_ASSERT(status.code == c.code);
            CPPUNIT_ASSERT_EQUAL(std::string(c.error), status.message);
        }
        // PostgreSQL itself refuses text that is not valid in the database encoding: a data exception.
        const Status notUtf8 = transport->publish("ch", "\xFF\xFE");
        CPPUNIT_ASSERT(notUtf8.code == StatusCode::invalidArgument);
        CPPUNIT_ASSERT_MESSAGE(notUtf8.message, contains(notUtf8.message, "PostgreSQL refused the NOTIFY on \"ch\": "));

        publish(transport, "ch", "last");
        CPPUNIT_ASSERT(inbox.waitFor(3));
        const auto payloads = inbox.payloads();
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), payloads.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), payloads[0].size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(7999), payloads[1].size());
        CPPUNIT_ASSERT_EQUAL(std::string("last"), payloads[2]);
    }

    void testBadConfigFailsCreate()
    {
        const std::string url = _database->url();
        const struct
        {
            std::map<std::string, std::string> config;
            const char* error;
        } cases[] = {
            {{}, "url: required: the PostgreSQL URL for LISTEN/NOTIFY (NOTIFY_URL), e.g. "
                 "postgres://user:password@host:5432/db, a direct connection, not PgBouncer"},
            {{{"url", " \t"}}, "url: required: the PostgreSQL URL for LISTEN/NOTIFY (NOTIFY_URL), e.g. "
                               "postgres://user:password@host:5432/db, a direct connection, not PgBouncer"},
            {{{"url", ""}}, "url: required: the PostgreSQL URL for LISTEN/NOTIFY (NOTIFY_URL), e.g. "
                            "postgres://user:password@host:5432/db, a direct connection, not PgBouncer"},
            {{{"url", url}, {"reconnect_base_ms", "0"}}, "reconnect_base_ms: 0 is not between 1 and 3600000"},
            {{{"url", url}, {"reconnect_base_ms", "fast"}}, "reconnect_base_ms: \"fast\" is not an integer"},
            {{{"url", url}, {"reconnect_fast_attempts", "101"}}, "reconnect_fast_attempts: 101 is not between 0 and 100"},
            {{{"url", url}, {"reconnect_max_ms", "0"}}, "reconnect_max_ms: 0 is not between 1 and 86400000"},
            {{{"url", url}, {"reconnect_base_ms", "1000"}, {"reconnect_max_ms", "999"}},
             "reconnect_max_ms: 999 is less than reconnect_base_ms (1000)"},
            {{{"url", url}, {"application_name", ""}}, "application_name: must be 1 to 63 printable ASCII characters"},
            {{{"url", url}, {"application_name", std::string(64, 'a')}},
             "application_name: must be 1 to 63 printable ASCII characters"},
            {{{"url", url}, {"application_name", "tab\there"}},
             "application_name: must be 1 to 63 printable ASCII characters"},
            {{{"url", url}, {"listen_url", url}}, "unknown configuration key \"listen_url\""},
        };
        for (const auto& c : cases)
            CPPUNIT_ASSERT_EQUAL(std::string(c.error), Instance::createError("notify", "postgres", c.config));
        CPPUNIT_ASSERT_EQUAL(std::string("the plugin context has no logger"),
                             Instance::createError("notify", "postgres", {{"url", url}}, false));
        Instance accepted("notify", "postgres",
                          {{"url", url},
                           {"reconnect_base_ms", "1"},
                           {"reconnect_fast_attempts", "0"},
                           {"reconnect_max_ms", "1"},
                           {"application_name", "akashi notify (test)"}});
        CPPUNIT_ASSERT_EQUAL(1, backends("akashi notify (test)"));
    }

    void testBadUrlFailsCreateWithoutThePassword()
    {
        const struct
        {
            std::string url;
            std::string prefix; ///< what the message starts with
        } cases[] = {
            // libpq's own parse error quotes the whole URL, password included.
            {"postgres://akashi:" + kPassword + "@[::1/akashi", "url: not a valid PostgreSQL URL or connection string ("},
            {"postgres://akashi:" + kPassword + "@localhost:5432/akashi?no_such_option=1",
             "url: not a valid PostgreSQL URL or connection string (invalid URI query parameter: \"no_such_option\")"},
            {"host=localhost password='" + kPassword + "' bogus=1",
             "url: not a valid PostgreSQL URL or connection string (invalid connection option \"bogus\")"},
            {"postgres://akashi:" + kPassword + "@127.0.0.1:1/akashi",
             "url: cannot connect to PostgreSQL at postgres://akashi:***@127.0.0.1:1/akashi: "},
            {"postgresql://akashi@127.0.0.1:1/akashi?password=" + kPassword,
             "url: cannot connect to PostgreSQL at postgres://akashi:***@127.0.0.1:1/akashi: "},
            // The real cluster, a database that does not exist.
            {noSuchDatabaseUrl(), "url: cannot connect to PostgreSQL at postgres://"},
        };
        for (const auto& c : cases)
        {
            const std::string error = Instance::createError("notify", "postgres", {{"url", c.url}});
            CPPUNIT_ASSERT_MESSAGE(c.url + " -> " + error, error.rfind(c.prefix, 0) == 0);
            CPPUNIT_ASSERT_MESSAGE(error, !contains(error, kPassword));
            CPPUNIT_ASSERT_MESSAGE(error, !contains(error, "\n"));
        }
        const std::string missing = Instance::createError("notify", "postgres", {{"url", noSuchDatabaseUrl()}});
        CPPUNIT_ASSERT_MESSAGE(missing, contains(missing, "does not exist"));
        CPPUNIT_ASSERT_MESSAGE(missing, contains(missing, ":***@"));
    }

    void testReconnectAfterTheBackendIsKilled()
    {
        const std::string name = uniqueApplicationName();
        Inbox inbox, late;
        ConnectionEvents events;
        Instance publisher("notify", "postgres", config(uniqueApplicationName()));
        Instance listener("notify", "postgres", config(name));
        listener->onConnectionChange(events.callback());
        subscribe(listener, "akashi_decisions", inbox.callback());
        subscribe(listener, "akashi_conflicts", inbox.callback());
        publish(publisher, "akashi_decisions", "before");
        CPPUNIT_ASSERT(inbox.waitFor(1));

        allowConnections(false);
        CPPUNIT_ASSERT_EQUAL(1, terminateBackends(name));
        CPPUNIT_ASSERT(events.waitFor(1));
        CPPUNIT_ASSERT(std::vector<bool>({false}) == events.events());
        CPPUNIT_ASSERT(listener.logger().waitForMessage("storage: notify reconnect attempt failed", kTimeout));

        // Disconnected: publish fails at once instead of waiting for the reconnect.
        const auto started = std::chrono::steady_clock::now();
        const Status down = listener->publish("akashi_decisions", "while down");
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - started < 1s);
        CPPUNIT_ASSERT(down.code == StatusCode::unavailable);
        CPPUNIT_ASSERT_MESSAGE(down.message,
                               down.message.rfind("the notify connection to PostgreSQL is down (reconnecting)", 0) == 0);

        // Subscribing meanwhile records the channel; the reconnect LISTENs it.
        subscribe(listener, "akashi_late", late.callback());

        allowConnections(true);
        CPPUNIT_ASSERT(events.waitFor(2));
        CPPUNIT_ASSERT(std::vector<bool>({false, true}) == events.events());

        const auto lost = listener.logger().linesWithMessage("storage: notify connection lost");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), lost.size());
        CPPUNIT_ASSERT(lost[0].level == LogLevel::warn);
        CPPUNIT_ASSERT_MESSAGE(lost[0].field("error").value_or(""),
                               contains(lost[0].field("error").value_or(""), "terminating connection"));

        const auto failed = listener.logger().linesWithMessage("storage: notify reconnect attempt failed");
        CPPUNIT_ASSERT(!failed.empty());
        for (std::size_t i = 0; i < failed.size(); ++i)
        {
            CPPUNIT_ASSERT(failed[i].level == LogLevel::warn);
            CPPUNIT_ASSERT_EQUAL(std::to_string(i + 1), failed[i].field("attempt").value_or(""));
            // base 20 ms doubling, jittered down by at most a fifth, capped at 200 ms.
            const long delay = std::stol(failed[i].field("delay_ms").value_or("-1"));
            const long nominal = std::min(200L, 20L << std::min<std::size_t>(i, 4));
            CPPUNIT_ASSERT_MESSAGE(std::to_string(delay), delay <= nominal && delay >= nominal * 4 / 5);
            CPPUNIT_ASSERT_MESSAGE(failed[i].field("error").value_or(""),
                                   contains(failed[i].field("error").value_or(""), "not currently accepting connections"));
        }
        const auto restored = listener.logger().linesWithMessage("storage: notify connection restored");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), restored.size());
        CPPUNIT_ASSERT(restored[0].level == LogLevel::info);
        CPPUNIT_ASSERT_EQUAL(std::to_string(failed.size() + 1), restored[0].field("attempts").value_or(""));
        assertNoPasswordLogged(listener);

        // Both channels were LISTENed again on the new connection, which is the only one.
        publish(publisher, "akashi_decisions", "after");
        publish(publisher, "akashi_conflicts", "after too");
        CPPUNIT_ASSERT(inbox.waitFor(3));
        CPPUNIT_ASSERT(Payloads({"before", "after", "after too"}) == inbox.payloads());
        publish(publisher, "akashi_late", "late");
        CPPUNIT_ASSERT(late.waitFor(1));
        CPPUNIT_ASSERT(Payloads({"late"}) == late.payloads());
        publish(listener, "akashi_decisions", "own");
        CPPUNIT_ASSERT(inbox.waitFor(4));
        CPPUNIT_ASSERT_EQUAL(1, backends(name));
    }

    void testDestroyStopsAReconnectPromptly()
    {
        const std::string name = uniqueApplicationName();
        ConnectionEvents events;
        auto settings = config(name);
        settings["reconnect_base_ms"] = "60000";
        settings["reconnect_max_ms"] = "60000";
        Instance listener("notify", "postgres", settings);
        listener->onConnectionChange(events.callback());
        CPPUNIT_ASSERT_EQUAL(1, terminateBackends(name));
        CPPUNIT_ASSERT(events.waitFor(1));

        // The listener now sleeps ~a minute before its first attempt; destruction must wake it.
        const auto started = std::chrono::steady_clock::now();
        listener.destroy();
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - started < 5s);
        CPPUNIT_ASSERT(std::vector<bool>({false}) == events.events());
        CPPUNIT_ASSERT(listener.logger().linesWithMessage("storage: notify reconnect attempt failed").empty());
    }

private:
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

    static std::uint64_t subscribe(Instance& transport, const std::string& channel,
                                   akashi::notify::DeliveryCallback callback)
    {
        const auto result = transport->subscribe(channel, std::move(callback));
        CPPUNIT_ASSERT_MESSAGE(result.status.message, result.status.isOk());
        CPPUNIT_ASSERT(result.subscriptionId != 0);
        return result.subscriptionId;
    }

    static void publish(Instance& transport, const std::string& channel, const std::string& payload)
    {
        const Status status = transport->publish(channel, payload);
        CPPUNIT_ASSERT_MESSAGE(status.message, status.isOk());
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
CPPUNIT_TEST_SUITE_REGISTRATION(PostgresNotifyTransportTest);
} // namespace akashi::plugins::notify::postgres
