#pragma once
#include "http/HttpSettings.h"

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
/// uninitialised first: the runbook's shutdown begins by draining HTTP.
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

    /// Reads akashi.http.* and akashi.shutdown.http_timeout.
    static http::HttpSettings settingsFrom(const Poco::Util::AbstractConfiguration& config);


private:
    std::unique_ptr<http::HttpServer> _server;
    http::HttpSettings _settings;
};
} // namespace akashi::app
