#pragma once
#include "BenchOptions.h"
#include "LatencySamples.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace akashi::bench
{
/// `akashi-bench --mode=vector-index`: semantic search at scale without a server. Generates `count`
/// synthetic decision texts (deterministic seed), embeds them with the given embedder (the `local`
/// embedding plugin in main.cpp), inserts them into one org of a search::VectorIndex, then runs `queries`
/// query texts from the same generator (another seed) and compares every answer with the exact top-k by
/// brute-force cosine over the same vectors. Also times save() and load() of the full index.
class VectorIndexBench
{
public:
    /// Vectors for a batch of texts, in order, each `dimensions` long; throws on failure.
    using Embedder = std::function<std::vector<std::vector<float>>(const std::vector<std::string>& texts)>;

    struct Settings
    {
        std::size_t count = 100000;
        std::size_t dimensions = 1024;
        std::size_t queries = 1000;
        std::size_t k = 10;
        std::size_t batch = 256;   ///< texts per embed call
        std::string model;         ///< the embedder's model name, the index's vector space
        std::string stateDirectory; ///< scratch directory for save()/load(); removed afterwards
    };

    struct Result
    {
        Settings settings;
        double embedSeconds = 0;
        double insertSeconds = 0;
        double exactMeanMillis = 0; ///< brute force per query, for comparison
        double recall = 0;          ///< mean recall@k of the HNSW answers against the exact top k
        double saveSeconds = 0;
        double loadSeconds = 0;
        std::uint64_t savedBytes = 0;
        bool loadedIdentical = false; ///< the reloaded index answered the queries exactly as the original
        LatencySamples latency;       ///< one sample per measured query (warm-up excluded)

        /// `akashi-bench mode=vector-index count=.. dims=.. queries=.. k=.. model=.. embeddings_per_s=..
        /// inserts_per_s=.. p50_ms=.. p90_ms=.. p99_ms=.. max_ms=.. mean_ms=.. exact_mean_ms=..
        /// recall_at_10=.. save_s=.. load_s=.. saved_mb=.. reload_identical=yes|no`.
        std::string line();
    };

    VectorIndexBench(Settings settings, Embedder embedder);

    Result run();

    /// The `--mode=vector-index` measurement: loads the `local` embedding plugin from
    /// `options.pluginsDir` (default: this build's plugin directory) through plugin::PluginRegistry, as
    /// the server does, runs in a scratch directory under $TMPDIR (removed afterwards) and prints the
    /// result line on stdout. Returns the exit status: 0, or 1 when the reloaded index answered differently.
    static int measure(const BenchOptions& options);

private:
    Settings _settings;
    Embedder _embedder;
};
} // namespace akashi::bench
