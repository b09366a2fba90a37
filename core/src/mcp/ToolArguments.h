#pragma once
#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace akashi::mcp
{
/// One argument of a tool, as declared once: the JSON Schema that tools/list publishes and the checks
/// tools/call applies are both generated from it, so they cannot drift.
struct ToolParameter
{
    enum class Type
    {
        string,
        integer,
        number,
        boolean
    };
    std::string name;
    Type type = Type::string;
    std::string description;
    bool required = false;
    std::vector<std::string> enumValues;  ///< strings only; empty = any
    std::optional<double> minimum;        ///< integers and numbers
    std::optional<double> maximum;
    std::optional<std::size_t> minLength; ///< strings, in bytes
    std::optional<std::size_t> maxLength;
    Poco::Dynamic::Var defaultValue;      ///< published as `default` and used when absent
};

/// A tool's arguments failed validation. The message names the argument; it becomes an `isError`
/// tool result (the MCP spec treats bad arguments as a tool execution error the model can correct).
class ToolArgumentError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/// The validated `arguments` of one tools/call, read by name with the declared defaults applied.
/// Validation: the arguments are an object; every required one is present (JSON null counts as
/// absent); each has its declared type (an integer may be written 5.0), enum, bounds and byte
/// length; strings are valid UTF-8 without NUL (PostgreSQL text cannot hold them); no undeclared
/// argument appears.
class ToolArguments
{
public:
    /// Throws ToolArgumentError. `arguments` may be null (no arguments given).
    ToolArguments(const std::vector<ToolParameter>& parameters, const Poco::JSON::Object::Ptr& arguments);

    /// `{"type":"object","properties":{...},"required":[...],"additionalProperties":false}`.
    static Poco::JSON::Object::Ptr schema(const std::vector<ToolParameter>& parameters);

    bool has(const std::string& name) const;
    std::optional<std::string> string(const std::string& name) const;
    std::optional<std::int64_t> integer(const std::string& name) const;
    std::optional<double> number(const std::string& name) const;
    std::optional<bool> boolean(const std::string& name) const;
    /// For required arguments (present after validation).
    std::string requiredString(const std::string& name) const;

private:
    /// The value or the parameter's default; empty when neither.
    Poco::Dynamic::Var value(const std::string& name) const;

    const std::vector<ToolParameter>& _parameters;
    Poco::JSON::Object::Ptr _arguments;
};
} // namespace akashi::mcp

namespace akashi::mcp::param
{
/// Shorthands for declaring parameters in the tool files.
inline ToolParameter text(std::string name, std::string description, std::size_t maxBytes, bool required = false)
{
    ToolParameter p;
    p.name = std::move(name);
    p.description = std::move(description);
    p.required = required;
    p.minLength = 1;
    p.maxLength = maxBytes;
    return p;
}

inline ToolParameter choice(std::string name, std::string description, std::vector<std::string> values,
                            std::string defaultValue = {}, bool required = false)
{
    ToolParameter p;
    p.name = std::move(name);
    p.description = std::move(description);
    p.required = required;
    p.enumValues = std::move(values);
    if (!defaultValue.empty())
        p.defaultValue = defaultValue;
    return p;
}

inline ToolParameter integer(std::string name, std::string description, double minimum, double maximum,
                             std::int64_t defaultValue)
{
    ToolParameter p;
    p.name = std::move(name);
    p.description = std::move(description);
    p.type = ToolParameter::Type::integer;
    p.minimum = minimum;
    p.maximum = maximum;
    p.defaultValue = defaultValue;
    return p;
}

inline ToolParameter number(std::string name, std::string description, double minimum, double maximum,
                            std::optional<double> defaultValue = std::nullopt)
{
    ToolParameter p;
    p.name = std::move(name);
    p.description = std::move(description);
    p.type = ToolParameter::Type::number;
    p.minimum = minimum;
    p.maximum = maximum;
    if (defaultValue)
        p.defaultValue = *defaultValue;
    return p;
}
} // namespace akashi::mcp::param
