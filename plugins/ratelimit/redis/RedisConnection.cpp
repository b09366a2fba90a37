#include "RedisConnection.h"

#include <Poco/Net/SocketAddress.h>
#include <Poco/Redis/Error.h>
#include <Poco/Redis/Exception.h>
#include <Poco/Redis/Type.h>
#include <Poco/Timespan.h>

namespace akashi::plugins::ratelimit::redis
{
namespace
{
Poco::Timespan timespan(std::chrono::milliseconds duration)
{
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(duration.count()) * 1000);
}

Poco::Net::SocketAddress addressOf(const RedisUrl& url)
{
    if (url.isUnixSocket())
        return Poco::Net::SocketAddress(Poco::Net::SocketAddress::UNIX_LOCAL, url.socketPath());
    return Poco::Net::SocketAddress(url.host(), url.port());
}

Poco::Redis::Array command(std::initializer_list<std::string> words, const std::vector<std::string>& more = {})
{
    Poco::Redis::Array array;
    for (const auto& word : words)
        array.add(word);
    for (const auto& word : more)
        array.add(word);
    return array;
}
} // namespace

RedisConnection::RedisConnection(const RedisUrl& url, std::chrono::milliseconds timeout)
{
    _client.connect(addressOf(url), timespan(timeout));
    _client.setReceiveTimeout(timespan(timeout));
    if (!url.password().empty())
    {
        try
        {
            call(url.user().empty() ? command({"AUTH", url.password()}) : command({"AUTH", url.user(), url.password()}));
        }
        catch (const ErrorReply& e)
        {
            // Redis' reply (WRONGPASS ...) quotes neither the password nor the user.
            throw ErrorReply(std::string("AUTH refused: ") + e.what());
        }
    }
    if (url.database() != 0)
        call(command({"SELECT", std::to_string(url.database())}));
}

Poco::Redis::RedisType::Ptr RedisConnection::call(const Poco::Redis::Array& command)
{
    Poco::Redis::RedisType::Ptr reply = _client.sendCommand(command);
    if (reply.isNull())
        throw Poco::Redis::RedisException("no reply from Redis");
    if (reply->type() == Poco::Redis::RedisTypeTraits<Poco::Redis::Error>::TypeId)
    {
        const auto* error = dynamic_cast<const Poco::Redis::Type<Poco::Redis::Error>*>(reply.get());
        throw ErrorReply(error ? error->value().getMessage() : std::string("error reply"));
    }
    return reply;
}

Poco::Redis::Array RedisConnection::evalCached(const std::string& sha1, const std::string& source,
                                               const std::string& key, const std::vector<std::string>& arguments)
{
    Poco::Redis::RedisType::Ptr reply;
    try
    {
        reply = call(command({"EVALSHA", sha1, "1", key}, arguments));
    }
    catch (const ErrorReply& e)
    {
        if (std::string(e.what()).rfind("NOSCRIPT", 0) != 0)
            throw;
        reply = call(command({"EVAL", source, "1", key}, arguments));
    }
    const auto* array = dynamic_cast<const Poco::Redis::Type<Poco::Redis::Array>*>(reply.get());
    if (!array)
        throw ErrorReply("the rate limit script did not return an array");
    return array->value();
}
} // namespace akashi::plugins::ratelimit::redis
