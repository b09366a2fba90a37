#include "PostgresNotifyFixture.h"

namespace akashi::plugins::notify::postgres
{
/// Delivery, subscriptions, limits and configuration of notify-postgres.so.
class PostgresNotifyTransportTest : public PostgresNotifyFixture
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
    CPPUNIT_TEST_SUITE_END();

public:
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
};
CPPUNIT_TEST_SUITE_REGISTRATION(PostgresNotifyTransportTest);
} // namespace akashi::plugins::notify::postgres
