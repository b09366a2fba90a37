#include "VerifyIntegrityCommand.h"

#include "auth/RandomId.h"
#include "common/Exception.h"
#include "integrity/IntegrityVerifier.h"

#include <Poco/String.h>

#include <optional>
#include <ostream>

namespace akashi::server
{
namespace
{
void printMismatch(std::ostream& out, const integrity::IntegrityMismatch& mismatch)
{
    out << "MISMATCH " << mismatch.kind << " org " << mismatch.orgId;
    if (!mismatch.decisionId.empty())
        out << " decision " << mismatch.decisionId;
    if (!mismatch.proofId.empty())
        out << " batch " << mismatch.proofId;
    out << ": " << mismatch.detail << '\n';
}
} // namespace

const char* VerifyIntegrityCommand::usage()
{
    return "usage: akashi verify-integrity [--org UUID]\n"
           "Re-hashes every decision, recomputes every integrity batch's Merkle root from its sealed leaves and\n"
           "checks the chain of batches, against the server's database (DATABASE_URL, or the embedded cluster under\n"
           "the state directory; --config-file FILE and --set KEY=VALUE as for the server).\n"
           "  --org UUID  check one organization only\n"
           "  --help      print this help\n"
           "Exit status: 0 clean, 1 mismatches found, 64 usage error, 70 the check could not complete (e.g. the\n"
           "database is unreachable), 78 invalid configuration.\n";
}

int VerifyIntegrityCommand::run(storage::Database& database, const std::vector<std::string>& args, std::ostream& out,
                                std::ostream& err)
{
    integrity::IntegrityVerifier::Options options;
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        if (args[i] == "--help" || args[i] == "-h")
        {
            out << usage();
            return kClean;
        }
        if (args[i] == "--org")
        {
            if (i + 1 >= args.size())
            {
                err << "verify-integrity: --org needs an organization id\n" << usage();
                return kUsage;
            }
            if (!auth::RandomId::isUuid(args[i + 1]))
            {
                err << "verify-integrity: --org must be a UUID, got \"" << args[i + 1] << "\"\n" << usage();
                return kUsage;
            }
            if (options.orgId)
            {
                err << "verify-integrity: --org given twice\n" << usage();
                return kUsage;
            }
            options.orgId = Poco::toLower(args[++i]);
            continue;
        }
        err << "verify-integrity: unknown argument \"" << args[i] << "\"\n" << usage();
        return kUsage;
    }
    options.onProgress = [&out](const integrity::IntegrityProgress& progress) {
        out << "checked " << progress.done << "/" << progress.total << " " << progress.phase << '\n' << std::flush;
    };

    integrity::IntegrityReport report;
    try
    {
        report = integrity::IntegrityVerifier(database, options).run();
    }
    catch (const Exception& error) // database errors carry PostgreSQL's detail
    {
        err << "verify-integrity: the check could not complete: " << error.fullText() << '\n';
        return kCheckFailed;
    }
    for (const auto& mismatch : report.mismatches)
        printMismatch(out, mismatch);
    out << "verify-integrity: " << report.decisions << " decisions (" << report.decisionsWithoutHash
        << " without a content hash, " << report.pendingDecisions << " waiting for a batch), " << report.batches
        << " batches, " << report.leaves << " sealed leaves (" << report.leavesOfDeletedDecisions
        << " of audited deletions): ";
    if (report.clean())
    {
        out << "clean\n";
        return kClean;
    }
    out << report.mismatches.size() << " mismatch" << (report.mismatches.size() == 1 ? "" : "es") << '\n';
    return kMismatch;
}
} // namespace akashi::server
