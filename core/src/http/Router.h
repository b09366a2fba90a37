#pragma once
#include "http/RouteHandler.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace akashi::http
{
/// Path parameters captured from a template, e.g. {"run_id": "..."} for `/v1/runs/{run_id}`.
using PathParams = std::map<std::string, std::string>;

/// Outcome of matching a request against the route table.
struct RouteMatch
{
    enum class Kind
    {
        found,
        notFound,
        methodNotAllowed
    };
    Kind kind = Kind::notFound;
    std::shared_ptr<RouteHandler> handler;
    std::string routeTemplate;       ///< e.g. "/v1/runs/{run_id}", for logs and span names
    PathParams params;
    std::vector<std::string> allowedMethods; ///< for 405's Allow header
};

/// Method + path-template routing. Templates are literal segments and `{name}` segments that match one
/// non-empty path segment. Literal segments win over parameters, so `/v1/runs/active` can coexist with
/// `/v1/runs/{run_id}`. Built once at startup, then read concurrently without locking (immutable).
class Router
{
public:
    /// Registers `handler` for `method` on `pathTemplate`. Throws on a malformed template or a duplicate
    /// method + template, so a routing mistake fails at startup rather than at request time.
    void add(const std::string& method, const std::string& pathTemplate, std::shared_ptr<RouteHandler> handler);

    /// Matches an already percent-decoded `path`.
    RouteMatch match(const std::string& method, const std::string& path) const;

private:
    struct Route
    {
        std::string method;
        std::string pathTemplate;
        std::vector<std::string> segments;
        std::shared_ptr<RouteHandler> handler;
    };

    static std::vector<std::string> splitPath(const std::string& path);
    static bool matchSegments(const Route& route, const std::vector<std::string>& segments, PathParams& params,
                              int& literalCount);

    std::vector<Route> _routes;
};
} // namespace akashi::http
