#include "mcp/JsonRpc.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

namespace akashi::mcp
{
namespace
{
[[noreturn]] void invalid(const std::string& problem)
{
    throw JsonRpcError(rpc::kInvalidRequest, "invalid request: " + problem);
}

bool validId(const Poco::Dynamic::Var& id)
{
    return id.isString() || (id.isInteger() && !id.isBoolean());
}
} // namespace

JsonRpcMessage JsonRpc::classify(const Poco::Dynamic::Var& value)
{
    if (value.type() != typeid(Poco::JSON::Object::Ptr))
        invalid("a message must be a JSON object");
    const auto object = value.extract<Poco::JSON::Object::Ptr>();
    if (!object->has("jsonrpc") || !object->get("jsonrpc").isString() || object->getValue<std::string>("jsonrpc") != "2.0")
        invalid("\"jsonrpc\" must be \"2.0\"");

    JsonRpcMessage message;
    const bool hasId = object->has("id") && !object->isNull("id");
    if (hasId)
    {
        message.id = object->get("id");
        if (!validId(message.id))
            invalid("\"id\" must be a string or an integer");
    }
    if (!object->has("method"))
    {
        if (!hasId || (!object->has("result") && !object->has("error")))
            invalid("a message needs a \"method\", or an \"id\" with a \"result\" or an \"error\"");
        message.kind = JsonRpcMessage::Kind::response;
        return message;
    }
    if (!object->get("method").isString())
        invalid("\"method\" must be a string");
    message.method = object->getValue<std::string>("method");
    if (object->has("params") && !object->isNull("params"))
    {
        if (object->get("params").type() != typeid(Poco::JSON::Object::Ptr))
            invalid("\"params\" must be an object");
        message.params = object->getObject("params");
    }
    message.kind = hasId ? JsonRpcMessage::Kind::request : JsonRpcMessage::Kind::notification;
    return message;
}

Poco::JSON::Object::Ptr JsonRpc::result(const Poco::Dynamic::Var& id, const Poco::Dynamic::Var& result)
{
    Poco::JSON::Object::Ptr response = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    response->set("jsonrpc", "2.0");
    response->set("id", id);
    response->set("result", result);
    return response;
}

Poco::JSON::Object::Ptr JsonRpc::error(const Poco::Dynamic::Var& id, int code, const std::string& message,
                                       const Poco::Dynamic::Var& data)
{
    Poco::JSON::Object::Ptr error = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    error->set("code", code);
    error->set("message", message);
    if (!data.isEmpty())
        error->set("data", data);
    Poco::JSON::Object::Ptr response = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    response->set("jsonrpc", "2.0");
    response->set("id", id);
    response->set("error", error);
    return response;
}

std::string JsonRpc::text(const Poco::Dynamic::Var& value)
{
    std::ostringstream out;
    if (value.type() == typeid(Poco::JSON::Object::Ptr))
        Poco::JSON::Stringifier::condense(value.extract<Poco::JSON::Object::Ptr>(), out, Poco::JSON_WRAP_STRINGS);
    else if (value.type() == typeid(Poco::JSON::Array::Ptr))
        Poco::JSON::Stringifier::condense(value.extract<Poco::JSON::Array::Ptr>(), out, Poco::JSON_WRAP_STRINGS);
    else
        Poco::JSON::Stringifier::condense(value, out, Poco::JSON_WRAP_STRINGS);
    return out.str();
}
} // namespace akashi::mcp
