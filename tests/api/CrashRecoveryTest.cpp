#include "auth/SigningKeys.h"
#include "storage/PgConnection.h"
#include "support/HttpTestClient.h"
#include "support/ServerProcess.h"
#include "support/TempDirectory.h"
#include "support/TestDatabase.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <sstream>
#include <thread>

namespace akashi::test
{
namespace
{
constexpr const char* kAdminKey = "crash-admin-key-0123456789";
constexpr const char* kDefaultOrg = "00000000-0000-0000-0000-000000000000";
constexpr std::size_t kEventWriters = 8;
constexpr std::size_t kTraceWriters = 8;
constexpr std::size_t kEventsPerRequest = 50;

std::string toJson(const Poco::JSON::Object& object)
{
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

std::string eventsBody(std::size_t writer)
{
    Poco::JSON::Array::Ptr events = new Poco::JSON::Array;
    for (std::size_t i = 0; i < kEventsPerRequest; ++i)
    {
        Poco::JSON::Object::Ptr payload = new Poco::JSON::Object;
        payload->set("writer", static_cast<int>(writer));
        payload->set("index", static_cast<int>(i));
        Poco::JSON::Object::Ptr event = new Poco::JSON::Object;
        event->set("event_type", std::string("ToolCallCompleted"));
        event->set("payload", payload);
        events->add(event);
    }
    Poco::JSON::Object body;
    body.set("events", events);
    return toJson(body);
}

std::string traceBody(std::size_t writer)
{
    Poco::JSON::Array::Ptr alternatives = new Poco::JSON::Array;
    for (const char* label : {"wait", "abort"})
    {
        Poco::JSON::Object::Ptr alternative = new Poco::JSON::Object;
        alternative->set("label", std::string(label));
        alternative->set("rejection_reason", std::string("not chosen under load"));
        alternatives->add(alternative);
    }
    Poco::JSON::Array::Ptr evidence = new Poco::JSON::Array;
    for (const char* content : {"queue depth 40", "error rate 2%"})
    {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
        item->set("source_type", std::string("tool_output"));
        item->set("content", std::string(content));
        evidence->add(item);
    }
    Poco::JSON::Object::Ptr decision = new Poco::JSON::Object;
    decision->set("decision_type", std::string("crash_choice"));
    decision->set("outcome", "retry from writer " + std::to_string(writer));
    decision->set("confidence", 0.7);
    decision->set("reasoning", std::string("the crash test records decisions while the server is killed"));
    decision->set("alternatives", alternatives);
    decision->set("evidence", evidence);
    Poco::JSON::Object body;
    body.set("agent_id", std::string("admin"));
    body.set("decision", decision);
    return toJson(body);
}

/// One writer thread's record. Only ids from a complete 200/201 answer count as acknowledged: an answer
/// cut short by the kill fails to parse and is counted as in flight.
struct WriterLog
{
    std::vector<std::string> eventIds;
    std::vector<std::string> decisionIds;
    std::size_t acknowledged = 0;
    std::size_t interrupted = 0;      ///< requests cut off by the kill (at most one per writer)
    std::size_t failedBeforeKill = 0; ///< transport failures while the server was still up
    std::size_t rejected = 0;
    std::string firstRejection;
};

/// A writer posting `body` to `path` on one keep-alive connection until `stop`, or until its first
/// transport failure once `killing` is set (its request in flight when the server died); never throws.
void write(std::uint16_t port, const std::string& token, const std::string& path, const std::string& body,
           bool trace, const std::atomic<bool>& killing, const std::atomic<bool>& stop, WriterLog& log)
{
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    session.setKeepAlive(true);
    session.setTimeout(Poco::Timespan(10, 0));
    while (!stop.load())
    {
        std::string answer;
        int status = 0;
        try
        {
            Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, path, Poco::Net::HTTPMessage::HTTP_1_1);
            request.setKeepAlive(true);
            request.setContentType("application/json");
            request.setContentLength(static_cast<std::streamsize>(body.size()));
            request.set("Authorization", token);
            session.sendRequest(request) << body;
            Poco::Net::HTTPResponse response;
            Poco::StreamCopier::copyToString(session.receiveResponse(response), answer);
            status = static_cast<int>(response.getStatus());
            if (status != (trace ? 201 : 200))
            {
                ++log.rejected;
                if (log.firstRejection.empty())
                    log.firstRejection = std::to_string(status) + " " + answer;
                continue;
            }
            Poco::JSON::Parser parser;
            const auto data = parser.parse(answer).extract<Poco::JSON::Object::Ptr>()->getObject("data");
            if (trace)
                log.decisionIds.push_back(data->getValue<std::string>("decision_id"));
            else
            {
                if (data->getValue<std::string>("status") != "persisted")
                    throw Poco::DataFormatException("events acknowledged without status persisted", answer);
                const auto ids = data->getArray("event_ids");
                if (ids->size() != kEventsPerRequest)
                    throw Poco::DataFormatException("events acknowledged with a short event_ids", answer);
                for (std::size_t i = 0; i < ids->size(); ++i)
                    log.eventIds.push_back(ids->getElement<std::string>(static_cast<unsigned>(i)));
            }
            ++log.acknowledged;
        }
        catch (const std::exception&)
        {
            // No complete answer: not acknowledged, whether or not the server committed it.
            if (killing.load())
            {
                ++log.interrupted;
                return;
            }
            ++log.failedBeforeKill;
            session.reset();
        }
    }
}
} // namespace

/// Item 8 of issue 4: every write the server acknowledged is in PostgreSQL after a kill -9. Sixteen
/// clients post events (durable ack) and traces while the server is SIGKILLed; the server then restarts on
/// the same database and every acknowledged event id and decision id (with its alternatives and evidence)
/// must be there. It is the server that dies, not PostgreSQL: what this proves is that no answer is sent
/// before its rows are committed (PostgreSQL's own crash safety is fsync's business, not ours).
class CrashRecoveryTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CrashRecoveryTest);
    CPPUNIT_TEST(testAcknowledgedWritesSurviveKill9);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAcknowledgedWritesSurviveKill9()
    {
        TempDirectory keys("akashi-crash-keys");
        auth::SigningKeys::writeNewPair(keys.path() + "/private.pem", keys.path() + "/public.pem");
        TestDatabase database("crash_recovery");
        const ServerProcess::Env env{{"DATABASE_URL", database.url()},
                                     {"AKASHI_ADMIN_API_KEY", kAdminKey},
                                     {"AKASHI_JWT_PRIVATE_KEY", keys.path() + "/private.pem"},
                                     {"AKASHI_JWT_PUBLIC_KEY", keys.path() + "/public.pem"},
                                     // 16 writers with one token: far past the per-agent rate limits.
                                     {"AKASHI_RATE_LIMIT_ENABLED", "false"}};

        auto server = std::make_unique<ServerProcess>(env);
        auto port = server->waitUntilListening();
        CPPUNIT_ASSERT_MESSAGE(server->stderrText(), port.has_value());
        const std::string token = bearer(*port);
        std::vector<std::string> runs;
        for (std::size_t i = 0; i < kEventWriters; ++i)
            runs.push_back(createRun(*port, token));

        std::atomic<bool> killing{false};
        std::atomic<bool> stop{false};
        std::vector<WriterLog> logs(kEventWriters + kTraceWriters);
        std::vector<std::thread> writers;
        for (std::size_t i = 0; i < kEventWriters; ++i)
            writers.emplace_back(write, *port, token, "/v1/runs/" + runs[i] + "/events", eventsBody(i), false,
                                 std::cref(killing), std::cref(stop), std::ref(logs[i]));
        for (std::size_t i = 0; i < kTraceWriters; ++i)
            writers.emplace_back(write, *port, token, "/v1/trace", traceBody(i), true,
                                 std::cref(killing), std::cref(stop), std::ref(logs[kEventWriters + i]));

        // Mid-stream: the writers are busy for a few seconds, then the server dies without warning.
        std::this_thread::sleep_for(std::chrono::milliseconds(2500));
        killing = true;
        const int killed = server->stop(SIGKILL, std::chrono::seconds(10));
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        stop = true;
        for (auto& writer : writers)
            writer.join();
        CPPUNIT_ASSERT_EQUAL(128 + SIGKILL, killed);

        WriterLog total;
        for (const auto& log : logs)
        {
            total.eventIds.insert(total.eventIds.end(), log.eventIds.begin(), log.eventIds.end());
            total.decisionIds.insert(total.decisionIds.end(), log.decisionIds.begin(), log.decisionIds.end());
            total.acknowledged += log.acknowledged;
            total.interrupted += log.interrupted;
            total.failedBeforeKill += log.failedBeforeKill;
            total.rejected += log.rejected;
            if (total.firstRejection.empty())
                total.firstRejection = log.firstRejection;
        }
        CPPUNIT_ASSERT_EQUAL_MESSAGE(total.firstRejection, std::size_t{0}, total.rejected);
        CPPUNIT_ASSERT_EQUAL(std::size_t{0}, total.failedBeforeKill);
        CPPUNIT_ASSERT_MESSAGE("no event request was acknowledged before the kill", !total.eventIds.empty());
        CPPUNIT_ASSERT_MESSAGE("no trace was acknowledged before the kill", !total.decisionIds.empty());

        // The restart on the same database is clean, and the token and the runs from before still work.
        server = std::make_unique<ServerProcess>(env);
        port = server->waitUntilListening();
        CPPUNIT_ASSERT_MESSAGE(server->stderrText(), port.has_value());
        CPPUNIT_ASSERT(server->hasLogged("migrations up to date"));
        CPPUNIT_ASSERT_EQUAL(200, HttpTestClient(*port).get("/health").status);
        auto after = post(*port, "/v1/runs/" + runs[0] + "/events", eventsBody(0), token);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(after.body, 200, after.status);

        storage::PgConnection sql(database.settings());
        const auto storedEvents = countIn(sql, "agent_events", "id", total.eventIds);
        const auto storedDecisions = countIn(sql, "decisions", "id", total.decisionIds);
        const auto storedAlternatives = countIn(sql, "alternatives", "decision_id", total.decisionIds);
        const auto storedEvidence = countIn(sql, "evidence", "decision_id", total.decisionIds);
        std::cout << "\nCrashRecoveryTest: before kill -9: " << total.acknowledged << " acknowledged requests ("
                  << total.eventIds.size() << " events, " << total.decisionIds.size() << " decisions), "
                  << total.interrupted << " cut off by the kill; after restart found " << storedEvents << " of "
                  << total.eventIds.size() << " events and " << storedDecisions << " of " << total.decisionIds.size()
                  << " decisions (lost: " << (total.eventIds.size() - storedEvents) + (total.decisionIds.size() - storedDecisions)
                  << ")\n";
        CPPUNIT_ASSERT_EQUAL(total.eventIds.size(), storedEvents);
        CPPUNIT_ASSERT_EQUAL(total.decisionIds.size(), storedDecisions);
        CPPUNIT_ASSERT_EQUAL(2 * total.decisionIds.size(), storedAlternatives);
        CPPUNIT_ASSERT_EQUAL(2 * total.decisionIds.size(), storedEvidence);
        CPPUNIT_ASSERT_EQUAL(0, server->stop(SIGTERM));
    }

private:
    static HttpReply post(std::uint16_t port, const std::string& path, const std::string& body,
                          const std::string& authorization = {})
    {
        Poco::Net::NameValueCollection headers;
        headers.set("Content-Type", "application/json");
        if (!authorization.empty())
            headers.set("Authorization", authorization);
        return HttpTestClient(port).request("POST", path, body, headers);
    }

    static std::string bearer(std::uint16_t port)
    {
        auto reply = post(port, "/auth/token", std::string(R"({"agent_id":"admin","api_key":")") + kAdminKey + "\"}");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
        return "Bearer " + reply.json()->getObject("data")->getValue<std::string>("token");
    }

    static std::string createRun(std::uint16_t port, const std::string& token)
    {
        auto reply = post(port, "/v1/runs", R"({"agent_id":"admin"})", token);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 201, reply.status);
        return reply.json()->getObject("data")->getValue<std::string>("id");
    }

    /// How many of `ids` are in `table.column`, among the default org's rows. `table` and `column` are
    /// constants of this test, never input.
    static std::size_t countIn(storage::PgConnection& sql, const std::string& table, const std::string& column,
                               const std::vector<std::string>& ids)
    {
        auto result = sql.exec("SELECT count(*) AS n FROM " + table + " WHERE org_id = $1 AND " + column +
                                   " = ANY($2::uuid[])",
                               storage::SqlParams().add(kDefaultOrg).addTextArray(ids));
        return static_cast<std::size_t>(result.int64(0, "n"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CrashRecoveryTest);
} // namespace akashi::test
