#pragma once
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace akashi::plugins::embedding::remote
{
/// Reading JSON response bodies for the wire formats; every failure is a MalformedResponse naming `where`.
class JsonVector
{
public:
    /// The body as a JSON object.
    static Poco::JSON::Object::Ptr parseObject(const std::string& body);

    /// The numbers of `array` as floats.
    static std::vector<float> toFloats(const Poco::JSON::Array::Ptr& array, const std::string& where);

    /// `object[key]` as an array; absent or another type is malformed.
    static Poco::JSON::Array::Ptr arrayAt(const Poco::JSON::Object::Ptr& object, const std::string& key,
                                          const std::string& where);
};
} // namespace akashi::plugins::embedding::remote
