#pragma once
#include "storage/Database.h"
#include "support/TestDatabase.h"

#include <string>

namespace akashi::test
{
/// A fresh database with every embedded migration applied and a pool on it, for repository and
/// service tests.
class MigratedDatabase
{
public:
    explicit MigratedDatabase(const std::string& label);

    storage::Database& database() noexcept { return _pool; }
    const TestDatabase& testDatabase() const noexcept { return _database; }

private:
    TestDatabase _database;
    storage::Database _pool;
};
} // namespace akashi::test
