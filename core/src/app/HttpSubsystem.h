#pragma once
#include "http/HttpSettings.h"

#include "app/Readiness.h"
#include "app/Subsystem.h"

#include <chrono>
#include <memory>

namespace Poco::Util
{
class AbstractConfiguration;
}

namespace akashi::http
{
class HttpServer;
}

namespace akashi::app
{
/// Serves the REST API. Initialised last (after the database and plugins it routes to), so it is
/// uninitialised first: the runbook's shutdown begins by draining HTTP (step 1). Owns the readiness
/// that GET /ready reports: the server marks it serving once everything started; uninitialize marks
/// it draining first, keeps serving for akashi.shutdown.readiness_delay, then drains.
class HttpSubsystem final : public app::Subsystem
{
public:
    HttpSubsystem();
    ~HttpSubsystem() override;

    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override;
    const char* name() const override { return "http"; }

    /// The bound port; valid after initialisation.
    std::uint16_t port() const noexcept;

    Readiness& readiness() noexcept { return _readiness; }

    /// Reads akashi.http.* and akashi.shutdown.http_timeout.
    static http::HttpSettings settingsFrom(const Poco::Util::AbstractConfiguration& config);


private:
    Readiness _readiness; ///< before _server: the routes read it until the server is gone
    std::unique_ptr<http::HttpServer> _server;
    http::HttpSettings _settings;
    std::chrono::milliseconds _readinessDelay{0};
};
} // namespace akashi::app
