#include "json/ObjectReader.h"

#include "common/Exception.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Stringifier.h>

#include <cmath>
#include <sstream>

namespace akashi::json
{
ObjectReader::ObjectReader(Poco::JSON::Object::Ptr object, std::string prefix)
    : _object(std::move(object)), _prefix(std::move(prefix))
{
}

void ObjectReader::fail(const std::string& field, const std::string& problem) const
{
    throw Exception(ErrorCode::invalidInput, "invalid request body: field \"" + _prefix + field + "\" " + problem);
}

Poco::Dynamic::Var ObjectReader::take(const std::string& field)
{
    _read.insert(field);
    if (!_object->has(field))
        return {};
    return _object->get(field);
}

std::string ObjectReader::checkedLength(const std::string& field, std::string value, Length length) const
{
    if (value.size() < length.minBytes)
        fail(field, length.minBytes == 1 ? "must not be empty"
                                         : "must be at least " + std::to_string(length.minBytes) + " bytes");
    if (length.maxBytes > 0 && value.size() > length.maxBytes)
        fail(field, "must be at most " + std::to_string(length.maxBytes) + " bytes");
    return value;
}

std::string ObjectReader::requiredString(const std::string& field, Length length)
{
    auto value = optionalString(field, length);
    if (!value)
        fail(field, "is required");
    return *value;
}

std::optional<std::string> ObjectReader::optionalString(const std::string& field, Length length)
{
    const auto value = take(field);
    if (value.isEmpty())
        return std::nullopt;
    if (!value.isString())
        fail(field, "must be a string");
    return checkedLength(field, value.extract<std::string>(), length);
}

std::optional<double> ObjectReader::optionalNumber(const std::string& field)
{
    const auto value = take(field);
    if (value.isEmpty())
        return std::nullopt;
    if (!value.isNumeric() || value.isBoolean())
        fail(field, "must be a number");
    const double number = value.convert<double>();
    if (!std::isfinite(number))
        fail(field, "must be a finite number");
    return number;
}

std::optional<std::int64_t> ObjectReader::optionalInteger(const std::string& field)
{
    const auto value = take(field);
    if (value.isEmpty())
        return std::nullopt;
    if (!value.isNumeric() || value.isBoolean())
        fail(field, "must be an integer");
    if (value.isInteger())
        return value.convert<std::int64_t>();
    const double number = value.convert<double>();
    if (!std::isfinite(number) || std::floor(number) != number || std::fabs(number) > 9.0e15)
        fail(field, "must be an integer");
    return static_cast<std::int64_t>(number);
}

std::optional<bool> ObjectReader::optionalBool(const std::string& field)
{
    const auto value = take(field);
    if (value.isEmpty())
        return std::nullopt;
    if (!value.isBoolean())
        fail(field, "must be a boolean");
    return value.extract<bool>();
}

std::optional<std::vector<std::string>> ObjectReader::optionalStringArray(const std::string& field,
                                                                          std::size_t maxItems, Length itemLength)
{
    const auto value = take(field);
    if (value.isEmpty())
        return std::nullopt;
    if (value.type() != typeid(Poco::JSON::Array::Ptr))
        fail(field, "must be an array of strings");
    const auto array = value.extract<Poco::JSON::Array::Ptr>();
    if (array->size() > maxItems)
        fail(field, "must have at most " + std::to_string(maxItems) + " items");
    std::vector<std::string> items;
    for (std::size_t i = 0; i < array->size(); ++i)
    {
        const auto item = array->get(static_cast<unsigned>(i));
        if (!item.isString())
            fail(field, "must be an array of strings");
        items.push_back(checkedLength(field + "[" + std::to_string(i) + "]", item.extract<std::string>(), itemLength));
    }
    return items;
}

Poco::JSON::Object::Ptr ObjectReader::optionalObject(const std::string& field, std::size_t maxBytes)
{
    auto json = optionalObjectJson(field, maxBytes);
    return json ? json->object : nullptr;
}

std::optional<ObjectReader::ObjectJson> ObjectReader::optionalObjectJson(const std::string& field, std::size_t maxBytes)
{
    const auto value = take(field);
    if (value.isEmpty())
        return std::nullopt;
    if (value.type() != typeid(Poco::JSON::Object::Ptr))
        fail(field, "must be an object");
    ObjectJson json{value.extract<Poco::JSON::Object::Ptr>(), {}};
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(json.object, out);
    json.text = std::move(out).str();
    if (json.text.size() > maxBytes)
        fail(field, "must be at most " + std::to_string(maxBytes) + " bytes of JSON");
    return json;
}

std::string ObjectReader::objectText(const std::string& field, std::size_t maxBytes)
{
    auto json = optionalObjectJson(field, maxBytes);
    return json ? std::move(json->text) : std::string("{}");
}

void ObjectReader::finish() const
{
    for (const auto& [name, value] : *_object)
    {
        if (!_read.count(name))
            throw Exception(ErrorCode::invalidInput, "invalid request body: unknown field \"" + _prefix + name + "\"");
    }
}
} // namespace akashi::json
