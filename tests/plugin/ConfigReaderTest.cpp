#include <akashi/plugin/ConfigReader.h>

#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <string>

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
    CPPUNIT_TEST_SUITE_END();

public:
    void testDefaultsWhenAbsent()
    {
        const std::map<std::string, std::string> empty;
        ConfigReader reader(empty);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(7), reader.integer("n", 7, 0, 10));
        CPPUNIT_ASSERT_EQUAL(std::string("fallback"), reader.string("s", "fallback"));
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
};
CPPUNIT_TEST_SUITE_REGISTRATION(ConfigReaderTest);
} // namespace akashi::plugin
