#include "OpenAiWireFormat.h"

#include "JsonVector.h"
#include "MalformedResponse.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cctype>
#include <sstream>

namespace akashi::plugins::embedding::openai
{
using remote::JsonVector;
using remote::MalformedResponse;

OpenAiWireFormat::OpenAiWireFormat(std::string model, std::size_t dimensions, std::string apiKey)
    : _model(std::move(model)), _dimensions(dimensions), _apiKey(std::move(apiKey))
{
}

std::string OpenAiWireFormat::requestBody(const std::vector<std::string_view>& inputs) const
{
    Poco::JSON::Array::Ptr input = new Poco::JSON::Array;
    for (const auto text : inputs)
        input->add(std::string(text));
    Poco::JSON::Object request;
    request.set("model", _model);
    request.set("input", input);
    request.set("encoding_format", "float");
    if (_model.rfind("text-embedding-3", 0) == 0)
        request.set("dimensions", static_cast<Poco::UInt64>(_dimensions));
    std::ostringstream out;
    request.stringify(out);
    return out.str();
}

std::vector<std::vector<float>> OpenAiWireFormat::parseVectors(const std::string& body, std::size_t inputs) const
{
    const auto response = JsonVector::parseObject(body);
    const auto data = JsonVector::arrayAt(response, "data", "data");
    if (data->size() != inputs)
        throw MalformedResponse("data has " + std::to_string(data->size()) + " embeddings for " + std::to_string(inputs) +
                                " inputs");
    std::vector<std::vector<float>> vectors(inputs);
    std::vector<bool> seen(inputs, false);
    for (std::size_t i = 0; i < data->size(); ++i)
    {
        const std::string where = "data[" + std::to_string(i) + "]";
        const auto item = data->getObject(static_cast<unsigned>(i));
        if (!item)
            throw MalformedResponse(where + " is not an object");
        const Poco::Dynamic::Var index = item->get("index");
        if (!index.isInteger())
            throw MalformedResponse(where + ".index is missing or not an integer");
        const auto position = index.convert<Poco::Int64>();
        if (position < 0 || static_cast<std::size_t>(position) >= inputs || seen[static_cast<std::size_t>(position)])
            throw MalformedResponse(where + ".index " + std::to_string(position) + " is out of range or repeated");
        seen[static_cast<std::size_t>(position)] = true;
        vectors[static_cast<std::size_t>(position)] =
            JsonVector::toFloats(JsonVector::arrayAt(item, "embedding", where + ".embedding"), where + ".embedding");
    }
    return vectors;
}

std::string OpenAiWireFormat::errorMessage(const std::string& body) const
{
    try
    {
        const auto response = JsonVector::parseObject(body);
        const auto error = response->getObject("error");
        if (!error || !error->has("message") || !error->get("message").isString())
            return "";
        return redact(error->getValue<std::string>("message"));
    }
    catch (const MalformedResponse&)
    {
        return "";
    }
}

std::string OpenAiWireFormat::redact(std::string message) const
{
    for (std::size_t at; !_apiKey.empty() && (at = message.find(_apiKey)) != std::string::npos;)
        message.replace(at, _apiKey.size(), "[redacted]");
    for (std::size_t at = message.find("sk-"); at != std::string::npos; at = message.find("sk-", at + 3))
    {
        if (at > 0 && std::isalnum(static_cast<unsigned char>(message[at - 1])))
            continue; // "task-12" is not a key
        std::size_t end = at + 3;
        while (end < message.size() && (std::isalnum(static_cast<unsigned char>(message[end])) || message[end] == '-' ||
                                        message[end] == '_' || message[end] == '*'))
            ++end;
        message.replace(at + 3, end - at - 3, "***");
    }
    return message;
}
} // namespace akashi::plugins::embedding::openai
