#pragma once
#include "auth/Principal.h"
#include "http/Router.h"

#include <akashi/telemetry/Exporter.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace akashi::http
{
/// Per-request state carried through the middleware chain and into handlers. Lives on the request
/// thread's stack; not shared.
class RequestContext
{
public:
    RequestContext(std::string requestId, std::chrono::steady_clock::time_point start, std::size_t maxBodyBytes)
        : _requestId(std::move(requestId)), _start(start), _maxBodyBytes(maxBodyBytes)
    {
    }

    /// AKASHI_MAX_REQUEST_BODY_BYTES, for `RequestBody::read*`.
    std::size_t maxBodyBytes() const noexcept { return _maxBodyBytes; }

    const std::string& requestId() const noexcept { return _requestId; }
    std::chrono::steady_clock::time_point start() const noexcept { return _start; }

    const std::string& routeTemplate() const noexcept { return _routeTemplate; }
    void setRoute(std::string routeTemplate, PathParams params)
    {
        _routeTemplate = std::move(routeTemplate);
        _params = std::move(params);
    }

    /// The value of a `{name}` path segment; empty when the route has no such parameter.
    const std::string& pathParam(const std::string& name) const;

    /// Set by the dispatcher's auth gate for `/v1/*` and `/mcp`; handlers behind the gate may rely on it.
    void setPrincipal(auth::Principal principal) { _principal = std::move(principal); }
    bool authenticated() const noexcept { return _principal.has_value(); }
    /// The caller; throws akashi::Exception(unauthorized) on a route outside the auth gate.
    const auth::Principal& principal() const;

    /// An attribute for this request's span (e.g. akashi.decision_type from the trace handler); unused when
    /// tracing is off. Span only, never a metric label: values like these are unbounded.
    void setSpanAttribute(const std::string& key, telemetry::AttributeValue value) { _spanAttributes[key] = std::move(value); }
    const telemetry::Attributes& spanAttributes() const noexcept { return _spanAttributes; }

private:
    std::string _requestId;
    std::chrono::steady_clock::time_point _start;
    std::size_t _maxBodyBytes;
    std::string _routeTemplate;
    PathParams _params;
    std::optional<auth::Principal> _principal;
    telemetry::Attributes _spanAttributes;
};
} // namespace akashi::http
