#include "logging/JsonEscape.h"
#include "logging/JsonLogFormatter.h"
#include "logging/Log.h"

#include <Poco/AutoPtr.h>
#include <Poco/FormattingChannel.h>
#include <Poco/JSON/Parser.h>
#include <Poco/StreamChannel.h>

#include <cppunit/extensions/HelperMacros.h>

#include <sstream>

namespace akashi::logging
{
class JsonLogFormatterTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(JsonLogFormatterTest);
    CPPUNIT_TEST(testEscapesControlAndQuotes);
    CPPUNIT_TEST(testReplacesInvalidUtf8);
    CPPUNIT_TEST(testLineIsValidJsonWithTypedFields);
    CPPUNIT_TEST(testReservedFieldNamesAreRenamed);
    CPPUNIT_TEST(testDisabledLevelWritesNothing);
    CPPUNIT_TEST(testParseLevel);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEscapesControlAndQuotes()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("a\\\"b\\\\c\\nd\\u0001"), jsonEscape("a\"b\\c\nd\x01"));
        CPPUNIT_ASSERT_EQUAL(std::string("h\xC3\xA9llo"), jsonEscape("h\xC3\xA9llo"));
    }

    void testReplacesInvalidUtf8()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("a\xEF\xBF\xBD" "b"), jsonEscape("a\xFF" "b"));
        CPPUNIT_ASSERT_EQUAL(std::string("\xEF\xBF\xBD"), jsonEscape("\xC3")); // truncated sequence
    }

    void testLineIsValidJsonWithTypedFields()
    {
        std::ostringstream out;
        Poco::Logger& logger = makeLogger(out, "test.json", Poco::Message::PRIO_INFORMATION);
        info(logger, "http request", {{"method", "GET"}, {"status", 200}, {"duration_ms", 1.5}, {"ok", true}});
        Poco::JSON::Parser parser;
        auto line = parser.parse(out.str()).extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_EQUAL(std::string("INFO"), line->getValue<std::string>("level"));
        CPPUNIT_ASSERT_EQUAL(std::string("http request"), line->getValue<std::string>("msg"));
        CPPUNIT_ASSERT_EQUAL(std::string("GET"), line->getValue<std::string>("method"));
        CPPUNIT_ASSERT_EQUAL(200, line->getValue<int>("status"));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1.5, line->getValue<double>("duration_ms"), 1e-9);
        CPPUNIT_ASSERT(line->getValue<bool>("ok"));
        CPPUNIT_ASSERT(line->has("time"));
    }

    void testReservedFieldNamesAreRenamed()
    {
        std::ostringstream out;
        Poco::Logger& logger = makeLogger(out, "test.reserved", Poco::Message::PRIO_INFORMATION);
        info(logger, "plugin line", {{"msg", "from a plugin"}, {"time", "later"}, {"level", 3}, {"logger", "x"}});
        const std::string text = out.str();
        CPPUNIT_ASSERT_MESSAGE(text, text.find("\"msg\":\"plugin line\"") != std::string::npos);
        for (const char* key : {"\"msg\":", "\"time\":", "\"level\":", "\"logger\":"})
            CPPUNIT_ASSERT_MESSAGE(text + " repeats " + key, text.find(key) == text.rfind(key));
        Poco::JSON::Parser parser;
        auto line = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_EQUAL(std::string("from a plugin"), line->getValue<std::string>("field.msg"));
        CPPUNIT_ASSERT_EQUAL(std::string("later"), line->getValue<std::string>("field.time"));
        CPPUNIT_ASSERT_EQUAL(3, line->getValue<int>("field.level"));
        CPPUNIT_ASSERT_EQUAL(std::string("x"), line->getValue<std::string>("field.logger"));
    }

    void testDisabledLevelWritesNothing()
    {
        std::ostringstream out;
        Poco::Logger& logger = makeLogger(out, "test.quiet", Poco::Message::PRIO_WARNING);
        info(logger, "hidden");
        CPPUNIT_ASSERT(out.str().empty());
        warn(logger, "shown");
        CPPUNIT_ASSERT(out.str().find("\"level\":\"WARN\"") != std::string::npos);
    }

    void testParseLevel()
    {
        Poco::Message::Priority p{};
        CPPUNIT_ASSERT(parseLevel("debug", p) && p == Poco::Message::PRIO_DEBUG);
        CPPUNIT_ASSERT(parseLevel("warn", p) && p == Poco::Message::PRIO_WARNING);
        CPPUNIT_ASSERT(!parseLevel("verbose", p));
    }

private:
    static Poco::Logger& makeLogger(std::ostream& out, const std::string& name, Poco::Message::Priority level)
    {
        Poco::AutoPtr<Poco::FormattingChannel> channel(
            new Poco::FormattingChannel(new JsonLogFormatter, new Poco::StreamChannel(out)));
        Poco::Logger& logger = Poco::Logger::get(name);
        logger.setChannel(channel);
        logger.setLevel(level);
        return logger;
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(JsonLogFormatterTest);
} // namespace akashi::logging
