#pragma once
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace akashi::search::test
{
/// Deterministic pseudo-random vectors for the index tests: Gaussian components, so directions are spread
/// uniformly over the sphere and nearest neighbours are unambiguous.
class RandomVectors
{
public:
    RandomVectors(std::size_t dimensions, std::uint32_t seed) : _dimensions(dimensions), _engine(seed) {}

    std::vector<float> next()
    {
        std::normal_distribution<float> normal;
        std::vector<float> vector(_dimensions);
        for (auto& value : vector)
            value = normal(_engine);
        return vector;
    }

    std::vector<std::vector<float>> next(std::size_t count)
    {
        std::vector<std::vector<float>> vectors;
        for (std::size_t i = 0; i < count; ++i)
            vectors.push_back(next());
        return vectors;
    }

private:
    std::size_t _dimensions;
    std::mt19937 _engine;
};

inline std::string decisionId(std::size_t i)
{
    return "decision-" + std::to_string(i);
}

inline double cosine(const std::vector<float>& a, const std::vector<float>& b)
{
    double dot = 0, na = 0, nb = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        dot += static_cast<double>(a[i]) * b[i];
        na += static_cast<double>(a[i]) * a[i];
        nb += static_cast<double>(b[i]) * b[i];
    }
    return dot / std::sqrt(na * nb);
}
} // namespace akashi::search::test
