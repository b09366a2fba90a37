#pragma once
#include "storage/ConnectionSettings.h"
#include "storage/PgResult.h"
#include "storage/SqlParams.h"

#include <memory>
#include <string>

struct pg_conn;
struct pg_cancel;

namespace akashi::storage
{
/// One libpq connection (RAII over PGconn). Not thread-safe: one thread uses it at a time (the pool
/// hands it out exclusively). All values travel as parameters; SQL text is never built from input.
class PgConnection
{
public:
    /// Connects or throws akashi::Exception(databaseUnavailable, "cannot connect to PostgreSQL at
    /// <masked target>", libpq's reason). The password never appears in the message.
    explicit PgConnection(const ConnectionSettings& settings);
    ~PgConnection();

    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    /// One statement with $n parameters. Throws DatabaseError with the SQLSTATE on failure.
    PgResult exec(const std::string& sql, const SqlParams& params = {});

    /// Several statements without parameters in one round trip (migration scripts). Throws DatabaseError.
    void execScript(const std::string& sql);

    /// False once libpq has seen the connection break; the pool then discards it.
    bool healthy() const noexcept;
    /// True outside a transaction block (idle); a connection returned mid-transaction is discarded.
    bool idle() const noexcept;

    /// Asks the server to cancel the statement this connection is running, if any (its caller then
    /// gets SQLSTATE 57014). The one method callable from any thread while another uses the
    /// connection: it only reads the cancel key taken at connect time. Best effort; never throws.
    void cancel() const noexcept;

    /// The raw handle for APIs this class does not wrap (COPY, LISTEN). Owned by this object.
    pg_conn* raw() noexcept { return _conn.get(); }

private:
    PgResult check(struct pg_result* result, const std::string& sql);

    std::unique_ptr<pg_conn, void (*)(pg_conn*)> _conn;
    std::unique_ptr<pg_cancel, void (*)(pg_cancel*)> _cancel; ///< libpq: safe to use from another thread
};
} // namespace akashi::storage
