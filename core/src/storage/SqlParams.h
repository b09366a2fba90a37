#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace akashi::storage
{
/// Positional parameters for one statement ($1, $2, ...), sent to PostgreSQL in text format with
/// PQexecParams so values never touch the SQL text. A missing optional is SQL NULL.
class SqlParams
{
public:
    SqlParams() = default;

    SqlParams& add(std::string value);
    SqlParams& add(std::string_view value) { return add(std::string(value)); }
    SqlParams& add(const char* value) { return add(std::string(value)); }
    SqlParams& add(std::int64_t value);
    SqlParams& add(int value) { return add(static_cast<std::int64_t>(value)); }
    SqlParams& add(double value);
    SqlParams& add(bool value);
    SqlParams& addNull();

    template <typename T>
    SqlParams& add(const std::optional<T>& value)
    {
        return value ? add(*value) : addNull();
    }

    /// A text[] literal built from `values` (`{"a","b"}` with quotes and backslashes escaped).
    SqlParams& addTextArray(const std::vector<std::string>& values);
    /// Two text[] parameters: every pair's first, then every pair's second, for a join against
    /// `unnest($n::uuid[], $m::uuid[])` (e.g. decision id with its org id).
    SqlParams& addTextArrayPair(const std::vector<std::pair<std::string, std::string>>& pairs);

    std::size_t size() const noexcept { return _values.size(); }
    /// Pointers into this object: valid while it lives and is not modified. NULL for SQL NULL.
    std::vector<const char*> pointers() const;

private:
    std::vector<std::optional<std::string>> _values;
};
} // namespace akashi::storage
