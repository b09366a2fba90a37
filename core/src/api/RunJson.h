#pragma once
#include "services/RunService.h"
#include "storage/EventRecord.h"
#include "storage/RunRecord.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>

namespace akashi::api
{
/// Wire shapes of runs and events (reference §1.3: AgentRun, AgentEvent) and the checks that keep an
/// event storable: a payload PostgreSQL would refuse at COPY time (NUL characters, invalid UTF-8,
/// non-finite numbers) must be refused with a 400 before it is buffered, or it would block its batch.
class RunJson
{
public:
    static Poco::JSON::Object::Ptr run(const storage::RunRecord& run);
    static Poco::JSON::Object::Ptr event(const storage::EventRecord& event);

    /// `{run, events, decisions, truncated?, truncated_events?}` for GET /v1/runs/{run_id}; `decisions`
    /// is the run's decisions array, built by the caller.
    static Poco::JSON::Object::Ptr runDetail(const services::RunService::RunDetail& detail);

    /// Compact JSON text of `object` ("{}" for null).


    /// True when `text` is valid UTF-8 without NUL characters (storable as PostgreSQL text).
    static bool storableText(const std::string& text) noexcept;

    /// Problem with a JSON value that jsonb cannot store, as "contains ..." text; empty when storable.
    static std::string unstorable(const Poco::Dynamic::Var& value);
};
} // namespace akashi::api
