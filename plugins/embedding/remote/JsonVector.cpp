#include "JsonVector.h"

#include "MalformedResponse.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

namespace akashi::plugins::embedding::remote
{
Poco::JSON::Object::Ptr JsonVector::parseObject(const std::string& body)
{
    Poco::Dynamic::Var parsed;
    try
    {
        parsed = Poco::JSON::Parser().parse(body);
    }
    catch (const Poco::Exception& e)
    {
        throw MalformedResponse("body is not JSON (" + e.message() + ")");
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
        throw MalformedResponse("body is not a JSON object");
    return parsed.extract<Poco::JSON::Object::Ptr>();
}

std::vector<float> JsonVector::toFloats(const Poco::JSON::Array::Ptr& array, const std::string& where)
{
    std::vector<float> values;
    values.reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i)
    {
        const Poco::Dynamic::Var& element = array->get(static_cast<unsigned>(i));
        if (!element.isNumeric())
            throw MalformedResponse(where + "[" + std::to_string(i) + "] is not a number");
        values.push_back(static_cast<float>(element.convert<double>()));
    }
    return values;
}

Poco::JSON::Array::Ptr JsonVector::arrayAt(const Poco::JSON::Object::Ptr& object, const std::string& key,
                                           const std::string& where)
{
    if (!object || !object->has(key))
        throw MalformedResponse(where + " is missing");
    Poco::JSON::Array::Ptr array = object->getArray(key);
    if (!array)
        throw MalformedResponse(where + " is not an array");
    return array;
}
} // namespace akashi::plugins::embedding::remote
