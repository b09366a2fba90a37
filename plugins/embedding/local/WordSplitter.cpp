#include "WordSplitter.h"

namespace akashi::plugins::embedding::local
{
std::size_t WordSplitter::separatorLength(std::string_view text, std::size_t i) noexcept
{
    const auto byte = [&](std::size_t at) { return at < text.size() ? static_cast<unsigned char>(text[at]) : 0u; };
    const unsigned char c = byte(i);
    if (c < 0x80)
        return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ? 0 : 1;
    if (c == 0xC2 && byte(i + 1) == 0xA0) // U+00A0 no-break space
        return 2;
    if (c == 0xE2 && (byte(i + 1) == 0x80 || byte(i + 1) == 0x81) && (byte(i + 2) & 0xC0) == 0x80) // U+2000..U+207F
        return 3;
    if (c == 0xE3 && byte(i + 1) == 0x80 && (byte(i + 2) & 0xC0) == 0x80) // U+3000..U+303F
        return 3;
    return 0;
}

void WordSplitter::split(std::string_view text, std::string& lowered, std::vector<std::string_view>& words)
{
    lowered.assign(text);
    words.clear();
    for (char& c : lowered)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    const std::string_view all(lowered);
    std::size_t start = 0;
    std::size_t i = 0;
    while (i < all.size())
    {
        const std::size_t separator = separatorLength(all, i);
        if (separator == 0)
        {
            ++i;
            continue;
        }
        if (i > start)
            words.push_back(all.substr(start, i - start));
        i += separator;
        start = i;
    }
    if (i > start)
        words.push_back(all.substr(start, i - start));
}
} // namespace akashi::plugins::embedding::local
