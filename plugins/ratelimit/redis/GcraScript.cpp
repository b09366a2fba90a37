#include "GcraScript.h"

#include <Poco/DigestEngine.h>
#include <Poco/Redis/Array.h>
#include <Poco/SHA1Engine.h>

#include <cmath>
#include <stdexcept>

namespace akashi::plugins::ratelimit::redis
{
namespace
{
// Times are whole microseconds held in Lua numbers (doubles): exact below 2^53 µs, i.e. for about 285 years
// after 1970, which is why a bucket's fill time (interval x burst) is capped at ~30 years.
constexpr const char* kSource = R"lua(
-- akashi rate limit: GCRA. KEYS[1] = bucket; ARGV[1] = emission interval (us per permit); ARGV[2] = burst.
-- Returns {allowed 0|1, remaining, retry after (us), bucket full at (us since the epoch)}.
if redis.replicate_commands then redis.replicate_commands() end
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now) or now
if tat < now then tat = now end
local allowAt = tat + interval - interval * burst
if now < allowAt then
  return {0, 0, allowAt - now, tat}
end
local newTat = tat + interval
redis.call('SET', KEYS[1], string.format('%.0f', newTat), 'PX', math.ceil((newTat - now) / 1000))
return {1, math.floor((now - allowAt) / interval), 0, newTat}
)lua";

constexpr double kMaxFillMicros = 1e15; // ~31.7 years

std::string digest()
{
    Poco::SHA1Engine engine;
    engine.update(std::string(kSource));
    return Poco::DigestEngine::digestToHex(engine.digest());
}
} // namespace

const std::string& GcraScript::source()
{
    static const std::string text(kSource);
    return text;
}

const std::string& GcraScript::sha1()
{
    static const std::string hex = digest();
    return hex;
}

std::vector<std::string> GcraScript::arguments(const akashi::ratelimit::RateLimitRule& rule)
{
    if (rule.burst == 0 || !std::isfinite(rule.ratePerSecond) || !(rule.ratePerSecond > 0))
        throw std::invalid_argument("rule needs burst >= 1 and a finite rate > 0");
    const double interval = std::max(1.0, std::round(1e6 / rule.ratePerSecond));
    if (interval * static_cast<double>(rule.burst) > kMaxFillMicros)
        throw std::invalid_argument("rule's bucket would take more than 30 years to fill (burst / rate too large)");
    return {std::to_string(static_cast<std::int64_t>(interval)), std::to_string(rule.burst)};
}

akashi::ratelimit::RateLimitDecision GcraScript::decode(const Poco::Redis::Array& reply,
                                                         const akashi::ratelimit::RateLimitRule& rule)
{
    if (reply.isNull() || reply.size() != 4)
        throw std::runtime_error("unexpected reply from the rate limit script");
    const auto allowed = reply.get<Poco::Int64>(0);
    const auto remaining = reply.get<Poco::Int64>(1);
    const auto retryAfterMicros = reply.get<Poco::Int64>(2);
    const auto fullAtMicros = reply.get<Poco::Int64>(3);
    if ((allowed != 0 && allowed != 1) || remaining < 0 || retryAfterMicros < 0 || fullAtMicros < 0)
        throw std::runtime_error("unexpected reply from the rate limit script");
    akashi::ratelimit::RateLimitDecision decision;
    decision.allowed = allowed == 1;
    decision.limit = rule.burst;
    decision.remaining = static_cast<std::uint64_t>(remaining);
    decision.resetUnixSeconds = (fullAtMicros + 999999) / 1000000;
    decision.retryAfterMs = static_cast<std::uint64_t>((retryAfterMicros + 999) / 1000);
    return decision;
}
} // namespace akashi::plugins::ratelimit::redis
