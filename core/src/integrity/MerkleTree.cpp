#include "integrity/MerkleTree.h"

#include "common/Exception.h"
#include "common/Sha256.h"

#include <algorithm>
#include <cstdint>

namespace akashi::integrity
{
std::string MerkleTree::node(const std::string& left, const std::string& right)
{
    const auto length = static_cast<std::uint32_t>(left.size());
    std::string preimage;
    preimage.reserve(5 + left.size() + right.size());
    preimage.push_back('\x01');
    preimage.push_back(static_cast<char>((length >> 24) & 0xff));
    preimage.push_back(static_cast<char>((length >> 16) & 0xff));
    preimage.push_back(static_cast<char>((length >> 8) & 0xff));
    preimage.push_back(static_cast<char>(length & 0xff));
    preimage += left;
    preimage += right;
    return Sha256::hex(preimage);
}

bool MerkleTree::isSorted(const std::vector<std::string>& leaves)
{
    return std::is_sorted(leaves.begin(), leaves.end());
}

MerkleTree::MerkleTree(std::vector<std::string> leaves)
{
    if (leaves.empty())
        throw Exception(ErrorCode::internal, "a Merkle tree needs at least one leaf");
    if (!isSorted(leaves))
        throw Exception(ErrorCode::internal, "Merkle tree leaves must be sorted ascending");
    _levels.push_back(std::move(leaves));
    while (_levels.back().size() > 1)
    {
        const auto& level = _levels.back();
        std::vector<std::string> parents;
        parents.reserve((level.size() + 1) / 2);
        for (std::size_t i = 0; i < level.size(); i += 2)
            parents.push_back(node(level[i], i + 1 < level.size() ? level[i + 1] : level[i]));
        _levels.push_back(std::move(parents));
    }
}

std::vector<ProofStep> MerkleTree::proof(std::size_t index) const
{
    if (index >= leafCount())
        throw Exception(ErrorCode::internal, "Merkle proof for leaf " + std::to_string(index) + " of " +
                                                 std::to_string(leafCount()));
    std::vector<ProofStep> path;
    for (std::size_t level = 0; level + 1 < _levels.size(); ++level, index /= 2)
    {
        const auto& nodes = _levels[level];
        if (index % 2 == 1)
            path.push_back({nodes[index - 1], false});
        else // the last node of an odd level is its own sibling
            path.push_back({index + 1 < nodes.size() ? nodes[index + 1] : nodes[index], true});
    }
    return path;
}

std::string MerkleTree::rootFromProof(const std::string& leaf, const std::vector<ProofStep>& path)
{
    std::string current = leaf;
    for (const auto& step : path)
        current = step.isRight ? node(current, step.hash) : node(step.hash, current);
    return current;
}

bool MerkleTree::verify(const std::string& leaf, const std::vector<ProofStep>& path, const std::string& root)
{
    return rootFromProof(leaf, path) == root;
}
} // namespace akashi::integrity
