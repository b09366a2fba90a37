#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace akashi::storage
{
class Database;
}

namespace akashi::server
{
/// `akashi verify-integrity [--org UUID]`: the offline integrity check (integrity::IntegrityVerifier,
/// docs/integrity.md) on an open database, e.g. after a restore. Prints progress and every mismatch to
/// `out`, usage and failures to `err`.
class VerifyIntegrityCommand
{
public:
    static constexpr int kClean = 0;
    static constexpr int kMismatch = 1;
    static constexpr int kUsage = 64;    ///< EX_USAGE: unknown option, missing or malformed value
    static constexpr int kCheckFailed = 70; ///< EX_SOFTWARE: the check could not finish (database error)

    /// `args` are the arguments after `verify-integrity`. Exit status: 0 clean (also for --help), 1 when
    /// anything mismatched, 64 on usage errors, 70 when the check could not complete.
    static int run(storage::Database& database, const std::vector<std::string>& args, std::ostream& out,
                   std::ostream& err);

    static const char* usage();
};
} // namespace akashi::server
