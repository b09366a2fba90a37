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
};
} // namespace akashi::integrity
