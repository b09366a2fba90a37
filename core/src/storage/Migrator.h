#pragma once
#include "storage/Migration.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace akashi::storage
{
class Database;
class PgConnection;

/// What one Migrator::apply did.
struct MigrationReport
{
    std::vector<std::string> applied; ///< file names applied by this call, in version order
    int alreadyApplied = 0;           ///< migrations that were recorded before this call
};

/// Brings a database's schema up to a list of migrations and records each in `schema_migrations`
/// (version, name, checksum = hex SHA-256 of the SQL, applied_at). Refuses a database whose recorded
/// migrations this list cannot explain: a checksum that changed, a version it does not know, or a gap.
/// Stateless between calls; one object may be used from several threads.
class Migrator
{
public:
    /// Held with pg_advisory_xact_lock for the whole migration transaction, so concurrent servers apply
    /// each migration once: 0x414B415348490001 ("AKASHI" then 0x0001). pg_locks shows it as
    /// locktype advisory, classid 1095450963, objid 1212743681, objsubid 1.
    static constexpr std::int64_t kAdvisoryLockKey = 0x414B415348490001;

    /// `migrations` in any order; their versions must then run 1..N without gaps, else
    /// akashi::Exception(internal, "migrations are not numbered 1..N without gaps").
    explicit Migrator(std::vector<Migration> migrations);

    /// Applies every pending migration in ONE transaction (under kAdvisoryLockKey), creating
    /// schema_migrations first if missing: either all of them are applied and recorded or, on any
    /// error, nothing is. Works through PgBouncer transaction pooling (no session state survives the
    /// transaction). Throws akashi::Exception naming the offending migration file; see
    /// migrations/README.md for the messages. `onApplying`, when given, is called before each pending
    /// migration runs (progress for `akashi migrate`; again for each if the transaction is retried).
    MigrationReport apply(Database& database, const std::function<void(const Migration&)>& onApplying = {});

    /// The migrations apply() would run, after the same checks; reads only (no lock, creates nothing).
    std::vector<Migration> pending(Database& database);

    /// Lower-case hex SHA-256 of `sql`: what schema_migrations.checksum records (= sha256sum of the file).
    static std::string checksum(const std::string& sql);

private:
    struct Applied
    {
        int version;
        std::string name;
        std::string checksum;
        std::string appliedAt;
    };

    std::vector<Applied> readApplied(PgConnection& connection) const;
    /// Throws unless `applied` is a prefix of this list with unchanged checksums; returns the rest.
    std::vector<Migration> verify(const std::vector<Applied>& applied) const;
    void run(PgConnection& connection, const Migration& migration) const;

    std::vector<Migration> _migrations; ///< sorted; _migrations[i].version == i + 1
    std::vector<std::string> _checksums;
};
} // namespace akashi::storage
