#pragma once
#include <akashi/embedding/EmbeddingProvider.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace akashi::mocks
{
/// An EmbeddingProvider for tests of code that embeds, with no model and no network.
///
/// Vectors are deterministic: the same text always gives the same unit-length vector (each component
/// comes from an FNV-1a hash of the text and the component index), different texts practically never
/// give the same one. `setVector` pins the vector of one text, so a test can arrange exact
/// similarities (e.g. two decisions that must look like a conflict).
/// Failures: a batch over `maxBatchSize()` or with an empty text is `invalidArgument`, like a real
/// provider; `failNextCalls` makes the next calls return a chosen status (e.g. rateLimited).
/// Every call's texts are recorded for assertions. Thread-safe (one mutex), as the interface requires.
class FakeEmbeddingProvider final : public embedding::EmbeddingProvider
{
public:
    explicit FakeEmbeddingProvider(std::size_t dimensions = 8, std::string model = "fake", std::size_t maxBatchSize = 16)
        : _dimensions(dimensions), _model(std::move(model)), _maxBatchSize(maxBatchSize)
    {
        if (dimensions == 0 || maxBatchSize == 0)
            throw std::invalid_argument("FakeEmbeddingProvider needs dimensions >= 1 and maxBatchSize >= 1");
    }

    std::string model() const noexcept override { return _model; }
    std::size_t dimensions() const noexcept override { return _dimensions; }
    std::size_t maxBatchSize() const noexcept override { return _maxBatchSize; }

    embedding::EmbeddingResult embed(const std::vector<std::string>& texts) noexcept override
    {
        embedding::EmbeddingResult result;
        try
        {
            std::lock_guard lock(_mutex);
            _calls.push_back(texts);
            if (_failuresLeft > 0)
            {
                --_failuresLeft;
                result.status = _failure;
                return result;
            }
            if (texts.size() > _maxBatchSize)
            {
                result.status = plugin::Status::failure(plugin::StatusCode::invalidArgument,
                                                        "batch of " + std::to_string(texts.size()) + " texts exceeds " +
                                                            std::to_string(_maxBatchSize));
                return result;
            }
            for (std::size_t i = 0; i < texts.size(); ++i)
                if (texts[i].empty())
                {
                    result.status = plugin::Status::failure(plugin::StatusCode::invalidArgument,
                                                            "text " + std::to_string(i) + " is empty");
                    return result;
                }
            for (const auto& text : texts)
            {
                auto pinned = _pinned.find(text);
                result.vectors.push_back(pinned != _pinned.end() ? pinned->second : vectorFor(text));
            }
        }
        catch (const std::exception& e)
        {
            result.vectors.clear();
            result.status = plugin::Status::failure(plugin::StatusCode::internal, e.what());
        }
        return result;
    }

    /// The vector `embed` returns for `text` unless pinned: deterministic and of unit length.
    std::vector<float> vectorFor(const std::string& text) const
    {
        std::vector<float> vector(_dimensions);
        double norm = 0;
        for (std::size_t i = 0; i < _dimensions; ++i)
        {
            // Map the hash to [-1, 1]; a zero vector is impossible in practice but guarded below.
            const double component = static_cast<double>(hash(text, i) % 2000001) / 1000000.0 - 1.0;
            vector[i] = static_cast<float>(component);
            norm += component * component;
        }
        if (norm == 0)
            vector[0] = 1.0f;
        else
            for (auto& component : vector)
                component = static_cast<float>(component / std::sqrt(norm));
        return vector;
    }

    /// Makes `embed` return `vector` for `text` from now on; its size must be `dimensions()`.
    void setVector(const std::string& text, std::vector<float> vector)
    {
        if (vector.size() != _dimensions)
            throw std::invalid_argument("pinned vector has " + std::to_string(vector.size()) + " dimensions, not " +
                                        std::to_string(_dimensions));
        std::lock_guard lock(_mutex);
        _pinned[text] = std::move(vector);
    }

    /// The next `calls` calls to `embed` return `status` (and no vectors) instead of embedding.
    void failNextCalls(plugin::Status status, std::size_t calls = 1)
    {
        std::lock_guard lock(_mutex);
        _failure = std::move(status);
        _failuresLeft = calls;
    }

    /// The texts of every `embed` call so far, one entry per call, in call order.
    std::vector<std::vector<std::string>> calls() const
    {
        std::lock_guard lock(_mutex);
        return _calls;
    }

private:
    static std::uint64_t hash(const std::string& text, std::size_t index) noexcept
    {
        std::uint64_t h = 14695981039346656037ull;
        auto mix = [&h](unsigned char byte) {
            h ^= byte;
            h *= 1099511628211ull;
        };
        for (unsigned char c : text)
            mix(c);
        for (std::size_t i = 0; i < sizeof index; ++i)
            mix(static_cast<unsigned char>(index >> (8 * i)));
        return h;
    }

    const std::size_t _dimensions;
    const std::string _model;
    const std::size_t _maxBatchSize;

    mutable std::mutex _mutex;
    std::map<std::string, std::vector<float>> _pinned;
    std::vector<std::vector<std::string>> _calls;
    plugin::Status _failure;
    std::size_t _failuresLeft = 0;
};
} // namespace akashi::mocks
