#pragma once
#include "storage/ConnectionSettings.h"

#include <string>

namespace akashi::storage
{
/// One-off administrative statements over a short-lived plain libpq connection (CREATE/DROP DATABASE
/// cannot run inside Poco's pooled sessions' transactions and need the maintenance database anyway).
class DatabaseAdmin
{
public:
    /// Creates `database` (owned by the connecting role) unless it exists. Throws
    /// akashi::Exception(databaseUnavailable) with the server's message.
    static void createDatabaseIfMissing(const ConnectionSettings& maintenance, const std::string& database);

    /// Drops `database`, disconnecting its sessions (`WITH (FORCE)`); no error when it does not exist.
    static void dropDatabase(const ConnectionSettings& maintenance, const std::string& database);
};
} // namespace akashi::storage
