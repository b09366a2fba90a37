#include "support/ServerProcess.h"

#include <Poco/JSON/Parser.h>
#include <Poco/PipeStream.h>

#include <csignal>
#include <cstdlib>
#include <sys/wait.h>

namespace akashi::test
{
namespace
{
std::string binaryDir()
{
    const char* dir = std::getenv("AKASHI_TEST_BINARY_DIR");
    return dir ? dir : ".";
}
} // namespace

ServerProcess::ServerProcess(Env env, std::vector<std::string> args)
{
    env.try_emplace("AKASHI_PORT", "0");
    env.try_emplace("AKASHI_LISTEN_ADDRESS", "127.0.0.1");
    if (const char* plugins = std::getenv("AKASHI_TEST_PLUGIN_DIR"))
        env.try_emplace("AKASHI_PLUGINS_DIR", plugins);
    // The vector index lives under the state directory (/var/lib/akashi by default): a test server
    // without one of its own keeps it in a scratch directory instead.
    if (!env.count("AKASHI_STATE_DIR") && !env.count("AKASHI_VECTOR_INDEX_DIR"))
    {
        _scratch = std::make_unique<TempDirectory>("akashi-index");
        env.emplace("AKASHI_VECTOR_INDEX_DIR", _scratch->path());
    }
    Poco::Process::Env processEnv(env.begin(), env.end());
    _out = std::make_unique<Poco::Pipe>();
    _err = std::make_unique<Poco::Pipe>();
    // Tests never read the machine's /etc. A subcommand (`akashi keygen ...`) reads no configuration
    // and takes the first argument, so it gets none of this.
    if (args.empty() || args.front().rfind('-', 0) == 0)
        args.insert(args.begin(), "--config-file=/dev/null");
    _handle = std::make_unique<Poco::ProcessHandle>(
        Poco::Process::launch(binaryDir() + "/server/akashi", args, ".", nullptr, _out.get(), _err.get(), processEnv));
    _pid = _handle->id();
    _outReader = std::thread([this] { readLines(*_out, true); });
    _errReader = std::thread([this] { readLines(*_err, false); });
}

ServerProcess::~ServerProcess()
{
    if (!_exitCode)
        stop(SIGKILL, std::chrono::seconds(10));
    if (_outReader.joinable())
        _outReader.join();
    if (_errReader.joinable())
        _errReader.join();
}

void ServerProcess::readLines(Poco::Pipe& pipe, bool isStdout)
{
    Poco::PipeInputStream in(pipe);
    std::string line;
    while (std::getline(in, line))
    {
        Poco::JSON::Object::Ptr parsed;
        if (isStdout)
        {
            try
            {
                Poco::JSON::Parser parser;
                auto value = parser.parse(line);
                if (value.type() == typeid(Poco::JSON::Object::Ptr))
                    parsed = value.extract<Poco::JSON::Object::Ptr>();
            }
            catch (const Poco::Exception&)
            {
                parsed = nullptr; // non-JSON output is kept as text below and fails JSON-shape assertions
            }
        }
        std::lock_guard lock(_mutex);
        (isStdout ? _stdout : _stderr) += line + "\n";
        if (parsed)
            _lines.push_back(parsed);
        _changed.notify_all();
    }
    std::lock_guard lock(_mutex);
    (isStdout ? _outClosed : _errClosed) = true;
    _changed.notify_all();
}

Poco::JSON::Object::Ptr ServerProcess::waitForLog(const std::string& message, std::chrono::seconds timeout)
{
    std::unique_lock lock(_mutex);
    std::size_t seen = 0;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true)
    {
        for (; seen < _lines.size(); ++seen)
            if (_lines[seen]->optValue<std::string>("msg", "") == message)
                return _lines[seen];
        if (_outClosed || _changed.wait_until(lock, deadline) == std::cv_status::timeout)
        {
            for (; seen < _lines.size(); ++seen)
                if (_lines[seen]->optValue<std::string>("msg", "") == message)
                    return _lines[seen];
            return nullptr;
        }
    }
}

bool ServerProcess::hasLogged(const std::string& message) const
{
    std::lock_guard lock(_mutex);
    for (const auto& line : _lines)
        if (line->optValue<std::string>("msg", "") == message)
            return true;
    return false;
}

std::optional<std::uint16_t> ServerProcess::waitUntilListening(std::chrono::seconds timeout)
{
    auto line = waitForLog("http server starting", timeout);
    if (!line)
        return std::nullopt;
    return static_cast<std::uint16_t>(line->getValue<int>("port"));
}

int ServerProcess::waitForExit(std::chrono::seconds timeout)
{
    if (_exitCode)
        return *_exitCode;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline)
    {
        int status = 0;
        const pid_t r = ::waitpid(_pid, &status, WNOHANG);
        if (r == _pid)
        {
            _exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            // The readers may still hold the last lines the process wrote: wait until both pipes are
            // drained (bounded, in case a child that inherited them outlives the server).
            std::unique_lock lock(_mutex);
            _changed.wait_for(lock, std::chrono::seconds(5), [this] { return _outClosed && _errClosed; });
            return *_exitCode;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
}

int ServerProcess::stop(int signal, std::chrono::seconds timeout)
{
    if (_exitCode)
        return *_exitCode;
    ::kill(_pid, signal);
    return waitForExit(timeout);
}

std::string ServerProcess::stderrText() const
{
    std::lock_guard lock(_mutex);
    return _stderr;
}

std::string ServerProcess::stdoutText() const
{
    std::lock_guard lock(_mutex);
    return _stdout;
}
} // namespace akashi::test
