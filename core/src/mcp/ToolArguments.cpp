#include "mcp/ToolArguments.h"

#include "api/RunJson.h"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <cmath>

namespace akashi::mcp
{
namespace
{
using Type = ToolParameter::Type;

[[noreturn]] void reject(const std::string& name, const std::string& problem)
{
    throw ToolArgumentError("invalid arguments: argument \"" + name + "\" " + problem);
}

const char* typeName(Type type)
{
    switch (type)
    {
    case Type::string:
        return "string";
    case Type::integer:
        return "integer";
    case Type::number:
        return "number";
    case Type::boolean:
        return "boolean";
    }
    return "string";
}

std::string format(double bound)
{
    if (bound == std::floor(bound))
        return std::to_string(static_cast<std::int64_t>(bound));
    std::string text = std::to_string(bound);
    text.erase(text.find_last_not_of('0') + 1);
    return text;
}

bool isNumber(const Poco::Dynamic::Var& value)
{
    return value.isNumeric() && !value.isBoolean();
}

void checkOne(const ToolParameter& parameter, const Poco::Dynamic::Var& value)
{
    const std::string& name = parameter.name;
    switch (parameter.type)
    {
    case Type::string:
    {
        if (!value.isString())
            reject(name, "must be a string");
        const auto text = value.extract<std::string>();
        if (!api::RunJson::storableText(text))
            reject(name, "must be valid UTF-8 without NUL characters");
        if (parameter.minLength && text.size() < *parameter.minLength)
            reject(name, *parameter.minLength == 1 ? "must not be empty"
                                                   : "must be at least " + std::to_string(*parameter.minLength) + " bytes");
        if (parameter.maxLength && text.size() > *parameter.maxLength)
            reject(name, "must be at most " + std::to_string(*parameter.maxLength) + " bytes");
        if (!parameter.enumValues.empty())
        {
            std::string list;
            for (const auto& allowed : parameter.enumValues)
            {
                if (text == allowed)
                    return;
                list += (list.empty() ? "" : ", ") + allowed;
            }
            reject(name, "must be one of " + list);
        }
        return;
    }
    case Type::boolean:
        if (!value.isBoolean())
            reject(name, "must be a boolean");
        return;
    case Type::integer:
    case Type::number:
    {
        if (!isNumber(value))
            reject(name, std::string("must be ") + (parameter.type == Type::integer ? "an integer" : "a number"));
        const double number = value.convert<double>();
        if (!std::isfinite(number) || (parameter.type == Type::integer && number != std::floor(number)))
            reject(name, std::string("must be ") + (parameter.type == Type::integer ? "an integer" : "a number"));
        if (parameter.minimum && number < *parameter.minimum)
            reject(name, "must be at least " + format(*parameter.minimum));
        if (parameter.maximum && number > *parameter.maximum)
            reject(name, "must be at most " + format(*parameter.maximum));
        return;
    }
    }
}
} // namespace

ToolArguments::ToolArguments(const std::vector<ToolParameter>& parameters, const Poco::JSON::Object::Ptr& arguments)
    : _parameters(parameters), _arguments(arguments ? arguments : Poco::JSON::Object::Ptr(new Poco::JSON::Object))
{
    for (const auto& [name, value] : *_arguments)
    {
        const bool declared = std::any_of(parameters.begin(), parameters.end(),
                                          [&, n = name](const ToolParameter& p) { return p.name == n; });
        if (!declared)
            reject(name, "is not an argument of this tool");
    }
    for (const auto& parameter : parameters)
    {
        if (!has(parameter.name))
        {
            if (parameter.required)
                reject(parameter.name, "is required");
            continue;
        }
        checkOne(parameter, _arguments->get(parameter.name));
    }
}

Poco::JSON::Object::Ptr ToolArguments::schema(const std::vector<ToolParameter>& parameters)
{
    Poco::JSON::Object::Ptr properties = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    Poco::JSON::Array::Ptr required = new Poco::JSON::Array;
    for (const auto& parameter : parameters)
    {
        Poco::JSON::Object::Ptr property = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        property->set("type", typeName(parameter.type));
        property->set("description", parameter.description);
        if (!parameter.enumValues.empty())
        {
            Poco::JSON::Array::Ptr values = new Poco::JSON::Array;
            for (const auto& value : parameter.enumValues)
                values->add(value);
            property->set("enum", values);
        }
        if (parameter.minimum)
            property->set("minimum", *parameter.minimum);
        if (parameter.maximum)
            property->set("maximum", *parameter.maximum);
        if (parameter.minLength)
            property->set("minLength", static_cast<std::int64_t>(*parameter.minLength));
        if (parameter.maxLength)
            property->set("maxLength", static_cast<std::int64_t>(*parameter.maxLength));
        if (!parameter.defaultValue.isEmpty())
            property->set("default", parameter.defaultValue);
        properties->set(parameter.name, property);
        if (parameter.required)
            required->add(parameter.name);
    }
    Poco::JSON::Object::Ptr schema = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    schema->set("type", "object");
    schema->set("properties", properties);
    if (required->size() > 0)
        schema->set("required", required);
    schema->set("additionalProperties", false);
    return schema;
}

bool ToolArguments::has(const std::string& name) const
{
    return _arguments->has(name) && !_arguments->isNull(name);
}

Poco::Dynamic::Var ToolArguments::value(const std::string& name) const
{
    if (has(name))
        return _arguments->get(name);
    for (const auto& parameter : _parameters)
        if (parameter.name == name)
            return parameter.defaultValue;
    return {};
}

std::optional<std::string> ToolArguments::string(const std::string& name) const
{
    const auto v = value(name);
    return v.isEmpty() ? std::nullopt : std::optional<std::string>(v.convert<std::string>());
}

std::optional<std::int64_t> ToolArguments::integer(const std::string& name) const
{
    const auto v = value(name);
    return v.isEmpty() ? std::nullopt : std::optional<std::int64_t>(static_cast<std::int64_t>(v.convert<double>()));
}

std::optional<double> ToolArguments::number(const std::string& name) const
{
    const auto v = value(name);
    return v.isEmpty() ? std::nullopt : std::optional<double>(v.convert<double>());
}

std::optional<bool> ToolArguments::boolean(const std::string& name) const
{
    const auto v = value(name);
    return v.isEmpty() ? std::nullopt : std::optional<bool>(v.convert<bool>());
}

std::string ToolArguments::requiredString(const std::string& name) const
{
    auto text = string(name);
    if (!text)
        reject(name, "is required");
    return *text;
}
} // namespace akashi::mcp
