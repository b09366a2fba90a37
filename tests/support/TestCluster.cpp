#include "support/TestCluster.h"

#include <cppunit/TestAssert.h>

#include <cstdlib>

namespace akashi::test
{
storage::EmbeddedPostgres::Options TestCluster::options(const std::string& dir)
{
    storage::EmbeddedPostgres::Options options;
    options.baseDir = dir;
    options.durable = false;
    options.database = "akashi";
    return options;
}

storage::ConnectionSettings TestCluster::maintenance()
{
    const char* dir = std::getenv("AKASHI_TEST_CLUSTER_DIR");
    CPPUNIT_ASSERT_MESSAGE("AKASHI_TEST_CLUSTER_DIR is not set: run this suite through ctest", dir != nullptr);
    const auto opts = options(dir);
    return storage::ConnectionSettings::forSocket(std::string(dir) + "/socket", opts.port, opts.role, "postgres");
}
} // namespace akashi::test
