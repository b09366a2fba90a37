#pragma once
#include "storage/DecisionRecord.h"
#include "storage/PgResult.h"
#include "storage/SqlParams.h"

#include <string>
#include <vector>

namespace akashi::storage
{
/// The SQL every read of `scored_conflicts` shares: the select list over the conflict `c` and its two
/// decisions `a` and `b` (agents, runs, outcomes and projects come from the decisions), the visibility
/// condition (both agents visible), and the mapping to ConflictRecord. One definition, so /v1/check and
/// the conflicts API cannot drift apart.
class ConflictRows
{
public:
    /// `c.id, c.org_id, ..., a.agent_id AS agent_a, ...`.
    static const std::string& columns();

    /// ` JOIN decisions a ... JOIN decisions b ...` after a source named `c` (the table or a CTE with its
    /// columns). The joins repeat the org so a conflict can never pull in another org's decision.
    static const std::string& joins();

    /// `"SELECT <columns> FROM scored_conflicts c <joins>"`, to be followed by a WHERE clause.
    static std::string select();

    /// ` AND a.agent_id = ANY($n) AND b.agent_id = ANY($n)` binding the scope's agents, or nothing when
    /// the scope sees every agent of the org.
    static std::string visibleTo(SqlParams& params, const DecisionScope& scope);

    /// ` AND <decision type is $n>`: the conflict's own type, or decision A's for rows without one.
    static std::string ofDecisionType(SqlParams& params, const std::string& decisionType);

    /// ` AND (a.project = $n OR b.project = $n)`: either decision belongs to `project`.
    static std::string touchingProject(SqlParams& params, const std::string& project);

    static ConflictRecord toRecord(const PgResult& result, int row);
    static std::vector<ConflictRecord> toRecords(const PgResult& result);
};
} // namespace akashi::storage
