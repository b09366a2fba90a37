#include "FeatureHasher.h"

#include "WordSplitter.h"

#include <algorithm>
#include <cmath>

namespace akashi::plugins::embedding::local
{
namespace
{
// Distinct FNV offset bases per feature kind: the word "ab" and the n-gram "ab" are different features.
constexpr std::uint64_t kWordBasis = 14695981039346656037ull;
constexpr std::uint64_t kPairBasis = kWordBasis ^ 0x9E3779B97F4A7C15ull;
constexpr std::uint64_t kNgramBasis = kWordBasis ^ 0xC2B2AE3D27D4EB4Full;

constexpr float kWordWeight = 1.0f;
constexpr float kPairWeight = 0.6f;
constexpr float kNgramWeight = 0.25f;

} // namespace

FeatureHasher::FeatureHasher(std::size_t dimensions, unsigned ngramMin, unsigned ngramMax)
    : _dimensions(dimensions), _ngramMin(ngramMin), _ngramMax(ngramMax)
{
}

std::uint64_t FeatureHasher::fnv1a(std::string_view bytes, std::uint64_t state) noexcept
{
    for (const char c : bytes)
    {
        state ^= static_cast<unsigned char>(c);
        state *= 1099511628211ull;
    }
    return state;
}

std::uint64_t FeatureHasher::mix(std::uint64_t h) noexcept
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

void FeatureHasher::addCharacterNgrams(std::string_view word, std::string& padded, std::vector<std::size_t>& starts,
                                       std::vector<std::uint64_t>& out) const
{
    padded.assign(1, '<');
    padded.append(word);
    padded.push_back('>');
    // Byte offsets of the code points, plus the end: an n-gram spans starts[s] .. starts[s + n], so it
    // never cuts a multi-byte sequence.
    starts.clear();
    for (std::size_t i = 0; i < padded.size(); ++i)
        if ((static_cast<unsigned char>(padded[i]) & 0xC0) != 0x80)
            starts.push_back(i);
    const std::size_t codePoints = starts.size();
    starts.push_back(padded.size());
    const std::string_view all(padded);
    for (std::size_t n = _ngramMin; n <= _ngramMax && n <= codePoints; ++n)
        for (std::size_t s = 0; s + n <= codePoints; ++s)
            out.push_back(mix(fnv1a(all.substr(starts[s], starts[s + n] - starts[s]), kNgramBasis)));
}

void FeatureHasher::accumulate(std::vector<std::uint64_t>& hashes, float weight, std::vector<float>& sums) const
{
    std::sort(hashes.begin(), hashes.end());
    for (std::size_t i = 0; i < hashes.size();)
    {
        std::size_t end = i + 1;
        while (end < hashes.size() && hashes[end] == hashes[i])
            ++end;
        const std::uint64_t h = hashes[i];
        const std::size_t tf = end - i;
        const float value = tf == 1 ? weight : weight * (1.0f + std::log(static_cast<float>(tf)));
        const std::size_t bucket = static_cast<std::size_t>(((h & 0xffffffffull) * _dimensions) >> 32);
        sums[bucket] += (h >> 63) != 0 ? -value : value;
        i = end;
    }
}

std::vector<float> FeatureHasher::embed(std::string_view text) const
{
    // Plain locals, not thread_local buffers: those would keep the plugin mapped after dlclose until every
    // thread that embedded exits, and measured no faster.
    std::string lowered;
    std::vector<std::string_view> words;
    WordSplitter::split(text, lowered, words);
    if (words.empty())
        return {};

    std::vector<std::uint64_t> wordHashes;
    std::vector<std::uint64_t> pairHashes;
    std::vector<std::uint64_t> ngramHashes;
    wordHashes.reserve(words.size());
    pairHashes.reserve(words.size());
    ngramHashes.reserve(lowered.size() * (_ngramMax - _ngramMin + 1));
    std::string padded;
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < words.size(); ++i)
    {
        wordHashes.push_back(mix(fnv1a(words[i], kWordBasis)));
        if (i > 0)
            pairHashes.push_back(mix(fnv1a(words[i], fnv1a(std::string_view("\0", 1), fnv1a(words[i - 1], kPairBasis)))));
        addCharacterNgrams(words[i], padded, starts, ngramHashes);
    }

    std::vector<float> sums(_dimensions, 0.0f);
    accumulate(wordHashes, kWordWeight, sums);
    accumulate(pairHashes, kPairWeight, sums);
    accumulate(ngramHashes, kNgramWeight, sums);

    double squares = 0.0;
    for (const float s : sums)
        squares += static_cast<double>(s) * s;
    // Signed features can cancel exactly (likeliest with very few buckets); a unit vector is still promised.
    if (squares == 0.0)
    {
        sums[0] = 1.0f;
        return sums;
    }
    const float scale = static_cast<float>(1.0 / std::sqrt(squares));
    for (float& s : sums)
        s *= scale;
    return sums;
}
} // namespace akashi::plugins::embedding::local
