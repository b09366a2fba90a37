// akashi-bench: a closed-loop load generator for the benchmarks in docs/benchmarks.md (run by
// tests/bench/run.sh). One measurement per invocation; the result is one `akashi-bench key=value ...` line
// on stdout, progress and the first error on stderr. Exit status: 0 measured, 1 the run failed, 2 usage.
#include "BenchClient.h"
#include "BenchOptions.h"
#include "CopyBaseline.h"
#include "HttpLoad.h"
#include "SseFanout.h"
#include "VectorIndexBench.h"
#include "Workload.h"

#include "common/Exception.h"

#include <Poco/Exception.h>

#include <iostream>
#include <stdexcept>

namespace
{
using namespace akashi::bench;

Workload prepare(const BenchOptions& options)
{
    if (options.mode == "trace")
        return Workload::trace(options.agentId, options.clients);
    if (options.mode == "query")
        return Workload::query(options.clients);
    // Each events client appends to a run of its own, as an agent would; created before the clock starts.
    BenchClient setup(options.host, options.port, "Bearer " + options.token);
    std::vector<std::string> runs;
    for (std::size_t i = 0; i < options.clients; ++i)
        runs.push_back(setup.createRun(options.agentId));
    return Workload::events(runs, options.batch);
}

int measure(const BenchOptions& options)
{
    if (options.mode == "vector-index")
        return VectorIndexBench::measure(options);
    if (options.mode == "sse-fanout")
        return SseFanout::measure(options);
    std::cerr << "akashi-bench: " << options.mode << ", " << options.clients << " client(s), " << options.warmupSeconds
              << " s warm-up + " << options.durationSeconds << " s\n";
    BenchResult result = options.mode == "copy" ? CopyBaseline(options).run() : HttpLoad(options).run(prepare(options));
    std::cout << result.line() << std::endl;
    if (!result.firstError.empty())
        std::cerr << "akashi-bench: " << result.errors << " failed operation(s); first: " << result.firstError << "\n";
    if (result.operations == 0)
    {
        std::cerr << "akashi-bench: no operation succeeded in the measured window\n";
        return 1;
    }
    return 0;
}
} // namespace

int main(int argc, char** argv)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h"))
    {
        std::cout << BenchOptions::usage();
        return 0;
    }
    BenchOptions options;
    try
    {
        options = BenchOptions::parse(args);
    }
    catch (const std::invalid_argument& e)
    {
        std::cerr << "akashi-bench: " << e.what() << "\n" << BenchOptions::usage();
        return 2;
    }
    try
    {
        return measure(options);
    }
    catch (const akashi::Exception& e) // plugin load errors: message, detail and hint
    {
        std::cerr << "akashi-bench: " << e.fullText() << "\n";
    }
    catch (const Poco::Exception& e)
    {
        std::cerr << "akashi-bench: " << e.displayText() << "\n";
    }
    catch (const std::exception& e)
    {
        std::cerr << "akashi-bench: " << e.what() << "\n";
    }
    return 1;
}
