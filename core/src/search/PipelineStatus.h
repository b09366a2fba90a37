#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace akashi::search
{
/// What /health reports about the embedding pipeline (app::SearchSubsystem::status).
struct PipelineStatus
{
    std::string embeddingModel;
    bool providerAvailable = true;
    std::int64_t outboxDepth = -1; ///< -1 = not measured yet
    std::size_t indexedVectors = 0;
    bool indexCaughtUp = false;
};
} // namespace akashi::search
