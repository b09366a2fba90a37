#pragma once
#include "storage/PgConnection.h"

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <mutex>
#include <string>
#include <vector>

namespace akashi::test
{
/// Decisions written as POST /v1/trace writes them (storage::DecisionWriter, with a real v2 content hash),
/// and organizations inserted as signup would, for the integrity batch and verifier tests.
class IntegrityFixtures
{
public:
    static constexpr const char* kDefaultOrg = "00000000-0000-0000-0000-000000000000";

    static std::string insertOrg(storage::PgConnection& sql, const std::string& slug);
    /// Returns the new decision's id. Runs on `sql` as it is: inside the caller's open transaction, if any.
    static std::string writeDecision(storage::PgConnection& sql, const std::string& orgId, const std::string& outcome,
                                     const std::string& agentId = "alice");
    static std::int64_t count(storage::PgConnection& sql, const std::string& query, const std::string& orgId);
};

/// The message texts and structured fields (the logging fragment) one logger receives.
class RecordingChannel : public Poco::Channel
{
public:
    struct Line
    {
        std::string text;
        std::string fields;
    };

    void log(const Poco::Message& message) override;
    std::vector<Line> lines(const std::string& text) const;

private:
    mutable std::mutex _mutex;
    std::vector<Line> _lines;
};

/// A logger of its own name recording into a RecordingChannel while this object lives.
class RecordedLogger
{
public:
    explicit RecordedLogger(const std::string& name);
    ~RecordedLogger();

    Poco::Logger& logger() { return _logger; }
    const RecordingChannel& channel() const { return *_channel; }

private:
    Poco::Logger& _logger;
    Poco::AutoPtr<RecordingChannel> _channel;
    Poco::AutoPtr<Poco::Channel> _previous;
};
} // namespace akashi::test
