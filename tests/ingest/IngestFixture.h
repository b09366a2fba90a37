#pragma once
#include "auth/RandomId.h"
#include "ingest/EventBuffer.h"
#include "storage/PgConnection.h"
#include "support/MigratedDatabase.h"

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace akashi::test
{
/// Collects the message texts logged to one Poco logger, for asserting the runbook's log lines.
class RecordingChannel : public Poco::Channel
{
public:
    void log(const Poco::Message& message) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _messages.push_back(message.getText());
    }
    bool saw(const std::string& text) const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        for (const auto& message : _messages)
            if (message == text)
                return true;
        return false;
    }

private:
    mutable std::mutex _mutex;
    std::vector<std::string> _messages;
};

/// A migrated database, a direct SQL connection on it, and helpers for building and counting events.
/// Records what the `ingest` logger writes while it lives.
class IngestFixture
{
public:
    static constexpr const char* kOrg = "00000000-0000-0000-0000-000000000000";

    explicit IngestFixture(const std::string& label)
        : _db(label), _sql(_db.testDatabase().settings()), _channel(new RecordingChannel)
    {
        auto& logger = Poco::Logger::get("ingest");
        _previousLevel = logger.getLevel();
        _previousChannel = logger.getChannel();
        logger.setChannel(_channel);
        logger.setLevel(Poco::Message::PRIO_DEBUG);
    }
    ~IngestFixture()
    {
        auto& logger = Poco::Logger::get("ingest");
        logger.setChannel(_previousChannel);
        logger.setLevel(_previousLevel);
    }

    storage::Database& database() { return _db.database(); }
    storage::PgConnection& sql() { return _sql; }
    const RecordingChannel& log() const { return *_channel; }

    /// `count` events of `runId` with payload `{"n": first + i}` (and `extra` members when given).
    static std::vector<storage::EventRecord> events(std::size_t count, int first = 0, const std::string& type = "Step")
    {
        std::vector<storage::EventRecord> result;
        for (std::size_t i = 0; i < count; ++i)
        {
            storage::EventRecord event;
            event.orgId = kOrg;
            event.agentId = "agent-1";
            event.eventType = type;
            event.occurredAt = Timestamp::now();
            event.payload = "{\"n\": " + std::to_string(first + static_cast<int>(i)) + "}";
            result.push_back(std::move(event));
        }
        return result;
    }

    std::int64_t rowCount(const std::string& runId)
    {
        return _sql.exec("SELECT count(*) AS n FROM agent_events WHERE org_id = $1::uuid AND run_id = $2::uuid",
                         storage::SqlParams().add(kOrg).add(runId))
            .int64(0, "n");
    }

    /// Polls `condition` every 10 ms for up to `timeout`; returns whether it became true.
    static bool eventually(const std::function<bool()>& condition,
                           std::chrono::milliseconds timeout = std::chrono::milliseconds(10000))
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!condition())
        {
            if (std::chrono::steady_clock::now() >= deadline)
                return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return true;
    }

    static ingest::EventBuffer::Settings settings(std::size_t flushSize, std::chrono::milliseconds flushTimeout)
    {
        ingest::EventBuffer::Settings s;
        s.flushSize = flushSize;
        s.flushTimeout = flushTimeout;
        return s;
    }

private:
    MigratedDatabase _db;
    storage::PgConnection _sql;
    Poco::AutoPtr<RecordingChannel> _channel;
    Poco::Channel::Ptr _previousChannel;
    int _previousLevel = 0;
};
} // namespace akashi::test
