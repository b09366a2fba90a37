#pragma once
#include <cstdint>
#include <map>
#include <string>

namespace akashi::bench
{
/// How many times each distinct failure happened (e.g. "HTTP 503: too many subscribers on this instance"),
/// so a run with thousands of failed connections reports why in a few words instead of one sample.
class ReasonTally
{
public:
    void add(const std::string& reason) { ++_counts[reason]; ++_total; }

    std::uint64_t total() const noexcept { return _total; }
    const std::map<std::string, std::uint64_t>& counts() const noexcept { return _counts; }

    /// `reason (N);reason (N)` with spaces as '_' (one token of a key=value result line); "none" when empty.
    std::string token() const
    {
        if (_counts.empty())
            return "none";
        std::string text;
        for (const auto& [reason, count] : _counts)
        {
            if (!text.empty())
                text += ';';
            text += reason + " (" + std::to_string(count) + ")";
        }
        for (auto& c : text)
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                c = '_';
        return text;
    }

private:
    std::map<std::string, std::uint64_t> _counts;
    std::uint64_t _total = 0;
};
} // namespace akashi::bench
