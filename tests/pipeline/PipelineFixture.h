#pragma once
#include "mocks/FakeEmbeddingProvider.h"
#include "search/OutboxWorker.h"
#include "search/VectorIndex.h"
#include "support/MigratedDatabase.h"
#include "support/TempDirectory.h"

#include <memory>
#include <optional>
#include <string>

namespace akashi::test
{
/// A migrated database, a fake provider, a vector index in a scratch directory and
/// an outbox worker that is driven by hand (processOnce), for the embedding pipeline suites. Decisions
/// are written with SQL the way akashi_record_decision writes them: run, decision, evidence, outbox row.
class PipelineFixture
{
public:
    static constexpr const char* kOrg = "00000000-0000-0000-0000-000000000000";
    static constexpr const char* kOtherOrg = "11111111-1111-1111-1111-111111111111";

    explicit PipelineFixture(const std::string& label, std::size_t dimensions = 8, std::string model = "fake");

    struct Decision
    {
        std::string agentId = "planner";
        std::string decisionType = "architecture";
        std::string outcome = "use PostgreSQL";
        std::string reasoning = "it is reliable";
        double confidence = 0.8;
        std::string org = kOrg;
        int secondsAgo = 0;
        std::optional<std::string> evidence = std::nullopt;
    };

    /// Inserts the decision (and its outbox upsert); returns its id.
    std::string trace(const Decision& decision);
    /// Closes `id` as a revision would (valid_to = now, outbox delete).
    void supersede(const std::string& id);

    std::int64_t count(const std::string& sql);
    std::string scalar(const std::string& sql);

    /// A worker over this fixture (not started: tests call processOnce).
    std::unique_ptr<search::OutboxWorker> worker(search::OutboxWorker::Settings settings = {});

    MigratedDatabase db;
    mocks::FakeEmbeddingProvider provider;
    TempDirectory indexDir;
    search::VectorIndex index;
};
} // namespace akashi::test
