#include "common/Exception.h"
#include "http/RequestBody.h"
#include "json/ObjectReader.h"
#include "support/ExpectException.h"

#include <cppunit/extensions/HelperMacros.h>

#include <functional>

namespace akashi::json
{
class ObjectReaderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ObjectReaderTest);
    CPPUNIT_TEST(testReadsTypedFields);
    CPPUNIT_TEST(testNullAndAbsentAreAbsent);
    CPPUNIT_TEST(testErrorsNameTheField);
    CPPUNIT_TEST(testUnknownFieldRejected);
    CPPUNIT_TEST_SUITE_END();

    static ObjectReader reader(const std::string& json, const std::string& prefix = {})
    {
        return ObjectReader(http::RequestBody::parseJsonObject(json), prefix);
    }

public:
    void testReadsTypedFields()
    {
        auto body = reader(R"({"s":"text","n":0.5,"i":42,"b":true,"a":["x","y"],"o":{"k":1}})");
        CPPUNIT_ASSERT_EQUAL(std::string("text"), body.requiredString("s", {1, 10}));
        CPPUNIT_ASSERT_EQUAL(0.5, *body.optionalNumber("n"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{42}, *body.optionalInteger("i"));
        CPPUNIT_ASSERT(*body.optionalBool("b"));
        CPPUNIT_ASSERT((std::vector<std::string>{"x", "y"}) == *body.optionalStringArray("a", 5, {1, 5}));
        CPPUNIT_ASSERT(body.optionalObject("o", 100)->has("k"));
        body.finish();

        auto nested = reader(R"({"p": {"b": [1, 2], "a": {"x": null}}})");
        const auto json = nested.optionalObjectJson("p", 100);
        CPPUNIT_ASSERT(json);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"a":{"x":null},"b":[1,2]})"), json->text); // compact, keys sorted
        CPPUNIT_ASSERT(json->object->has("b"));
        CPPUNIT_ASSERT(!nested.optionalObjectJson("absent", 100));
        CPPUNIT_ASSERT_EQUAL(std::string("{}"), nested.objectText("absent", 100));
        auto meta = reader(R"({"m": {"z": 1, "a": "b"}})");
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"a":"b","z":1})"), meta.objectText("m", 100));
    }

    void testNullAndAbsentAreAbsent()
    {
        auto body = reader(R"({"s":null,"o":null})");
        CPPUNIT_ASSERT(!body.optionalString("s", {}).has_value());
        CPPUNIT_ASSERT(!body.optionalObject("o", 10));
        CPPUNIT_ASSERT(!body.optionalInteger("missing").has_value());
        body.finish();
    }

    void testErrorsNameTheField()
    {
        const std::pair<std::function<void(ObjectReader&)>, const char*> cases[] = {
            {[](ObjectReader& r) { r.requiredString("absent", {}); }, "field \"absent\" is required"},
            {[](ObjectReader& r) { r.requiredString("num", {}); }, "field \"num\" must be a string"},
            {[](ObjectReader& r) { r.requiredString("empty", {1, 5}); }, "field \"empty\" must not be empty"},
            {[](ObjectReader& r) { r.requiredString("long", {1, 3}); }, "field \"long\" must be at most 3 bytes"},
            {[](ObjectReader& r) { r.optionalNumber("str"); }, "field \"str\" must be a number"},
            {[](ObjectReader& r) { r.optionalNumber("flag"); }, "field \"flag\" must be a number"},
            {[](ObjectReader& r) { r.optionalInteger("frac"); }, "field \"frac\" must be an integer"},
            {[](ObjectReader& r) { r.optionalBool("num"); }, "field \"num\" must be a boolean"},
            {[](ObjectReader& r) { r.optionalStringArray("str", 3, {}); }, "field \"str\" must be an array of strings"},
            {[](ObjectReader& r) { r.optionalStringArray("mixed", 3, {}); }, "field \"mixed\" must be an array of strings"},
            {[](ObjectReader& r) { r.optionalStringArray("many", 2, {}); }, "field \"many\" must have at most 2 items"},
            {[](ObjectReader& r) { r.optionalStringArray("many", 5, {1, 1}); }, "field \"many[1]\" must be at most 1 bytes"},
            {[](ObjectReader& r) { r.optionalObject("many", 100); }, "field \"many\" must be an object"},
            {[](ObjectReader& r) { r.optionalObject("obj", 5); }, "field \"obj\" must be at most 5 bytes of JSON"},
            {[](ObjectReader& r) { r.optionalObjectJson("obj", 5); }, "field \"obj\" must be at most 5 bytes of JSON"},
            {[](ObjectReader& r) { r.optionalObjectJson("str", 5); }, "field \"str\" must be an object"},
            {[](ObjectReader& r) { r.objectText("obj", 5); }, "field \"obj\" must be at most 5 bytes of JSON"},
        };
        const std::string json =
            R"({"num":1,"empty":"","long":"abcd","str":"x","flag":true,"frac":1.5,"mixed":["a",1],)"
            R"("many":["a","bb","c"],"obj":{"key":"value"}})";
        for (const auto& [action, expected] : cases)
        {
            auto body = reader(json, "");
            auto e = test::expectException([&] { action(body); });
            CPPUNIT_ASSERT_EQUAL(std::string("invalid request body: ") + expected, e.message());
            CPPUNIT_ASSERT(e.errorCode() == ErrorCode::invalidInput);
        }
        auto nested = reader(R"({"x":1})", "filters.");
        auto e = test::expectException([&] { nested.requiredString("x", {}); });
        CPPUNIT_ASSERT_EQUAL(std::string("invalid request body: field \"filters.x\" must be a string"), e.message());
    }

    void testUnknownFieldRejected()
    {
        auto body = reader(R"({"agent_id":"a","agnet_id":"b"})");
        body.requiredString("agent_id", {1, 255});
        auto e = test::expectException([&] { body.finish(); });
        CPPUNIT_ASSERT_EQUAL(std::string("invalid request body: unknown field \"agnet_id\""), e.message());
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ObjectReaderTest);
} // namespace akashi::json
