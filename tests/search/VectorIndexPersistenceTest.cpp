#include "search/DurableFile.h"
#include "search/IndexManifest.h"
#include "search/RandomVectors.h"
#include "search/VectorIndex.h"

#include "support/TempDirectory.h"

#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <sys/stat.h>

namespace akashi::search
{
using test::decisionId;
using test::RandomVectors;

namespace
{
constexpr std::size_t kDims = 32;

std::string manifestPath(const VectorIndex& index)
{
    return index.stateDirectory() + "/manifest.json";
}

IndexManifest readManifest(const VectorIndex& index)
{
    return IndexManifest::fromJson(DurableFile::read(manifestPath(index)));
}

void writeFile(const std::string& path, const std::string& contents)
{
    std::ofstream(path, std::ios::binary | std::ios::trunc) << contents;
}

std::set<std::string> filesIn(const std::string& directory)
{
    std::set<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(directory))
        names.insert(entry.path().filename().string());
    return names;
}

ino_t inodeOf(const std::string& path)
{
    struct stat status{};
    CPPUNIT_ASSERT_EQUAL(0, ::stat(path.c_str(), &status));
    return status.st_ino;
}

void assertSameResults(const VectorIndex& expected, const VectorIndex& actual, const std::string& orgId,
                       const std::vector<std::vector<float>>& queries)
{
    for (const auto& query : queries)
    {
        const auto want = expected.search(orgId, query, 10);
        const auto got = actual.search(orgId, query, 10);
        CPPUNIT_ASSERT_EQUAL(want.size(), got.size());
        for (std::size_t i = 0; i < want.size(); ++i)
        {
            CPPUNIT_ASSERT_EQUAL(want[i].decisionId, got[i].decisionId);
            CPPUNIT_ASSERT_EQUAL(want[i].similarity, got[i].similarity);
        }
    }
}
} // namespace

class VectorIndexPersistenceTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(VectorIndexPersistenceTest);
    CPPUNIT_TEST(testSaveAndLoadRoundtrip);
    CPPUNIT_TEST(testLoadWithoutSavedStateIsEmpty);
    CPPUNIT_TEST(testLoadForAnotherModelOrDimensionsIsRefused);
    CPPUNIT_TEST(testCorruptManifestIsRefused);
    CPPUNIT_TEST(testCorruptGraphFileIsRefused);
    CPPUNIT_TEST(testInterruptedSaveLeavesThePreviousState);
    CPPUNIT_TEST(testSaveWritesOnlyChangedGraphs);
    CPPUNIT_TEST(testUnchangedIndexWritesNothing);
    CPPUNIT_TEST(testSaveCompactsSparseGraphs);
    CPPUNIT_TEST(testEmptiedOrgLosesItsFile);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        RandomVectors random(kDims, 11);
        _vectors = random.next(600);
        _queries = RandomVectors(kDims, 12).next(30);
        for (std::size_t i = 0; i < 20; ++i)
            _queries.push_back(_vectors[i * 29]);
    }

    /// Two orgs of 300 vectors, a few removed and replaced, applied sequence 42.
    void fill(VectorIndex& index)
    {
        for (std::size_t i = 0; i < _vectors.size(); ++i)
            index.upsert(i % 2 ? "org-a" : "org-b", decisionId(i), _vectors[i]);
        for (std::size_t i = 0; i < _vectors.size(); i += 10)
            index.remove(i % 2 ? "org-a" : "org-b", decisionId(i));
        index.upsert("org-a", decisionId(1), _vectors[2]);
        index.setAppliedSequence(42);
    }

    void testSaveAndLoadRoundtrip()
    {
        VectorIndex original(_dir.path(), "test-model", kDims);
        fill(original);
        original.save();

        VectorIndex restored(_dir.path(), "test-model", kDims);
        CPPUNIT_ASSERT(restored.load());
        CPPUNIT_ASSERT_EQUAL(original.size(), restored.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(540), restored.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(42), restored.appliedSequence());
        assertSameResults(original, restored, "org-a", _queries);
        assertSameResults(original, restored, "org-b", _queries);

        // The restored index goes on: writes, another save, another load.
        restored.upsert("org-c", "new", _vectors[0]);
        restored.remove("org-a", decisionId(1));
        restored.setAppliedSequence(43);
        restored.save();
        VectorIndex again(_dir.path(), "test-model", kDims);
        CPPUNIT_ASSERT(again.load());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(43), again.appliedSequence());
        CPPUNIT_ASSERT_EQUAL(std::size_t(540), again.size());
        CPPUNIT_ASSERT_EQUAL(std::string("new"), again.search("org-c", _vectors[0], 1)[0].decisionId);
        assertSameResults(restored, again, "org-a", _queries);
    }

    void testLoadWithoutSavedStateIsEmpty()
    {
        VectorIndex index(_dir.path() + "/does-not-exist", "test-model", kDims);
        fill(index);
        CPPUNIT_ASSERT(!index.load());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), index.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), index.appliedSequence());
        CPPUNIT_ASSERT(index.search("org-a", _vectors[1], 5).empty());
    }

    void testLoadForAnotherModelOrDimensionsIsRefused()
    {
        VectorIndex original(_dir.path(), "vendor/model", kDims);
        fill(original);
        original.save();

        VectorIndex otherModel(_dir.path(), "other-model", kDims);
        CPPUNIT_ASSERT(!otherModel.load());
        VectorIndex otherDimensions(_dir.path(), "vendor/model", kDims * 2);
        CPPUNIT_ASSERT(!otherDimensions.load());
        // "vendor_model" maps to the same directory: the manifest's exact model name tells them apart.
        VectorIndex sameDirectory(_dir.path(), "vendor_model", kDims);
        CPPUNIT_ASSERT_EQUAL(original.stateDirectory(), sameDirectory.stateDirectory());
        sameDirectory.upsert("org-a", "mine", _vectors[0]);
        CPPUNIT_ASSERT(!sameDirectory.load());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), sameDirectory.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), sameDirectory.appliedSequence());

        VectorIndex sameModel(_dir.path(), "vendor/model", kDims);
        CPPUNIT_ASSERT(sameModel.load());
    }

    void testCorruptManifestIsRefused()
    {
        VectorIndex original(_dir.path(), "test-model", kDims);
        fill(original);
        original.save();
        const std::string good = DurableFile::read(manifestPath(original));
        auto replaced = [&](const std::string& from, const std::string& to)
        {
            std::string text = good;
            const auto at = text.find(from);
            CPPUNIT_ASSERT(at != std::string::npos);
            return text.replace(at, from.size(), to);
        };
        const std::string cases[] = {
            "",
            "not json at all",
            good.substr(0, good.size() / 2),
            replaced("\"version\":1", "\"version\":2"),
            replaced("\"dimensions\":32", "\"dimensions\":\"32\""),
            replaced("\"applied_sequence\":42", "\"applied_sequence\":-1"),
            replaced("\"metric\":\"cosine\"", "\"metric\":\"l2\""),
            replaced("\"format\":\"akashi-vector-index\"", "\"format\":\"other\""),
            replaced(".hnsw\"", ".hnsw\",\"extra\":1"),
            replaced("\"file\":\"", "\"file\":\"../"),
            replaced("\"decision-1\"", "\"decision-3\""), // one decision under two labels
            replaced("\"decision-3\"", "null"),            // label deleted in the manifest, live in the graph
        };
        for (const auto& text : cases)
        {
            writeFile(manifestPath(original), text);
            VectorIndex index(_dir.path(), "test-model", kDims);
            index.upsert("org-a", "stale", _vectors[0]);
            index.setAppliedSequence(7);
            CPPUNIT_ASSERT_MESSAGE(text.substr(0, 80), !index.load());
            CPPUNIT_ASSERT_EQUAL(std::size_t(0), index.size());
            CPPUNIT_ASSERT_EQUAL(std::int64_t(0), index.appliedSequence());
        }
        writeFile(manifestPath(original), good);
        VectorIndex index(_dir.path(), "test-model", kDims);
        CPPUNIT_ASSERT(index.load());
    }

    void testCorruptGraphFileIsRefused()
    {
        VectorIndex original(_dir.path(), "test-model", kDims);
        fill(original);
        original.save();
        const auto manifest = readManifest(original);
        const std::string graphPath = original.stateDirectory() + "/" + manifest.orgs.at(0).file;
        const std::string good = DurableFile::read(graphPath);

        std::string flipped = good;
        flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x40);
        const std::string cases[] = {flipped, good.substr(0, good.size() - 1), good + "x"};
        for (const auto& contents : cases)
        {
            writeFile(graphPath, contents);
            VectorIndex index(_dir.path(), "test-model", kDims);
            CPPUNIT_ASSERT(!index.load());
            CPPUNIT_ASSERT_EQUAL(std::size_t(0), index.size());
        }
        std::filesystem::remove(graphPath);
        VectorIndex missing(_dir.path(), "test-model", kDims);
        CPPUNIT_ASSERT(!missing.load());
    }

    void testInterruptedSaveLeavesThePreviousState()
    {
        VectorIndex original(_dir.path(), "test-model", kDims);
        fill(original);
        original.save();
        const auto manifest = readManifest(original);
        // What a save killed before its manifest leaves behind: a temp file and a complete graph file of
        // the next generation that no manifest names, plus a half-written manifest temp file.
        const std::string next = std::to_string(manifest.generation + 1);
        writeFile(original.stateDirectory() + "/org-a." + next + ".hnsw.tmp", "partial");
        writeFile(original.stateDirectory() + "/org-a." + next + ".hnsw", "complete but unnamed");
        writeFile(manifestPath(original) + ".tmp", "{\"format\":");

        VectorIndex restored(_dir.path(), "test-model", kDims);
        CPPUNIT_ASSERT(restored.load());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(42), restored.appliedSequence());
        assertSameResults(original, restored, "org-a", _queries);

        // The next save uses the generation the interrupted one had, and clears what that one left.
        const auto fresh = RandomVectors(kDims, 13).next();
        restored.upsert("org-a", "after-crash", fresh);
        restored.save();
        std::set<std::string> expected{"manifest.json"};
        for (const auto& org : readManifest(restored).orgs)
            expected.insert(org.file);
        CPPUNIT_ASSERT(filesIn(restored.stateDirectory()) == expected);
        VectorIndex again(_dir.path(), "test-model", kDims);
        CPPUNIT_ASSERT(again.load());
        CPPUNIT_ASSERT_EQUAL(std::string("after-crash"), again.search("org-a", fresh, 1)[0].decisionId);
    }

    void testSaveWritesOnlyChangedGraphs()
    {
        VectorIndex index(_dir.path(), "test-model", kDims);
        fill(index);
        index.save();
        const auto first = readManifest(index);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), first.orgs.size());
        CPPUNIT_ASSERT_EQUAL(std::string("org-a." + std::to_string(first.generation) + ".hnsw"), first.orgs[0].file);

        index.upsert("org-b", "changed", _vectors[0]);
        index.save();
        const auto second = readManifest(index);
        CPPUNIT_ASSERT_EQUAL(first.generation + 1, second.generation);
        CPPUNIT_ASSERT_EQUAL(first.orgs[0].file, second.orgs[0].file); // org-a untouched
        CPPUNIT_ASSERT_EQUAL(first.orgs[0].sha256, second.orgs[0].sha256);
        CPPUNIT_ASSERT(first.orgs[1].file != second.orgs[1].file);
        CPPUNIT_ASSERT(filesIn(index.stateDirectory()) ==
                       (std::set<std::string>{"manifest.json", second.orgs[0].file, second.orgs[1].file}));
    }

    void testUnchangedIndexWritesNothing()
    {
        VectorIndex index(_dir.path(), "test-model", kDims);
        fill(index);
        index.save();
        const ino_t before = inodeOf(manifestPath(index));
        index.save();
        CPPUNIT_ASSERT_EQUAL(before, inodeOf(manifestPath(index)));
        index.setAppliedSequence(50); // the sequence alone moved: a new manifest, the same graph files
        index.save();
        CPPUNIT_ASSERT(before != inodeOf(manifestPath(index)));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(50), readManifest(index).appliedSequence);
    }

    void testSaveCompactsSparseGraphs()
    {
        VectorIndex index(_dir.path(), "test-model", kDims);
        for (std::size_t i = 0; i < _vectors.size(); ++i)
            index.upsert("org", decisionId(i), _vectors[i]);
        index.save();
        const auto before = readManifest(index).orgs.at(0);
        CPPUNIT_ASSERT_EQUAL(_vectors.size(), before.decisionIdByLabel.size());
        for (std::size_t i = 100; i < _vectors.size(); ++i)
            index.remove("org", decisionId(i));
        index.save();
        const auto after = readManifest(index).orgs.at(0);
        CPPUNIT_ASSERT_EQUAL(std::size_t(100), after.decisionIdByLabel.size()); // no deleted labels left
        CPPUNIT_ASSERT(after.bytes < before.bytes / 2);

        VectorIndex restored(_dir.path(), "test-model", kDims);
        CPPUNIT_ASSERT(restored.load());
        CPPUNIT_ASSERT_EQUAL(std::size_t(100), restored.size());
        for (std::size_t i = 0; i < 100; i += 7)
            CPPUNIT_ASSERT_EQUAL(decisionId(i), restored.search("org", _vectors[i], 1)[0].decisionId);
        std::set<std::string> survivors;
        for (std::size_t i = 0; i < 100; ++i)
            survivors.insert(decisionId(i));
        const auto all = restored.search("org", _vectors[300], 200);
        CPPUNIT_ASSERT_EQUAL(std::size_t(100), all.size());
        for (const auto& hit : all)
            CPPUNIT_ASSERT(survivors.count(hit.decisionId));
    }

    void testEmptiedOrgLosesItsFile()
    {
        VectorIndex index(_dir.path(), "test-model", kDims);
        index.upsert("org-a", "a", _vectors[0]);
        index.upsert("org-b", "b", _vectors[1]);
        index.save();
        index.remove("org-b", "b");
        index.save();
        const auto manifest = readManifest(index);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), manifest.orgs.size());
        CPPUNIT_ASSERT_EQUAL(std::string("org-a"), manifest.orgs[0].orgId);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), filesIn(index.stateDirectory()).size());
        VectorIndex restored(_dir.path(), "test-model", kDims);
        CPPUNIT_ASSERT(restored.load());
        CPPUNIT_ASSERT(restored.search("org-b", _vectors[1], 1).empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), restored.size());
    }

private:
    akashi::test::TempDirectory _dir{"akashi-vector-index"};
    std::vector<std::vector<float>> _vectors;
    std::vector<std::vector<float>> _queries;
};

CPPUNIT_TEST_SUITE_REGISTRATION(VectorIndexPersistenceTest);
} // namespace akashi::search
