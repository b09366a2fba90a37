#pragma once
#include "storage/DecisionRecord.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace akashi::mcp
{
/// How tools render decisions. `concise` (the default) keeps what an agent needs to reuse a precedent
/// and costs few tokens; `full` is the REST Decision shape (api::DecisionJson).
class ToolOutput
{
public:
    static constexpr const char* kConcise = "concise";
    static constexpr const char* kFull = "full";

    static Poco::JSON::Object::Ptr decision(const storage::DecisionRecord& decision, const std::string& format);
    static Poco::JSON::Array::Ptr decisions(const std::vector<storage::DecisionRecord>& decisions,
                                            const std::string& format);
    static Poco::JSON::Array::Ptr conflicts(const std::vector<storage::ConflictRecord>& conflicts,
                                            const std::string& format);
};
} // namespace akashi::mcp
