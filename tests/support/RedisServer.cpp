#include "support/RedisServer.h"

#include <Poco/Exception.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace akashi::test
{
namespace
{
std::uint16_t freeLoopbackPort()
{
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
    const std::uint16_t port = probe.address().port();
    probe.close();
    return port;
}

std::string fileText(const std::string& path)
{
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}
} // namespace

RedisServer::RedisServer(std::string password)
    : _dir(std::make_unique<TempDirectory>("akashi-redis")), _password(std::move(password)),
      _socketPath(_dir->path() + "/redis.sock")
{
    // Another process may take the probed port before redis binds it: try a few.
    for (int attempt = 0; attempt < 5; ++attempt)
    {
        _port = freeLoopbackPort();
        try
        {
            start();
            return;
        }
        catch (const Poco::Exception&)
        {
            if (attempt == 4)
                throw;
        }
    }
}

RedisServer::~RedisServer()
{
    stop();
}

void RedisServer::start()
{
    if (running())
        return;
    std::vector<std::string> args{"redis-server",    "--port",        std::to_string(_port),
                                  "--bind",          "127.0.0.1",     "--unixsocket",
                                  _socketPath,       "--unixsocketperm", "700",
                                  "--save",          "",              "--appendonly",
                                  "no",              "--dir",         _dir->path(),
                                  "--logfile",       _dir->path() + "/redis.log", "--daemonize",
                                  "no"};
    if (!_password.empty())
    {
        args.push_back("--requirepass");
        args.push_back(_password);
    }
    std::vector<char*> argv;
    for (auto& arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0)
        throw Poco::SystemException("fork failed for redis-server");
    if (pid == 0)
    {
        ::execvp("redis-server", argv.data());
        ::_exit(127);
    }
    _pid = pid;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline)
    {
        int status = 0;
        if (::waitpid(_pid, &status, WNOHANG) == _pid)
        {
            _pid = 0;
            throw Poco::IOException("redis-server exited at start (is the redis-server package installed?): " +
                                    fileText(_dir->path() + "/redis.log"));
        }
        if (answersPing())
            return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    stop();
    throw Poco::TimeoutException("redis-server did not answer PING within 20 s on port " + std::to_string(_port));
}

void RedisServer::stop()
{
    if (!running())
        return;
    ::kill(_pid, SIGKILL);
    int status = 0;
    while (::waitpid(_pid, &status, 0) < 0 && errno == EINTR)
    {
    }
    _pid = 0;
}

bool RedisServer::answersPing() const
{
    try
    {
        Poco::Net::StreamSocket socket;
        socket.connect(Poco::Net::SocketAddress("127.0.0.1", _port), Poco::Timespan(1, 0));
        socket.setReceiveTimeout(Poco::Timespan(1, 0));
        const std::string ping = "PING\r\n";
        socket.sendBytes(ping.data(), static_cast<int>(ping.size()));
        char reply[64] = {};
        const int n = socket.receiveBytes(reply, sizeof reply - 1);
        const std::string text(reply, n > 0 ? static_cast<std::size_t>(n) : 0);
        // With requirepass an unauthenticated PING is refused, which still proves the server answers.
        return text.rfind("+PONG", 0) == 0 || text.rfind("-NOAUTH", 0) == 0;
    }
    catch (const Poco::Exception&)
    {
        return false;
    }
}

std::string RedisServer::url(int database) const
{
    return "redis://" + (_password.empty() ? std::string() : ":" + _password + "@") + "127.0.0.1:" +
           std::to_string(_port) + "/" + std::to_string(database);
}

std::string RedisServer::unixUrl(int database) const
{
    return "unix://" + (_password.empty() ? std::string() : ":" + _password + "@") + _socketPath +
           "?db=" + std::to_string(database);
}
} // namespace akashi::test
