#include "search/IndexManifest.h"

#include "support/ExpectException.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::search
{
class IndexManifestTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(IndexManifestTest);
    CPPUNIT_TEST(testRoundtrip);
    CPPUNIT_TEST(testInvalidManifestsNameTheProblem);
    CPPUNIT_TEST_SUITE_END();

public:
    static IndexManifest sample()
    {
        IndexManifest manifest;
        manifest.model = "text-embedding-3-small";
        manifest.dimensions = 1536;
        manifest.appliedSequence = 9000000000;
        manifest.generation = 3;
        manifest.orgs.push_back({"org-1", "org-1.3.hnsw", 1234, std::string(64, 'a'), {"d1", "", "d3"}});
        manifest.orgs.push_back({"org-2", "org-2.1.hnsw", 99, std::string(64, 'b'), {"d9"}});
        return manifest;
    }

    void testRoundtrip()
    {
        const IndexManifest original = sample();
        const IndexManifest parsed = IndexManifest::fromJson(original.toJson());
        CPPUNIT_ASSERT_EQUAL(original.model, parsed.model);
        CPPUNIT_ASSERT_EQUAL(original.dimensions, parsed.dimensions);
        CPPUNIT_ASSERT_EQUAL(original.appliedSequence, parsed.appliedSequence);
        CPPUNIT_ASSERT_EQUAL(original.generation, parsed.generation);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), parsed.orgs.size());
        for (std::size_t i = 0; i < 2; ++i)
        {
            CPPUNIT_ASSERT_EQUAL(original.orgs[i].orgId, parsed.orgs[i].orgId);
            CPPUNIT_ASSERT_EQUAL(original.orgs[i].file, parsed.orgs[i].file);
            CPPUNIT_ASSERT_EQUAL(original.orgs[i].bytes, parsed.orgs[i].bytes);
            CPPUNIT_ASSERT_EQUAL(original.orgs[i].sha256, parsed.orgs[i].sha256);
            CPPUNIT_ASSERT(original.orgs[i].decisionIdByLabel == parsed.orgs[i].decisionIdByLabel);
        }
        CPPUNIT_ASSERT(original.toJson().find("\"labels\":[\"d1\",null,\"d3\"]") != std::string::npos);
    }

    void testInvalidManifestsNameTheProblem()
    {
        const std::string good = sample().toJson();
        auto replaced = [&](const std::string& from, const std::string& to)
        {
            std::string text = good;
            const auto at = text.find(from);
            CPPUNIT_ASSERT_MESSAGE(from, at != std::string::npos);
            return text.replace(at, from.size(), to);
        };
        const std::string prefix = "vector index manifest: ";
        const std::pair<std::string, std::string> cases[] = {
            {"[]", "\"manifest\" must be an object"},
            {replaced("\"version\":1", "\"version\":2"), "version 2 is not supported (this server reads version 1)"},
            {replaced("\"format\":\"akashi-vector-index\"", "\"format\":\"x\""),
             "\"manifest.format\" is \"x\", expected \"akashi-vector-index\""},
            {replaced("\"model\":", "\"modell\":"), "missing field \"manifest.model\""},
            {replaced("\"dimensions\":1536", "\"dimensions\":0"), "\"manifest.dimensions\" must be at least 1"},
            {replaced("\"generation\":3", "\"generation\":3.5"), "\"manifest.generation\" must be an integer"},
            {replaced("\"orgs\":[", "\"more\":1,\"orgs\":["), "unknown field \"manifest.more\""},
            {replaced("\"file\":\"org-1.3.hnsw\"", "\"file\":\"../etc/passwd\""),
             "\"manifest.orgs[0].file\" must be a plain file name, got \"../etc/passwd\""},
            {replaced(std::string(64, 'b'), "B"), "\"manifest.orgs[1].sha256\" must be 64 lowercase hex characters"},
            {replaced("\"d3\"", "\"d1\""), "decision \"d1\" has two labels in \"manifest.orgs[0]\""},
            {replaced("\"d3\"", "7"), "\"manifest.orgs[0].labels[2]\" must be a decision id or null"},
            {replaced("[\"d9\"]", "[null]"), "\"manifest.orgs[1].labels\" names no decision"},
            {replaced("\"org_id\":\"org-2\"", "\"org_id\":\"org-1\""), "org \"org-1\" is listed twice"},
            {replaced("\"file\":\"org-2.1.hnsw\"", "\"file\":\"org-1.3.hnsw\""),
             "file \"org-1.3.hnsw\" is listed twice"},
        };
        for (const auto& [text, message] : cases)
        {
            const Exception e = akashi::test::expectException([&] { IndexManifest::fromJson(text); });
            CPPUNIT_ASSERT_EQUAL(prefix + message, e.message());
        }
        const Exception notJson = akashi::test::expectException([&] { IndexManifest::fromJson("{"); });
        CPPUNIT_ASSERT_MESSAGE(notJson.message(), notJson.message().rfind(prefix + "not JSON: ", 0) == 0);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(IndexManifestTest);
} // namespace akashi::search
