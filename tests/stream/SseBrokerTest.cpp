#include "stream/SseBroker.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <cppunit/extensions/HelperMacros.h>

#include <thread>

namespace akashi::stream
{
/// The broker over real loopback connections: what a subscriber receives, in which order, and when
/// it is let go.
class SseBrokerTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SseBrokerTest);
    CPPUNIT_TEST(testPreambleThenEventsOfTheOrgItAccepts);
    CPPUNIT_TEST(testEventsQueuedBeforeAttachAreKeptUnlessReplayed);
    CPPUNIT_TEST(testOlderOrRepeatedSeqIsNotSentTwice);
    CPPUNIT_TEST(testKeepaliveComments);
    CPPUNIT_TEST(testSlowSubscriberIsDroppedAndCounted);
    CPPUNIT_TEST(testClientThatLeavesIsForgotten);
    CPPUNIT_TEST(testCapOnSubscribers);
    CPPUNIT_TEST(testCutReplayClosesAfterPreamble);
    CPPUNIT_TEST(testStopClosesStreams);
    CPPUNIT_TEST_SUITE_END();

    /// A connected pair: `client` is the test's end, `server` goes to the broker (`take` hands it over
    /// without keeping a reference, so the broker's close really closes it).
    struct Pair
    {
        Poco::Net::StreamSocket client;
        Poco::Net::StreamSocket server;
        Poco::Net::StreamSocket take()
        {
            Poco::Net::StreamSocket handed = server;
            server = Poco::Net::StreamSocket();
            return handed;
        }
    };

    Poco::Net::ServerSocket _listener;

    Pair connect()
    {
        Pair pair;
        pair.client.connect(Poco::Net::SocketAddress("127.0.0.1", _listener.address().port()));
        pair.server = _listener.acceptConnection();
        return pair;
    }

    /// Reads until `text` has arrived (or 5 s pass); returns everything read.
    static std::string readUntil(Poco::Net::StreamSocket& socket, const std::string& text,
                                 std::chrono::milliseconds timeout = std::chrono::milliseconds(5000))
    {
        std::string got;
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (got.find(text) == std::string::npos && std::chrono::steady_clock::now() < deadline)
        {
            if (!socket.poll(Poco::Timespan(0, 50000), Poco::Net::Socket::SELECT_READ))
                continue;
            char buffer[8192];
            const int n = socket.receiveBytes(buffer, sizeof buffer);
            if (n <= 0)
                break;
            got.append(buffer, static_cast<std::size_t>(n));
        }
        return got;
    }

    /// True when the peer closed within `timeout` (reading and discarding what comes before).
    static bool closedWithin(Poco::Net::StreamSocket& socket, std::chrono::milliseconds timeout)
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline)
        {
            if (!socket.poll(Poco::Timespan(0, 50000), Poco::Net::Socket::SELECT_READ))
                continue;
            char buffer[65536];
            try
            {
                const int n = socket.receiveBytes(buffer, sizeof buffer);
                if (n <= 0)
                    return true;
            }
            catch (const Poco::Exception&)
            {
                return true; // reset
            }
        }
        return false;
    }

    static std::shared_ptr<const StreamEvent> event(std::int64_t seq, const std::string& org, const std::string& agent,
                                                    const std::string& extra = "")
    {
        return makeStreamEvent(seq, "akashi_decisions", org,
                               "{\"decision_id\":\"d" + std::to_string(seq) + "\",\"agent_id\":\"" + agent +
                                   "\",\"org_id\":\"" + org + "\",\"outcome\":\"" + extra + "\"}");
    }

    static bool waitFor(const std::function<bool()>& condition)
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (!condition() && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return condition();
    }

public:
    void setUp() override { _listener = Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0)); }

    void testPreambleThenEventsOfTheOrgItAccepts()
    {
        SseBroker broker({});
        broker.start();
        auto pair = connect();
        const auto id = broker.open({"org-a", [](const StreamEvent& e) { return e.agents.front() != "hidden"; }, {}});
        CPPUNIT_ASSERT(id != 0);
        broker.attach(id, pair.take(), "HEAD\n\n", 0);
        broker.publish(event(1, "org-b", "planner"));  // another org
        broker.publish(event(2, "org-a", "hidden"));   // not visible to this subscriber
        broker.publish(event(3, "org-a", "planner"));
        const auto got = readUntil(pair.client, "\"d3\"");
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), got.find("HEAD\n\n"));
        CPPUNIT_ASSERT(got.find("id: 3\nevent: akashi_decisions\ndata: {\"decision_id\":\"d3\"") != std::string::npos);
        CPPUNIT_ASSERT(got.find("\"d1\"") == std::string::npos);
        CPPUNIT_ASSERT(got.find("\"d2\"") == std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), broker.subscribers());
    }

    void testEventsQueuedBeforeAttachAreKeptUnlessReplayed()
    {
        SseBroker broker({});
        broker.start();
        auto pair = connect();
        const auto id = broker.open({"org-a", {}, {}});
        broker.publish(event(5, "org-a", "planner")); // arrives while the replay is read...
        broker.publish(event(6, "org-a", "planner"));
        // ...and the replay (in the preamble) already had 5.
        broker.attach(id, pair.take(), "HEAD\n\nid: 5\nevent: akashi_decisions\ndata: {\"replayed\":5}\n\n", 5);
        broker.publish(event(7, "org-a", "planner"));
        const auto got = readUntil(pair.client, "\"d7\"");
        CPPUNIT_ASSERT(got.find("{\"replayed\":5}") != std::string::npos);
        CPPUNIT_ASSERT(got.find("\"d5\"") == std::string::npos);
        CPPUNIT_ASSERT(got.find("\"d6\"") < got.find("\"d7\""));
    }

    void testOlderOrRepeatedSeqIsNotSentTwice()
    {
        SseBroker broker({});
        broker.start();
        auto pair = connect();
        const auto id = broker.open({"org-a", {}, {}});
        broker.attach(id, pair.take(), "", 0);
        broker.publish(event(10, "org-a", "planner"));
        broker.publish(event(10, "org-a", "planner")); // a catch-up repeating a live event
        broker.publish(event(9, "org-a", "planner"));
        broker.publish(event(11, "org-a", "planner"));
        const auto got = readUntil(pair.client, "\"d11\"");
        CPPUNIT_ASSERT_EQUAL(got.find("\"d10\""), got.rfind("\"d10\""));
        CPPUNIT_ASSERT(got.find("\"d9\"") == std::string::npos);
    }

    void testKeepaliveComments()
    {
        SseBroker::Settings settings;
        settings.keepaliveInterval = std::chrono::milliseconds(50);
        SseBroker broker(settings);
        broker.start();
        auto pair = connect();
        broker.attach(broker.open({"org-a", {}, {}}), pair.take(), "", 0);
        const auto got = readUntil(pair.client, ": keepalive\n\n: keepalive\n\n");
        CPPUNIT_ASSERT(got.find(": keepalive\n\n: keepalive\n\n") != std::string::npos);
    }

    void testSlowSubscriberIsDroppedAndCounted()
    {
        SseBroker::Settings settings;
        settings.queueLimit = 4;
        SseBroker broker(settings);
        broker.start();
        auto slow = connect();
        auto fast = connect();
        slow.client.setReceiveBufferSize(4096);
        broker.attach(broker.open({"org-a", {}, {}}), slow.take(), "", 0);
        const auto fastId = broker.open({"org-a", {}, {}});
        broker.attach(fastId, fast.take(), "", 0);
        // The slow client reads nothing: once the kernel buffers are full its queue fills and it goes.
        const std::string big(256 * 1024, 'x');
        std::string fastGot;
        for (int seq = 1; seq <= 200 && broker.subscribers() == 2; ++seq)
        {
            broker.publish(event(seq, "org-a", "planner", big));
            fastGot += readUntil(fast.client, "\"d" + std::to_string(seq) + "\"");
        }
        CPPUNIT_ASSERT(waitFor([&] { return broker.subscribers() == 1; }));
        CPPUNIT_ASSERT(broker.droppedEvents() > 0);
        CPPUNIT_ASSERT(closedWithin(slow.client, std::chrono::seconds(5)));
        // The other subscriber is untouched.
        broker.publish(event(1000, "org-a", "planner"));
        CPPUNIT_ASSERT(readUntil(fast.client, "\"d1000\"").find("\"d1000\"") != std::string::npos);
    }

    void testClientThatLeavesIsForgotten()
    {
        SseBroker broker({});
        broker.start();
        auto pair = connect();
        broker.attach(broker.open({"org-a", {}, {}}), pair.take(), "HEAD\n\n", 0);
        readUntil(pair.client, "HEAD\n\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), broker.subscribers());
        pair.client.close();
        CPPUNIT_ASSERT(waitFor([&] { return broker.subscribers() == 0; }));
    }

    void testCapOnSubscribers()
    {
        SseBroker::Settings settings;
        settings.maxSubscribers = 2;
        SseBroker broker(settings);
        broker.start();
        const auto a = broker.open({"org-a", {}, {}});
        const auto b = broker.open({"org-a", {}, {}});
        CPPUNIT_ASSERT(a != 0 && b != 0);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), broker.open({"org-a", {}, {}}));
        broker.cancel(a);
        CPPUNIT_ASSERT(waitFor([&] { return broker.subscribers() == 1; }));
        CPPUNIT_ASSERT(broker.open({"org-a", {}, {}}) != 0);
    }

    void testCutReplayClosesAfterPreamble()
    {
        SseBroker broker({});
        broker.start();
        auto pair = connect();
        const auto id = broker.open({"org-a", {}, {}});
        broker.publish(event(50, "org-a", "planner"));
        broker.attach(id, pair.take(), "HEAD\n\nREPLAY\n\n", 20, true);
        const auto got = readUntil(pair.client, "REPLAY\n\n");
        CPPUNIT_ASSERT(got.find("REPLAY") != std::string::npos);
        CPPUNIT_ASSERT(closedWithin(pair.client, std::chrono::seconds(5)));
        CPPUNIT_ASSERT(waitFor([&] { return broker.subscribers() == 0; }));
    }

    void testStopClosesStreams()
    {
        SseBroker broker({});
        broker.start();
        auto pair = connect();
        broker.attach(broker.open({"org-a", {}, {}}), pair.take(), "HEAD\n\n", 0);
        readUntil(pair.client, "HEAD\n\n");
        broker.stop();
        CPPUNIT_ASSERT(closedWithin(pair.client, std::chrono::seconds(5)));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), broker.open({"org-a", {}, {}}));
        CPPUNIT_ASSERT(!broker.running());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SseBrokerTest);
} // namespace akashi::stream
