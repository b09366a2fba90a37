#include "OllamaWireFormat.h"

#include "JsonVector.h"
#include "MalformedResponse.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

namespace akashi::plugins::embedding::ollama
{
using remote::JsonVector;
using remote::MalformedResponse;

OllamaWireFormat::OllamaWireFormat(std::string model) : _model(std::move(model)) {}

std::string OllamaWireFormat::requestBody(const std::vector<std::string_view>& inputs) const
{
    Poco::JSON::Array::Ptr input = new Poco::JSON::Array;
    for (const auto text : inputs)
        input->add(std::string(text));
    Poco::JSON::Object request;
    request.set("model", _model);
    request.set("input", input);
    std::ostringstream out;
    request.stringify(out);
    return out.str();
}

std::vector<std::vector<float>> OllamaWireFormat::parseVectors(const std::string& body, std::size_t inputs) const
{
    const auto response = JsonVector::parseObject(body);
    const auto embeddings = JsonVector::arrayAt(response, "embeddings", "embeddings");
    if (embeddings->size() != inputs)
        throw MalformedResponse("embeddings has " + std::to_string(embeddings->size()) + " vectors for " +
                                std::to_string(inputs) + " inputs");
    std::vector<std::vector<float>> vectors;
    vectors.reserve(inputs);
    for (std::size_t i = 0; i < inputs; ++i)
    {
        const std::string where = "embeddings[" + std::to_string(i) + "]";
        const auto vector = embeddings->getArray(static_cast<unsigned>(i));
        if (!vector)
            throw MalformedResponse(where + " is not an array");
        vectors.push_back(JsonVector::toFloats(vector, where));
    }
    return vectors;
}

std::string OllamaWireFormat::errorMessage(const std::string& body) const
{
    try
    {
        const auto response = JsonVector::parseObject(body);
        if (!response->has("error") || !response->get("error").isString())
            return "";
        return response->getValue<std::string>("error");
    }
    catch (const MalformedResponse&)
    {
        return "";
    }
}
} // namespace akashi::plugins::embedding::ollama
