#include "Utf8Truncate.h"

namespace akashi::plugins::embedding::remote
{
std::string_view truncateUtf8(std::string_view text, std::size_t maxBytes) noexcept
{
    if (text.size() <= maxBytes)
        return text;
    // text[cut] is the first byte left out; while it continues a sequence, that sequence began before
    // `cut` and would be split, so leave it out whole.
    std::size_t cut = maxBytes;
    for (int step = 0; step < 3 && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80; ++step)
        --cut;
    return text.substr(0, cut);
}
} // namespace akashi::plugins::embedding::remote
