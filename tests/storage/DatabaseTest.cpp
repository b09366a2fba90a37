#include "common/Exception.h"
#include "storage/Database.h"
#include "support/TempDirectory.h"
#include "support/TestDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

#include <optional>
#include <thread>

namespace akashi::storage
{
class DatabaseTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(DatabaseTest);
    CPPUNIT_TEST(testPingAndQuery);
    CPPUNIT_TEST(testExhaustedPoolWaitsThenFails);
    CPPUNIT_TEST(testSessionReturnedWhileWaitingIsHandedOver);
    CPPUNIT_TEST(testUnreachableTargetFailsWithMaskedTarget);
    CPPUNIT_TEST(testPoolSizeDefaults);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPingAndQuery()
    {
        test::TestDatabase db("storage_ping");
        Database database(db.settings(), {1, 2}, std::chrono::seconds(2));
        CPPUNIT_ASSERT(database.ping());
        CPPUNIT_ASSERT(database.serverVersion().rfind("15", 0) == 0);
        auto session = database.session();
        std::string name;
        session << "SELECT current_database()", Poco::Data::Keywords::into(name), Poco::Data::Keywords::now;
        CPPUNIT_ASSERT_EQUAL(db.name(), name);
    }

    void testExhaustedPoolWaitsThenFails()
    {
        test::TestDatabase db("storage_exhaust");
        Database database(db.settings(), {1, 1}, std::chrono::milliseconds(300));
        auto held = database.session();
        const auto start = std::chrono::steady_clock::now();
        try
        {
            database.session();
            CPPUNIT_FAIL("got a second session from a pool of one");
        }
        catch (const Exception& e)
        {
            CPPUNIT_ASSERT_EQUAL(std::string("no database session available within 300 ms"), e.message());
            CPPUNIT_ASSERT(e.errorCode() == ErrorCode::databaseUnavailable);
        }
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(300));
        CPPUNIT_ASSERT(!database.ping()); // the only session is still held
    }

    void testSessionReturnedWhileWaitingIsHandedOver()
    {
        test::TestDatabase db("storage_handover");
        Database database(db.settings(), {1, 1}, std::chrono::seconds(5));
        std::optional<Poco::Data::Session> held(database.session());
        std::thread releaser([&held] {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            held.reset();
        });
        auto second = database.session();
        releaser.join();
        CPPUNIT_ASSERT(second.isConnected());
    }

    void testUnreachableTargetFailsWithMaskedTarget()
    {
        test::TempDirectory empty("akashi-nopg");
        auto settings = ConnectionSettings::parseUrl("postgres://u:topsecret@x:5999/d?host=" + empty.path());
        try
        {
            Database database(settings, {1, 1}, std::chrono::seconds(1));
            CPPUNIT_FAIL("connected to nothing");
        }
        catch (const Exception& e)
        {
            CPPUNIT_ASSERT_EQUAL("cannot connect to PostgreSQL at postgres://u:***@/d?host=" + empty.path() +
                                     "&port=5999",
                                 e.message());
            CPPUNIT_ASSERT(e.fullText().find("topsecret") == std::string::npos);
        }
    }

    void testPoolSizeDefaults()
    {
        const auto automatic = Database::resolvePoolSize(0, 0);
        CPPUNIT_ASSERT(automatic.max >= 4);
        CPPUNIT_ASSERT_EQUAL(1, automatic.min);
        const auto explicitSize = Database::resolvePoolSize(20, 10);
        CPPUNIT_ASSERT_EQUAL(10, explicitSize.max);
        CPPUNIT_ASSERT_EQUAL(10, explicitSize.min);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(DatabaseTest);
} // namespace akashi::storage
