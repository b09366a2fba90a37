#pragma once
#include "storage/ConflictCandidate.h"
#include "storage/EmbeddingSource.h"
#include "storage/NewConflict.h"
#include "storage/PgConnection.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace akashi::storage
{
/// The SQL side of conflict detection: the spec's rule, candidate rows, inserts into `scored_conflicts`
/// and the automatic resolution when a revision closes a decision. Org-scoped; stateless.
class ConflictStore
{
public:
    /// Current decisions of the org contradicting `decision` by the spec's rule: same decision_type,
    /// another agent, another outcome, valid_from within one hour. At most `limit`, closest in time first.
    std::vector<std::string> ruleMatches(PgConnection& connection, const EmbeddingSource& decision, int limit);

    /// The current decisions among `ids` in the org, with their vectors when embedded by `model` with
    /// `dimensions`.
    std::vector<ConflictCandidate> load(PgConnection& connection, const std::string& orgId,
                                        const std::vector<std::string>& ids, const std::string& model, int dimensions);

    /// Stores `conflict` unless the pair is already known; returns the new row's id.
    std::optional<std::string> insert(PgConnection& connection, const NewConflict& conflict);

    /// Resolves the open conflicts of decisions a revision closed (HEAD: auto-resolve on supersede).
    void resolveClosed(PgConnection& connection, const std::vector<std::pair<std::string, std::string>>& decisionOrgIds);
};
} // namespace akashi::storage
