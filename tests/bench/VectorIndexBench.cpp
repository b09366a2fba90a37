#include "VectorIndexBench.h"

#include "plugin/PluginRegistry.h"
#include "search/VectorIndex.h"

#include <akashi/embedding/EmbeddingProvider.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <stdexcept>

#include <stdlib.h>

namespace akashi::bench
{
namespace
{
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// The vocabulary of the synthetic decisions: what agents in a software organisation record. Texts follow
// the server's embedding input, "<decision_type>: <outcome> <reasoning>".
constexpr const char* kTypes[] = {"architecture",      "deployment",        "security",        "data_model",
                                  "api_design",        "incident_response", "capacity_planning", "vendor_selection",
                                  "code_review",       "testing_strategy",  "cost_optimization", "observability"};
constexpr const char* kActions[] = {"use", "adopt", "migrate to", "keep", "standardise on", "roll back to",
                                    "pilot", "deprecate", "introduce", "replace the current setup with"};
constexpr const char* kTechnologies[] = {
    "PostgreSQL",          "Redis",          "Kafka",              "gRPC",
    "GraphQL",             "a REST API",     "Kubernetes",         "systemd units",
    "S3-compatible storage", "a message queue", "feature flags",    "blue-green deployments",
    "canary releases",     "mutual TLS",     "OAuth 2.0",          "JWT sessions",
    "a read replica",      "table partitioning", "a write-ahead log", "an LRU cache",
    "rate limiting",       "circuit breakers", "OpenTelemetry tracing", "Prometheus alerts",
    "nightly backups",     "connection pooling", "batch inserts",   "a CDN",
    "server-side rendering", "WebSockets"};
constexpr const char* kComponents[] = {
    "the billing service",     "the checkout flow",       "the auth gateway",        "the search index",
    "the notification pipeline", "the reporting jobs",    "the mobile API",          "the admin console",
    "the event ingestion path", "the user profile store", "the recommendation engine", "the audit log",
    "the payment retries",     "the session store",       "the data warehouse export", "the onboarding emails",
    "the inventory sync",      "the fraud checks",        "the CI pipeline",         "the staging cluster"};
constexpr const char* kReasons[] = {
    "p99 latency stays under the target at peak load",  "it cuts the monthly infrastructure cost",
    "the team already operates it in production",       "it keeps writes consistent across regions",
    "it removes a single point of failure",             "the current approach loses events during restarts",
    "compliance requires an auditable trail",           "it simplifies the on-call runbook",
    "the vendor contract ends this quarter",            "load tests showed the old path saturating the CPU",
    "it shortens recovery after an outage",             "customers reported timeouts during checkout",
    "it halves the deployment time",                    "the security review flagged the previous design",
    "it scales horizontally without manual sharding"};
constexpr const char* kAlternatives[] = {"MySQL",      "Memcached",        "RabbitMQ",          "SOAP",
                                         "a cron job", "a monolith module", "DynamoDB",         "polling",
                                         "manual failover", "self-managed VMs", "a shared database", "long polling",
                                         "static API keys", "a bigger instance", "doing nothing"};
constexpr const char* kRejections[] = {"operational overhead",     "licensing cost",     "weaker durability guarantees",
                                       "missing team experience",  "vendor lock-in",     "higher tail latency",
                                       "migration risk",           "no multi-tenancy support"};

template <typename T, std::size_t N>
const char* pick(std::mt19937_64& random, const T (&words)[N])
{
    return words[std::uniform_int_distribution<std::size_t>(0, N - 1)(random)];
}

/// One decision text, e.g. "security: adopt mutual TLS for the auth gateway because it removes a single
/// point of failure; rejected static API keys over vendor lock-in. Expected effect: 35% fewer incidents
/// within 6 weeks."
std::string decisionText(std::mt19937_64& random)
{
    std::uniform_int_distribution<int> percent(5, 90);
    std::uniform_int_distribution<int> weeks(1, 26);
    std::string text = pick(random, kTypes);
    text += ": ";
    text += pick(random, kActions);
    text += ' ';
    text += pick(random, kTechnologies);
    text += " for ";
    text += pick(random, kComponents);
    text += " because ";
    text += pick(random, kReasons);
    text += "; rejected ";
    text += pick(random, kAlternatives);
    text += " over ";
    text += pick(random, kRejections);
    text += ". Expected effect: " + std::to_string(percent(random)) + "% fewer incidents within " +
            std::to_string(weeks(random)) + " weeks.";
    return text;
}

std::vector<std::string> decisionTexts(std::size_t count, std::uint64_t seed)
{
    std::mt19937_64 random(seed);
    std::vector<std::string> texts;
    texts.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
        texts.push_back(decisionText(random));
    return texts;
}

/// Dot product with eight independent partial sums, so the compiler can vectorise it without -ffast-math.
float dot(const float* a, const float* b, std::size_t n)
{
    float partial[8] = {};
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (std::size_t j = 0; j < 8; ++j)
            partial[j] += a[i + j] * b[i + j];
    float sum = 0;
    for (float p : partial)
        sum += p;
    for (; i < n; ++i)
        sum += a[i] * b[i];
    return sum;
}

/// The vector scaled to unit length, as the index stores it; empty for a zero vector (not indexed).
std::vector<float> unit(const std::vector<float>& vector)
{
    double squares = 0;
    for (float v : vector)
        squares += static_cast<double>(v) * v;
    if (squares == 0)
        return {};
    const double norm = std::sqrt(squares);
    std::vector<float> scaled(vector.size());
    for (std::size_t i = 0; i < vector.size(); ++i)
        scaled[i] = static_cast<float>(vector[i] / norm);
    return scaled;
}

std::string decisionId(std::size_t index)
{
    return "d" + std::to_string(index);
}

std::size_t indexOf(const std::string& decisionId)
{
    return std::stoul(decisionId.substr(1));
}

/// The exact top-k similarities of `query` over every stored unit vector, best first (brute force).
std::vector<float> exactTopK(const std::vector<std::vector<float>>& stored, const std::vector<float>& query,
                             std::size_t k)
{
    std::vector<float> best; // a min-heap of the k best similarities so far
    best.reserve(k + 1);
    const auto greater = std::greater<float>();
    for (const auto& vector : stored)
    {
        if (vector.empty())
            continue;
        const float similarity = dot(vector.data(), query.data(), query.size());
        if (best.size() < k)
        {
            best.push_back(similarity);
            std::push_heap(best.begin(), best.end(), greater);
        }
        else if (similarity > best.front())
        {
            std::pop_heap(best.begin(), best.end(), greater);
            best.back() = similarity;
            std::push_heap(best.begin(), best.end(), greater);
        }
    }
    std::sort(best.begin(), best.end(), greater);
    return best;
}

/// A fresh directory under $TMPDIR for the index files, removed with them on destruction.
class ScratchDirectory
{
public:
    ScratchDirectory()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "akashi-bench-vector-index-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            throw std::runtime_error("cannot create a scratch directory " + pattern);
        _path = pattern;
    }
    ~ScratchDirectory()
    {
        std::error_code ignored; // a leftover scratch directory is harmless; never throw from a destructor
        std::filesystem::remove_all(_path, ignored);
    }
    ScratchDirectory(const ScratchDirectory&) = delete;
    ScratchDirectory& operator=(const ScratchDirectory&) = delete;

    const std::string& path() const noexcept { return _path; }

private:
    std::string _path;
};

std::uint64_t directoryBytes(const std::string& directory)
{
    std::uint64_t bytes = 0;
    for (const auto& entry : std::filesystem::directory_iterator(directory))
        if (entry.is_regular_file())
            bytes += entry.file_size();
    return bytes;
}
} // namespace

VectorIndexBench::VectorIndexBench(Settings settings, Embedder embedder)
    : _settings(std::move(settings)), _embedder(std::move(embedder))
{
}

VectorIndexBench::Result VectorIndexBench::run()
{
    Result result;
    result.settings = _settings;
    const std::size_t dims = _settings.dimensions;
    constexpr std::uint64_t kDecisionSeed = 20240601;
    constexpr std::uint64_t kQuerySeed = 7;
    constexpr std::size_t kWarmupQueries = 50;

    // 1. Embed the decisions, in the provider's batches, on one thread.
    const std::vector<std::string> texts = decisionTexts(_settings.count, kDecisionSeed);
    std::vector<std::vector<float>> vectors;
    vectors.reserve(texts.size());
    std::cerr << "akashi-bench: embedding " << texts.size() << " decision texts with \"" << _settings.model << "\"\n";
    auto start = Clock::now();
    for (std::size_t first = 0; first < texts.size(); first += _settings.batch)
    {
        const std::vector<std::string> batch(texts.begin() + static_cast<std::ptrdiff_t>(first),
                                             texts.begin() + static_cast<std::ptrdiff_t>(
                                                                 std::min(texts.size(), first + _settings.batch)));
        for (auto& vector : _embedder(batch))
        {
            if (vector.size() != dims)
                throw std::runtime_error("the embedder returned a vector of " + std::to_string(vector.size()) +
                                         " dimensions, expected " + std::to_string(dims));
            vectors.push_back(std::move(vector));
        }
    }
    result.embedSeconds = secondsSince(start);
    if (vectors.size() != texts.size())
        throw std::runtime_error("the embedder returned " + std::to_string(vectors.size()) + " vectors for " +
                                 std::to_string(texts.size()) + " texts");

    // 2. Insert them into one org of the index (the follower's path: one upsert per decision).
    search::VectorIndex index(_settings.stateDirectory, _settings.model, dims);
    std::cerr << "akashi-bench: inserting " << vectors.size() << " vectors (M=16, ef_construction=200)\n";
    start = Clock::now();
    for (std::size_t i = 0; i < vectors.size(); ++i)
        index.upsert("bench-org", decisionId(i), vectors[i]);
    result.insertSeconds = secondsSince(start);
    std::vector<std::vector<float>> stored; // what the index holds, for the exact search
    stored.reserve(vectors.size());
    for (const auto& vector : vectors)
        stored.push_back(unit(vector));
    vectors.clear();
    vectors.shrink_to_fit();

    // 3. Queries: timed through the index, then checked against brute force over the same vectors.
    const std::vector<std::string> queryTexts = decisionTexts(_settings.queries + kWarmupQueries, kQuerySeed);
    std::vector<std::vector<float>> queries;
    for (std::size_t first = 0; first < queryTexts.size(); first += _settings.batch)
        for (auto& vector : _embedder({queryTexts.begin() + static_cast<std::ptrdiff_t>(first),
                                       queryTexts.begin() + static_cast<std::ptrdiff_t>(
                                                                std::min(queryTexts.size(), first + _settings.batch))}))
            queries.push_back(std::move(vector));
    for (std::size_t i = 0; i < kWarmupQueries; ++i)
        index.search("bench-org", queries[i], _settings.k);
    queries.erase(queries.begin(), queries.begin() + kWarmupQueries);

    std::cerr << "akashi-bench: " << queries.size() << " queries, top " << _settings.k << "\n";
    std::vector<std::vector<search::VectorHit>> answers;
    answers.reserve(queries.size());
    for (const auto& query : queries)
    {
        const auto before = Clock::now();
        answers.push_back(index.search("bench-org", query, _settings.k));
        result.latency.add(std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - before).count());
    }

    std::cerr << "akashi-bench: exact top " << _settings.k << " by brute force over " << stored.size()
              << " vectors\n";
    // A hit counts when its exact similarity reaches the k-th exact similarity: near-duplicate decisions
    // tie, and any of the tied ones is a correct answer (the usual distance-threshold recall).
    constexpr float kTieTolerance = 1e-5f;
    double recallSum = 0;
    start = Clock::now();
    for (std::size_t q = 0; q < queries.size(); ++q)
    {
        const std::vector<float> query = unit(queries[q]);
        if (query.empty())
            continue;
        const std::vector<float> exact = exactTopK(stored, query, _settings.k);
        if (exact.empty())
            continue;
        std::size_t correct = 0;
        for (const auto& hit : answers[q])
        {
            const auto& vector = stored[indexOf(hit.decisionId)];
            if (dot(vector.data(), query.data(), dims) >= exact.back() - kTieTolerance)
                ++correct;
        }
        recallSum += static_cast<double>(std::min(correct, exact.size())) / static_cast<double>(exact.size());
    }
    const auto measured = static_cast<double>(std::max<std::size_t>(1, queries.size()));
    result.exactMeanMillis = secondsSince(start) * 1000.0 / measured;
    result.recall = recallSum / measured;

    // 4. Persistence: save the whole index, load it into a fresh one, compare answers.
    std::cerr << "akashi-bench: save and load\n";
    start = Clock::now();
    index.save();
    result.saveSeconds = secondsSince(start);
    result.savedBytes = directoryBytes(index.stateDirectory());
    search::VectorIndex reloaded(_settings.stateDirectory, _settings.model, dims);
    start = Clock::now();
    const bool loaded = reloaded.load();
    result.loadSeconds = secondsSince(start);
    result.loadedIdentical = loaded && reloaded.size() == index.size();
    for (std::size_t q = 0; result.loadedIdentical && q < std::min<std::size_t>(queries.size(), 100); ++q)
    {
        const auto again = reloaded.search("bench-org", queries[q], _settings.k);
        result.loadedIdentical = again.size() == answers[q].size() &&
                                 std::equal(again.begin(), again.end(), answers[q].begin(),
                                            [](const auto& a, const auto& b) { return a.decisionId == b.decisionId; });
    }
    return result;
}

int VectorIndexBench::measure(const BenchOptions& options)
{
    const std::string pluginsDir = options.pluginsDir.empty() ? AKASHI_BENCH_PLUGIN_DIR : options.pluginsDir;
    plugin::PluginRegistry registry;
    registry.loadDirectory(pluginsDir);
    const auto provider =
        registry.createEmbeddingProvider("local", {{"dimensions", std::to_string(options.dimensions)}});
    if (provider->dimensions() != options.dimensions)
        throw std::runtime_error("the local provider embeds " + std::to_string(provider->dimensions()) +
                                 " dimensions, asked for " + std::to_string(options.dimensions));

    const ScratchDirectory scratch;
    Settings settings;
    settings.count = options.vectorCount;
    settings.dimensions = options.dimensions;
    settings.queries = options.queries;
    settings.batch = std::clamp<std::size_t>(provider->maxBatchSize(), 1, 256);
    settings.model = provider->model();
    settings.stateDirectory = scratch.path();
    const auto embed = [&provider](const std::vector<std::string>& texts)
    {
        auto embedded = provider->embed(texts);
        if (!embedded.status.isOk())
            throw std::runtime_error("the local provider failed: " + embedded.status.message);
        if (embedded.vectors.size() != texts.size())
            throw std::runtime_error("the local provider returned " + std::to_string(embedded.vectors.size()) +
                                     " vectors for " + std::to_string(texts.size()) + " texts");
        return std::move(embedded.vectors);
    };
    Result result = VectorIndexBench(settings, embed).run();
    std::cout << result.line() << std::endl;
    if (!result.loadedIdentical)
    {
        std::cerr << "akashi-bench: the reloaded index did not answer as the saved one\n";
        return 1;
    }
    return 0;
}

std::string VectorIndexBench::Result::line()
{
    char text[768];
    std::snprintf(text, sizeof text,
                  "akashi-bench mode=vector-index count=%zu dims=%zu queries=%zu k=%zu model=%s embed_s=%.2f "
                  "embeddings_per_s=%.1f insert_s=%.2f inserts_per_s=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f "
                  "max_ms=%.3f mean_ms=%.3f exact_mean_ms=%.2f recall_at_%zu=%.4f save_s=%.2f load_s=%.2f "
                  "saved_mb=%.1f reload_identical=%s",
                  settings.count, settings.dimensions, latency.size(), settings.k, settings.model.c_str(),
                  embedSeconds, embedSeconds > 0 ? static_cast<double>(settings.count) / embedSeconds : 0.0,
                  insertSeconds, insertSeconds > 0 ? static_cast<double>(settings.count) / insertSeconds : 0.0,
                  latency.percentileMillis(50), latency.percentileMillis(90), latency.percentileMillis(99),
                  latency.maxMillis(), latency.meanMillis(), exactMeanMillis, settings.k, recall, saveSeconds,
                  loadSeconds, static_cast<double>(savedBytes) / (1024.0 * 1024.0), loadedIdentical ? "yes" : "no");
    return text;
}
} // namespace akashi::bench
