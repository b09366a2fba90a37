#pragma once
#include "storage/DecisionRecord.h"
#include "storage/PgConnection.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace akashi::storage
{
/// Counts over what one caller may see (`DecisionScope`: org and visible agents), for the MCP
/// akashi_stats tool. Current decision rows only. Stateless and thread-safe; the connection is not.
class DecisionStatsReader
{
public:
    struct Counts
    {
        std::int64_t decisions = 0;
        std::int64_t agents = 0;            ///< agents rows of the org the scope covers
        std::int64_t agentsWithDecisions = 0;
        std::int64_t assessments = 0;       ///< of visible decisions (any row version)
        std::optional<double> averageConfidence;
        std::optional<std::string> lastDecisionAt; ///< RFC 3339
        std::vector<std::pair<std::string, std::int64_t>> byType; ///< most frequent first
    };

    /// `maxTypes` bounds `byType` (an org may use many free-form types).
    Counts counts(PgConnection& connection, const DecisionScope& scope, int maxTypes);
};
} // namespace akashi::storage
