#pragma once
#include "integrity/ContentHash.h"
#include "storage/PgConnection.h"

#include <optional>
#include <string>

namespace akashi::integrity
{
/// A decision's hashed fields and stored hash, as verification needs them.
struct HashedDecision
{
    ContentHash::Fields fields;
    std::string agentId;
    std::optional<std::string> contentHash;
};

/// Reads the columns the content hash covers (current or superseded rows alike), scoped by org, on the
/// connection the caller waited for visibility on. Stateless and thread-safe.
class HashedDecisionReader
{
public:
    /// nullopt when the org has no decision `id` (another org's decision is not found either).
    static std::optional<HashedDecision> find(storage::PgConnection& connection, const std::string& orgId,
                                              const std::string& id);

    /// The select list `fromRow` reads, for queries over `decisions` aliased `d`.
    static constexpr const char* kColumns =
        "d.id::text AS id, d.agent_id, d.decision_type, d.outcome, d.confidence::text AS confidence, d.valid_from, "
        "d.reasoning, d.content_hash";
    static HashedDecision fromRow(const storage::PgResult& rows, int row);
};
} // namespace akashi::integrity
