#pragma once
#include "support/TempDirectory.h"

#include <Poco/JSON/Object.h>
#include <Poco/Process.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace akashi::test
{
/// The real `akashi` binary under test: launched with an environment, its JSON log lines collected from
/// stdout (and stderr text kept), stopped with a signal. Killed if still running when destroyed.
class ServerProcess
{
public:
    using Env = std::map<std::string, std::string>;

    /// `env` is added to the inherited environment; AKASHI_PORT defaults to 0 (any free port) and
    /// AKASHI_PLUGINS_DIR to the build's plugin directory unless given. `args` get a leading
    /// `--config-file=/dev/null` unless they start with a subcommand (`keygen`).
    explicit ServerProcess(Env env, std::vector<std::string> args = {});
    ~ServerProcess();

    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    /// Waits until the server logs `http server starting` and returns its port; nullopt if it exited or
    /// the timeout passed first.
    std::optional<std::uint16_t> waitUntilListening(std::chrono::seconds timeout = std::chrono::seconds(60));

    /// Waits for a log line whose `msg` is `message`; returns it, or null on timeout/exit.
    Poco::JSON::Object::Ptr waitForLog(const std::string& message, std::chrono::seconds timeout = std::chrono::seconds(60));

    /// True when a line with `msg == message` has been logged so far.
    bool hasLogged(const std::string& message) const;

    /// Sends `signal` and waits for the exit code (-1 on timeout).
    int stop(int signal, std::chrono::seconds timeout = std::chrono::seconds(60));

    /// Waits for the process to exit by itself (e.g. a failed start); -1 on timeout.
    int waitForExit(std::chrono::seconds timeout = std::chrono::seconds(60));

    std::string stderrText() const;
    std::string stdoutText() const;
    int pid() const noexcept { return _pid; }

private:
    void readLines(Poco::Pipe& pipe, bool isStdout);

    std::unique_ptr<TempDirectory> _scratch; ///< first: removed after the process is gone
    int _pid = 0;
    std::unique_ptr<Poco::ProcessHandle> _handle;
    std::unique_ptr<Poco::Pipe> _out;
    std::unique_ptr<Poco::Pipe> _err;
    std::thread _outReader;
    std::thread _errReader;

    mutable std::mutex _mutex;
    std::condition_variable _changed;
    std::vector<Poco::JSON::Object::Ptr> _lines;
    std::string _stdout;
    std::string _stderr;
    bool _outClosed = false;
    bool _errClosed = false;
    std::optional<int> _exitCode;
};
} // namespace akashi::test
