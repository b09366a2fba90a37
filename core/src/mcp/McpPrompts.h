#pragma once
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>

namespace akashi::mcp
{
/// The MCP prompts: text templates an agent's user can pick to wire Akashi into a workflow.
///   before-decision(decision_type*)            check precedents first (akashi_check)
///   after-decision(decision_type*, outcome*)   record the decision (akashi_trace)
///   agent-setup()                              how to use Akashi throughout a task
/// Stateless; thread-safe.
class McpPrompts
{
public:
    /// prompts/list `prompts`.
    static Poco::JSON::Array::Ptr list();
    /// prompts/get result `{description, messages}`. `arguments` (may be null) maps names to strings.
    /// Throws JsonRpcError(kInvalidParams) for an unknown prompt, a missing required argument, an
    /// argument the prompt does not take, or one that is not a string.
    static Poco::JSON::Object::Ptr get(const std::string& name, const Poco::JSON::Object::Ptr& arguments);

    static constexpr std::size_t kMaxArgumentBytes = 4096;
};
} // namespace akashi::mcp
