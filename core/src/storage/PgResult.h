#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct pg_result;

namespace akashi::storage
{
/// A completed statement's rows (RAII over PGresult). Values are read by row and column name; every
/// accessor throws akashi::Exception(internal) for an unknown column, so a typo in SQL fails loudly
/// instead of reading NULL.
class PgResult
{
public:
    explicit PgResult(pg_result* result);

    int rows() const noexcept;
    /// Rows touched by INSERT/UPDATE/DELETE.
    std::int64_t affectedRows() const;

    bool isNull(int row, const std::string& column) const;
    std::string text(int row, const std::string& column) const;
    std::optional<std::string> optionalText(int row, const std::string& column) const;
    std::int64_t int64(int row, const std::string& column) const;
    std::optional<std::int64_t> optionalInt64(int row, const std::string& column) const;
    double real(int row, const std::string& column) const;
    std::optional<double> optionalReal(int row, const std::string& column) const;
    bool boolean(int row, const std::string& column) const;
    /// A text[] column, parsed from PostgreSQL's array literal.
    std::vector<std::string> textArray(int row, const std::string& column) const;

private:
    int columnIndex(const std::string& column) const;
    const char* raw(int row, const std::string& column) const;

    std::shared_ptr<pg_result> _result;
};
} // namespace akashi::storage
