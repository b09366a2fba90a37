#pragma once
#include <string>
#include <string_view>

namespace akashi::logging
{
/// Escapes `text` for use inside a JSON string literal (quotes not included). Invalid UTF-8 bytes are
/// replaced by U+FFFD so a log line is always valid JSON.
std::string jsonEscape(std::string_view text);
} // namespace akashi::logging
