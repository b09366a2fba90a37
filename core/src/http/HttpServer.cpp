#include "http/HttpServer.h"

#include "common/Exception.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/ThreadPool.h>

#include <thread>

namespace akashi::http
{
namespace
{
class DispatcherFactory final : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    explicit DispatcherFactory(std::shared_ptr<const DispatchTable> table)
        : _table(std::move(table)), _accessLog(Poco::Logger::get("http")), _errorLog(Poco::Logger::get("http.error"))
    {
    }

    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new RequestDispatcher(_table, _accessLog, _errorLog);
    }

private:
    std::shared_ptr<const DispatchTable> _table;
    Poco::Logger& _accessLog;
    Poco::Logger& _errorLog;
};

Poco::Timespan toTimespan(std::chrono::milliseconds ms)
{
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}
} // namespace

HttpServer::HttpServer(const HttpSettings& settings, std::shared_ptr<const DispatchTable> table)
    : _settings(settings), _table(std::move(table))
{
}

HttpServer::~HttpServer()
{
    if (_running)
        stop(std::chrono::milliseconds(1));
}

void HttpServer::start()
{
    Poco::Net::ServerSocket socket;
    try
    {
        // SO_REUSEADDR (restart while old connections linger in TIME_WAIT) but not SO_REUSEPORT, which
        // would let a second server silently share the port.
        socket.bind(Poco::Net::SocketAddress(_settings.address, _settings.port), true, false);
        socket.listen(_settings.maxQueued);
    }
    catch (const Poco::Exception& e)
    {
        throw Exception(ErrorCode::configInvalid,
                        "cannot listen on " + _settings.address + ":" + std::to_string(_settings.port),
                        e.displayText(), "Choose a free port with AKASHI_PORT or stop the process using it.");
    }
    _port = socket.address().port();

    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(_settings.maxThreads);
    params->setMaxQueued(_settings.maxQueued);
    params->setTimeout(toTimespan(_settings.readTimeout));
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(toTimespan(_settings.keepAliveTimeout));
    params->setMaxKeepAliveRequests(1000);
    params->setServerName("akashi");

    // A dedicated pool: Poco's default pool is shared with other components and capped at 16 threads.
    _threads = std::make_unique<Poco::ThreadPool>("http", 2, _settings.maxThreads);
    _server = std::make_unique<Poco::Net::HTTPServer>(new DispatcherFactory(_table), *_threads, socket, params);
    _server->start();
    _running = true;
}

int HttpServer::activeConnections() const
{
    return _running ? _server->currentConnections() : 0;
}

bool HttpServer::stop(std::chrono::milliseconds timeout)
{
    if (!_running)
        return true;
    _running = false;
    // Stop accepting and tell keep-alive connections to close after their current request.
    _server->stopAll(false);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool drained = true;
    while (_server->currentConnections() > 0)
    {
        if (timeout.count() > 0 && std::chrono::steady_clock::now() >= deadline)
        {
            drained = false;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    _server->stopAll(true);
    _server.reset();
    _threads->joinAll();
    return drained;
}
} // namespace akashi::http
