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
    const auto result = connection.exec(std::string("SELECT ") + kColumns +
                                            " FROM decisions d WHERE d.org_id = $1::uuid AND d.id = $2::uuid",
                                        storage::SqlParams().add(orgId).add(id));
    if (result.rows() == 0)
        return std::nullopt;
    return fromRow(result, 0);
}

HashedDecision HashedDecisionReader::fromRow(const storage::PgResult& rows, int row)
{
    HashedDecision decision;
    decision.fields.id = rows.text(row, "id");
    decision.fields.decisionType = rows.text(row, "decision_type");
    decision.fields.outcome = rows.text(row, "outcome");
    decision.fields.confidence = parseReal(rows.text(row, "confidence"));
    decision.fields.validFrom = Timestamp::fromPostgres(rows.text(row, "valid_from"));
    decision.fields.reasoning = rows.optionalText(row, "reasoning");
    decision.agentId = rows.text(row, "agent_id");
    decision.contentHash = rows.optionalText(row, "content_hash");
    return decision;
}
} // namespace akashi::integrity
