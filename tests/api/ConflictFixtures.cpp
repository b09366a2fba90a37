#include "api/ConflictFixtures.h"

#include "api/DecisionFixtures.h"

#include <cppunit/TestAssert.h>

#include <sstream>

namespace akashi::test
{
std::string ConflictFixtures::trace(const std::string& agent, double confidence, const std::string& decisionType,
                                    const std::optional<std::string>& supersedes, const std::string& authorization)
{
    Poco::JSON::Object decision;
    decision.set("decision_type", decisionType);
    decision.set("outcome", agent + " decides " + std::to_string(confidence));
    decision.set("confidence", confidence);
    Poco::JSON::Object body;
    body.set("agent_id", agent);
    body.set("decision", decision);
    if (supersedes)
        body.set("supersedes_id", *supersedes);
    std::ostringstream text;
    body.stringify(text);
    auto reply = _server.call("POST", "/v1/trace", text.str(), authorization);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 201, reply.status);
    return reply.json()->getObject("data")->getValue<std::string>("decision_id");
}

std::string ConflictFixtures::insertConflict(const ConflictSpec& spec)
{
    const auto id =
        DecisionFixtures(_server.sql()).insertConflict(spec.orgId, spec.a, spec.b, spec.decisionType, spec.status);
    _server.sql().exec(
        "UPDATE scored_conflicts SET conflict_kind = $2, severity = $3, category = $4, "
        "detected_at = $5::timestamptz WHERE id = $1::uuid",
        storage::SqlParams().add(id).add(spec.kind).add(spec.severity).add(spec.category).add(spec.detectedAt));
    return id;
}

std::vector<std::string> ConflictFixtures::listed(const std::string& path, const std::string& authorization)
{
    auto reply = _server.call("GET", path, "", authorization);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(path + ": " + reply.body, 200, reply.status);
    return idsOf(reply.json()->getArray("data"));
}

HttpReply ConflictFixtures::patch(const std::string& id, const std::string& body, const std::string& authorization)
{
    return _server.call("PATCH", "/v1/conflicts/" + id, body, authorization);
}

std::string ConflictFixtures::statusOf(const std::string& id)
{
    return _server.sql()
        .exec("SELECT status FROM scored_conflicts WHERE id = $1::uuid", storage::SqlParams().add(id))
        .text(0, "status");
}

std::vector<std::string> idsOf(const Poco::JSON::Array::Ptr& items)
{
    std::vector<std::string> out;
    for (std::size_t i = 0; i < items->size(); ++i)
        out.push_back(items->getObject(static_cast<unsigned>(i))->getValue<std::string>("id"));
    return out;
}

void expectError(const HttpReply& reply, int status, const std::string& message)
{
    CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, status, reply.status);
    CPPUNIT_ASSERT_EQUAL(message, IdentityServer::errorMessage(reply));
}
} // namespace akashi::test
