#include "api/SubscribeApi.h"

#include "common/Exception.h"
#include "http/QueryParams.h"
#include "services/AccessPolicy.h"
#include "storage/Database.h"
#include "storage/StreamEventLog.h"
#include "stream/EventFeed.h"
#include "stream/SseBroker.h"
#include "stream/SseHandoff.h"

#include <thread>

namespace akashi::api
{
namespace
{
constexpr auto kCommitPatience = std::chrono::seconds(1);
/// Tells EventSource clients how soon to reconnect after the stream ends.
constexpr const char* kRetryField = "retry: 3000\n\n";
} // namespace

SubscribeApi::SubscribeApi(storage::Database& database, services::AccessPolicy& access, stream::SseBroker& broker,
                           const stream::EventFeed& feed, Settings settings)
    : _database(database), _access(access), _broker(broker), _feed(feed), _settings(settings)
{
}

std::optional<std::int64_t> SubscribeApi::lastEventId(const Poco::Net::HTTPServerRequest& request)
{
    std::string value = request.get("Last-Event-ID", "");
    if (value.empty())
        value = http::QueryParams(request).get("last_event_id").value_or("");
    if (value.empty())
        return std::nullopt;
    const bool digits = value.size() <= 18 && value.find_first_not_of("0123456789") == std::string::npos;
    if (!digits)
        throw Exception(ErrorCode::invalidInput, "Last-Event-ID must be a non-negative integer (an SSE id from this server)");
    return std::stoll(value);
}

void SubscribeApi::subscribe(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                             Poco::Net::HTTPServerResponse& response)
{
    const auto& caller = context.principal();
    services::AccessPolicy::requireRole(caller, auth::Role::reader);
    const auto resumeAfter = lastEventId(request);
    auto visibility = std::make_shared<const services::AccessPolicy::Visibility>(_access.visibility(caller));

    stream::SseBroker::Subscription subscription;
    subscription.orgId = caller.orgId;
    subscription.accepts = [visibility](const stream::StreamEvent& event) {
        for (const auto& agent : event.agents)
            if (!visibility->allows(agent))
                return false;
        return true;
    };
    const auto filter = subscription.accepts;
    const auto id = _broker.open(std::move(subscription));
    if (id == 0)
        throw Exception(ErrorCode::serviceUnavailable, "too many subscribers on this instance",
                        {}, "retry later or connect to another instance");

    std::string replayed;
    std::int64_t replayedThrough = 0;
    bool cut = false;
    try
    {
        if (resumeAfter)
        {
            // An id beyond every committed one (another cluster's, or a database restored from backup)
            // cannot be resumed from: the stream starts live.
            const auto committed = awaitCommitted(_feed.lastDelivered());
            replayedThrough = std::min(*resumeAfter, committed);
            std::vector<storage::StreamEventRecord> rows;
            {
                auto connection = _database.connection();
                rows = storage::StreamEventLog::replay(*connection, caller.orgId, replayedThrough, _settings.replayWindow,
                                                       _settings.replayLimit);
            }
            cut = static_cast<int>(rows.size()) >= _settings.replayLimit;
            for (auto& row : rows)
            {
                replayedThrough = std::max(replayedThrough, row.seq);
                auto event = stream::makeStreamEvent(row.seq, row.channel, row.orgId, std::move(row.payload));
                if (event && filter(*event))
                    replayed += *event->frame;
            }
        }
    }
    catch (...)
    {
        _broker.cancel(id);
        throw;
    }

    const auto head = stream::SseHandoff::responseHead(response);
    // From here on nothing may throw: the socket leaves Poco's connection, which must not answer again.
    _broker.attach(id, stream::SseHandoff::detach(request), head + kRetryField + replayed, replayedThrough, cut);
}

std::int64_t SubscribeApi::awaitCommitted(std::int64_t seq)
{
    // The relay publishes a batch just before committing it: an id the broker saw may not be readable
    // for a moment yet.
    const auto deadline = std::chrono::steady_clock::now() + kCommitPatience;
    for (;;)
    {
        std::int64_t committed = 0;
        {
            auto connection = _database.connection();
            committed = storage::StreamEventLog::lastSeq(*connection);
        }
        if (committed >= seq || std::chrono::steady_clock::now() > deadline)
            return committed;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}
} // namespace akashi::api
