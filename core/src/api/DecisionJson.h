#pragma once
#include "storage/DecisionRecord.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <vector>

namespace akashi::api
{
/// Wire shapes of the reference (§1.3, HEAD): Decision, Alternative, Evidence and DecisionConflict
/// (§6; /v1/check and the conflict routes). Optional columns are omitted when NULL (as Go's `omitempty`), except
/// `supersession_velocity_hours`, which HEAD always sends (null until superseded). Of HEAD's read-time
/// counters only those this server can compute are sent: conflict_count and precedent_citation_count;
/// agreement_count / consensus_weight need outcome embeddings and are omitted until those exist.
class DecisionJson
{
public:
    static Poco::JSON::Object::Ptr decision(const storage::DecisionRecord& decision);
    static Poco::JSON::Array::Ptr decisions(const std::vector<storage::DecisionRecord>& decisions);
    static Poco::JSON::Object::Ptr alternative(const storage::AlternativeRecord& alternative);
    static Poco::JSON::Object::Ptr evidence(const storage::EvidenceRecord& evidence);
    static Poco::JSON::Object::Ptr conflict(const storage::ConflictRecord& conflict);

    /// `decision` as one line of NDJSON (no trailing newline).
    static std::string line(const storage::DecisionRecord& decision);
};
} // namespace akashi::api
