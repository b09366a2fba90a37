#pragma once
#include "storage/AgentRecord.h"
#include "storage/GrantRecord.h"

#include <Poco/JSON/Object.h>

namespace akashi::api
{
/// Wire shapes of the reference (§1.3): Agent and AccessGrant. The API key hash never leaves here.
class IdentityJson
{
public:
    static Poco::JSON::Object::Ptr agent(const storage::AgentRecord& agent);
    static Poco::JSON::Object::Ptr grant(const storage::GrantRecord& grant);
    static Poco::JSON::Object::Ptr deletionCounts(const storage::AgentDeletionCounts& counts);
};
} // namespace akashi::api
