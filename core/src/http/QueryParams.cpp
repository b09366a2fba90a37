#include "http/QueryParams.h"

#include "common/Exception.h"

#include <Poco/NumberParser.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/URI.h>

#include <algorithm>

namespace akashi::http
{
QueryParams::QueryParams(const Poco::Net::HTTPServerRequest& request)
{
    for (const auto& [name, value] : Poco::URI(request.getURI()).getQueryParameters())
        _values.emplace(name, value); // the first occurrence wins
}

std::optional<std::string> QueryParams::get(const std::string& name) const
{
    auto it = _values.find(name);
    return it == _values.end() ? std::nullopt : std::optional<std::string>(it->second);
}

int QueryParams::clampedInt(const std::string& name, int fallback, int min, int max) const
{
    const auto text = get(name);
    if (!text || text->empty())
        return fallback;
    Poco::Int64 value = 0;
    if (!Poco::NumberParser::tryParse64(*text, value))
        throw Exception(ErrorCode::invalidInput, "query parameter \"" + name + "\" must be an integer");
    return static_cast<int>(std::clamp<Poco::Int64>(value, min, max));
}
} // namespace akashi::http
