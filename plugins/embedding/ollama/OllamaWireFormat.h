#pragma once
#include "EmbeddingWireFormat.h"

#include <string>

namespace akashi::plugins::embedding::ollama
{
/// `POST /api/embed` of Ollama: request `{"model", "input": [...]}`, response `{"embeddings": [[...], ...]}`
/// in input order, errors `{"error": "..."}` (e.g. 404 for a model not pulled). Ollama itself truncates an
/// input to the model's context (`truncate` defaults to true); our byte limit keeps requests small before that.
class OllamaWireFormat final : public remote::EmbeddingWireFormat
{
public:
    explicit OllamaWireFormat(std::string model);

    std::string name() const override { return "ollama"; }
    std::string path() const override { return "/api/embed"; }
    std::string requestBody(const std::vector<std::string_view>& inputs) const override;
    std::vector<std::vector<float>> parseVectors(const std::string& body, std::size_t inputs) const override;
    std::string errorMessage(const std::string& body) const override;

private:
    std::string _model;
};
} // namespace akashi::plugins::embedding::ollama
