#pragma once
#include <string>

namespace akashi::search
{
/// One nearest neighbour: a decision and its cosine similarity to the query (in [-1, 1], best first).
struct VectorHit
{
    std::string decisionId;
    float similarity = 0;
};
} // namespace akashi::search
