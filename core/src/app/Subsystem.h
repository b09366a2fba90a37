#pragma once
#include <Poco/Util/Subsystem.h>

namespace Poco::Util
{
class Application;
}

namespace akashi::app
{
/// A Poco::Util::Subsystem whose lifecycle is public, so AkashiServer can start subsystems one at a time
/// and, when one fails, stop exactly those that started (Poco's Application::initialize cannot undo a
/// partial start, and it would leave e.g. the embedded PostgreSQL running).
/// `uninitialize` must be safe to call after a failed or partial `initialize`.
class Subsystem : public Poco::Util::Subsystem
{
public:
    void initialize(Poco::Util::Application& app) override = 0;
    void uninitialize() override = 0;
};
} // namespace akashi::app
