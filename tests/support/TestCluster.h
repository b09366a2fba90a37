#pragma once
#include "storage/ConnectionSettings.h"
#include "storage/EmbeddedPostgres.h"

#include <string>

namespace akashi::test
{
/// The one PostgreSQL cluster a test run shares, started by the CTest fixture `postgres_cluster_start`
/// (akashi-test-cluster) under $AKASHI_TEST_CLUSTER_DIR with the server's own EmbeddedPostgres.
class TestCluster
{
public:
    /// The options the fixture uses for a cluster under `dir`: not durable (fast), socket port 5432.
    static storage::EmbeddedPostgres::Options options(const std::string& dir);

    /// The shared cluster's maintenance database (`postgres`). Fails the test when the fixture did not run.
    static storage::ConnectionSettings maintenance();
};
} // namespace akashi::test
