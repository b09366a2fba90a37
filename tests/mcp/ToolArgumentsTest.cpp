#include "mcp/ToolArguments.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::test
{
/// The declared parameters: the published JSON Schema and the checks tools/call applies.
class ToolArgumentsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ToolArgumentsTest);
    CPPUNIT_TEST(testSchema);
    CPPUNIT_TEST(testValidation);
    CPPUNIT_TEST_SUITE_END();

    static std::vector<mcp::ToolParameter> parameters()
    {
        auto name = mcp::param::text("name", "a name", 5, true);
        auto flag = mcp::ToolParameter{};
        flag.name = "flag";
        flag.type = mcp::ToolParameter::Type::boolean;
        return {name, mcp::param::integer("limit", "n", 1, 10, 3), mcp::param::number("ratio", "r", 0, 1),
                mcp::param::choice("mode", "m", {"a", "b"}, "a"), flag};
    }

    static Poco::JSON::Object::Ptr object(const std::string& json)
    {
        return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    }

    static std::string error(const std::string& json)
    {
        const auto params = parameters();
        try
        {
            mcp::ToolArguments(params, object(json));
        }
        catch (const mcp::ToolArgumentError& e)
        {
            return e.what();
        }
        return "accepted";
    }

public:
    void testSchema()
    {
        const auto schema = mcp::ToolArguments::schema(parameters());
        CPPUNIT_ASSERT_EQUAL(std::string("object"), schema->getValue<std::string>("type"));
        CPPUNIT_ASSERT_EQUAL(std::string("name"), schema->getArray("required")->getElement<std::string>(0));
        const auto limit = schema->getObject("properties")->getObject("limit");
        CPPUNIT_ASSERT_EQUAL(std::string("integer"), limit->getValue<std::string>("type"));
        CPPUNIT_ASSERT_EQUAL(3, limit->getValue<int>("default"));
        CPPUNIT_ASSERT_EQUAL(10, limit->getValue<int>("maximum"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), schema->getObject("properties")->getObject("mode")->getArray("enum")->size());
        CPPUNIT_ASSERT_EQUAL(5, schema->getObject("properties")->getObject("name")->getValue<int>("maxLength"));
        CPPUNIT_ASSERT(!schema->getValue<bool>("additionalProperties"));
    }

    void testValidation()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), error(R"({"name":"x"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), error(R"({"name":"x","limit":4.0,"ratio":1,"mode":"b","flag":true})"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"name\" is required"), error("{}"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"name\" is required"), error(R"({"name":null})"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"name\" must be a string"), error(R"({"name":1})"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"name\" must not be empty"), error(R"({"name":""})"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"name\" must be at most 5 bytes"),
                             error(R"({"name":"toolong"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"name\" must be valid UTF-8 without NUL characters"),
                             error("{\"name\":\"a\\u0000\"}"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"limit\" must be an integer"),
                             error(R"({"name":"x","limit":"3"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"limit\" must be an integer"),
                             error(R"({"name":"x","limit":true})"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"limit\" must be at most 10"),
                             error(R"({"name":"x","limit":11})"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"ratio\" must be at least 0"),
                             error(R"({"name":"x","ratio":-0.5})"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"mode\" must be one of a, b"),
                             error(R"({"name":"x","mode":"c"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"flag\" must be a boolean"),
                             error(R"({"name":"x","flag":"yes"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid arguments: argument \"other\" is not an argument of this tool"),
                             error(R"({"name":"x","other":1})"));

        const auto params = parameters();
        const mcp::ToolArguments args(params, object(R"({"name":"x"})"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), *args.integer("limit")); // the default
        CPPUNIT_ASSERT_EQUAL(std::string("a"), *args.string("mode"));
        CPPUNIT_ASSERT(!args.number("ratio"));
        CPPUNIT_ASSERT(!args.has("limit"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ToolArgumentsTest);
} // namespace akashi::test
