#include "RetryPolicy.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <cctype>

namespace akashi::plugins::embedding::remote
{
RetryPolicy::RetryPolicy(unsigned maxRetries, Millis initialBackoff, Millis maxBackoff, Millis maxRetryAfter) noexcept
    : _maxRetries(maxRetries), _initialBackoff(initialBackoff), _maxBackoff(maxBackoff), _maxRetryAfter(maxRetryAfter)
{
}

bool RetryPolicy::isRetryable(const HttpReply& reply) noexcept
{
    if (reply.outcome != HttpReply::Outcome::answered)
        return true;
    return reply.status == 408 || reply.status == 429 || reply.status >= 500;
}

RetryPolicy::Millis RetryPolicy::backoff(unsigned retriesDone) const noexcept
{
    Millis delay = _initialBackoff;
    for (unsigned i = 0; i < retriesDone && delay < _maxBackoff; ++i)
        delay *= 2;
    return std::min(delay, _maxBackoff);
}

std::optional<RetryPolicy::Millis> RetryPolicy::delayBeforeRetry(unsigned retriesDone, const HttpReply& reply) const noexcept
{
    if (!isRetryable(reply) || retriesDone >= _maxRetries)
        return std::nullopt;
    if (reply.retryAfter)
    {
        if (*reply.retryAfter > _maxRetryAfter)
            return std::nullopt;
        return *reply.retryAfter;
    }
    return backoff(retriesDone);
}

std::optional<RetryPolicy::Millis> RetryPolicy::parseRetryAfter(const std::string& value)
{
    if (!value.empty() && value.size() <= 9 &&
        std::all_of(value.begin(), value.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        return Millis(std::stoll(value) * 1000);
    Poco::DateTime date;
    int timeZone = 0;
    if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::HTTP_FORMAT, value, date, timeZone))
        return std::nullopt;
    date.makeUTC(timeZone);
    const Poco::Timestamp::TimeDiff micros = date.timestamp() - Poco::Timestamp();
    return Millis(std::max<Poco::Timestamp::TimeDiff>(0, micros / 1000));
}
} // namespace akashi::plugins::embedding::remote
