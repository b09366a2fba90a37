#include "BenchResult.h"

#include <cstdio>

namespace akashi::bench
{
void BenchResult::add(const ClientTally& tally)
{
    operations += tally.operations;
    rows += tally.rows;
    errors += tally.errors;
    if (firstError.empty())
        firstError = tally.firstError;
    latency.merge(tally.latency);
}

std::string BenchResult::line()
{
    const double perSecond = seconds > 0 ? 1.0 / seconds : 0;
    char text[512];
    std::snprintf(text, sizeof text,
                  "akashi-bench mode=%s clients=%zu seconds=%.2f ops=%llu ops_per_s=%.1f rows=%llu rows_per_s=%.1f "
                  "errors=%llu p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f mean_ms=%.2f",
                  mode.c_str(), clients, seconds, static_cast<unsigned long long>(operations),
                  static_cast<double>(operations) * perSecond, static_cast<unsigned long long>(rows),
                  static_cast<double>(rows) * perSecond, static_cast<unsigned long long>(errors),
                  latency.percentileMillis(50), latency.percentileMillis(90), latency.percentileMillis(99),
                  latency.maxMillis(), latency.meanMillis());
    return text;
}
} // namespace akashi::bench
