#include "integrity/IntegrityFixtures.h"

#include "auth/RandomId.h"
#include "common/Timestamp.h"
#include "integrity/ContentHash.h"
#include "logging/Log.h"
#include "storage/DecisionWriter.h"

namespace akashi::test
{
std::string IntegrityFixtures::insertOrg(storage::PgConnection& sql, const std::string& slug)
{
    return sql.exec("INSERT INTO organizations (name, slug) VALUES ($1, $1) RETURNING id::text AS id",
                    storage::SqlParams().add(slug))
        .text(0, "id");
}

std::string IntegrityFixtures::writeDecision(storage::PgConnection& sql, const std::string& orgId,
                                             const std::string& outcome, const std::string& agentId)
{
    storage::NewDecision decision;
    decision.id = auth::RandomId::uuidV4();
    decision.orgId = orgId;
    decision.agentId = agentId;
    decision.decisionType = "architecture";
    decision.outcome = outcome;
    decision.confidence = 0.75f;
    decision.reasoning = "it is durable";
    decision.validFrom = Timestamp::now();
    decision.contentHash = integrity::ContentHash::computeV2({decision.id, decision.decisionType, decision.outcome,
                                                              decision.confidence, decision.validFrom,
                                                              decision.reasoning});
    storage::DecisionWriter::insert(sql, decision);
    return decision.id;
}

std::int64_t IntegrityFixtures::count(storage::PgConnection& sql, const std::string& query, const std::string& orgId)
{
    return sql.exec(query, storage::SqlParams().add(orgId)).int64(0, "count");
}

void RecordingChannel::log(const Poco::Message& message)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _lines.push_back({message.getText(), message.has(logging::kFieldsParameter) ? message.get(logging::kFieldsParameter)
                                                                                : std::string()});
}

std::vector<RecordingChannel::Line> RecordingChannel::lines(const std::string& text) const
{
    std::lock_guard<std::mutex> lock(_mutex);
    std::vector<Line> out;
    for (const auto& line : _lines)
        if (line.text == text)
            out.push_back(line);
    return out;
}

RecordedLogger::RecordedLogger(const std::string& name)
    : _logger(Poco::Logger::get(name)), _channel(new RecordingChannel), _previous(_logger.getChannel())
{
    _logger.setChannel(_channel);
    _logger.setLevel(Poco::Message::PRIO_DEBUG);
}

RecordedLogger::~RecordedLogger()
{
    _logger.setChannel(_previous);
}
} // namespace akashi::test
