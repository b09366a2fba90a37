#pragma once
#include "RedisUrl.h"

#include <Poco/Redis/Array.h>
#include <Poco/Redis/Client.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace akashi::plugins::ratelimit::redis
{
/// One connection to Redis, logged in (AUTH) and on its database (SELECT), every reply bounded by
/// `timeout`. Not thread-safe: the pool hands it to one thread at a time.
///
/// Two kinds of failure, told apart because only one leaves the connection usable:
///   * ErrorReply: Redis answered with an error (-NOSCRIPT, -WRONGTYPE, -NOAUTH ...): still in step;
///   * any other exception (Poco's network errors, a timeout, a lost connection, a malformed reply):
///     the connection must be dropped. Poco reports a lost connection as a RedisException too, which is
///     why replies are read untyped and errors recognised here rather than by exception type.
class RedisConnection
{
public:
    /// An error reply from Redis (its text, e.g. "NOSCRIPT No matching script").
    class ErrorReply : public std::runtime_error
    {
    public:
        using std::runtime_error::runtime_error;
    };

    /// Connects, then AUTH and SELECT as the URL says; throws on failure (never quoting the password).
    RedisConnection(const RedisUrl& url, std::chrono::milliseconds timeout);

    /// EVALSHA `sha1` with one key and `arguments`; when Redis no longer has the script cached (NOSCRIPT:
    /// a restart, SCRIPT FLUSH, a failover), EVAL `source`, which also caches it again. The reply must be
    /// an array.
    Poco::Redis::Array evalCached(const std::string& sha1, const std::string& source, const std::string& key,
                                  const std::vector<std::string>& arguments);

private:
    /// Sends `command` and reads one reply; throws ErrorReply for an error reply.
    Poco::Redis::RedisType::Ptr call(const Poco::Redis::Array& command);

    Poco::Redis::Client _client;
};
} // namespace akashi::plugins::ratelimit::redis
