#include "ClientThreads.h"

#include <exception>
#include <thread>
#include <vector>

namespace akashi::bench
{
BenchResult runClients(const BenchOptions& options, const std::string& what,
                       const std::function<void(std::size_t, const MeasurementWindow&, ClientTally&)>& drive)
{
    const MeasurementWindow window(options.warmupSeconds, options.durationSeconds);
    std::vector<ClientTally> tallies(options.clients);
    std::vector<std::thread> threads;
    threads.reserve(options.clients);
    for (std::size_t i = 0; i < options.clients; ++i)
        threads.emplace_back([&, i] {
            try
            {
                drive(i, window, tallies[i]);
            }
            catch (const std::exception& e)
            {
                tallies[i].failed(what + ": " + e.what());
            }
        });
    for (auto& thread : threads)
        thread.join();

    BenchResult result;
    result.mode = options.mode;
    result.clients = options.clients;
    result.seconds = window.lengthSeconds();
    for (const auto& tally : tallies)
        result.add(tally);
    return result;
}
} // namespace akashi::bench
