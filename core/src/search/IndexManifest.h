#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace akashi::search
{
/// The manifest of a saved vector index (`manifest.json`): which vector space it holds, how far the
/// decisions.embedding_seq follower had got, and per org the hnswlib graph file with its size and SHA-256
/// and the decision id of every label. Written last by VectorIndex::save, so it only ever names graph
/// files that are complete on disk. The JSON layout is documented in docs/search.md.
struct IndexManifest
{
    static constexpr const char* kFormat = "akashi-vector-index";
    /// Bumped on any incompatible change of this layout or of the graph files; older readers refuse it.
    static constexpr std::int64_t kVersion = 1;

    struct Org
    {
        std::string orgId;
        std::string file;   ///< graph file name inside the index directory (no path separators)
        std::uint64_t bytes = 0;
        std::string sha256; ///< 64 lowercase hex characters
        /// Index = hnswlib label; "" marks a label whose vector was deleted (markDelete) but is still
        /// stored in the graph until the next compaction.
        std::vector<std::string> decisionIdByLabel;
    };

    std::string model;
    std::size_t dimensions = 0;
    std::int64_t appliedSequence = 0;
    std::uint64_t generation = 0; ///< counts saves; graph file names carry the generation that wrote them
    std::vector<Org> orgs;

    std::string toJson() const;

    /// Parses and validates `text` (format, version, types, file names, label lists, no duplicate org or
    /// decision). Throws akashi::Exception(internal) naming the first problem.
    static IndexManifest fromJson(const std::string& text);
};
} // namespace akashi::search
