#include "integrity/HashedDecisionReader.h"

#include "common/Exception.h"

#include <cstdlib>

namespace akashi::integrity
{
namespace
{
/// `real` columns print the shortest text that reads back as the same float32; parsing it straight to
/// float (not through double) recovers exactly the value that was hashed.
float parseReal(const std::string& text)
{
    char* end = nullptr;
    const float value = std::strtof(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0')
        throw Exception(ErrorCode::internal, "unreadable confidence value", text);
    return value;
}
} // namespace

std::optional<HashedDecision> HashedDecisionReader::find(storage::PgConnection& connection, const std::string& orgId,
                                                         const std::string& id)
{
    const auto result = connection.exec(
        "SELECT id::text AS id, agent_id, decision_type, outcome, confidence::text AS confidence, valid_from, "
        "reasoning, content_hash FROM decisions WHERE org_id = $1::uuid AND id = $2::uuid",
        storage::SqlParams().add(orgId).add(id));
    if (result.rows() == 0)
        return std::nullopt;
    HashedDecision decision;
    decision.fields.id = result.text(0, "id");
    decision.fields.decisionType = result.text(0, "decision_type");
    decision.fields.outcome = result.text(0, "outcome");
    decision.fields.confidence = parseReal(result.text(0, "confidence"));
    decision.fields.validFrom = Timestamp::fromPostgres(result.text(0, "valid_from"));
    decision.fields.reasoning = result.optionalText(0, "reasoning");
    decision.agentId = result.text(0, "agent_id");
    decision.contentHash = result.optionalText(0, "content_hash");
    return decision;
}
} // namespace akashi::integrity
