#pragma once
#include "storage/ConnectionSettings.h"

#include <string>

namespace akashi::test
{
/// A fresh database in the shared test cluster, dropped (with its connections) on destruction.
class TestDatabase
{
public:
    /// `label` makes the name readable in the cluster: akashi_test_<label>_<pid>_<n>.
    explicit TestDatabase(const std::string& label);
    ~TestDatabase();

    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    const std::string& name() const noexcept { return _name; }
    storage::ConnectionSettings settings() const;

    /// A DATABASE_URL for the server under test (unix socket via `?host=`). The cluster trusts its socket,
    /// so `password`, when given, is accepted and ignored: tests use it to check secrets are not logged.
    std::string url(const std::string& password = {}) const;

private:
    std::string _name;
};
} // namespace akashi::test
