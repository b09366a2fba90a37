#include "PipelineFixture.h"

#include "storage/SqlParams.h"

namespace akashi::test
{
PipelineFixture::PipelineFixture(const std::string& label, std::size_t dimensions, std::string model)
    : db(label), provider(dimensions, model), indexDir("pipeline-index"), index(indexDir.path(), model, dimensions)
{
}

std::string PipelineFixture::trace(const Decision& d)
{
    auto connection = db.database().connection();
    const auto run = connection->exec("INSERT INTO agent_runs (org_id, agent_id, status) VALUES ($1::uuid, $2, 'completed') "
                                      "RETURNING id::text AS id",
                                      storage::SqlParams().add(d.org).add(d.agentId))
                         .text(0, "id");
    const auto id = connection
                        ->exec("INSERT INTO decisions (run_id, agent_id, org_id, decision_type, outcome, confidence, "
                               "reasoning, valid_from, transaction_time) "
                               "VALUES ($1::uuid, $2, $3::uuid, $4, $5, $6, $7, now() - make_interval(secs => $8), "
                               "now() - make_interval(secs => $8)) RETURNING id::text AS id",
                               storage::SqlParams()
                                   .add(run)
                                   .add(d.agentId)
                                   .add(d.org)
                                   .add(d.decisionType)
                                   .add(d.outcome)
                                   .add(d.confidence)
                                   .add(d.reasoning)
                                   .add(d.secondsAgo))
                        .text(0, "id");
    if (d.evidence)
        connection->exec("INSERT INTO evidence (decision_id, org_id, source_type, content) VALUES ($1::uuid, $2::uuid, "
                         "'document', $3)",
                         storage::SqlParams().add(id).add(d.org).add(*d.evidence));
    connection->exec("INSERT INTO search_outbox (decision_id, org_id, operation) VALUES ($1::uuid, $2::uuid, 'upsert')",
                     storage::SqlParams().add(id).add(d.org));
    return id;
}

void PipelineFixture::supersede(const std::string& id)
{
    auto connection = db.database().connection();
    connection->exec("UPDATE decisions SET valid_to = now() WHERE id = $1::uuid", storage::SqlParams().add(id));
    connection->exec("INSERT INTO search_outbox (decision_id, org_id, operation) "
                     "SELECT id, org_id, 'delete' FROM decisions WHERE id = $1::uuid",
                     storage::SqlParams().add(id));
}

std::int64_t PipelineFixture::count(const std::string& sql)
{
    return db.database().connection()->exec(sql).int64(0, "n");
}

std::string PipelineFixture::scalar(const std::string& sql)
{
    return db.database().connection()->exec(sql).text(0, "v");
}

std::unique_ptr<search::OutboxWorker> PipelineFixture::worker(search::OutboxWorker::Settings settings)
{
    return std::make_unique<search::OutboxWorker>(db.database(), provider, &index, settings);
}
} // namespace akashi::test
