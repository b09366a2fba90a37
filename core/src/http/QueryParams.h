#pragma once
#include <map>
#include <optional>
#include <string>

namespace Poco::Net
{
class HTTPServerRequest;
}

namespace akashi::http
{
/// The query string of a request, decoded, with the reference's paging rules. Errors are
/// akashi::Exception(invalidInput) naming the parameter.
class QueryParams
{
public:
    explicit QueryParams(const Poco::Net::HTTPServerRequest& request);

    std::optional<std::string> get(const std::string& name) const;

    /// An integer parameter, clamped to [min, max]; `fallback` when absent. Not a number → 400.
    int clampedInt(const std::string& name, int fallback, int min, int max) const;

    /// `limit` (default `defaultLimit`, clamped to 1..1000) and `offset` (0..100000).
    int limit(int defaultLimit) const { return clampedInt("limit", defaultLimit, 1, 1000); }
    int offset() const { return clampedInt("offset", 0, 0, 100000); }

private:
    std::map<std::string, std::string> _values;
};
} // namespace akashi::http
