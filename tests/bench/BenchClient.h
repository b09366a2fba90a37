#pragma once
#include <Poco/Net/HTTPClientSession.h>

#include <cstdint>
#include <string>

namespace akashi::bench
{
/// One keep-alive HTTP/1.1 connection to the server, used by exactly one thread. A transport failure
/// resets the session, so the next request reconnects (and is timed as such).
class BenchClient
{
public:
    struct Reply
    {
        int status = 0;     ///< 0 when the exchange failed below HTTP (see `error`)
        std::string body;
        std::string error;  ///< transport failure text, empty on any HTTP answer
    };

    BenchClient(const std::string& host, std::uint16_t port, std::string authorization);

    /// POST `body` (JSON) to `path` and read the whole answer. Never throws.
    Reply post(const std::string& path, const std::string& body);

    /// POST /v1/runs for `agentId`; returns the run id. Throws std::runtime_error with the answer otherwise.
    std::string createRun(const std::string& agentId);

private:
    Poco::Net::HTTPClientSession _session;
    std::string _authorization;
};
} // namespace akashi::bench
