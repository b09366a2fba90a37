#include "app/ServicesSubsystem.h"

#include "app/LoopShutdown.h"
#include "app/SearchSubsystem.h"
#include "app/ShutdownPhase.h"

#include "auth/JwtCodec.h"
#include "auth/SigningKeys.h"
#include "common/Exception.h"
#include "common/PeriodicTask.h"
#include "consistency/Visibility.h"
#include "consistency/VisibilityGate.h"
#include "config/Duration.h"
#include "logging/Log.h"
#include "plugin/PluginSubsystem.h"
#include "services/AccessPolicy.h"
#include "services/AdminBootstrap.h"
#include "services/AssessmentService.h"
#include "services/AgentService.h"
#include "services/AuthService.h"
#include "services/ConflictService.h"
#include "services/DecisionStatsService.h"
#include "services/GrantService.h"
#include "services/IdempotencyService.h"
#include "services/QueryService.h"
#include "services/SearchService.h"
#include "services/TraceService.h"
#include "integrity/VerificationService.h"
#include "integrity/ProofBatcher.h"
#include "integrity/ProofService.h"
#include "services/RunService.h"
#include "ingest/EventBuffer.h"
#include "storage/AgentRepository.h"
#include "storage/AssessmentRepository.h"
#include "storage/ConflictRepository.h"
#include "storage/DatabaseSubsystem.h"
#include "storage/DecisionReader.h"
#include "storage/DecisionStatsReader.h"
#include "storage/GrantRepository.h"
#include "storage/IdempotencyRepository.h"
#include "storage/SearchReader.h"

#include <Poco/Util/Application.h>

namespace akashi::app
{
/// Declared in dependency order: members are destroyed in reverse, services before what they use.
struct ServicesSubsystem::Parts
{
    Parts(const Poco::Util::AbstractConfiguration& config, storage::Database& database, auth::SigningKeys signingKeys,
          std::chrono::seconds tokenLifetime, std::shared_ptr<embedding::EmbeddingProvider> embedder,
          std::shared_ptr<const search::VectorSearch> vectorIndex)
        : keys(std::move(signingKeys)), jwt(keys), agentRepository(database), grantRepository(database),
          idempotencyRepository(database),
          visibility(config::getDuration(config, "akashi.consistency.visibility_wait_timeout")),
          writesVisible(database, visibility),
          access(grantRepository), auth(agentRepository, jwt, tokenLifetime),
          agents(agentRepository, config.getBool("akashi.agents.enable_destructive_delete")),
          grants(grantRepository, agentRepository),
          search(database, access, searchReader, visibility, std::move(embedder), std::move(vectorIndex)),
          query(database, access, decisionReader, visibility, config.getInt("akashi.export.page_size"), &search),
          trace(database), verification(database, access, visibility),
          proofs(database, access, visibility, config.getString("akashi.integrity.proof_interval")),
          proofBatcher(database, Poco::Logger::get("integrity")),
          integrityProofs("integrity proof interval", config::getDuration(config, "akashi.integrity.proof_interval"),
                          [this] { proofBatcher.run(); }, Poco::Logger::get("integrity"), "integrity: proof batch failed"),
          eventBuffer(database, eventBufferSettings(config)),
          runs(database, agentRepository, access, eventBuffer, decisionReader, visibility),
          idempotency(idempotencyRepository, idempotencySettings(config)),
          conflicts(database, access, conflictRepository, decisionReader, visibility),
          assessments(database, access, assessmentRepository, decisionReader, visibility),
          stats(database, access, statsReader, conflicts),
          idempotencyCleanup("idempotency cleanup interval",
                             config::getDuration(config, "akashi.idempotency.cleanup_interval"),
                             [this] { idempotency.removeExpired(); }, Poco::Logger::get("idempotency"),
                             "idempotency: cleanup failed")
    {
    }

    static ingest::EventBuffer::Settings eventBufferSettings(const Poco::Util::AbstractConfiguration& config)
    {
        ingest::EventBuffer::Settings buffer;
        buffer.flushSize = static_cast<std::size_t>(config.getInt("akashi.ingest.event_buffer_size"));
        buffer.flushTimeout = config::getDuration(config, "akashi.ingest.event_flush_timeout");
        buffer.drainTimeout = config::getDuration(config, "akashi.shutdown.buffer_drain_timeout");
        // A durable append waits for its commit as long as the server may take to write a response.
        buffer.ackTimeout = config::getDuration(config, "akashi.http.write_timeout");
        return buffer;
    }

    static services::IdempotencyService::Settings idempotencySettings(const Poco::Util::AbstractConfiguration& config)
    {
        services::IdempotencyService::Settings settings;
        settings.inProgressTtl = config::getDuration(config, "akashi.idempotency.in_progress_ttl");
        settings.completedTtl = config::getDuration(config, "akashi.idempotency.completed_ttl");
        settings.abandonedTtl = config::getDuration(config, "akashi.idempotency.abandoned_ttl");
        return settings;
    }

    auth::SigningKeys keys;
    auth::JwtCodec jwt;
    storage::AgentRepository agentRepository;
    storage::GrantRepository grantRepository;
    storage::IdempotencyRepository idempotencyRepository;
    consistency::VisibilityGate visibility;
    consistency::Visibility writesVisible;
    services::AccessPolicy access;
    services::AuthService auth;
    services::AgentService agents;
    services::GrantService grants;
    storage::DecisionReader decisionReader;
    storage::SearchReader searchReader;
    services::SearchService search;
    services::QueryService query;
    services::TraceService trace;
    integrity::VerificationService verification;
    integrity::ProofService proofs;
    integrity::ProofBatcher proofBatcher;
    PeriodicTask integrityProofs; ///< after the batcher it runs (needs only it and the database): stopped first
    ingest::EventBuffer eventBuffer;
    services::RunService runs;
    services::IdempotencyService idempotency;
    storage::ConflictRepository conflictRepository;
    services::ConflictService conflicts;
    storage::AssessmentRepository assessmentRepository;
    services::AssessmentService assessments;
    storage::DecisionStatsReader statsReader;
    services::DecisionStatsService stats;
    PeriodicTask idempotencyCleanup; ///< after what it uses: stopped first
};

ServicesSubsystem::ServicesSubsystem() = default;

ServicesSubsystem::~ServicesSubsystem() = default;

void ServicesSubsystem::initialize(Poco::Util::Application& app)
{
    start(app.config(), app.getSubsystem<storage::DatabaseSubsystem>().database(),
          app.getSubsystem<plugin::PluginSubsystem>().embeddingProvider(),
          app.getSubsystem<SearchSubsystem>().vectorSearch());
}

void ServicesSubsystem::start(const Poco::Util::AbstractConfiguration& config, storage::Database& database,
                              std::shared_ptr<embedding::EmbeddingProvider> embedder,
                              std::shared_ptr<const search::VectorSearch> vectorIndex)
{
    auto& log = Poco::Logger::get("auth");
    auto keys = auth::SigningKeys::load(config.getString("akashi.auth.jwt_private_key"),
                                        config.getString("akashi.auth.jwt_public_key"));
    if (keys.ephemeral())
        logging::warn(log, "JWT keys not configured: using an ephemeral key pair; tokens will not survive a restart",
                      {{"hint", "set AKASHI_JWT_PRIVATE_KEY and AKASHI_JWT_PUBLIC_KEY (akashi keygen writes a pair)"}});
    const auto lifetime = std::chrono::duration_cast<std::chrono::seconds>(
        config::getDuration(config, "akashi.auth.jwt_expiration"));
    if (lifetime.count() <= 0)
        throw Exception(ErrorCode::configInvalid, "invalid configuration: akashi.auth.jwt_expiration must be at least 1s",
                        "AKASHI_JWT_EXPIRATION is the lifetime of issued tokens.", "Set it to e.g. 24h.");
    _database = &database;
    _loopDrainTimeout = config::getDuration(config, LoopShutdown::kTimeoutKey);
    _parts = std::make_unique<Parts>(config, database, std::move(keys), lifetime, std::move(embedder),
                                     std::move(vectorIndex));
    _parts->eventBuffer.start();
    services::AdminBootstrap::run(_parts->agentRepository, config.getString("akashi.auth.admin_api_key"));
}

void ServicesSubsystem::uninitialize()
{
    if (_parts)
    {
        {
            ShutdownPhase phase(2, "event_buffer", _parts->eventBuffer.settings().drainTimeout);
            _parts->eventBuffer.stop(); // drains: HTTP has stopped, the database is still open
        }
        LoopShutdown::stop(_parts->idempotencyCleanup, "idempotency cleanup", _loopDrainTimeout, *_database);
    }
    _parts.reset();
}

namespace
{
template <typename T>
T& started(T* part)
{
    if (!part)
        throw Exception(ErrorCode::internal, "services used before they were started");
    return *part;
}
} // namespace

services::AuthService& ServicesSubsystem::auth()
{
    return started(_parts ? &_parts->auth : nullptr);
}

services::AgentService& ServicesSubsystem::agents()
{
    return started(_parts ? &_parts->agents : nullptr);
}

services::GrantService& ServicesSubsystem::grants()
{
    return started(_parts ? &_parts->grants : nullptr);
}

services::RunService& ServicesSubsystem::runs()
{
    return started(_parts ? &_parts->runs : nullptr);
}

ingest::EventBuffer& ServicesSubsystem::eventBuffer()
{
    return started(_parts ? &_parts->eventBuffer : nullptr);
}

services::AssessmentService& ServicesSubsystem::assessments()
{
    return started(_parts ? &_parts->assessments : nullptr);
}

services::DecisionStatsService& ServicesSubsystem::stats()
{
    return started(_parts ? &_parts->stats : nullptr);
}

services::AccessPolicy& ServicesSubsystem::access()
{
    return started(_parts ? &_parts->access : nullptr);
}

services::IdempotencyService& ServicesSubsystem::idempotency()
{
    return started(_parts ? &_parts->idempotency : nullptr);
}

consistency::Visibility& ServicesSubsystem::writesVisible()
{
    return started(_parts ? &_parts->writesVisible : nullptr);
}

const consistency::VisibilityGate& ServicesSubsystem::visibility()
{
    return started(_parts ? &_parts->visibility : nullptr);
}

services::QueryService& ServicesSubsystem::query()
{
    return started(_parts ? &_parts->query : nullptr);
}

services::SearchService& ServicesSubsystem::search()
{
    return started(_parts ? &_parts->search : nullptr);
}

services::ConflictService& ServicesSubsystem::conflicts()
{
    return started(_parts ? &_parts->conflicts : nullptr);
}

services::TraceService& ServicesSubsystem::trace()
{
    return started(_parts ? &_parts->trace : nullptr);
}

integrity::ProofService& ServicesSubsystem::proofs()
{
    return started(_parts ? &_parts->proofs : nullptr);
}

integrity::VerificationService& ServicesSubsystem::verification()
{
    return started(_parts ? &_parts->verification : nullptr);
}
} // namespace akashi::app
