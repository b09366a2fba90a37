#include "storage/DatabaseError.h"

namespace akashi::storage
{
DatabaseError::DatabaseError(ErrorCode code, const std::string& message, std::string sqlState, std::string constraint)
    : Exception(code, message), _sqlState(std::move(sqlState)), _constraint(std::move(constraint))
{
}

Poco::Exception* DatabaseError::clone() const
{
    return new DatabaseError(*this);
}

void DatabaseError::rethrow() const
{
    throw *this;
}
} // namespace akashi::storage
