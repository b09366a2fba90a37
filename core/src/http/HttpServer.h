#pragma once
#include "http/HttpSettings.h"
#include "http/RequestDispatcher.h"

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include <memory>

namespace akashi::http
{
/// Owns the listening socket and Poco's HTTPServer (one pooled thread per connection).
/// `stop` implements the runbook's first shutdown phase: stop accepting, let in-flight requests finish
/// within the timeout, then abort what remains.
class HttpServer
{
public:
    HttpServer(const HttpSettings& settings, std::shared_ptr<const DispatchTable> table);
    ~HttpServer();

    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds and starts accepting. Throws `akashi::Exception` when the address cannot be bound.
    void start();

    /// The bound port (the real one when configured as 0). Valid after `start`.
    std::uint16_t port() const noexcept { return _port; }

    /// Connections currently being served.
    int activeConnections() const;

    /// Returns true when every in-flight request finished within the timeout (0 = wait forever).
    bool stop(std::chrono::milliseconds timeout);

private:
    HttpSettings _settings;
    std::shared_ptr<const DispatchTable> _table;
    std::unique_ptr<Poco::ThreadPool> _threads; ///< declared before _server: destroyed after it
    std::unique_ptr<Poco::Net::HTTPServer> _server;
    std::uint16_t _port = 0;
    bool _running = false;
};
} // namespace akashi::http
