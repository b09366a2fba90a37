#include "config/ConfigDocs.h"
#include "config/ConfigSchema.h"

#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <set>
#include <sstream>

namespace akashi::config
{
class ConfigDocsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConfigDocsTest);
    CPPUNIT_TEST(testCheckedInDocIsCurrent);
    CPPUNIT_TEST(testCheckedInPropertiesFileIsCurrent);
    CPPUNIT_TEST(testSchemaRowsAreComplete);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCheckedInDocIsCurrent()
    {
        CPPUNIT_ASSERT_EQUAL_MESSAGE("docs/configuration.md is stale: run make docs", renderConfigurationMarkdown(),
                                     readSource("docs/configuration.md"));
    }

    void testCheckedInPropertiesFileIsCurrent()
    {
        CPPUNIT_ASSERT_EQUAL_MESSAGE("etc/akashi.properties is stale: run make docs", renderPropertiesFile(),
                                     readSource("etc/akashi.properties"));
    }

    void testSchemaRowsAreComplete()
    {
        std::set<std::string_view> keys, envs;
        for (const auto& row : configSchema())
        {
            CPPUNIT_ASSERT_MESSAGE(std::string(row.key), keys.insert(row.key).second);
            CPPUNIT_ASSERT_MESSAGE(std::string(row.key), !row.description.empty());
            CPPUNIT_ASSERT_MESSAGE(std::string(row.key), !row.envNames.empty());
            for (auto env : row.envNames)
                CPPUNIT_ASSERT_MESSAGE(std::string(env), envs.insert(env).second);
            CPPUNIT_ASSERT(row.key.substr(0, 7) == "akashi.");
        }
    }

private:
    static std::string readSource(const std::string& relative)
    {
        std::ifstream in(std::string(std::getenv("AKASHI_TEST_SOURCE_DIR")) + "/" + relative);
        CPPUNIT_ASSERT_MESSAGE(relative + " is missing: run make docs", in.good());
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ConfigDocsTest);
} // namespace akashi::config
