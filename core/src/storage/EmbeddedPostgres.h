#pragma once
#include "storage/ConnectionSettings.h"

#include <string>

namespace Poco
{
class Logger;
}

namespace akashi::storage
{
/// A private PostgreSQL cluster under a directory: `<base>/data` (the cluster), `<base>/socket` (its only
/// listening socket, mode 0700), `<base>/postgres.log`. Created with initdb on first start and reused after.
/// When the server runs as root, the cluster runs as `osUser` (initdb and postgres refuse root).
/// Not thread-safe: owned and driven by one subsystem.
class EmbeddedPostgres
{
public:
    struct Options
    {
        std::string baseDir;
        std::string binDir = "/usr/lib/postgresql/15/bin";
        int port = 5432;
        std::string osUser = "postgres";
        std::string database = "akashi";
        std::string role = "akashi";
        bool durable = true; ///< false (tests only): fsync off, no initdb sync — fast, not crash-safe
    };

    explicit EmbeddedPostgres(Options options);
    ~EmbeddedPostgres(); ///< stops the cluster if this object started it

    EmbeddedPostgres(const EmbeddedPostgres&) = delete;
    EmbeddedPostgres& operator=(const EmbeddedPostgres&) = delete;

    /// Initialises (first time), starts, waits until it accepts connections and creates the database.
    /// Adopts a cluster already running from this directory (e.g. after the server was killed).
    /// Throws akashi::Exception(databaseUnavailable) with the tool's output in the detail.
    void start();

    /// Fast shutdown (`pg_ctl -m fast`), waiting for it. No-op when not running.
    void stop();

    /// Leaves the running cluster running past this object's lifetime (the test harness's start fixture).
    void detach() noexcept { _running = false; }

    bool initialisedOnThisStart() const noexcept { return _initialised; }
    /// True when start() found the cluster already running (another process's, e.g. the server's).
    bool adopted() const noexcept { return _adopted; }
    bool running() const noexcept { return _running; }

    /// Where the server connects: the socket directory, as the bootstrap role, to `database`.
    ConnectionSettings connectionSettings() const;

    std::string dataDir() const { return _options.baseDir + "/data"; }
    std::string socketDir() const { return _options.baseDir + "/socket"; }

private:
    void prepareDirectories();
    void initdb();
    void writeSettings();
    bool isRunning();
    std::string binary(const std::string& name) const { return _options.binDir + "/" + name; }

    Options _options;
    Poco::Logger& _log;
    bool _initialised = false;
    bool _running = false;
    bool _adopted = false;
};
} // namespace akashi::storage
