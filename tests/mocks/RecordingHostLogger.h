#pragma once
#include <akashi/plugin/HostLogger.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace akashi::mocks
{
/// A HostLogger that keeps every line in memory, for tests that assert what a plugin logged.
/// Thread-safe: plugins log from their own threads; `waitFor` lets a test block (with a timeout) until
/// an asynchronous line has arrived instead of sleeping.
class RecordingHostLogger final : public plugin::HostLogger
{
public:
    struct Line
    {
        plugin::LogLevel level;
        std::string message;
        plugin::LogFields fields;

        /// The value of the first field named `key`, if any.
        std::optional<std::string> field(std::string_view key) const
        {
            for (const auto& [name, value] : fields)
                if (name == key)
                    return value;
            return std::nullopt;
        }
    };

    void log(plugin::LogLevel level, std::string_view message, const plugin::LogFields& fields) noexcept override
    {
        try
        {
            std::lock_guard lock(_mutex);
            _lines.push_back(Line{level, std::string(message), fields});
        }
        catch (const std::exception&)
        {
            // The interface is noexcept; count the loss so a test can notice it.
            ++_dropped;
        }
        _changed.notify_all();
    }

    /// A copy of every line so far, in logging order.
    std::vector<Line> lines() const
    {
        std::lock_guard lock(_mutex);
        return _lines;
    }

    /// The lines whose message is `message`, in logging order.
    std::vector<Line> linesWithMessage(std::string_view message) const
    {
        std::vector<Line> out;
        std::lock_guard lock(_mutex);
        for (const auto& line : _lines)
            if (line.message == message)
                out.push_back(line);
        return out;
    }

    /// Blocks until `done(lines)` holds or `timeout` passes; returns whether it holds.
    bool waitFor(const std::function<bool(const std::vector<Line>&)>& done, std::chrono::milliseconds timeout) const
    {
        std::unique_lock lock(_mutex);
        return _changed.wait_for(lock, timeout, [&] { return done(_lines); });
    }

    /// Blocks until a line with `message` was logged or `timeout` passes; returns whether one was.
    bool waitForMessage(std::string_view message, std::chrono::milliseconds timeout) const
    {
        return waitFor(
            [&](const std::vector<Line>& lines) {
                for (const auto& line : lines)
                    if (line.message == message)
                        return true;
                return false;
            },
            timeout);
    }

    void clear()
    {
        std::lock_guard lock(_mutex);
        _lines.clear();
    }

    /// Lines lost because recording them failed (out of memory); 0 in any sane test.
    std::size_t dropped() const noexcept { return _dropped.load(); }

private:
    mutable std::mutex _mutex;
    mutable std::condition_variable _changed;
    std::vector<Line> _lines;
    std::atomic<std::size_t> _dropped{0};
};
} // namespace akashi::mocks
