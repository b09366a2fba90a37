#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace example::hash
{
/// Splits text into lowercase word tokens: maximal runs of ASCII letters and digits, lowercased, plus any
/// bytes >= 0x80, so that the UTF-8 sequences of non-ASCII words stay inside their word (they are not case
/// folded). Everything else (spaces, punctuation, control characters) separates tokens.
/// Stateless, so safe to use from several threads.
class WordTokenizer
{
public:
    /// The tokens of `text` in order, duplicates kept (their count is the term frequency).
    /// Throws std::bad_alloc only.
    static std::vector<std::string> tokenize(std::string_view text);
};
} // namespace example::hash
