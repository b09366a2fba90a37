#pragma once
#include "BenchOptions.h"
#include "BenchResult.h"
#include "ClientTally.h"
#include "MeasurementWindow.h"

#include <cstddef>
#include <functional>
#include <string>

namespace akashi::bench
{
/// Runs `drive(client, window, tally)` on one thread per client until each returns, then adds up the
/// tallies. An exception leaving a client thread is counted as a failure of that client, prefixed by
/// `what` ("copy thread", "client thread").
BenchResult runClients(const BenchOptions& options, const std::string& what,
                       const std::function<void(std::size_t, const MeasurementWindow&, ClientTally&)>& drive);
} // namespace akashi::bench
