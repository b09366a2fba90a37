#pragma once
#include "EmbeddingWireFormat.h"

#include <cstddef>
#include <string>

namespace akashi::plugins::embedding::openai
{
/// `POST /v1/embeddings` of the OpenAI API (and compatible servers):
/// request `{"model", "input": [...], "encoding_format": "float", "dimensions"}`, response
/// `{"data": [{"index", "embedding": [...]}, ...]}` in any order, errors `{"error": {"message"}}`.
/// `dimensions` is sent to text-embedding-3* models only, the ones that can shorten their vectors; others
/// (text-embedding-ada-002) refuse the field, and their length is checked against the configuration instead.
class OpenAiWireFormat final : public remote::EmbeddingWireFormat
{
public:
    /// `apiKey` is only used to blank it out of error messages that quote it.
    OpenAiWireFormat(std::string model, std::size_t dimensions, std::string apiKey);

    std::string name() const override { return "openai"; }
    std::string path() const override { return "/v1/embeddings"; }
    std::string requestBody(const std::vector<std::string_view>& inputs) const override;
    std::vector<std::vector<float>> parseVectors(const std::string& body, std::size_t inputs) const override;
    std::string errorMessage(const std::string& body) const override;

    /// `message` with the API key, and any "sk-..." token (OpenAI quotes a masked key on 401), replaced.
    std::string redact(std::string message) const;

private:
    std::string _model;
    std::size_t _dimensions;
    std::string _apiKey;
};
} // namespace akashi::plugins::embedding::openai
