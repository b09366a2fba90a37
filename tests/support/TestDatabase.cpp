#include "support/TestDatabase.h"

#include "storage/DatabaseAdmin.h"
#include "support/TestCluster.h"

#include <atomic>
#include <iostream>
#include <unistd.h>

namespace akashi::test
{
namespace
{
std::atomic<int> counter{0};
}

TestDatabase::TestDatabase(const std::string& label)
    : _name("akashi_test_" + label + "_" + std::to_string(::getpid()) + "_" + std::to_string(++counter))
{
    storage::DatabaseAdmin::createDatabaseIfMissing(TestCluster::maintenance(), _name);
}

TestDatabase::~TestDatabase()
{
    try
    {
        storage::DatabaseAdmin::dropDatabase(TestCluster::maintenance(), _name);
    }
    catch (const std::exception& e)
    {
        std::cerr << "could not drop test database " << _name << ": " << e.what() << "\n";
    }
}

storage::ConnectionSettings TestDatabase::settings() const
{
    return TestCluster::maintenance().withDatabase(_name);
}

std::string TestDatabase::url(const std::string& password) const
{
    const storage::ConnectionSettings target = settings();
    const auto& p = target.parameters();
    return "postgres://" + p.at("user") + (password.empty() ? "" : ":" + password) + "@localhost:" + p.at("port") + "/" + _name + "?host=" + p.at("host");
}
} // namespace akashi::test
