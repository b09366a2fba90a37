#pragma once
#include "consistency/Visibility.h"
#include "http/RouteHandler.h"
#include "services/AgentService.h"

namespace akashi::api
{
/// `/v1/agents` (admin): register, list, read, retag and delete agents of the caller's org.
class AgentsApi
{
public:
    AgentsApi(services::AgentService& agents, consistency::Visibility& visibility) : _agents(agents), _visibility(visibility)
    {
    }

    /// POST /v1/agents → 201 `{agent, api_key{id, prefix}, raw_key?}`.
    void create(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
    /// GET /v1/agents?limit=200&offset=0 → list envelope of Agent.
    void list(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
    /// GET /v1/agents/{agent_id} → Agent.
    void get(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
    /// PATCH /v1/agents/{agent_id}/tags `{tags}` → Agent.
    void replaceTags(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
    /// DELETE /v1/agents/{agent_id} → `{agent_id, deleted{...}}`.
    void remove(http::RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);

private:
    services::AgentService& _agents;
    consistency::Visibility& _visibility;
};
} // namespace akashi::api
