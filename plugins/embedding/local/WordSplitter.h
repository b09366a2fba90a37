#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace akashi::plugins::embedding::local
{
/// Splits text into words for hashing: runs of ASCII letters and digits and of non-ASCII UTF-8 sequences
/// (so "Größe" and "数据库" are words), ASCII lowercased. Everything else separates words, and so do the
/// Unicode spaces and punctuation a pasted text typically carries (U+00A0, U+2000..U+207F such as
/// "’" and "—", U+3000..U+303F such as "。"). Stateless.
class WordSplitter
{
public:
    /// Fills `lowered` with the lowercased text and `words` with views into it (both cleared first);
    /// reusing the buffers across calls avoids allocating per text.
    static void split(std::string_view text, std::string& lowered, std::vector<std::string_view>& words);

private:
    /// Bytes of the separator sequence starting at `text[i]` (0 when `text[i]` starts a word character).
    static std::size_t separatorLength(std::string_view text, std::size_t i) noexcept;
};
} // namespace akashi::plugins::embedding::local
