#include "storage/PgResult.h"

#include "common/Exception.h"

#include <libpq-fe.h>

#include <cstdlib>

namespace akashi::storage
{
PgResult::PgResult(pg_result* result) : _result(result, &PQclear)
{
}

int PgResult::rows() const noexcept
{
    return PQntuples(_result.get());
}

std::int64_t PgResult::affectedRows() const
{
    const char* count = PQcmdTuples(_result.get());
    return count && *count ? std::strtoll(count, nullptr, 10) : 0;
}

int PgResult::columnIndex(const std::string& column) const
{
    const int index = PQfnumber(_result.get(), column.c_str());
    if (index < 0)
        throw Exception(ErrorCode::internal, "query result has no column \"" + column + "\"");
    return index;
}

const char* PgResult::raw(int row, const std::string& column) const
{
    const int index = columnIndex(column);
    if (row < 0 || row >= rows())
        throw Exception(ErrorCode::internal, "query result has no row " + std::to_string(row));
    return PQgetisnull(_result.get(), row, index) ? nullptr : PQgetvalue(_result.get(), row, index);
}

bool PgResult::isNull(int row, const std::string& column) const
{
    return raw(row, column) == nullptr;
}

std::string PgResult::text(int row, const std::string& column) const
{
    const char* value = raw(row, column);
    return value ? std::string(value) : std::string();
}

std::optional<std::string> PgResult::optionalText(int row, const std::string& column) const
{
    const char* value = raw(row, column);
    return value ? std::optional<std::string>(value) : std::nullopt;
}

std::int64_t PgResult::int64(int row, const std::string& column) const
{
    return optionalInt64(row, column).value_or(0);
}

std::optional<std::int64_t> PgResult::optionalInt64(int row, const std::string& column) const
{
    const char* value = raw(row, column);
    return value ? std::optional<std::int64_t>(std::strtoll(value, nullptr, 10)) : std::nullopt;
}

double PgResult::real(int row, const std::string& column) const
{
    return optionalReal(row, column).value_or(0.0);
}

std::optional<double> PgResult::optionalReal(int row, const std::string& column) const
{
    const char* value = raw(row, column);
    return value ? std::optional<double>(std::strtod(value, nullptr)) : std::nullopt;
}

bool PgResult::boolean(int row, const std::string& column) const
{
    const char* value = raw(row, column);
    return value && value[0] == 't';
}

std::vector<std::string> PgResult::textArray(int row, const std::string& column) const
{
    // PostgreSQL's text output of a one-dimensional text[]: {a,"b c","d\"e",NULL}. An unquoted NULL is
    // SQL NULL (read as ""); the string "NULL" is always quoted.
    std::vector<std::string> result;
    const char* value = raw(row, column);
    if (!value)
        return result;
    const std::string literal(value);
    if (literal.size() < 2 || literal.front() != '{' || literal.back() != '}')
        throw Exception(ErrorCode::internal, "column \"" + column + "\" is not an array");
    if (literal.size() == 2)
        return result;
    std::string current;
    bool inQuotes = false;
    bool wasQuoted = false;
    auto finishElement = [&] {
        result.push_back(!wasQuoted && current == "NULL" ? std::string() : current);
        current.clear();
        wasQuoted = false;
    };
    for (std::size_t i = 1; i + 1 < literal.size(); ++i)
    {
        const char c = literal[i];
        if (inQuotes)
        {
            if (c == '\\' && i + 2 < literal.size())
                current += literal[++i];
            else if (c == '"')
                inQuotes = false;
            else
                current += c;
        }
        else if (c == '"')
            inQuotes = wasQuoted = true;
        else if (c == ',')
            finishElement();
        else
            current += c;
    }
    finishElement();
    return result;
}
} // namespace akashi::storage
