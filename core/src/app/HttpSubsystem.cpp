#include "app/HttpSubsystem.h"

#include "api/Routes.h"
#include "app/ShutdownPhase.h"
#include "app/ServicesSubsystem.h"
#include "config/Duration.h"
#include "http/HttpServer.h"
#include "http/RateLimitGate.h"
#include "app/SearchSubsystem.h"
#include "app/StreamSubsystem.h"
#include "app/TelemetrySubsystem.h"
#include "ingest/EventBuffer.h"
#include "logging/Log.h"
#include "plugin/PluginSubsystem.h"
#include "services/AuthService.h"
#include "storage/DatabaseSubsystem.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/Application.h>

#include <thread>

namespace akashi::app
{
HttpSubsystem::HttpSubsystem() = default;

HttpSubsystem::~HttpSubsystem() = default;

std::uint16_t HttpSubsystem::port() const noexcept
{
    return _server ? _server->port() : 0;
}

http::HttpSettings HttpSubsystem::settingsFrom(const Poco::Util::AbstractConfiguration& config)
{
    http::HttpSettings settings;
    settings.address = config.getString("akashi.http.address");
    settings.port = static_cast<std::uint16_t>(config.getInt("akashi.http.port"));
    settings.readTimeout = config::getDuration(config, "akashi.http.read_timeout");
    settings.writeTimeout = config::getDuration(config, "akashi.http.write_timeout");
    settings.keepAliveTimeout = config::getDuration(config, "akashi.http.keep_alive_timeout");
    settings.maxThreads = config.getInt("akashi.http.max_threads");
    settings.maxQueued = config.getInt("akashi.http.max_queued");
    settings.maxBodyBytes = static_cast<std::size_t>(config.getInt64("akashi.http.max_request_body_bytes"));
    Poco::StringTokenizer origins(config.getString("akashi.http.cors_allowed_origins"), ",",
                                  Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    settings.corsAllowedOrigins.assign(origins.begin(), origins.end());
    settings.shutdownTimeout = config::getDuration(config, "akashi.shutdown.http_timeout");
    return settings;
}

void HttpSubsystem::initialize(Poco::Util::Application& app)
{
    _settings = settingsFrom(app.config());
    _readinessDelay = config::getDuration(app.config(), "akashi.shutdown.readiness_delay");
    auto& database = app.getSubsystem<storage::DatabaseSubsystem>().database();

    api::ApiServices services;
    services.pingDatabase = [&database] { return database.ping(); };
    services.startedAt = std::chrono::steady_clock::now();
    auto& domain = app.getSubsystem<ServicesSubsystem>();
    services.auth = &domain.auth();
    services.agents = &domain.agents();
    services.grants = &domain.grants();
    services.idempotency = &domain.idempotency();
    services.visibility = &domain.visibility();
    services.writesVisible = &domain.writesVisible();
    services.query = &domain.query();
    services.search = &domain.search();
    services.trace = &domain.trace();
    services.verification = &domain.verification();
    services.proofs = &domain.proofs();
    services.runs = &domain.runs();
    services.conflicts = &domain.conflicts();
    services.assessments = &domain.assessments();
    services.stats = &domain.stats();
    services.corsAllowedOrigins = _settings.corsAllowedOrigins;
    services.listenAddress = _settings.address;
    auto& buffer = domain.eventBuffer();
    services.bufferDepth = [&buffer] { return buffer.depth(); };
    services.bufferCapacity = buffer.settings().capacity;
    auto& search = app.getSubsystem<SearchSubsystem>();
    services.searchStatus = [&search] { return search.status(); };
    auto& stream = app.getSubsystem<StreamSubsystem>();
    services.database = &database;
    services.access = &domain.access();
    services.broker = &stream.broker();
    services.feed = &stream.feed();
    services.subscribe.replayWindow = stream.settings().replayWindow;
    services.subscribe.replayLimit = stream.settings().replayLimit;
    services.sseStatus = [&stream] { return std::string(stream.status()); };
    auto& telemetry = app.getSubsystem<TelemetrySubsystem>();
    if (telemetry.pipeline().scrapable())
        services.scrapeMetrics = [&pipeline = telemetry.pipeline()] { return pipeline.scrape(); };
    services.readiness = &_readiness;

    auto table = std::make_shared<http::DispatchTable>();
    api::registerRoutes(table->router, services);
    table->telemetry = telemetry.requestTelemetry();
    table->securityHeaders = http::SecurityHeaders(_settings.corsAllowedOrigins);
    table->maxBodyBytes = _settings.maxBodyBytes;
    table->writeTimeout = _settings.writeTimeout;
    table->authenticate = [auth = services.auth](const Poco::Net::HTTPServerRequest& request) {
        return auth->authenticate(request.get("Authorization", ""), request.get("X-Akashi-Org-ID", ""));
    };
    auto rateLimits = http::RateLimitSettings::fromConfig(app.config());
    if (rateLimits.enabled)
        table->rateLimit = std::make_shared<const http::RateLimitGate>(
            std::move(rateLimits), app.getSubsystem<plugin::PluginSubsystem>().rateLimiter(), Poco::Logger::get("ratelimit"));

    _server = std::make_unique<http::HttpServer>(_settings, table);
    _server->start();
    logging::info(Poco::Logger::get("http"), "http server starting",
                  {{"address", _settings.address}, {"port", static_cast<std::int64_t>(_server->port())}});
}

void HttpSubsystem::uninitialize()
{
    if (!_server)
        return;
    auto& log = Poco::Logger::get("http");
    // Readiness fails first, while requests are still served, so load balancers route elsewhere.
    _readiness.beginDrain();
    logging::info(log, "readiness: draining", {{"readiness_delay_ms", static_cast<std::int64_t>(_readinessDelay.count())}});
    if (_readinessDelay.count() > 0)
        std::this_thread::sleep_for(_readinessDelay);
    ShutdownPhase phase(1, "http", _settings.shutdownTimeout);
    logging::info(log, "http server draining", {{"timeout_ms", static_cast<std::int64_t>(_settings.shutdownTimeout.count())}});
    const bool drained = _server->stop(_settings.shutdownTimeout);
    if (!drained)
        logging::warn(log, "http server drain timed out; remaining connections aborted");
    _server.reset();
    logging::info(log, "http server stopped");
}
} // namespace akashi::app
