#include "storage/EmbeddedPostgres.h"

#include "common/Exception.h"
#include "logging/Log.h"
#include "storage/CommandRunner.h"
#include "storage/DatabaseAdmin.h"

#include <Poco/Logger.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace akashi::storage
{
namespace fs = std::filesystem;

namespace
{
[[noreturn]] void fail(const std::string& message, const std::string& detail, const std::string& hint)
{
    throw Exception(ErrorCode::databaseUnavailable, message, detail, hint);
}
std::string octalMode(mode_t mode)
{
    char text[8];
    std::snprintf(text, sizeof text, "%03o", static_cast<unsigned>(mode & 0777));
    return text;
}
} // namespace

EmbeddedPostgres::EmbeddedPostgres(Options options)
    : _options(std::move(options)), _log(Poco::Logger::get("storage.embedded"))
{
}

EmbeddedPostgres::~EmbeddedPostgres()
{
    try
    {
        stop();
    }
    catch (const std::exception& e)
    {
        logging::error(_log, "embedded postgres stop failed", {{"error", e.what()}});
    }
}

void EmbeddedPostgres::prepareDirectories()
{
    std::error_code error;
    fs::create_directories(_options.baseDir, error);
    if (error)
        fail("cannot create the embedded PostgreSQL directory " + _options.baseDir, error.message(),
             "Set AKASHI_STATE_DIR to a writable directory.");
    fs::create_directories(socketDir(), error);
    if (::geteuid() != 0)
        return;

    // As root, the cluster runs as another user: it must own its directories and reach them.
    const passwd* user = ::getpwnam(_options.osUser.c_str());
    if (!user)
        fail("cannot run the embedded PostgreSQL as OS user \"" + _options.osUser + "\"", "No such user.",
             "Install postgresql-15 (it creates the postgres user) or set AKASHI_EMBEDDED_PG_OS_USER.");
    for (const auto& dir : {_options.baseDir, socketDir()})
    {
        ::chown(dir.c_str(), user->pw_uid, user->pw_gid);
        ::chmod(dir.c_str(), 0700);
    }
    if (fs::exists(dataDir()))
        ::chown(dataDir().c_str(), user->pw_uid, user->pw_gid);
    for (fs::path p = fs::absolute(_options.baseDir).parent_path(); !p.empty(); p = p.parent_path())
    {
        struct stat info{};
        if (::stat(p.c_str(), &info) == 0 && info.st_uid != user->pw_uid && !(info.st_mode & S_IXOTH))
            fail("the embedded PostgreSQL runs as OS user \"" + _options.osUser + "\", which cannot reach " +
                     _options.baseDir,
                 p.string() + " is not searchable by other users (mode " + octalMode(info.st_mode) + ").",
                 "Make every parent directory searchable (chmod o+x) or set AKASHI_STATE_DIR elsewhere, "
                 "e.g. /var/lib/akashi.");
        if (p == p.root_path())
            break;
    }
}

void EmbeddedPostgres::initdb()
{
    std::vector<std::string> argv{binary("initdb"), "-D", dataDir(), "-U", _options.role, "--auth=trust",
                                  "-E", "UTF8", "--locale=C"};
    if (!_options.durable)
        argv.push_back("--no-sync");
    auto result = CommandRunner::runAs(_options.osUser, argv);
    if (result.exitCode != 0)
        fail("cannot initialise the embedded PostgreSQL cluster in " + dataDir(), CommandRunner::tail(result.output),
             "Check that PostgreSQL 15 is installed (AKASHI_EMBEDDED_PG_BIN_DIR) and the state directory is "
             "writable.");
    std::ofstream(dataDir() + "/postgresql.conf", std::ios::app) << "\ninclude_if_exists = 'akashi.conf'\n";
    _initialised = true;
}

void EmbeddedPostgres::writeSettings()
{
    // Rewritten on every start so a changed port or durability setting takes effect.
    const std::string path = dataDir() + "/akashi.conf";
    std::ofstream conf(path, std::ios::trunc);
    conf << "# Written by the Akashi server on every start; edits here are lost.\n"
         << "listen_addresses = ''\n"
         << "unix_socket_directories = '" << socketDir() << "'\n"
         << "unix_socket_permissions = 0700\n"
         << "port = " << _options.port << "\n"
         << "max_connections = 100\n"
         << "shared_buffers = 128MB\n"
         // LLVM JIT maps generated code executable, which the systemd unit's MemoryDenyWriteExecute forbids:
         // JIT-eligible queries would fail. Our queries are short OLTP ones that gain nothing from it.
         << "jit = off\n"
         << "fsync = " << (_options.durable ? "on" : "off") << "\n"
         << "synchronous_commit = " << (_options.durable ? "on" : "off") << "\n"
         << "full_page_writes = " << (_options.durable ? "on" : "off") << "\n";
    conf.close();
    if (!conf)
        fail("cannot write " + path, "", "Check that the state directory is writable.");
    if (::geteuid() == 0)
        if (const passwd* user = ::getpwnam(_options.osUser.c_str()))
            ::chown(path.c_str(), user->pw_uid, user->pw_gid);
}

bool EmbeddedPostgres::isRunning()
{
    // pg_ctl status: 0 running, 3 not running (a stale postmaster.pid counts as not running).
    return CommandRunner::runAs(_options.osUser, {binary("pg_ctl"), "status", "-D", dataDir()}).exitCode == 0;
}

void EmbeddedPostgres::start()
{
    if (!fs::exists(binary("pg_ctl")))
        fail("cannot find PostgreSQL in " + _options.binDir, binary("pg_ctl") + " does not exist.",
             "Install postgresql-15 or set AKASHI_EMBEDDED_PG_BIN_DIR.");
    prepareDirectories();
    if (!fs::exists(dataDir() + "/PG_VERSION"))
        initdb();
    writeSettings();

    _adopted = isRunning();
    if (_adopted)
        logging::warn(_log, "embedded postgres already running; adopting it", {{"data_dir", dataDir()}});
    else
    {
        const std::string logFile = _options.baseDir + "/postgres.log";
        auto result = CommandRunner::runAs(_options.osUser, {binary("pg_ctl"), "start", "-D", dataDir(), "-l",
                                                            logFile, "-w", "-t", "60"});
        if (result.exitCode != 0)
        {
            std::ifstream in(logFile);
            const std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            fail("cannot start the embedded PostgreSQL cluster in " + dataDir(),
                 CommandRunner::tail(result.output + log), "See " + logFile + ".");
        }
    }
    _running = true;
    DatabaseAdmin::createDatabaseIfMissing(connectionSettings().withDatabase("postgres"), _options.database);
    logging::info(_log, _initialised ? "embedded postgres initialised" : "embedded postgres reused",
                  {{"data_dir", dataDir()}, {"socket_dir", socketDir()}});
}

void EmbeddedPostgres::stop()
{
    if (!_running)
        return;
    _running = false;
    auto result = CommandRunner::runAs(_options.osUser,
                                       {binary("pg_ctl"), "stop", "-D", dataDir(), "-m", "fast", "-w", "-t", "60"});
    if (result.exitCode != 0)
        fail("cannot stop the embedded PostgreSQL cluster in " + dataDir(), CommandRunner::tail(result.output), "");
    logging::info(_log, "embedded postgres stopped", {{"data_dir", dataDir()}});
}

ConnectionSettings EmbeddedPostgres::connectionSettings() const
{
    return ConnectionSettings::forSocket(socketDir(), _options.port, _options.role, _options.database);
}
} // namespace akashi::storage
