#include "WordTokenizer.h"

namespace example::hash
{
namespace
{
bool isWordByte(unsigned char c) noexcept
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

char toLowerAscii(unsigned char c) noexcept
{
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}
} // namespace

std::vector<std::string> WordTokenizer::tokenize(std::string_view text)
{
    std::vector<std::string> tokens;
    std::string current;
    for (const char ch : text)
    {
        const auto c = static_cast<unsigned char>(ch);
        if (isWordByte(c))
        {
            current.push_back(toLowerAscii(c));
        }
        else if (!current.empty())
        {
            tokens.push_back(std::move(current));
            current.clear();
        }
    }
    if (!current.empty())
        tokens.push_back(std::move(current));
    return tokens;
}
} // namespace example::hash
