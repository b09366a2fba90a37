#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace akashi::bench
{
/// What each HTTP client sends over and over, and what counts as success. The bodies are fixed per
/// workload (the server assigns ids, sequence numbers and timestamps), so building a request costs the
/// load generator nothing during the measurement.
struct Workload
{
    std::vector<std::string> paths; ///< one per client (events: each client appends to its own run)
    std::string body;
    int expectedStatus = 200;
    std::string mustContain;        ///< a success also has this in its body (e.g. the durable-ack status)
    std::uint64_t rowsPerRequest = 0;

    /// POST /v1/runs/{run}/events with `batch` events per request, acknowledged durably (200 "persisted").
    static Workload events(const std::vector<std::string>& runIds, std::size_t batch);

    /// POST /v1/trace for `agentId`: a decision with 2 alternatives and 2 evidence items (201).
    static Workload trace(const std::string& agentId, std::size_t clients);

    /// POST /v1/query for the decisions the trace workload records, 20 per page (200).
    static Workload query(std::size_t clients);

    /// The payload of every benchmark event, shared with the raw COPY baseline so both write the same rows.
    static const char* eventPayload();
    static const char* eventType();
    static const char* decisionType();
};
} // namespace akashi::bench
