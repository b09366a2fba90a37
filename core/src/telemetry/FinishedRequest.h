#pragma once
#include <akashi/telemetry/Exporter.h>

#include <chrono>
#include <string>

namespace akashi::telemetry
{
/// What the HTTP dispatcher knows about a request once its response is written, for its span and the
/// HTTP metrics.
struct FinishedRequest
{
    std::string method;
    std::string route; ///< the matched route template, e.g. "/v1/runs/{run_id}"; empty when none matched
    std::string path;  ///< the path alone: a query string may carry secrets
    std::string requestId;
    std::chrono::steady_clock::time_point start; ///< when the dispatcher took the request
    int status = 0;
    std::string agentId; ///< empty when not authenticated
    std::string role;    ///< empty when not authenticated
    Attributes spanAttributes; ///< added by handlers (e.g. akashi.decision_type); span only, never metrics
};
} // namespace akashi::telemetry
