#pragma once
#include "app/Subsystem.h"

#include <chrono>
#include <memory>

namespace Poco::Util
{
class AbstractConfiguration;
}

namespace akashi::storage
{
class Database;
}

namespace akashi::embedding
{
class EmbeddingProvider;
}

namespace akashi::search
{
class VectorSearch;
}

namespace akashi::auth
{
class JwtCodec;
class SigningKeys;
} // namespace akashi::auth

namespace akashi::consistency
{
class Visibility;
class VisibilityGate;
} // namespace akashi::consistency

namespace akashi::services
{
class AccessPolicy;
class AssessmentService;
class DecisionStatsService;
class IdempotencyService;
class AgentService;
class AuthService;
class ConflictService;
class GrantService;
class QueryService;
class SearchService;
class TraceService;
class RunService;
} // namespace akashi::services

namespace akashi::integrity
{
class VerificationService;
class ProofService;
}

namespace akashi::ingest
{
class EventBuffer;
}

namespace akashi::app
{
/// The domain services and the repositories under them, built once the database is up: loads the JWT
/// signing keys (refusing unsafe key files), seeds the admin agent on first start, and hands the
/// services to the HTTP routes. Started after the database, before HTTP. It also owns the event buffer
/// (ingest::EventBuffer), whose flusher starts here and which `uninitialize` drains first: the server
/// stops HTTP before this subsystem, so every in-flight append has had its ack, and the database after
/// it, so the final flush still has its pool.
class ServicesSubsystem final : public app::Subsystem
{
public:
    ServicesSubsystem();
    ~ServicesSubsystem() override;

    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override;
    const char* name() const override { return "services"; }

    /// Builds everything over `database` (callable without a Poco Application, for tests). `embedder`
    /// (the plugin subsystem's provider; null = none) embeds search queries.
    void start(const Poco::Util::AbstractConfiguration& config, storage::Database& database,
               std::shared_ptr<embedding::EmbeddingProvider> embedder = nullptr,
               std::shared_ptr<const search::VectorSearch> vectorIndex = nullptr);

    services::AuthService& auth();
    services::AgentService& agents();
    services::GrantService& grants();
    services::AccessPolicy& access();
    services::IdempotencyService& idempotency();
    const consistency::VisibilityGate& visibility();
    consistency::Visibility& writesVisible();
    services::QueryService& query();
    services::SearchService& search();
    services::TraceService& trace();
    integrity::VerificationService& verification();
    integrity::ProofService& proofs();
    services::RunService& runs();
    services::ConflictService& conflicts();
    services::AssessmentService& assessments();
    services::DecisionStatsService& stats();
    ingest::EventBuffer& eventBuffer();

private:
    struct Parts;
    std::unique_ptr<Parts> _parts;
    storage::Database* _database = nullptr;          ///< for cancelling a loop past its drain timeout
    std::chrono::milliseconds _loopDrainTimeout{0}; ///< akashi.shutdown.loop_drain_timeout
};
} // namespace akashi::app
