#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace akashi::plugins::embedding::local
{
/// Feature hashing ("the hashing trick") of a text into a dense, L2-normalised vector:
///   * features: each word, each pair of adjacent words, and each character n-gram of `ngramMin..ngramMax`
///     code points of "<word>" (the angle brackets mark word boundaries, so "<st" differs from "st"); the
///     n-grams give related word forms ("store", "storage") shared dimensions;
///   * weights: sublinear term frequency 1 + ln(tf) per distinct feature, times a weight per feature kind
///     (words 1, word pairs 0.6, n-grams 0.25, so a word's many n-grams do not outweigh the word);
///   * buckets: a 64-bit hash per feature picks one of `dimensions` buckets from its low 32 bits and the
///     sign from its top bit, so colliding features cancel on average instead of piling up.
/// Deterministic across runs and machines (FNV-1a + a fixed finaliser, no seeds from the environment).
/// Immutable after construction: thread-safe.
class FeatureHasher
{
public:
    FeatureHasher(std::size_t dimensions, unsigned ngramMin, unsigned ngramMax);

    /// The vector of `text`, or an empty vector when the text has no words.
    std::vector<float> embed(std::string_view text) const;

    std::size_t dimensions() const noexcept { return _dimensions; }
    unsigned ngramMin() const noexcept { return _ngramMin; }
    unsigned ngramMax() const noexcept { return _ngramMax; }

private:
    /// FNV-1a over `bytes`, continuing from `state`.
    static std::uint64_t fnv1a(std::string_view bytes, std::uint64_t state) noexcept;
    /// A 64-bit finaliser (MurmurHash3's fmix64) so every output bit depends on every input bit.
    static std::uint64_t mix(std::uint64_t h) noexcept;
    void addCharacterNgrams(std::string_view word, std::string& padded, std::vector<std::size_t>& starts,
                            std::vector<std::uint64_t>& out) const;
    /// Adds `weight * (1 + ln tf)` for every distinct hash of `hashes` (sorted in place) into `sums`.
    void accumulate(std::vector<std::uint64_t>& hashes, float weight, std::vector<float>& sums) const;

    std::size_t _dimensions;
    unsigned _ngramMin;
    unsigned _ngramMax;
};
} // namespace akashi::plugins::embedding::local
