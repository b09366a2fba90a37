#pragma once
#include <cstddef>
#include <string_view>

namespace akashi::plugins::embedding::remote
{
/// The longest prefix of `text` of at most `maxBytes` bytes that does not end inside a UTF-8 sequence, so a
/// truncated input stays valid UTF-8 (the APIs refuse invalid JSON strings). Backs up at most 3 bytes: in
/// text that is not UTF-8 to begin with, continuation-looking bytes are not worth losing more for.
std::string_view truncateUtf8(std::string_view text, std::size_t maxBytes) noexcept;
} // namespace akashi::plugins::embedding::remote
