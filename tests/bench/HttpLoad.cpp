#include "HttpLoad.h"

#include "BenchClient.h"
#include "ClientTally.h"
#include "ClientThreads.h"
#include "MeasurementWindow.h"

#include <thread>

namespace akashi::bench
{
namespace
{
std::string describeFailure(const BenchClient::Reply& reply, const std::string& path)
{
    if (reply.status == 0)
        return "POST " + path + ": " + reply.error;
    return "POST " + path + " answered " + std::to_string(reply.status) + ": " + reply.body.substr(0, 400);
}
} // namespace

HttpLoad::HttpLoad(const BenchOptions& options) : _options(options)
{
}

void HttpLoad::drive(const Workload& workload, const MeasurementWindow& window, std::size_t client,
                     ClientTally& tally) const
{
    const std::string& path = workload.paths[client % workload.paths.size()];
    BenchClient http(_options.host, _options.port, "Bearer " + _options.token);
    while (!window.over())
    {
        const auto sent = MeasurementWindow::Clock::now();
        const BenchClient::Reply reply = http.post(path, workload.body);
        const auto answered = MeasurementWindow::Clock::now();
        if (!window.contains(answered))
            continue;
        if (reply.status == workload.expectedStatus &&
            (workload.mustContain.empty() || reply.body.find(workload.mustContain) != std::string::npos))
        {
            tally.succeeded(workload.rowsPerRequest, MeasurementWindow::micros(sent, answered));
            continue;
        }
        tally.failed(describeFailure(reply, path));
        // A failing server must not turn the load generator into a busy loop.
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

BenchResult HttpLoad::run(const Workload& workload)
{
    return runClients(_options, "client thread", [&](std::size_t client, const MeasurementWindow& window,
                                                      ClientTally& tally) { drive(workload, window, client, tally); });
}
} // namespace akashi::bench
