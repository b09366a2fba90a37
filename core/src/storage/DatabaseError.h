#pragma once
#include "common/Exception.h"

#include <string>

namespace akashi::storage
{
/// A statement PostgreSQL refused, with its SQLSTATE so callers can tell a constraint violation (map to
/// 409/400) or a serialization failure (retry) from a real fault. Lost connections carry
/// `databaseUnavailable` (503); everything else `internal` (500, generic message to the client).
class DatabaseError : public Exception
{
public:
    DatabaseError(ErrorCode code, const std::string& message, std::string sqlState, std::string constraint);

    const std::string& sqlState() const noexcept { return _sqlState; }
    /// The violated constraint's name, when PostgreSQL reports one.
    const std::string& constraint() const noexcept { return _constraint; }

    bool isUniqueViolation() const noexcept { return _sqlState == "23505"; }
    bool isForeignKeyViolation() const noexcept { return _sqlState == "23503"; }
    bool isCheckViolation() const noexcept { return _sqlState == "23514"; }
    /// Serialization failure or deadlock: the transaction may simply be run again.
    bool isRetryable() const noexcept { return _sqlState == "40001" || _sqlState == "40P01"; }

    Poco::Exception* clone() const override;
    void rethrow() const override;

private:
    std::string _sqlState;
    std::string _constraint;
};
} // namespace akashi::storage
