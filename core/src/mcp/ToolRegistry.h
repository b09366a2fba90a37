#pragma once
#include "mcp/McpCall.h"
#include "mcp/ToolArguments.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <functional>
#include <string>
#include <vector>

namespace Poco
{
class Logger;
}

namespace akashi::mcp
{
/// One tool: its published description and parameters, and the function that runs it. `run` returns
/// the result object (sent as JSON text in `content` and as `structuredContent`) and reports failures
/// by throwing akashi::Exception, exactly as the services it calls do.
struct ToolDefinition
{
    std::string name;
    std::string title;
    std::string description;
    std::vector<ToolParameter> parameters;
    bool readOnly = true; ///< published as annotations.readOnlyHint
    std::function<Poco::JSON::Object::Ptr(const McpCall&, const ToolArguments&)> run;
};

/// The tools of the MCP server, by name. Built once at startup, then read concurrently (immutable).
class ToolRegistry
{
public:
    explicit ToolRegistry(Poco::Logger& log) : _log(log) {}

    /// Throws std::logic_error for a duplicate name (a startup bug).
    void add(ToolDefinition tool);

    /// The tools/list `tools` array: name, title, description, inputSchema, annotations.
    Poco::JSON::Array::Ptr list() const;

    /// tools/call. An unknown tool is a protocol error (JsonRpcError kInvalidParams). Everything else
    /// becomes a CallToolResult: invalid arguments and client errors of the services (400, 403, 404,
    /// 409) carry their message with `isError: true`; a server-side failure (5xx or an unexpected
    /// exception) is logged and reported as `isError` with a generic text, never its details.
    Poco::JSON::Object::Ptr call(const McpCall& call, const std::string& name,
                                 const Poco::JSON::Object::Ptr& arguments) const;

    /// `{content: [{type: "text", text}], isError: true}`.
    static Poco::JSON::Object::Ptr errorResult(const std::string& text);
    /// `{content: [{type: "text", text: <JSON of result>}], structuredContent: result, isError: false}`.
    static Poco::JSON::Object::Ptr successResult(const Poco::JSON::Object::Ptr& result);

private:
    Poco::Logger& _log;
    std::vector<ToolDefinition> _tools;
};
} // namespace akashi::mcp
