#include "JsonWriter.h"

#include <charconv>
#include <cmath>

namespace akashi::plugins::exporter::otlp
{
namespace
{
/// Length of the well-formed UTF-8 sequence at `text[i]` (RFC 3629: no overlongs, no surrogates, at most
/// U+10FFFF), or 0 when it is not one.
std::size_t utf8Length(std::string_view text, std::size_t i)
{
    const auto at = [&text](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = at(i);
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf)
        length = 2;
    else if (lead >= 0xe0 && lead <= 0xef)
    {
        length = 3;
        low = lead == 0xe0 ? 0xa0 : 0x80;
        high = lead == 0xed ? 0x9f : 0xbf;
    }
    else if (lead >= 0xf0 && lead <= 0xf4)
    {
        length = 4;
        low = lead == 0xf0 ? 0x90 : 0x80;
        high = lead == 0xf4 ? 0x8f : 0xbf;
    }
    else
        return 0;
    if (i + length > text.size() || at(i + 1) < low || at(i + 1) > high)
        return 0;
    for (std::size_t k = 2; k < length; ++k)
        if (at(i + k) < 0x80 || at(i + k) > 0xbf)
            return 0;
    return length;
}
} // namespace

void JsonWriter::separate()
{
    if (_afterKey)
    {
        _afterKey = false;
        return;
    }
    if (!_hasMembers.empty())
    {
        if (_hasMembers.back())
            _out += ',';
        _hasMembers.back() = true;
    }
}

JsonWriter& JsonWriter::beginObject()
{
    separate();
    _out += '{';
    _hasMembers.push_back(false);
    return *this;
}

JsonWriter& JsonWriter::endObject()
{
    _out += '}';
    _hasMembers.pop_back();
    return *this;
}

JsonWriter& JsonWriter::beginArray()
{
    separate();
    _out += '[';
    _hasMembers.push_back(false);
    return *this;
}

JsonWriter& JsonWriter::endArray()
{
    _out += ']';
    _hasMembers.pop_back();
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name)
{
    string(name);
    _out += ':';
    _afterKey = true;
    return *this;
}

JsonWriter& JsonWriter::string(std::string_view value)
{
    separate();
    static constexpr char kHex[] = "0123456789abcdef";
    _out += '"';
    for (std::size_t i = 0; i < value.size(); ++i)
    {
        const char c = value[i];
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80)
        {
            // Receivers reject invalid UTF-8 (a percent-decoded path may hold any byte): U+FFFD instead.
            const std::size_t length = utf8Length(value, i);
            if (length == 0)
                _out += "\ufffd";
            else
            {
                _out.append(value.substr(i, length));
                i += length - 1;
            }
        }
        else if (c == '"')
            _out += "\\\"";
        else if (c == '\\')
            _out += "\\\\";
        else if (c == '\n')
            _out += "\\n";
        else if (c == '\r')
            _out += "\\r";
        else if (c == '\t')
            _out += "\\t";
        else if (byte < 0x20)
        {
            _out += "\\u00";
            _out += kHex[byte >> 4];
            _out += kHex[byte & 0xf];
        }
        else
            _out += c;
    }
    _out += '"';
    return *this;
}

JsonWriter& JsonWriter::number(double value)
{
    if (std::isnan(value))
        return string("NaN");
    if (std::isinf(value))
        return string(value > 0 ? "Infinity" : "-Infinity");
    separate();
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    _out.append(buffer, result.ptr);
    return *this;
}

JsonWriter& JsonWriter::integer(std::int64_t value)
{
    separate();
    _out += std::to_string(value);
    return *this;
}

JsonWriter& JsonWriter::boolean(bool value)
{
    separate();
    _out += value ? "true" : "false";
    return *this;
}
} // namespace akashi::plugins::exporter::otlp
