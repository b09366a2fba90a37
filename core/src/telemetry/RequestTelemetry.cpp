#include "telemetry/RequestTelemetry.h"

#include "telemetry/SpanQueue.h"
#include "telemetry/TraceIdGenerator.h"
#include "telemetry/TraceParent.h"

#include <array>

namespace akashi::telemetry
{
namespace
{
std::uint64_t nowUnixNanos()
{
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
}
} // namespace

RequestTelemetry::RequestTelemetry(MetricsRegistry& registry, std::shared_ptr<SpanQueue> spans)
    : _registry(registry), _spans(std::move(spans))
{
}

std::string_view RequestTelemetry::boundedMethod(std::string_view method) noexcept
{
    static constexpr std::array<std::string_view, 9> kKnown{"GET",     "HEAD",  "POST",  "PUT",  "DELETE",
                                                            "CONNECT", "OPTIONS", "TRACE", "PATCH"};
    for (const auto known : kKnown)
        if (method == known)
            return known;
    return "_OTHER";
}

std::string RequestTelemetry::spanName(std::string_view method, const std::string& route)
{
    return std::string(boundedMethod(method)) + " " + (route.empty() ? std::string("unmatched") : route);
}

std::optional<RequestTrace> RequestTelemetry::begin(std::string_view traceparentHeader) const
{
    if (!_spans)
        return std::nullopt;
    RequestTrace trace;
    trace.start = std::chrono::steady_clock::now();
    trace.startUnixNanos = nowUnixNanos();
    trace.spanId = TraceIdGenerator::spanId();
    if (auto parent = TraceParent::parse(traceparentHeader))
    {
        trace.traceId = std::move(parent->traceId);
        trace.parentSpanId = std::move(parent->parentId);
        trace.sampled = parent->sampled(); // parent-based sampling, OTel's default
    }
    else
        trace.traceId = TraceIdGenerator::traceId();
    return trace;
}

void RequestTelemetry::finish(const std::optional<RequestTrace>& trace, const FinishedRequest& request) const
{
    const std::string method(boundedMethod(request.method));
    Attributes attributes{{"http.method", method}, {"http.status_code", static_cast<std::int64_t>(request.status)}};
    if (!request.route.empty())
        attributes.emplace("http.route", request.route);
    if (!request.agentId.empty())
        attributes.emplace("akashi.agent_id", request.agentId);

    const auto end = std::chrono::steady_clock::now();
    const double durationMs = std::chrono::duration<double, std::milli>(end - request.start).count();
    _registry.counter("http.server.request_count", "HTTP requests served", "1", attributes).add();
    _registry.histogram("http.server.duration", "Time to serve an HTTP request", "ms", attributes).record(durationMs);

    if (!trace || !trace->sampled || !_spans)
        return;
    Span span;
    span.traceId = trace->traceId;
    span.spanId = trace->spanId;
    span.parentSpanId = trace->parentSpanId;
    span.name = spanName(request.method, request.route);
    span.startUnixNanos = trace->startUnixNanos;
    span.endUnixNanos = trace->startUnixNanos + static_cast<std::uint64_t>(
                                                    std::chrono::duration_cast<std::chrono::nanoseconds>(end - trace->start).count());
    span.error = request.status >= 500;
    span.attributes = request.spanAttributes;
    for (const auto& [key, value] : attributes) // ours win over a handler's of the same key
        span.attributes[key] = value;
    span.attributes["http.url"] = request.path;
    span.attributes["http.request_id"] = request.requestId;
    if (!request.role.empty())
        span.attributes["akashi.role"] = request.role;
    _spans->push(std::move(span));
}
} // namespace akashi::telemetry
