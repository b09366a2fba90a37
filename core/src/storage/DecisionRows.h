#pragma once
#include "storage/DecisionRecord.h"
#include "storage/PgConnection.h"

#include <string>
#include <vector>

namespace akashi::storage
{
/// The select list of a decision row version (alias `d`, with the read-time counters) and its mapping
/// to DecisionRecord, plus the one-query-per-page loading of alternatives and evidence.
class DecisionRows
{
public:
    /// `d.id, d.run_id, ...` and the counters conflict_count, precedent_citation_count,
    /// supersession_velocity_hours (computed in the same statement, never per row from C++).
    static const std::string& columns();

    static DecisionRecord toRecord(const PgResult& result, int row);
    static std::vector<DecisionRecord> toRecords(const PgResult& result);

    /// Fills `alternatives` of every record with one query (`decision_id = ANY($2)`), ordered by
    /// created_at then id; records without any get an empty list.
    static void loadAlternatives(PgConnection& connection, const std::string& orgId,
                                 std::vector<DecisionRecord>& decisions);
    /// Same for `evidence`.
    static void loadEvidence(PgConnection& connection, const std::string& orgId, std::vector<DecisionRecord>& decisions);
};
} // namespace akashi::storage
