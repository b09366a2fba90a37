#pragma once
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>
#include <string>
#include <vector>

namespace akashi::test
{
/// The JSON log lines of a server's stdout in order, for asserting what happened before what.
class LogSequence
{
public:
    explicit LogSequence(const std::string& stdoutText)
    {
        std::istringstream in(stdoutText);
        for (std::string line; std::getline(in, line);)
        {
            try
            {
                Poco::JSON::Parser parser;
                _lines.push_back(parser.parse(line).extract<Poco::JSON::Object::Ptr>());
            }
            catch (const Poco::Exception&)
            {
                continue; // not a log line
            }
        }
    }

    /// Index of the first line at or after `from` whose msg is `message` (and, when given, whose
    /// `field` is `value`); -1 when there is none.
    int find(const std::string& message, int from = 0, const std::string& field = {}, const std::string& value = {}) const
    {
        for (int i = std::max(from, 0); i < static_cast<int>(_lines.size()); ++i)
        {
            const auto& line = _lines[static_cast<std::size_t>(i)];
            if (line->optValue<std::string>("msg", "") != message)
                continue;
            if (field.empty() || (line->has(field) && line->get(field).toString() == value))
                return i;
        }
        return -1;
    }

    Poco::JSON::Object::Ptr at(int index) const { return _lines.at(static_cast<std::size_t>(index)); }
    int size() const { return static_cast<int>(_lines.size()); }

private:
    std::vector<Poco::JSON::Object::Ptr> _lines;
};
} // namespace akashi::test
