#pragma once
#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <stdexcept>
#include <string>

namespace akashi::mcp
{
/// JSON-RPC 2.0 error codes used by MCP (the four of the JSON-RPC spec, internal error, and MCP's
/// "resource not found").
namespace rpc
{
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
/// MCP resources: a read of a URI the server does not serve (2025-11-25 spec, resources §error handling).
inline constexpr int kResourceNotFound = -32002;
/// Transport-level: the Mcp-Session-Id is unknown, expired, ended, or another principal's (HTTP 404).
inline constexpr int kSessionNotFound = -32001;
} // namespace rpc

/// Raised by a method handler; the dispatcher turns it into the error response for the request's id.
/// The message goes to the client as is: never put SQL or internals in it.
class JsonRpcError : public std::runtime_error
{
public:
    JsonRpcError(int code, const std::string& message, Poco::Dynamic::Var data = {})
        : std::runtime_error(message), _code(code), _data(std::move(data))
    {
    }
    int code() const noexcept { return _code; }
    const Poco::Dynamic::Var& data() const noexcept { return _data; }

private:
    int _code;
    Poco::Dynamic::Var _data;
};

/// One JSON-RPC message from the client, classified.
struct JsonRpcMessage
{
    enum class Kind
    {
        request,      ///< has an id and a method: must be answered
        notification, ///< a method without an id: never answered
        response      ///< a result or error for a request the server sent (this server sends none)
    };
    Kind kind = Kind::request;
    Poco::Dynamic::Var id;          ///< string or integer; empty for notifications
    std::string method;
    Poco::JSON::Object::Ptr params; ///< null when absent
};

/// Parsing and building JSON-RPC 2.0 messages. Stateless.
class JsonRpc
{
public:
    /// Classifies one message; throws JsonRpcError(kInvalidRequest) for anything that is not a JSON-RPC
    /// 2.0 request, notification or response (no `"jsonrpc": "2.0"`, an id that is neither a string
    /// nor an integer, a non-string method, params that are not an object).
    static JsonRpcMessage classify(const Poco::Dynamic::Var& message);

    static Poco::JSON::Object::Ptr result(const Poco::Dynamic::Var& id, const Poco::Dynamic::Var& result);
    /// `id` empty → JSON null (errors about a message whose id could not be read).
    static Poco::JSON::Object::Ptr error(const Poco::Dynamic::Var& id, int code, const std::string& message,
                                         const Poco::Dynamic::Var& data = {});

    /// Compact JSON text, UTF-8 as is.
    static std::string text(const Poco::Dynamic::Var& value);
};
} // namespace akashi::mcp
