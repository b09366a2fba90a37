#include "storage/Database.h"
#include "storage/DatabaseError.h"
#include "storage/Migrator.h"
#include "support/TestDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <iterator>
#include <optional>

namespace akashi::storage
{
/// The migrated schema against what operators and other code rely on: the runbook's SQL and the rules
/// the identity tables enforce.
class SchemaTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SchemaTest);
    CPPUNIT_TEST(testRunbookDiagnosticSqlRunsUnchanged);
    CPPUNIT_TEST(testTablesEnforceTheirRules);
    CPPUNIT_TEST(testSearchVectorIsGenerated);
    CPPUNIT_TEST_SUITE_END();

    struct RunbookStatement
    {
        const char* where;
        const char* sql;                      ///< verbatim from the runbook
        std::optional<std::int64_t> expected; ///< first column of the first row, when it is a count
    };

public:
    void testRunbookDiagnosticSqlRunsUnchanged()
    {
        // Copied from the runbook (shared/seeds/akashi-runbook.md): §3, §5 and §9, in that order.
        const RunbookStatement statements[] = {
            {"§3 Qdrant is down: verify", "SELECT count(*) FROM search_outbox WHERE attempts < 10;", 0},
            {"§3 dead letters: symptom", "SELECT count(*) FROM search_outbox WHERE attempts >= 10;", 1},
            {"§3 dead letters: inspect", R"(SELECT id, decision_id, operation, attempts, last_error, created_at
FROM search_outbox
WHERE attempts >= 10
ORDER BY created_at DESC
LIMIT 20;)", {}},
            {"§3 dead letters: reset", R"(UPDATE search_outbox
SET attempts = 0, locked_until = NULL
WHERE attempts >= 10;)", {}},
            {"§5 post-restore: decisions", "SELECT count(*) FROM decisions WHERE valid_to IS NULL;", 1},
            {"§5 post-restore: runs", "SELECT count(*) FROM agent_runs;", 1},
            {"§5 post-restore: events", "SELECT count(*) FROM agent_events;", 1},
            {"§5 post-restore: outbox", "SELECT count(*) FROM search_outbox WHERE attempts < 10;", 1},
            {"§5 restore: repopulate outbox", R"(INSERT INTO search_outbox (decision_id, org_id, operation)
SELECT id, org_id, 'upsert'
FROM decisions
WHERE valid_to IS NULL AND embedding IS NOT NULL
ON CONFLICT (decision_id, operation) DO UPDATE
   SET created_at = now(), attempts = 0, locked_until = NULL;)", {}},
            {"§5 outbox health: status", R"(-- Overall sync status
SELECT count(*) AS pending,
       count(*) FILTER (WHERE attempts > 0) AS retrying,
       count(*) FILTER (WHERE attempts >= 10) AS dead_letter,
       max(attempts) AS max_attempts,
       min(created_at) AS oldest_entry
FROM search_outbox;)", 1},
            {"§5 outbox health: recent errors", R"(-- Recent errors
SELECT decision_id, operation, attempts, last_error, created_at
FROM search_outbox
WHERE last_error IS NOT NULL
ORDER BY created_at DESC
LIMIT 10;)", {}},
            {"§5 connection pool", R"(-- Active connections (run against PostgreSQL directly, not PgBouncer)
SELECT count(*) AS total,
       count(*) FILTER (WHERE state = 'active') AS active,
       count(*) FILTER (WHERE state = 'idle') AS idle
FROM pg_stat_activity
WHERE datname = 'akashi';)", {}},
            {"§9 outbox sync status", R"(
  SELECT count(*) AS pending,
         count(*) FILTER (WHERE attempts > 0) AS retrying,
         count(*) FILTER (WHERE attempts >= 10) AS dead_letter
  FROM search_outbox;
)", 1},
            {"§9 recent outbox errors", R"(
  SELECT decision_id, attempts, last_error, created_at
  FROM search_outbox
  WHERE last_error IS NOT NULL
  ORDER BY created_at DESC LIMIT 5;
)", {}},
            {"§9 decision count per org", R"(
  SELECT o.name, count(d.id) AS decisions
  FROM organizations o
  LEFT JOIN decisions d ON d.org_id = o.id AND d.valid_to IS NULL
  GROUP BY o.name
  ORDER BY decisions DESC;
)", {}},
            {"§9 active connections", R"(
  SELECT count(*) AS total,
         count(*) FILTER (WHERE state = 'active') AS active
  FROM pg_stat_activity
  WHERE datname = 'akashi';
)", {}},
            {"§9 reset dead letters", R"(
  UPDATE search_outbox SET attempts = 0, locked_until = NULL WHERE attempts >= 10;
)", {}},
        };

        test::TestDatabase db("schema_runbook");
        Database database(db.settings(), {1, 1}, std::chrono::seconds(5));
        Migrator(embeddedMigrations()).apply(database);
        auto connection = database.connection();
        seed(*connection);
        for (const auto& statement : statements)
        {
            try
            {
                auto result = connection->exec(statement.sql);
                if (statement.expected)
                {
                    CPPUNIT_ASSERT_EQUAL_MESSAGE(statement.where, 1, result.rows());
                    CPPUNIT_ASSERT_EQUAL_MESSAGE(statement.where, *statement.expected,
                                                 result.int64(0, firstColumn(statement.sql)));
                }
            }
            catch (const Exception& e)
            {
                CPPUNIT_FAIL(std::string(statement.where) + ": " + e.message());
            }
        }
        // The repopulate step re-queued the current decision for a fresh start.
        auto outbox = connection->exec("SELECT attempts, locked_until IS NULL AS unlocked FROM search_outbox "
                                       "WHERE decision_id = 'dddddddd-0000-0000-0000-000000000001'");
        CPPUNIT_ASSERT_EQUAL(1, outbox.rows());
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, outbox.int64(0, "attempts"));
        CPPUNIT_ASSERT(outbox.boolean(0, "unlocked"));
        const auto& countPerOrg = *std::find_if(std::begin(statements), std::end(statements), [](const auto& s) {
            return std::string(s.where) == "§9 decision count per org";
        });
        auto perOrg = connection->exec(countPerOrg.sql);
        CPPUNIT_ASSERT_EQUAL(std::string("Default"), perOrg.text(0, "name"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, perOrg.int64(0, "decisions"));
    }

    void testTablesEnforceTheirRules()
    {
        test::TestDatabase db("schema_rules");
        Database database(db.settings(), {1, 1}, std::chrono::seconds(5));
        Migrator(embeddedMigrations()).apply(database);
        auto c = database.connection();
        c->exec("INSERT INTO agents (id, org_id, agent_id, name, role) VALUES "
                "('aaaaaaaa-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000000', 'alice@x', 'A', 'admin'), "
                "('aaaaaaaa-0000-0000-0000-000000000002', '00000000-0000-0000-0000-000000000000', 'bob', 'B', 'agent')");
        const std::string grant = "INSERT INTO access_grants (org_id, grantor_id, grantee_id, resource_type, permission) "
                                  "VALUES ('00000000-0000-0000-0000-000000000000', 'aaaaaaaa-0000-0000-0000-000000000001', "
                                  "'aaaaaaaa-0000-0000-0000-000000000002', 'agent_traces', 'read')";
        c->exec(grant);
        expectViolation(*c, grant, "access_grants_unique"); // NULL resource_id counts as equal
        expectViolation(*c,
                        "INSERT INTO agents (org_id, agent_id, name, role) VALUES "
                        "('00000000-0000-0000-0000-000000000000', 'bob', 'B2', 'agent')",
                        "agents_org_agent_key");
        expectViolation(*c,
                        "INSERT INTO agents (org_id, agent_id, name, role) VALUES "
                        "('00000000-0000-0000-0000-000000000000', 'not valid!', 'X', 'agent')",
                        "agents_agent_id_check");
        expectViolation(*c,
                        "INSERT INTO agents (org_id, agent_id, name, role) VALUES "
                        "('00000000-0000-0000-0000-000000000000', 'carol', 'C', 'root')",
                        "agents_role_check");
        c->exec("INSERT INTO agent_runs (id, org_id, agent_id) VALUES "
                "('bbbbbbbb-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000000', 'bob')");
        expectViolation(*c,
                        "INSERT INTO decisions (run_id, agent_id, org_id, decision_type, outcome, confidence) VALUES "
                        "('bbbbbbbb-0000-0000-0000-000000000001', 'bob', '00000000-0000-0000-0000-000000000000', "
                        "'architecture', 'x', 1.5)",
                        "decisions_confidence_check");
        expectViolation(*c,
                        "INSERT INTO decisions (run_id, agent_id, org_id, decision_type, outcome, confidence, "
                        "valid_from, valid_to) VALUES ('bbbbbbbb-0000-0000-0000-000000000001', 'bob', "
                        "'00000000-0000-0000-0000-000000000000', 'architecture', 'x', 0.5, now(), now() - interval '1 s')",
                        "decisions_valid_range_check");
        // Deleting an agent removes the grants it gave or received.
        c->exec("DELETE FROM agents WHERE agent_id = 'bob'");
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, c->exec("SELECT count(*) AS n FROM access_grants").int64(0, "n"));
    }

    void testSearchVectorIsGenerated()
    {
        test::TestDatabase db("schema_fts");
        Database database(db.settings(), {1, 1}, std::chrono::seconds(5));
        Migrator(embeddedMigrations()).apply(database);
        auto c = database.connection();
        seed(*c);
        auto hit = c->exec("SELECT count(*) AS n FROM decisions "
                           "WHERE search_vector @@ websearch_to_tsquery('english', 'databases')");
        CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, hit.int64(0, "n")); // reasoning (weight C) of both
        auto outcome = c->exec("SELECT id::text AS id FROM decisions "
                               "WHERE search_vector @@ websearch_to_tsquery('english', 'postgresql')");
        CPPUNIT_ASSERT_EQUAL(1, outcome.rows()); // outcome (weight A) of the current one
        CPPUNIT_ASSERT_EQUAL(std::string("dddddddd-0000-0000-0000-000000000001"), outcome.text(0, "id"));
    }

private:
    /// One run, a current decision with an embedding and the revision it superseded, an outbox entry
    /// that became a dead letter, and one event.
    static void seed(PgConnection& c)
    {
        c.exec("INSERT INTO agent_runs (id, org_id, agent_id) VALUES "
               "('bbbbbbbb-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000000', 'planner')");
        c.exec("INSERT INTO decisions (id, run_id, agent_id, org_id, decision_type, outcome, confidence, reasoning, "
               "embedding, valid_from, valid_to) VALUES "
               "('dddddddd-0000-0000-0000-000000000000', 'bbbbbbbb-0000-0000-0000-000000000001', 'planner', "
               "'00000000-0000-0000-0000-000000000000', 'data_source', 'use MySQL', 0.6, 'a database we know', "
               "'{0.1,0.2}', now() - interval '1 hour', now())");
        c.exec("INSERT INTO decisions (id, run_id, agent_id, org_id, decision_type, outcome, confidence, reasoning, "
               "embedding, supersedes_id) VALUES "
               "('dddddddd-0000-0000-0000-000000000001', 'bbbbbbbb-0000-0000-0000-000000000001', 'planner', "
               "'00000000-0000-0000-0000-000000000000', 'data_source', 'use PostgreSQL', 0.9, 'databases: postgres', "
               "'{0.3,0.4}', 'dddddddd-0000-0000-0000-000000000000')");
        c.exec("INSERT INTO search_outbox (decision_id, org_id, operation, attempts, last_error, locked_until) VALUES "
               "('dddddddd-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000000', 'upsert', 12, "
               "'qdrant: collection not found', now() + interval '1 hour')");
        c.exec("INSERT INTO agent_events (run_id, org_id, event_type, sequence_num, occurred_at, agent_id) VALUES "
               "('bbbbbbbb-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000000', 'DecisionMade', "
               "nextval('event_sequence_num_seq'), now(), 'planner')");
    }

    /// The column a count query's first value is read from: "count" unless the runbook names it.
    static std::string firstColumn(const std::string& sql)
    {
        return sql.find("AS pending") != std::string::npos ? "pending" : "count";
    }

    static void expectViolation(PgConnection& c, const std::string& sql, const std::string& constraint)
    {
        try
        {
            c.exec(sql);
            CPPUNIT_FAIL("accepted: " + sql);
        }
        catch (const DatabaseError& e)
        {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(e.message(), constraint, e.constraint());
        }
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(SchemaTest);
} // namespace akashi::storage
