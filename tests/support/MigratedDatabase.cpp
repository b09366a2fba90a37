#include "support/MigratedDatabase.h"

#include "storage/Migration.h"
#include "storage/Migrator.h"

namespace akashi::test
{
MigratedDatabase::MigratedDatabase(const std::string& label)
    : _database(label), _pool(_database.settings(), {1, 4}, std::chrono::seconds(5))
{
    storage::Migrator(storage::embeddedMigrations()).apply(_pool);
}
} // namespace akashi::test
