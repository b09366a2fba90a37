#pragma once
#include "api/IdentityServer.h"

#include <Poco/JSON/Array.h>

#include <optional>
#include <string>
#include <vector>

namespace akashi::test
{
/// A scored_conflicts row as a test wants it (the detector is not under test: rows are inserted with SQL).
struct ConflictSpec
{
    std::string a; ///< decision ids
    std::string b;
    std::string detectedAt; ///< timestamptz text; fixes the list order
    std::string kind = "cross_agent";
    std::optional<std::string> severity = std::nullopt;
    std::optional<std::string> category = std::nullopt;
    std::string status = "open";
    std::string decisionType = "architecture";
    std::string orgId = IdentityServer::kDefaultOrg;
};

/// What the conflicts API tests share: decisions traced through POST /v1/trace, conflicts inserted with
/// SQL, and the calls and checks every test makes.
class ConflictFixtures
{
public:
    explicit ConflictFixtures(IdentityServer& server) : _server(server) {}

    static constexpr const char* kUnknownId = "7d444840-9dc0-11d1-b245-5ffdce74fad2";

    /// POST /v1/trace for `agent` (as admin unless `authorization` is given); returns the decision id.
    std::string trace(const std::string& agent, double confidence, const std::string& decisionType = "architecture",
                      const std::optional<std::string>& supersedes = std::nullopt,
                      const std::string& authorization = IdentityServer::admin());

    std::string insertConflict(const ConflictSpec& spec);

    /// The ids a list endpoint answers with (asserting 200).
    std::vector<std::string> listed(const std::string& path, const std::string& authorization = IdentityServer::admin());

    HttpReply patch(const std::string& id, const std::string& body, const std::string& authorization = IdentityServer::admin());

    /// The row's status as stored.
    std::string statusOf(const std::string& id);

private:
    IdentityServer& _server;
};

/// The `id` of every object of a JSON array, in order.
std::vector<std::string> idsOf(const Poco::JSON::Array::Ptr& items);

/// Asserts the reply's status and `error.message`.
void expectError(const HttpReply& reply, int status, const std::string& message);
} // namespace akashi::test
