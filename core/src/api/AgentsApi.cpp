#include "api/AgentsApi.h"

#include "api/IdentityJson.h"
#include "api/ReadAfterWrite.h"
#include "http/QueryParams.h"
#include "http/RequestBody.h"
#include "http/RequestContext.h"
#include "http/ResponseWriter.h"
#include "json/ObjectReader.h"

namespace akashi::api
{
namespace
{
constexpr std::size_t kMaxTags = 64;
constexpr std::size_t kMaxMetadataBytes = 16 * 1024;

} // namespace

void AgentsApi::create(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response)
{
    json::ObjectReader body(http::RequestBody::readJsonObject(request, context.maxBodyBytes()));
    services::AgentService::CreateRequest create;
    create.agentId = body.requiredString("agent_id", {1, 255});
    create.name = body.requiredString("name", {1, 255});
    create.apiKey = body.optionalString("api_key", {1, 1024});
    create.role = body.optionalString("role", {1, 32});
    create.tags = body.optionalStringArray("tags", kMaxTags, {1, 64}).value_or(std::vector<std::string>{});
    create.metadata = body.objectText("metadata", kMaxMetadataBytes);
    body.finish();

    const auto created = _agents.create(context.principal(), std::move(create));
    Poco::JSON::Object::Ptr key = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    // Keys are per agent until managed keys exist, so the key's id is the agent's row id.
    key->set("id", created.agent.id);
    key->set("prefix", created.keyPrefix);
    Poco::JSON::Object::Ptr data = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    data->set("agent", IdentityJson::agent(created.agent));
    data->set("api_key", key);
    if (created.rawKey)
        data->set("raw_key", *created.rawKey);
    ReadAfterWrite::writeData(response, context, 201, data, _visibility.committed());
}

void AgentsApi::list(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response)
{
    const http::QueryParams query(request);
    const int limit = query.limit(200);
    const int offset = query.offset();
    _visibility.await(context.principal().orgId, ReadAfterWrite::fromQuery(query));
    std::int64_t total = 0;
    const auto agents = _agents.list(context.principal(), limit, offset, total);
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& agent : agents)
        items->add(IdentityJson::agent(agent));
    http::ResponseWriter::writePage(response, context, items, total, limit, offset);
}

void AgentsApi::get(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                    Poco::Net::HTTPServerResponse& response)
{
    _visibility.await(context.principal().orgId, ReadAfterWrite::fromQuery(http::QueryParams(request)));
    const auto agent = _agents.get(context.principal(), context.pathParam("agent_id"));
    http::ResponseWriter::writeData(response, context, 200, IdentityJson::agent(agent));
}

void AgentsApi::replaceTags(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                            Poco::Net::HTTPServerResponse& response)
{
    json::ObjectReader body(http::RequestBody::readJsonObject(request, context.maxBodyBytes()));
    auto tags = body.optionalStringArray("tags", kMaxTags, {1, 64});
    if (!tags)
        body.fail("tags", "is required");
    body.finish();
    const auto agent = _agents.replaceTags(context.principal(), context.pathParam("agent_id"), std::move(*tags));
    ReadAfterWrite::writeData(response, context, 200, IdentityJson::agent(agent), _visibility.committed());
}

void AgentsApi::remove(http::RequestContext& context, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response)
{
    const std::string agentId = context.pathParam("agent_id");
    const auto counts = _agents.remove(context.principal(), agentId);
    Poco::JSON::Object::Ptr data = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    data->set("agent_id", agentId);
    data->set("deleted", IdentityJson::deletionCounts(counts));
    ReadAfterWrite::writeData(response, context, 200, data, _visibility.committed());
}
} // namespace akashi::api
