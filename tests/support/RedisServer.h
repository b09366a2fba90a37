#pragma once
#include "support/TempDirectory.h"

#include <cstdint>
#include <memory>
#include <string>

namespace akashi::test
{
/// A private redis-server (Debian's redis-server binary, never the system service) for one test: on a
/// free loopback port and a unix socket in its own temp directory, with no persistence
/// (`--save '' --appendonly no`), so a restart starts empty. Killed in the destructor.
class RedisServer
{
public:
    /// Starts the server and waits until PING answers; `password` non-empty sets `requirepass`.
    explicit RedisServer(std::string password = {});
    ~RedisServer();

    RedisServer(const RedisServer&) = delete;
    RedisServer& operator=(const RedisServer&) = delete;

    /// Kills the server (SIGKILL: a crash, no goodbye to clients) and waits until it is gone.
    void stop();
    /// Starts it again on the same port and socket path; waits for PING. Throws if it does not answer.
    void start();
    bool running() const noexcept { return _pid > 0; }

    std::uint16_t port() const noexcept { return _port; }
    const std::string& socketPath() const noexcept { return _socketPath; }
    /// redis://127.0.0.1:<port>/<database> (with `:password@` when the server has one).
    std::string url(int database = 0) const;
    /// unix://<socket path>?db=<database>.
    std::string unixUrl(int database = 0) const;

private:
    bool answersPing() const;

    std::unique_ptr<TempDirectory> _dir;
    std::string _password;
    std::string _socketPath;
    std::uint16_t _port = 0;
    int _pid = 0;
};
} // namespace akashi::test
