#include "mcp/ToolRegistry.h"

#include "common/Exception.h"
#include "logging/Log.h"
#include "mcp/JsonRpc.h"

#include <algorithm>
#include <stdexcept>

namespace akashi::mcp
{
void ToolRegistry::add(ToolDefinition tool)
{
    if (std::any_of(_tools.begin(), _tools.end(), [&](const ToolDefinition& t) { return t.name == tool.name; }))
        throw std::logic_error("duplicate MCP tool " + tool.name);
    _tools.push_back(std::move(tool));
}

Poco::JSON::Array::Ptr ToolRegistry::list() const
{
    Poco::JSON::Array::Ptr tools = new Poco::JSON::Array;
    for (const auto& tool : _tools)
    {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        item->set("name", tool.name);
        item->set("title", tool.title);
        item->set("description", tool.description);
        item->set("inputSchema", ToolArguments::schema(tool.parameters));
        Poco::JSON::Object::Ptr annotations = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        annotations->set("title", tool.title);
        annotations->set("readOnlyHint", tool.readOnly);
        annotations->set("openWorldHint", false);
        item->set("annotations", annotations);
        tools->add(item);
    }
    return tools;
}

Poco::JSON::Object::Ptr ToolRegistry::errorResult(const std::string& text)
{
    Poco::JSON::Object::Ptr content = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    content->set("type", "text");
    content->set("text", text);
    Poco::JSON::Array::Ptr contents = new Poco::JSON::Array;
    contents->add(content);
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    result->set("content", contents);
    result->set("isError", true);
    return result;
}

Poco::JSON::Object::Ptr ToolRegistry::successResult(const Poco::JSON::Object::Ptr& data)
{
    Poco::JSON::Object::Ptr content = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    content->set("type", "text");
    content->set("text", JsonRpc::text(data));
    Poco::JSON::Array::Ptr contents = new Poco::JSON::Array;
    contents->add(content);
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    result->set("content", contents);
    result->set("structuredContent", data);
    result->set("isError", false);
    return result;
}

Poco::JSON::Object::Ptr ToolRegistry::call(const McpCall& call, const std::string& name,
                                           const Poco::JSON::Object::Ptr& arguments) const
{
    const auto tool = std::find_if(_tools.begin(), _tools.end(), [&](const ToolDefinition& t) { return t.name == name; });
    if (tool == _tools.end())
        throw JsonRpcError(rpc::kInvalidParams, "unknown tool: " + name);
    try
    {
        const ToolArguments validated(tool->parameters, arguments);
        return successResult(tool->run(call, validated));
    }
    catch (const ToolArgumentError& e)
    {
        return errorResult(e.what());
    }
    catch (const Exception& e)
    {
        if (errorCodeInfo(e.errorCode()).httpStatus < 500)
            return errorResult(e.message());
        logging::error(_log, "mcp tool failed", {{"tool", name}, {"error", e.message()}});
        return errorResult("internal server error");
    }
    catch (const std::exception& e)
    {
        const auto* poco = dynamic_cast<const Poco::Exception*>(&e);
        logging::error(_log, "mcp tool failed", {{"tool", name}, {"error", poco ? poco->displayText() : e.what()}});
        return errorResult("internal server error");
    }
}
} // namespace akashi::mcp
