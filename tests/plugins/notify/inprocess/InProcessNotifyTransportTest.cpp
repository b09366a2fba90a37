#include "mocks/Gate.h"
#include "plugins/notify/TransportCalls.h"
#include "mocks/RecordingSubscriber.h"
#include "plugins/PluginInstance.h"

#include <akashi/notify/NotifyTransport.h>

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace akashi::plugins::notify::inprocess
{
namespace
{
using namespace std::chrono_literals;
using akashi::notify::NotifyTransport;
using akashi::plugin::Status;
using akashi::plugin::StatusCode;

/// How long a test waits for something asynchronous that must happen; generous, never asserted on.
constexpr auto kTimeout = 10s;

/// The recording subscriber with this suite's timeout.
class Inbox : public mocks::RecordingSubscriber
{
public:
    bool waitFor(std::size_t count) { return RecordingSubscriber::waitFor(count, kTimeout); }
};

/// Gate with this suite's timeout.
class Gate : public mocks::Gate
{
public:
    bool wait(std::chrono::milliseconds timeout = kTimeout) { return mocks::Gate::wait(timeout); }
};

using Payloads = std::vector<std::string>;

/// A callback that records every message into `inbox` and, on the one whose payload is `blockOn`, opens
/// `entered` and then holds the delivery thread until `release` opens: what the tests need to have
/// messages queued behind a delivery in progress.
akashi::notify::DeliveryCallback recordAndBlockOn(const std::string& blockOn, Inbox& inbox, Gate& entered, Gate& release)
{
    return [blockOn, &inbox, &entered, &release](const std::string& channel, const std::string& payload) {
        inbox.add(channel, payload);
        if (payload == blockOn)
        {
            entered.open();
            release.wait();
        }
    };
}
} // namespace

/// notify-inprocess.so through its descriptor. Deliveries are asynchronous, so tests wait on condition
/// variables; ordering claims rely on the documented single FIFO delivery thread (a sentinel subscriber
/// that has received message N proves every earlier delivery is over).
class InProcessNotifyTransportTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(InProcessNotifyTransportTest);
    CPPUNIT_TEST(testDescriptorAndPayloadLimit);
    CPPUNIT_TEST(testFanOutToEverySubscriberOnTheTransportThread);
    CPPUNIT_TEST(testChannelsAreIsolated);
    CPPUNIT_TEST(testOnlyMessagesPublishedAfterSubscribeAreDelivered);
    CPPUNIT_TEST(testPublishWithoutSubscribersTakesNoQueueSpace);
    CPPUNIT_TEST(testCallbackMayPublish);
    CPPUNIT_TEST(testUnsubscribeWaitsForTheRunningCallback);
    CPPUNIT_TEST(testUnsubscribeFromInsideItsOwnCallback);
    CPPUNIT_TEST(testUnsubscribeAnotherFromInsideACallback);
    CPPUNIT_TEST(testUnsubscribeUnknownId);
    CPPUNIT_TEST(testPayloadSizes);
    CPPUNIT_TEST(testEmptyChannelAndCallbackAreRejected);
    CPPUNIT_TEST(testFullQueueIsRefused);
    CPPUNIT_TEST(testThrowingCallbackIsLoggedAndDeliveryGoesOn);
    CPPUNIT_TEST(testConnectionCallbackIsHeldButNeverInvoked);
    CPPUNIT_TEST(testDestroyDiscardsQueuedMessages);
    CPPUNIT_TEST(testBadConfigFailsCreate);
    CPPUNIT_TEST_SUITE_END();

    using Instance = PluginInstance<NotifyTransport>;

public:
    void testDescriptorAndPayloadLimit()
    {
        Instance transport("notify", "inprocess");
        CPPUNIT_ASSERT_EQUAL(std::string("notify"), transport.loaded().kind);
        CPPUNIT_ASSERT_EQUAL(std::string("inprocess"), transport.loaded().name);
        CPPUNIT_ASSERT_EQUAL(std::string("1.0.0"), transport.loaded().version);
        CPPUNIT_ASSERT_EQUAL(std::size_t(7999), transport->maxPayloadBytes());
    }

    void testFanOutToEverySubscriberOnTheTransportThread()
    {
        Inbox inboxes[3];
        Instance transport("notify", "inprocess");
        std::vector<std::uint64_t> ids;
        for (auto& inbox : inboxes)
            ids.push_back(subscribe(transport, "akashi_decisions", inbox.callback()));
        CPPUNIT_ASSERT(ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2]);

        publish(transport, "akashi_decisions", R"({"id":1})");
        publish(transport, "akashi_decisions", R"({"id":2})");

        std::thread::id deliveryThread;
        for (auto& inbox : inboxes)
        {
            CPPUNIT_ASSERT(inbox.waitFor(2));
            const auto deliveries = inbox.deliveries();
            CPPUNIT_ASSERT_EQUAL(std::size_t(2), deliveries.size());
            CPPUNIT_ASSERT(Payloads({R"({"id":1})", R"({"id":2})"}) == inbox.payloads());
            for (const auto& d : deliveries)
            {
                CPPUNIT_ASSERT_EQUAL(std::string("akashi_decisions"), d.channel);
                CPPUNIT_ASSERT(d.thread != std::this_thread::get_id());
                if (deliveryThread == std::thread::id())
                    deliveryThread = d.thread;
                CPPUNIT_ASSERT(d.thread == deliveryThread);
            }
        }
    }

    void testChannelsAreIsolated()
    {
        Inbox decisions, conflicts;
        Instance transport("notify", "inprocess");
        subscribe(transport, "akashi_decisions", decisions.callback());
        subscribe(transport, "akashi_conflicts", conflicts.callback());

        publish(transport, "akashi_decisions", "d1");
        publish(transport, "akashi_conflicts", "c1");
        publish(transport, "akashi_decisions", "d2");

        CPPUNIT_ASSERT(decisions.waitFor(2));
        CPPUNIT_ASSERT(conflicts.waitFor(1));
        CPPUNIT_ASSERT(Payloads({"d1", "d2"}) == decisions.payloads());
        CPPUNIT_ASSERT(Payloads({"c1"}) == conflicts.payloads());
        CPPUNIT_ASSERT_EQUAL(std::string("akashi_conflicts"), conflicts.deliveries()[0].channel);
    }

    void testOnlyMessagesPublishedAfterSubscribeAreDelivered()
    {
        Gate entered, release;
        Inbox early, late;
        Instance transport("notify", "inprocess");
        subscribe(transport, "ch", recordAndBlockOn("m1", early, entered, release));
        publish(transport, "ch", "m1");
        CPPUNIT_ASSERT(entered.wait());
        publish(transport, "ch", "m2"); // queued while m1 is being delivered

        subscribe(transport, "ch", late.callback());
        release.open();
        publish(transport, "ch", "m3");

        CPPUNIT_ASSERT(late.waitFor(1));
        CPPUNIT_ASSERT(early.waitFor(3));
        CPPUNIT_ASSERT(Payloads({"m1", "m2", "m3"}) == early.payloads());
        CPPUNIT_ASSERT(Payloads({"m3"}) == late.payloads());
    }

    void testPublishWithoutSubscribersTakesNoQueueSpace()
    {
        Inbox inbox;
        Instance transport("notify", "inprocess", {{"queue_capacity", "1"}});
        for (int i = 0; i < 5; ++i)
            publish(transport, "nobody_listens", "lost " + std::to_string(i));
        subscribe(transport, "nobody_listens", inbox.callback());
        publish(transport, "nobody_listens", "heard");
        CPPUNIT_ASSERT(inbox.waitFor(1));
        CPPUNIT_ASSERT(Payloads({"heard"}) == inbox.payloads());
    }

    void testCallbackMayPublish()
    {
        Inbox relayed;
        std::atomic<bool> relayOk{true};
        Instance transport("notify", "inprocess");
        subscribe(transport, "relayed", relayed.callback());
        subscribe(transport, "source", [&](const std::string&, const std::string& payload) {
            relayOk = transport->publish("relayed", "relayed " + payload).isOk();
        });
        publish(transport, "source", "m1");
        CPPUNIT_ASSERT(relayed.waitFor(1));
        CPPUNIT_ASSERT(relayOk);
        CPPUNIT_ASSERT(Payloads({"relayed m1"}) == relayed.payloads());
    }

    void testUnsubscribeWaitsForTheRunningCallback()
    {
        Gate entered, release, calling, returned;
        std::atomic<int> calls{0};
        std::atomic<bool> finished{false}, unsubscribeReturned{false}, returnedWhileRunning{false};
        Inbox sentinel;
        Instance transport("notify", "inprocess");
        const auto id = subscribe(transport, "ch", [&](const std::string&, const std::string&) {
            ++calls;
            entered.open();
            release.wait();
            returnedWhileRunning = unsubscribeReturned.load();
            finished = true;
        });
        subscribe(transport, "ch", sentinel.callback());
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
            // A transport that did not wait would return now; give it ample time to show it. A correct one
            // cannot return before the callback is released, so this never fails spuriously.
            CPPUNIT_ASSERT_MESSAGE("unsubscribe returned while its callback was running", !returned.wait(200ms));
            release.open();
            CPPUNIT_ASSERT(returned.wait());
        }
        CPPUNIT_ASSERT_MESSAGE(status.message, status.isOk());
        CPPUNIT_ASSERT(finished);
        CPPUNIT_ASSERT(!returnedWhileRunning);

        publish(transport, "ch", "m2");
        CPPUNIT_ASSERT(sentinel.waitFor(2));
        CPPUNIT_ASSERT_EQUAL(1, calls.load());
    }

    void testUnsubscribeFromInsideItsOwnCallback()
    {
        std::atomic<std::uint64_t> selfId{0};
        std::atomic<int> calls{0};
        Status inner = Status::failure(StatusCode::internal, "not called");
        auto captured = std::make_shared<int>(0);
        Inbox sentinel;
        Instance transport("notify", "inprocess");
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
        // The transport let go of the callback once it returned.
        CPPUNIT_ASSERT_EQUAL(1L, captured.use_count());
        const Status again = transport->unsubscribe(selfId.load());
        CPPUNIT_ASSERT(again.code == StatusCode::invalidArgument);
        CPPUNIT_ASSERT_EQUAL("unknown subscription id " + std::to_string(selfId.load()), again.message);
    }

    void testUnsubscribeAnotherFromInsideACallback()
    {
        std::atomic<std::uint64_t> victimId{0};
        Status inner = Status::failure(StatusCode::internal, "not called");
        Inbox victim, sentinel;
        Instance transport("notify", "inprocess");
        subscribe(transport, "ch", [&](const std::string&, const std::string&) {
            inner = transport->unsubscribe(victimId.load());
        });
        victimId = subscribe(transport, "ch", victim.callback());
        subscribe(transport, "ch", sentinel.callback());
        publish(transport, "ch", "m1");

        CPPUNIT_ASSERT(sentinel.waitFor(1));
        CPPUNIT_ASSERT_MESSAGE(inner.message, inner.isOk());
        CPPUNIT_ASSERT(victim.payloads().empty());
    }

    void testUnsubscribeUnknownId()
    {
        Instance transport("notify", "inprocess");
        for (std::uint64_t id : {std::uint64_t(0), std::uint64_t(12345)})
        {
            const Status status = transport->unsubscribe(id);
            CPPUNIT_ASSERT(status.code == StatusCode::invalidArgument);
            CPPUNIT_ASSERT_EQUAL("unknown subscription id " + std::to_string(id), status.message);
        }
    }

    void testPayloadSizes()
    {
        const struct
        {
            std::size_t size;
            const char* error; ///< nullptr: accepted
        } cases[] = {
            {0, nullptr},
            {7999, nullptr},
            {8000, "payload of 8000 bytes exceeds the limit of 7999 bytes"},
            {100000, "payload of 100000 bytes exceeds the limit of 7999 bytes"},
        };
        Inbox inbox;
        Instance transport("notify", "inprocess");
        subscribe(transport, "ch", inbox.callback());
        std::size_t accepted = 0;
        for (const auto& c : cases)
        {
            const Status status = transport->publish("ch", std::string(c.size, 'x'));
            if (!c.error)
            {
                CPPUNIT_ASSERT_MESSAGE(status.message, status.isOk());
                ++accepted;
                continue;
            }
            CPPUNIT_ASSERT(status.code == StatusCode::invalidArgument);
            CPPUNIT_ASSERT_EQUAL(std::string(c.error), status.message);
        }
        CPPUNIT_ASSERT(inbox.waitFor(accepted));
        const auto payloads = inbox.payloads();
        CPPUNIT_ASSERT_EQUAL(accepted, payloads.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), payloads[0].size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(7999), payloads[1].size());
    }

    void testEmptyChannelAndCallbackAreRejected()
    {
        Inbox inbox;
        Instance transport("notify", "inprocess");
        const Status published = transport->publish("", "x");
        CPPUNIT_ASSERT(published.code == StatusCode::invalidArgument);
        CPPUNIT_ASSERT_EQUAL(std::string("channel name is empty"), published.message);

        const auto noChannel = transport->subscribe("", inbox.callback());
        CPPUNIT_ASSERT(noChannel.status.code == StatusCode::invalidArgument);
        CPPUNIT_ASSERT_EQUAL(std::string("channel name is empty"), noChannel.status.message);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), noChannel.subscriptionId);

        const auto noCallback = transport->subscribe("ch", akashi::notify::DeliveryCallback());
        CPPUNIT_ASSERT(noCallback.status.code == StatusCode::invalidArgument);
        CPPUNIT_ASSERT_EQUAL(std::string("callback is empty"), noCallback.status.message);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), noCallback.subscriptionId);
    }

    void testFullQueueIsRefused()
    {
        Gate entered, release;
        Inbox inbox;
        Instance transport("notify", "inprocess", {{"queue_capacity", "1"}});
        subscribe(transport, "ch", recordAndBlockOn("m1", inbox, entered, release));
        publish(transport, "ch", "m1");
        CPPUNIT_ASSERT(entered.wait()); // m1 left the queue and is being delivered
        publish(transport, "ch", "m2"); // fills the queue

        const Status full = transport->publish("ch", "m3");
        CPPUNIT_ASSERT(full.code == StatusCode::unavailable);
        CPPUNIT_ASSERT_EQUAL(
            std::string("notify queue is full (queue_capacity = 1 reached): subscribers are not keeping up; "
                        "the message was not sent"),
            full.message);

        release.open();
        CPPUNIT_ASSERT(inbox.waitFor(2));
        publish(transport, "ch", "m4");
        CPPUNIT_ASSERT(inbox.waitFor(3));
        CPPUNIT_ASSERT(Payloads({"m1", "m2", "m4"}) == inbox.payloads());
    }

    void testThrowingCallbackIsLoggedAndDeliveryGoesOn()
    {
        const struct
        {
            const char* name;
            std::function<void()> thrower;
            const char* error;
        } cases[] = {
            {"std::exception", [] { throw std::runtime_error("subscriber bug"); }, "subscriber bug"},
            {"other", [] { throw 42; }, "not a std::exception"},
        };
        for (const auto& c : cases)
        {
            Inbox after;
            Instance transport("notify", "inprocess");
            const auto id = subscribe(transport, "ch", [&](const std::string&, const std::string&) { c.thrower(); });
            subscribe(transport, "ch", after.callback());
            publish(transport, "ch", "m1");
            CPPUNIT_ASSERT_MESSAGE(c.name, after.waitFor(1));

            const auto lines = transport.logger().linesWithMessage("notify subscriber callback threw");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.name, std::size_t(1), lines.size());
            CPPUNIT_ASSERT(lines[0].level == akashi::plugin::LogLevel::error);
            const akashi::plugin::LogFields expected = {
                {"channel", "ch"}, {"subscription_id", std::to_string(id)}, {"error", c.error}};
            CPPUNIT_ASSERT_MESSAGE(c.name, expected == lines[0].fields);
        }
    }

    void testConnectionCallbackIsHeldButNeverInvoked()
    {
        auto captured = std::make_shared<int>(0);
        std::atomic<int> calls{0};
        Inbox inbox;
        Instance transport("notify", "inprocess");
        transport->onConnectionChange([captured, &calls](bool) { ++calls; });
        CPPUNIT_ASSERT_EQUAL(2L, captured.use_count());

        // Let the delivery thread run after registration: it must not report a connection change.
        subscribe(transport, "ch", inbox.callback());
        publish(transport, "ch", "m1");
        CPPUNIT_ASSERT(inbox.waitFor(1));
        CPPUNIT_ASSERT_EQUAL(0, calls.load());

        transport->onConnectionChange({});
        CPPUNIT_ASSERT_EQUAL(1L, captured.use_count());
        CPPUNIT_ASSERT_EQUAL(0, calls.load());
    }

    void testDestroyDiscardsQueuedMessages()
    {
        Gate entered, release;
        Inbox inbox;
        Instance transport("notify", "inprocess");
        subscribe(transport, "ch", recordAndBlockOn("m1", inbox, entered, release));
        publish(transport, "ch", "m1");
        CPPUNIT_ASSERT(entered.wait());
        publish(transport, "ch", "m2");
        publish(transport, "ch", "m3");
        {
            std::jthread destroyer([&] { transport.destroy(); });
            // The warn line is written once the stop is decided, before the destructor joins the thread.
            const bool stopped =
                transport.logger().waitForMessage("notify transport stopped with undelivered messages", kTimeout);
            release.open();
            CPPUNIT_ASSERT(stopped);
        }
        CPPUNIT_ASSERT(Payloads({"m1"}) == inbox.payloads());
        const auto lines = transport.logger().linesWithMessage("notify transport stopped with undelivered messages");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), lines.size());
        CPPUNIT_ASSERT(lines[0].level == akashi::plugin::LogLevel::warn);
        CPPUNIT_ASSERT(akashi::plugin::LogFields({{"discarded", "2"}}) == lines[0].fields);
    }

    void testBadConfigFailsCreate()
    {
        const Instance::ConfigErrorCase cases[] = {
            {"queue_capacity", "0", "queue_capacity: 0 is not between 1 and 1000000"},
            {"queue_capacity", "1000001", "queue_capacity: 1000001 is not between 1 and 1000000"},
            {"queue_capacity", "many", "queue_capacity: \"many\" is not an integer"},
            {"queue_capacity", "", "queue_capacity: \"\" is not an integer"},
            {"queue_size", "10", "unknown configuration key \"queue_size\""},
        };
        Instance::assertCreateErrors("notify", "inprocess", cases);
        CPPUNIT_ASSERT_EQUAL(std::string("the plugin context has no logger"),
                             Instance::createError("notify", "inprocess", {}, false));
        Instance accepted("notify", "inprocess", {{"queue_capacity", "1000000"}});
        CPPUNIT_ASSERT_EQUAL(std::size_t(7999), accepted->maxPayloadBytes());
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(InProcessNotifyTransportTest);
} // namespace akashi::plugins::notify::inprocess
