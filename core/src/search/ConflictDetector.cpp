#include "search/ConflictDetector.h"

#include "search/ConflictScore.h"
#include "search/VectorSearch.h"

#include <cstdio>
#include <map>
#include <set>

namespace akashi::search
{
namespace
{
std::string twoDecimals(double value)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
    return buffer;
}
} // namespace

ConflictDetector::ConflictDetector(const VectorSearch* index, std::string model, int dimensions)
    : _index(index), _model(std::move(model)), _dimensions(dimensions)
{
}

std::vector<ConflictDetector::Detected> ConflictDetector::detect(storage::PgConnection& connection,
                                                                 const std::vector<storage::EmbeddingSource>& sources,
                                                                 const std::vector<storage::ComputedEmbedding>& embedded)
{
    std::map<std::string, const storage::EmbeddingSource*> sourceById;
    for (const auto& source : sources)
        sourceById.emplace(source.decisionId, &source);
    std::map<std::string, const storage::ComputedEmbedding*> batchById;
    for (const auto& e : embedded)
        batchById.emplace(e.decisionId, &e);

    std::vector<Detected> found;
    for (const auto& e : embedded)
    {
        const auto sourceIt = sourceById.find(e.decisionId);
        if (sourceIt == sourceById.end())
            continue;
        const storage::EmbeddingSource& source = *sourceIt->second;

        const auto ruleIds = _store.ruleMatches(connection, source, kRuleCandidates);
        std::set<std::string> ids(ruleIds.begin(), ruleIds.end());
        if (_index)
            for (const auto& hit : _index->search(source.orgId, e.decision, kNeighbours + 1))
                ids.insert(hit.decisionId);
        // The rest of the batch is embedded only in memory so far: no index holds it yet.
        for (const auto& other : embedded)
            if (other.orgId == e.orgId)
                ids.insert(other.decisionId);
        ids.erase(e.decisionId);

        auto candidates = _store.load(connection, source.orgId, {ids.begin(), ids.end()}, _model, _dimensions);
        const std::set<std::string> rule(ruleIds.begin(), ruleIds.end());
        for (auto& candidate : candidates)
        {
            if (auto peer = batchById.find(candidate.decisionId); peer != batchById.end())
            {
                candidate.vector = peer->second->decision;
                candidate.outcomeVector = peer->second->outcome;
            }
            const auto score = ConflictScore::of({&e.decision, &e.outcome, source.confidence, source.validFromEpoch},
                                                 {&candidate.vector, &candidate.outcomeVector, candidate.confidence,
                                                  candidate.validFromEpoch});
            const bool byRule = rule.count(candidate.decisionId) > 0;
            if (byRule)
            {
                if (score && score->outcomeSimilarity >= kSameOutcomeSimilarity)
                    continue;
            }
            else if (!score || score->outcomeSimilarity >= kMaxOutcomeSimilarity ||
                     score->confidenceWeight < kMinConfidenceWeight || score->significance < kMinSignificance)
                continue;

            const bool sourceFirst = source.decisionId < candidate.decisionId;
            storage::NewConflict conflict;
            conflict.orgId = source.orgId;
            conflict.conflictKind = candidate.agentId == source.agentId ? "self_contradiction" : "cross_agent";
            conflict.decisionAId = sourceFirst ? source.decisionId : candidate.decisionId;
            conflict.decisionBId = sourceFirst ? candidate.decisionId : source.decisionId;
            conflict.agentA = sourceFirst ? source.agentId : candidate.agentId;
            conflict.agentB = sourceFirst ? candidate.agentId : source.agentId;
            conflict.decisionType = sourceFirst ? source.decisionType : candidate.decisionType;
            if (score)
            {
                conflict.topicSimilarity = score->topicSimilarity;
                conflict.outcomeDivergence = score->outcomeDivergence;
                conflict.significance = score->significance;
            }
            conflict.scoringMethod = score ? "embedding" : "text";
            conflict.explanation =
                byRule ? "same decision_type, different agents, different outcomes within one hour"
                       : "similar topic (" + twoDecimals(score->topicSimilarity) + "), divergent outcomes (" +
                             twoDecimals(score->outcomeDivergence) + ")";
            if (auto id = _store.insert(connection, conflict))
                found.push_back({*id, std::move(conflict)});
        }
    }
    return found;
}
} // namespace akashi::search
