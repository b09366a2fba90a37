#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace akashi::integrity
{
/// One step of an inclusion proof: the sibling at that level and which side it is on.
struct ProofStep
{
    std::string hash;
    bool isRight = false; ///< the sibling is the right operand of the pair
};

/// The Merkle tree over one integrity batch (docs/integrity.md), compatible with the reference's HEAD:
/// - leaves are the batch's content hashes as text (`v2:<hex>`), sorted ascending by byte value;
/// - node(a, b) = lowercase_hex(SHA-256(0x01 ‖ uint32_be(len(a)) ‖ a ‖ b)) over the hashes' text bytes
///   (0x01 separates inner nodes from leaves, the length prefix fixes the boundary between a and b);
/// - a level with an odd count pairs its last node with itself; a single leaf is the root.
/// Immutable after construction; thread-safe to share.
class MerkleTree
{
public:
    /// Builds every level. Throws akashi::Exception(internal) when `leaves` is empty or not sorted:
    /// either is a caller's bug, since an unsorted input gives a root nobody else can reproduce.
    explicit MerkleTree(std::vector<std::string> leaves);

    const std::string& root() const { return _levels.back().front(); }
    std::size_t leafCount() const noexcept { return _levels.front().size(); }
    const std::vector<std::string>& leaves() const noexcept { return _levels.front(); }

    /// The siblings from the leaf at `index` up to the root (empty for a single leaf). Throws
    /// akashi::Exception(internal) when `index` is out of range.
    std::vector<ProofStep> proof(std::size_t index) const;

    /// The root that `leaf` and `path` lead to.
    static std::string rootFromProof(const std::string& leaf, const std::vector<ProofStep>& path);
    /// True when `leaf` and `path` lead to `root`.
    static bool verify(const std::string& leaf, const std::vector<ProofStep>& path, const std::string& root);

    static std::string node(const std::string& left, const std::string& right);
    /// Ascending by byte value (std::string's order), duplicates allowed.
    static bool isSorted(const std::vector<std::string>& leaves);

private:
    std::vector<std::vector<std::string>> _levels; ///< [0] = leaves, back() = {root}
};
} // namespace akashi::integrity
