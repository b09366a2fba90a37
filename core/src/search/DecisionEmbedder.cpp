#include "search/DecisionEmbedder.h"

#include "telemetry/MetricsRegistry.h"

#include <akashi/embedding/EmbeddingProvider.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace akashi::search
{
namespace
{
bool isTransient(const plugin::Status& status)
{
    return status.code == plugin::StatusCode::unavailable || status.code == plugin::StatusCode::rateLimited;
}
} // namespace

DecisionEmbedder::DecisionEmbedder(embedding::EmbeddingProvider& provider)
    : _provider(provider),
      _duration(telemetry::MetricsRegistry::global().histogram(
          "akashi.embedding.duration", "Time of one embedding provider call", "ms",
          {{"provider_model", provider.model()}}))
{
}

std::string DecisionEmbedder::decisionText(const storage::EmbeddingSource& source)
{
    std::string text = source.decisionType + ": " + source.outcome;
    if (source.reasoning && !source.reasoning->empty())
        text += " " + *source.reasoning;
    return text;
}

plugin::Status DecisionEmbedder::call(const std::vector<std::string>& texts, std::vector<std::vector<float>>& vectors)
{
    const auto started = std::chrono::steady_clock::now();
    auto result = _provider.embed(texts);
    _duration.record(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
    if (!result.status.isOk())
        return result.status;
    const std::size_t dimensions = _provider.dimensions();
    if (result.vectors.size() != texts.size())
        return plugin::Status::failure(plugin::StatusCode::internal,
                                       "provider returned " + std::to_string(result.vectors.size()) + " vectors for " +
                                           std::to_string(texts.size()) + " texts");
    for (const auto& v : result.vectors)
    {
        if (v.size() != dimensions)
            return plugin::Status::failure(plugin::StatusCode::internal,
                                           "provider returned a vector of " + std::to_string(v.size()) +
                                               " dimensions, expected " + std::to_string(dimensions));
        // A NaN or infinity would poison every similarity computed with it.
        if (!std::all_of(v.begin(), v.end(), [](float x) { return std::isfinite(x); }))
            return plugin::Status::failure(plugin::StatusCode::internal, "provider returned a non-finite value");
    }
    vectors = std::move(result.vectors);
    return plugin::Status::success();
}

std::optional<plugin::Status> DecisionEmbedder::embedTexts(const std::vector<std::string>& texts,
                                                           std::vector<std::vector<float>>& vectors,
                                                           std::vector<std::string>& errors)
{
    vectors.assign(texts.size(), {});
    errors.assign(texts.size(), {});
    const std::size_t batch = std::max<std::size_t>(1, _provider.maxBatchSize());
    for (std::size_t start = 0; start < texts.size(); start += batch)
    {
        const std::size_t end = std::min(texts.size(), start + batch);
        std::vector<std::string> chunk(texts.begin() + static_cast<std::ptrdiff_t>(start),
                                       texts.begin() + static_cast<std::ptrdiff_t>(end));
        std::vector<std::vector<float>> out;
        auto status = call(chunk, out);
        if (status.isOk())
        {
            std::move(out.begin(), out.end(), vectors.begin() + static_cast<std::ptrdiff_t>(start));
            continue;
        }
        if (isTransient(status))
            return status;
        // Which text did the provider refuse? One at a time finds out without losing the others.
        for (std::size_t i = start; i < end; ++i)
        {
            std::vector<std::vector<float>> one;
            auto single = chunk.size() == 1 ? status : call({texts[i]}, one);
            if (single.isOk())
                vectors[i] = std::move(one.front());
            else if (isTransient(single))
                return single;
            else
                errors[i] = single.message;
        }
    }
    return std::nullopt;
}

DecisionEmbedder::Result DecisionEmbedder::embed(const std::vector<storage::EmbeddingSource>& sources)
{
    // One flat list of texts: per source its decision text, its outcome, then its evidence.
    // Providers take non-empty texts only; empty evidence stays unembedded.
    std::vector<std::string> texts;
    std::vector<std::vector<const storage::EmbeddingSource::Evidence*>> evidenceSent(sources.size());
    for (std::size_t s = 0; s < sources.size(); ++s)
    {
        texts.push_back(decisionText(sources[s]));
        texts.push_back(sources[s].outcome);
        for (const auto& evidence : sources[s].evidence)
            if (!evidence.content.empty())
            {
                texts.push_back(evidence.content);
                evidenceSent[s].push_back(&evidence);
            }
    }
    Result result;
    std::vector<std::vector<float>> vectors;
    std::vector<std::string> errors;
    if (auto down = embedTexts(texts, vectors, errors))
    {
        result.unavailable = std::move(down);
        return result;
    }
    std::size_t next = 0;
    for (std::size_t s = 0; s < sources.size(); ++s)
    {
        const auto& source = sources[s];
        const std::size_t decisionAt = next++;
        const std::size_t outcomeAt = next++;
        if (vectors[decisionAt].empty())
        {
            result.failed.emplace_back(source.decisionId, "embedding: " + errors[decisionAt]);
            next += evidenceSent[s].size();
            continue;
        }
        storage::ComputedEmbedding computed;
        computed.decisionId = source.decisionId;
        computed.orgId = source.orgId;
        computed.decision = std::move(vectors[decisionAt]);
        computed.outcome = std::move(vectors[outcomeAt]);
        for (const auto* evidence : evidenceSent[s])
        {
            auto& v = vectors[next++];
            if (!v.empty())
                computed.evidence.push_back({evidence->id, std::move(v)});
        }
        result.embedded.push_back(std::move(computed));
    }
    return result;
}
} // namespace akashi::search
