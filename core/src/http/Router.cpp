#include "http/Router.h"

#include "common/Exception.h"

#include <algorithm>

namespace akashi::http
{
namespace
{
bool isParameter(const std::string& segment)
{
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}
} // namespace

std::vector<std::string> Router::splitPath(const std::string& path)
{
    std::vector<std::string> segments;
    std::string current;
    for (char c : path)
    {
        if (c == '/')
        {
            if (!current.empty())
                segments.push_back(std::move(current));
            current.clear();
        }
        else
            current += c;
    }
    if (!current.empty())
        segments.push_back(std::move(current));
    return segments;
}

void Router::add(const std::string& method, const std::string& pathTemplate, std::shared_ptr<RouteHandler> handler)
{
    if (pathTemplate.empty() || pathTemplate.front() != '/' || !handler)
        throw Exception(ErrorCode::internal, "invalid route " + method + " " + pathTemplate);
    for (const auto& route : _routes)
        if (route.method == method && route.pathTemplate == pathTemplate)
            throw Exception(ErrorCode::internal, "duplicate route " + method + " " + pathTemplate);
    auto segments = splitPath(pathTemplate);
    for (const auto& segment : segments)
        if (segment.find_first_of("{}") != std::string::npos && !isParameter(segment))
            throw Exception(ErrorCode::internal, "invalid route segment \"" + segment + "\" in " + pathTemplate);
    _routes.push_back(Route{method, pathTemplate, std::move(segments), std::move(handler)});
}

bool Router::matchSegments(const Route& route, const std::vector<std::string>& segments, PathParams& params,
                           int& literalCount)
{
    if (route.segments.size() != segments.size())
        return false;
    literalCount = 0;
    params.clear();
    for (std::size_t i = 0; i < segments.size(); ++i)
    {
        const auto& expected = route.segments[i];
        if (isParameter(expected))
        {
            params[expected.substr(1, expected.size() - 2)] = segments[i];
        }
        else if (expected == segments[i])
            ++literalCount;
        else
            return false;
    }
    return true;
}

RouteMatch Router::match(const std::string& method, const std::string& path) const
{
    const auto segments = splitPath(path);
    RouteMatch result;
    int bestLiterals = -1;
    for (const auto& route : _routes)
    {
        PathParams params;
        int literals = 0;
        if (!matchSegments(route, segments, params, literals))
            continue;
        if (route.method != method)
        {
            if (std::find(result.allowedMethods.begin(), result.allowedMethods.end(), route.method) ==
                result.allowedMethods.end())
                result.allowedMethods.push_back(route.method);
            continue;
        }
        if (literals > bestLiterals)
        {
            bestLiterals = literals;
            result.kind = RouteMatch::Kind::found;
            result.handler = route.handler;
            result.routeTemplate = route.pathTemplate;
            result.params = std::move(params);
        }
    }
    if (result.kind != RouteMatch::Kind::found && !result.allowedMethods.empty())
        result.kind = RouteMatch::Kind::methodNotAllowed;
    std::sort(result.allowedMethods.begin(), result.allowedMethods.end());
    return result;
}
} // namespace akashi::http
