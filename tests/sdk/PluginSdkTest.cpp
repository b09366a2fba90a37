#include "InstalledSdk.h"
#include "mocks/RecordingHostLogger.h"

#include "common/Exception.h"
#include "plugin/PluginLoader.h"

#include <akashi/embedding/EmbeddingProvider.h>
#include <akashi/plugin/Abi.h>
#include <akashi/plugin/PluginContext.h>

#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

namespace akashi::test
{
namespace fs = std::filesystem;
using mocks::RecordingHostLogger;

class PluginSdkTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PluginSdkTest);
    CPPUNIT_TEST(testInstallsTheSdkAndNothingElse);
    CPPUNIT_TEST(testInstalledHeadersCompileStandalone);
    CPPUNIT_TEST(testExampleBuildsOutOfTreeWithoutBuildType);
    CPPUNIT_TEST(testExamplePluginLoadsAndEmbeds);
    CPPUNIT_TEST(testBadConfigFailsCreateWithExactMessage);
    CPPUNIT_TEST_SUITE_END();

public:
    void testInstallsTheSdkAndNothingElse()
    {
        auto& sdk = InstalledSdk::instance();
        const fs::path sourceHeaders = InstalledSdk::environment("AKASHI_TEST_SOURCE_DIR") + "/core/include/akashi";
        CPPUNIT_ASSERT_EQUAL(join(relativeFiles(sourceHeaders)), join(relativeFiles(sdk.includeDir() + "/akashi")));

        const std::set<std::string> packageFiles{
            "AkashiBuildSignature.cmake",        "AkashiCheckPluginExports.cmake", "AkashiCheckPluginSignature.cmake",
            "AkashiPlugin.cmake",                "AkashiPluginSDKConfig.cmake",    "AkashiPluginSDKConfigVersion.cmake",
            "AkashiPluginSDKServerBuild.cmake",  "AkashiPluginSDKTargets.cmake",   "akashi-plugin.map"};
        CPPUNIT_ASSERT_EQUAL(join(packageFiles), join(relativeFiles(sdk.cmakeDir())));
        CPPUNIT_ASSERT(fs::is_regular_file(sdk.docDir() + "/writing-a-plugin.md"));
        CPPUNIT_ASSERT(fs::is_regular_file(sdk.docDir() + "/example-plugin/CMakeLists.txt"));

        // The server component (binary, plugins) stays out: everything is headers, package or docs.
        for (const auto& file : relativeFiles(sdk.prefix()))
        {
            const fs::path full = fs::path(sdk.prefix()) / file;
            const bool known = startsWith(full, sdk.includeDir()) || startsWith(full, sdk.cmakeDir()) ||
                               startsWith(full, sdk.docDir());
            CPPUNIT_ASSERT_MESSAGE("unexpected file installed: " + file, known);
        }

        // The package version is the plugin ABI version; the record is the signature this server checks.
        const std::string abi = std::to_string(AKASHI_PLUGIN_ABI_MAJOR) + "." + std::to_string(AKASHI_PLUGIN_ABI_MINOR);
        CPPUNIT_ASSERT(contains(readFile(sdk.cmakeDir() + "/AkashiPluginSDKConfigVersion.cmake"),
                                "set(PACKAGE_VERSION \"" + abi + "\")"));
        CPPUNIT_ASSERT(contains(readFile(sdk.cmakeDir() + "/AkashiPluginSDKServerBuild.cmake"),
                                "set(AKASHI_PLUGIN_SERVER_SIGNATURE \"" AKASHI_PLUGIN_BUILD_SIGNATURE "\")"));
    }

    void testInstalledHeadersCompileStandalone()
    {
        // Each header alone, included the way a plugin includes it, against the installed tree only.
        auto& sdk = InstalledSdk::instance();
        TempDirectory work("akashi-sdk-headers");
        std::vector<std::string> argv{AKASHI_TEST_CXX_COMPILER, "-std=c++20", "-fsyntax-only", "-Wall", "-Wextra",
                                      "-Werror", "-I" + sdk.includeDir()};
        std::size_t count = 0;
        for (const auto& header : relativeFiles(sdk.includeDir()))
        {
            const std::string source = work.path() + "/include" + std::to_string(count++) + ".cpp";
            std::ofstream(source) << "#include <" << header << ">\n";
            argv.push_back(source);
        }
        CPPUNIT_ASSERT(count >= 10);
        InstalledSdk::run(argv);
    }

    void testExampleBuildsOutOfTreeWithoutBuildType()
    {
        auto& sdk = InstalledSdk::instance();
        sdk.buildExample();
        const std::string cache = readFile(sdk.exampleBuildDir() + "/CMakeCache.txt");
        CPPUNIT_ASSERT(contains(cache, "\nCMAKE_BUILD_TYPE:STRING=\n"));
        CPPUNIT_ASSERT(contains(cache, "\nAkashiPluginSDK_DIR:PATH=" + sdk.cmakeDir() + "\n"));
        CPPUNIT_ASSERT_MESSAGE(sdk.exampleConfigureOutput(), !contains(sdk.exampleConfigureOutput(), "CMake Warning"));
        CPPUNIT_ASSERT(contains(sdk.exampleConfigureOutput(),
                                "plugins build as \"" AKASHI_PLUGIN_BUILD_SIGNATURE "\""));

        // NDEBUG follows the server (this suite is compiled like it), not the empty build type; headers come
        // from the installed tree, never from the source tree.
#ifdef NDEBUG
        const std::string ndebug = " -DNDEBUG ";
#else
        const std::string ndebug = " -UNDEBUG ";
#endif
        Poco::JSON::Parser parser;
        const auto commands = parser.parse(readFile(sdk.exampleBuildDir() + "/compile_commands.json"))
                                  .extract<Poco::JSON::Array::Ptr>();
        const std::string sourceTree = InstalledSdk::environment("AKASHI_TEST_SOURCE_DIR") + "/core";
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), commands->size());
        for (std::size_t i = 0; i < commands->size(); ++i)
        {
            const auto entry = commands->getObject(static_cast<unsigned>(i));
            const std::string command = entry->getValue<std::string>("command") + " ";
            CPPUNIT_ASSERT_MESSAGE(command, contains(command, ndebug));
            CPPUNIT_ASSERT_MESSAGE(command, contains(command, " " + sdk.includeDir() + " ") ||
                                                contains(command, " -I" + sdk.includeDir() + " "));
            CPPUNIT_ASSERT_MESSAGE(command, !contains(command, sourceTree));
        }

        // Exactly one dynamic symbol: the entry point (version-node entries, type A, do not count).
        std::istringstream symbols(InstalledSdk::run({AKASHI_TEST_NM, "-D", "--defined-only", sdk.examplePlugin()}));
        std::set<std::string> names;
        for (std::string address, type, name; symbols >> address >> type >> name;)
            if (type != "A")
                names.insert(name);
        CPPUNIT_ASSERT_EQUAL(std::string(AKASHI_PLUGIN_ENTRY_POINT_NAME), join(names));
    }

    void testExamplePluginLoadsAndEmbeds()
    {
        auto& sdk = InstalledSdk::instance();
        sdk.buildExample();
        const plugin::LoadedPlugin loaded = load(sdk.examplePlugin());
        CPPUNIT_ASSERT_EQUAL(std::string("embedding"), loaded.kind);
        CPPUNIT_ASSERT_EQUAL(std::string("hash"), loaded.name);
        CPPUNIT_ASSERT_EQUAL(std::string("1.0.0"), loaded.version);

        RecordingHostLogger logger;
        plugin::PluginContext context{{{"dimensions", "8"}}, &logger};
        std::string error;
        auto provider = create(loaded, context, error);
        CPPUNIT_ASSERT_MESSAGE(error, provider != nullptr);
        const auto lines = logger.lines();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), lines.size());
        CPPUNIT_ASSERT(lines[0].level == plugin::LogLevel::info);
        CPPUNIT_ASSERT_EQUAL(std::string("hash embedding provider ready"), lines[0].message);
        CPPUNIT_ASSERT(lines[0].fields == (plugin::LogFields{{"model", "feature-hash-fnv1a-v1"}, {"dimensions", "8"}}));

        CPPUNIT_ASSERT_EQUAL(std::string("feature-hash-fnv1a-v1"), provider->model());
        CPPUNIT_ASSERT_EQUAL(std::size_t(8), provider->dimensions());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2048), provider->maxBatchSize());

        const std::vector<std::string> texts{"The quick brown fox", "jumps over the lazy dog", "fox"};
        const auto first = provider->embed(texts);
        CPPUNIT_ASSERT_MESSAGE(first.status.message, first.status.isOk());
        CPPUNIT_ASSERT_EQUAL(texts.size(), first.vectors.size());
        for (const auto& vector : first.vectors)
        {
            CPPUNIT_ASSERT_EQUAL(std::size_t(8), vector.size());
            CPPUNIT_ASSERT_DOUBLES_EQUAL(1.0, norm(vector), 1e-6);
        }
        CPPUNIT_ASSERT(first.vectors[0] != first.vectors[1]);
        // One token: one bucket holding +1 or -1.
        const auto& fox = first.vectors[2];
        CPPUNIT_ASSERT_EQUAL(std::ptrdiff_t(7), std::count(fox.begin(), fox.end(), 0.0f));
        CPPUNIT_ASSERT(std::count(fox.begin(), fox.end(), 1.0f) + std::count(fox.begin(), fox.end(), -1.0f) == 1);

        // Deterministic, and blind to case and punctuation.
        const auto again = provider->embed({"the QUICK, brown fox!", "jumps over the lazy dog"});
        CPPUNIT_ASSERT(again.status.isOk());
        CPPUNIT_ASSERT(again.vectors[0] == first.vectors[0]);
        CPPUNIT_ASSERT(again.vectors[1] == first.vectors[1]);

        const auto empty = provider->embed({"fine", ""});
        CPPUNIT_ASSERT(empty.status.code == plugin::StatusCode::invalidArgument);
        CPPUNIT_ASSERT_EQUAL(std::string("text 1 is empty"), empty.status.message);
        CPPUNIT_ASSERT(empty.vectors.empty());
        const auto tooMany = provider->embed(std::vector<std::string>(2049, "word"));
        CPPUNIT_ASSERT(tooMany.status.code == plugin::StatusCode::invalidArgument);
        CPPUNIT_ASSERT_EQUAL(std::string("batch of 2049 texts exceeds 2048"), tooMany.status.message);
    }

    void testBadConfigFailsCreateWithExactMessage()
    {
        auto& sdk = InstalledSdk::instance();
        sdk.buildExample();
        const plugin::LoadedPlugin loaded = load(sdk.examplePlugin());
        struct Case
        {
            std::string key;
            std::string value;
            std::string error;
        };
        const Case cases[] = {
            {"dimensions", "abc", "dimensions: \"abc\" is not an integer"},
            {"dimensions", "0", "dimensions: 0 is not between 1 and 16000"},
            {"dimensions", "16001", "dimensions: 16001 is not between 1 and 16000"},
            {"dimension", "8", "unknown configuration key \"dimension\""},
        };
        for (const auto& c : cases)
        {
            RecordingHostLogger logger;
            plugin::PluginContext context{{{c.key, c.value}}, &logger};
            std::string error;
            CPPUNIT_ASSERT(create(loaded, context, error) == nullptr);
            CPPUNIT_ASSERT_EQUAL(c.error, error);
            CPPUNIT_ASSERT(logger.lines().empty());
        }
    }

private:
    /// The loader's refusal, if any, as its full message / detail / hint.
    static plugin::LoadedPlugin load(const std::string& path)
    {
        try
        {
            return plugin::PluginLoader::load(path);
        }
        catch (const Exception& e)
        {
            CPPUNIT_FAIL(e.fullText());
        }
        throw std::logic_error("unreachable");
    }

    /// An instance through the descriptor, destroyed through it; nullptr with `error` set on failure.
    /// The caller keeps `loaded` (the library) and `context` alive longer than the instance.
    static std::shared_ptr<embedding::EmbeddingProvider> create(const plugin::LoadedPlugin& loaded,
                                                                const plugin::PluginContext& context,
                                                                std::string& error)
    {
        char buffer[512] = {};
        void* instance = loaded.descriptor->create(&context, buffer, sizeof buffer);
        error = buffer;
        if (!instance)
            return nullptr;
        const AkashiPluginDestroyFn destroy = loaded.descriptor->destroy;
        return std::shared_ptr<embedding::EmbeddingProvider>(
            static_cast<embedding::EmbeddingProvider*>(instance),
            [destroy](embedding::EmbeddingProvider* provider) { destroy(provider); });
    }

    static double norm(const std::vector<float>& vector)
    {
        double squares = 0;
        for (const float v : vector)
            squares += double(v) * v;
        return std::sqrt(squares);
    }

    /// Regular files under `dir`, as paths relative to it.
    static std::set<std::string> relativeFiles(const fs::path& dir)
    {
        std::set<std::string> files;
        for (const auto& entry : fs::recursive_directory_iterator(dir))
            if (entry.is_regular_file())
                files.insert(fs::relative(entry.path(), dir).string());
        return files;
    }

    static std::string join(const std::set<std::string>& items)
    {
        std::string out;
        for (const auto& item : items)
            out += (out.empty() ? "" : " ") + item;
        return out;
    }

    static bool startsWith(const fs::path& path, const std::string& dir)
    {
        return path.string().rfind(dir + "/", 0) == 0;
    }

    static bool contains(const std::string& text, const std::string& part)
    {
        return text.find(part) != std::string::npos;
    }

    static std::string readFile(const std::string& path)
    {
        std::ifstream in(path);
        CPPUNIT_ASSERT_MESSAGE("cannot read " + path, in.good());
        std::ostringstream out;
        out << in.rdbuf();
        return out.str();
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(PluginSdkTest);
} // namespace akashi::test
