#pragma once
#include "consistency/VisibilityGate.h"
#include "consistency/VisibilityToken.h"

#include <optional>
#include <string>

namespace akashi::storage
{
class Database;
}

namespace akashi::consistency
{
/// Read-after-write for handlers whose services read and write through their own pooled connections
/// (agents, grants): a token for "everything committed so far", and a wait before a read. Every lease
/// of the pool reaches the same PostgreSQL server, so waiting on one lease and reading on the next is
/// as good as reading on the same one. Thread-safe.
class Visibility
{
public:
    Visibility(storage::Database& database, const VisibilityGate& gate) : _database(database), _gate(gate) {}

    /// A token covering every write committed before this call.
    VisibilityToken committed();

    /// Waits until `token` is visible to this server's connections (no-op without a token).
    void await(const std::string& orgId, const std::optional<VisibilityToken>& token);

private:
    storage::Database& _database;
    const VisibilityGate& _gate;
};
} // namespace akashi::consistency
