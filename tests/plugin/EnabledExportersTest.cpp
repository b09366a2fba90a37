#include "plugin/EnabledExporters.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::plugin
{
/// AKASHI_EXPORTERS with its `auto` entry: otlp exactly when OTEL_EXPORTER_OTLP_ENDPOINT is set.
class EnabledExportersTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(EnabledExportersTest);
    CPPUNIT_TEST(testCases);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCases()
    {
        struct Case
        {
            const char* enabled;
            const char* endpoint;
            std::vector<std::string> expected;
        };
        const Case cases[] = {
            {"auto", "", {}},
            {"auto", "  ", {}},
            {"auto", "http://collector:4318", {"otlp"}},
            {"", "http://collector:4318", {}}, // explicitly none
            {"prometheus", "http://collector:4318", {"prometheus"}},
            {"prometheus,auto", "", {"prometheus"}},
            {"prometheus, auto", "http://collector:4318", {"prometheus", "otlp"}},
            {"otlp,auto,log", "http://collector:4318", {"otlp", "log"}}, // each once, in order
            {" log ,, prometheus,log", "", {"log", "prometheus"}},
            {"otlp", "", {"otlp"}}, // asked for by name: its own start-up error names the missing endpoint
        };
        for (const auto& c : cases)
        {
            Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
            config->setString("akashi.exporter.enabled", c.enabled);
            config->setString("akashi.exporter.otlp.endpoint", c.endpoint);
            const auto names = enabledExporters(*config);
            std::string got;
            for (const auto& n : names)
                got += n + ";";
            CPPUNIT_ASSERT_MESSAGE(std::string(c.enabled) + " / " + c.endpoint + " gave " + got, names == c.expected);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EnabledExportersTest);
} // namespace akashi::plugin
