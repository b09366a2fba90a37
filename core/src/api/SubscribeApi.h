#pragma once
#include "http/RequestContext.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <chrono>

namespace akashi::services
{
class AccessPolicy;
}

namespace akashi::storage
{
class Database;
}

namespace akashi::stream
{
class EventFeed;
class SseBroker;
} // namespace akashi::stream

namespace akashi::api
{
/// GET /v1/subscribe (reference §7): Server-Sent Events for new decisions and conflicts of the
/// caller's org that the caller may see (both agents of a conflict). The request's path is this file:
/// authenticate (the dispatcher's gate), read Last-Event-ID, register with the broker, replay from
/// stream_events, then write the response head into the broker's preamble and detach the socket: the
/// broker (stream/SseBroker) writes everything after that, so the worker thread is free at once.
class SubscribeApi
{
public:
    struct Settings
    {
        std::chrono::seconds replayWindow{std::chrono::hours(24)};
        int replayLimit = 1000;
    };

    SubscribeApi(storage::Database& database, services::AccessPolicy& access, stream::SseBroker& broker,
                 const stream::EventFeed& feed, Settings settings);

    void subscribe(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                   Poco::Net::HTTPServerResponse& response);

    /// Last-Event-ID (header, or `last_event_id` for clients that cannot set headers): nullopt when
    /// absent; 400 naming it when not a non-negative integer.
    static std::optional<std::int64_t> lastEventId(const Poco::Net::HTTPServerRequest& request);

private:
    /// Waits (briefly) until every event the broker has seen is committed, so a replay read now holds
    /// every event the live queue might lack. Returns the newest committed id.
    std::int64_t awaitCommitted(std::int64_t seq);

    storage::Database& _database;
    services::AccessPolicy& _access;
    stream::SseBroker& _broker;
    const stream::EventFeed& _feed;
    const Settings _settings;
};
} // namespace akashi::api
