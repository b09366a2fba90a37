#include "telemetry/RequestTrace.h"

#include "telemetry/TraceParent.h"

namespace akashi::telemetry
{
std::string RequestTrace::traceparent() const
{
    return TraceParent{traceId, spanId, sampled ? TraceParent::kSampled : std::uint8_t{0}}.format();
}
} // namespace akashi::telemetry
