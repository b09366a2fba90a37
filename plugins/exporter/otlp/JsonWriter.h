#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace akashi::plugins::exporter::otlp
{
/// Appends compact JSON (RFC 8259) to a string: commas and nesting are tracked, strings are escaped
/// (quote, backslash, control characters as \uXXXX; well-formed UTF-8 passes through, any other byte becomes
/// U+FFFD), doubles use the
/// shortest text that reads back the same. Non-finite doubles are written as the strings "NaN",
/// "Infinity" and "-Infinity", as the protobuf JSON mapping does. Not thread-safe; one per message.
class JsonWriter
{
public:
    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    /// The next member's name (inside an object).
    JsonWriter& key(std::string_view name);

    JsonWriter& string(std::string_view value);
    JsonWriter& number(double value);
    JsonWriter& integer(std::int64_t value);
    JsonWriter& boolean(bool value);

    const std::string& text() const noexcept { return _out; }
    std::string take() { return std::move(_out); }

private:
    void separate();

    std::string _out;
    std::vector<bool> _hasMembers; ///< per open object/array: something written already
    bool _afterKey = false;
};
} // namespace akashi::plugins::exporter::otlp
