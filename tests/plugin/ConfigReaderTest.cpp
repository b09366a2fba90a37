#include <akashi/plugin/ConfigReader.h>

#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace akashi::plugin
{
/// The header-only reader every plugin validates its configuration subtree with.
class ConfigReaderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConfigReaderTest);
    CPPUNIT_TEST(testDefaultsWhenAbsent);
    CPPUNIT_TEST(testAcceptedIntegers);
    CPPUNIT_TEST(testRejectedIntegers);
    CPPUNIT_TEST(testUnknownKeysAreRejected);
    CPPUNIT_TEST(testAcceptedDurations);
    CPPUNIT_TEST(testRejectedDurations);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDefaultsWhenAbsent()
    {
        const std::map<std::string, std::string> empty;
        ConfigReader reader(empty);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(7), reader.integer("n", 7, 0, 10));
        CPPUNIT_ASSERT_EQUAL(std::string("fallback"), reader.string("s", "fallback"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(30000), reader.durationMs("d", 30000, 1, 60000));
        reader.rejectUnknownKeys();
    }

    void testAcceptedIntegers()
    {
        const std::pair<std::string, std::int64_t> cases[] = {{"0", 0}, {"42", 42}, {"-3", -3}, {"1000", 1000}};
        for (const auto& [text, expected] : cases)
        {
            const std::map<std::string, std::string> config{{"n", text}};
            ConfigReader reader(config);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(text, expected, reader.integer("n", 1, -10, 1000));
        }
    }

    void testRejectedIntegers()
    {
        const std::pair<std::string, std::string> cases[] = {
            {"", "n: \"\" is not an integer"},
            {"abc", "n: \"abc\" is not an integer"},
            {"5x", "n: \"5x\" is not an integer"},
            {" 5", "n: \" 5\" is not an integer"},
            {"+5", "n: \"+5\" is not an integer"},
            {"-", "n: \"-\" is not an integer"},
            {"99999999999999999999", "n: \"99999999999999999999\" is not an integer"},
            {"1001", "n: 1001 is not between -10 and 1000"},
            {"-11", "n: -11 is not between -10 and 1000"},
        };
        for (const auto& [text, message] : cases)
        {
            const std::map<std::string, std::string> config{{"n", text}};
            ConfigReader reader(config);
            try
            {
                reader.integer("n", 1, -10, 1000);
                CPPUNIT_FAIL("accepted \"" + text + "\"");
            }
            catch (const std::invalid_argument& e)
            {
                CPPUNIT_ASSERT_EQUAL(message, std::string(e.what()));
            }
        }
    }

    void testUnknownKeysAreRejected()
    {
        const std::map<std::string, std::string> config{{"dimensions", "8"}, {"dimenions", "8"}};
        ConfigReader reader(config);
        reader.integer("dimensions", 1, 1, 16);
        try
        {
            reader.rejectUnknownKeys();
            CPPUNIT_FAIL("accepted an unknown key");
        }
        catch (const std::invalid_argument& e)
        {
            CPPUNIT_ASSERT_EQUAL(std::string("unknown configuration key \"dimenions\""), std::string(e.what()));
        }
    }

    void testAcceptedDurations()
    {
        const std::pair<std::string, std::int64_t> cases[] = {
            {"0", 0},          {"100ms", 100},   {"30s", 30000},        {"5m", 300000},      {"1h30m", 5400000},
            {"1.5s", 1500},    {"2h", 7200000},  {"1m0.5s", 60500},     {"500us", 1},        {"1500000ns", 2},
            {"250\xC2\xB5s", 1}, {"10ms5ms", 15}, {"0s", 0},          {"1.s", 1000},       {"86400s", 86400000},
        };
        for (const auto& [text, expected] : cases)
        {
            const std::map<std::string, std::string> config{{"timeout", text}};
            ConfigReader reader(config);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(text, expected, reader.durationMs("timeout", 7, 0, 86400000));
            reader.rejectUnknownKeys(); // the getter made the key known
        }
    }

    void testRejectedDurations()
    {
        std::vector<std::pair<std::string, std::string>> cases{
            {"0", "timeout: 0 is not between 1ms and 600000ms"},
            {"11m", "timeout: 11m is not between 1ms and 600000ms"},
        };
        for (const std::string text : {"", "30", "s", "-5s", "+5s", " 5s", "5s ", "5d", "5 s", ".s", "1e3s",
                                       "99999999999999999999h"})
            cases.emplace_back(text, "timeout: \"" + text + "\" is not a duration (e.g. \"30s\", \"1h30m\")");
        for (const auto& [text, message] : cases)
        {
            const std::map<std::string, std::string> config{{"timeout", text}};
            ConfigReader reader(config);
            try
            {
                reader.durationMs("timeout", 1000, 1, 600000);
                CPPUNIT_FAIL("accepted \"" + text + "\"");
            }
            catch (const std::invalid_argument& e)
            {
                CPPUNIT_ASSERT_EQUAL(message, std::string(e.what()));
            }
        }
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ConfigReaderTest);
} // namespace akashi::plugin
