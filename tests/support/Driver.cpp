// The CppUnit runner shared by every suite: runs all registered tests, prints failures, and records
// "<passed> <failed>" for scripts/test-summary.sh (CppUnit itself prints no such line).
#include <cppunit/BriefTestProgressListener.h>
#include <cppunit/CompilerOutputter.h>
#include <cppunit/TestResult.h>
#include <cppunit/TestResultCollector.h>
#include <cppunit/TestRunner.h>
#include <cppunit/extensions/TestFactoryRegistry.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

int main(int argc, char** argv)
{
    CppUnit::TestResult controller;
    CppUnit::TestResultCollector collector;
    controller.addListener(&collector);
    CppUnit::BriefTestProgressListener progress;
    controller.addListener(&progress);

    CppUnit::TestRunner runner;
    runner.addTest(CppUnit::TestFactoryRegistry::getRegistry().makeTest());
    // An optional argument narrows the run to one test path, e.g. "ConfigLoaderTest::testEnvOverridesFile".
    runner.run(controller, argc > 1 ? argv[1] : "");

    CppUnit::CompilerOutputter outputter(&collector, std::cerr);
    outputter.write();

    const int failed = collector.testFailuresTotal();
    const int passed = collector.runTests() - failed;
    const std::string suite = std::filesystem::path(argv[0]).filename().string();
    std::cout << suite << ": " << passed << " passed, " << failed << " failed" << std::endl;

    if (const char* dir = std::getenv("AKASHI_TEST_RESULTS_DIR"); dir && argc <= 1)
    {
        std::filesystem::create_directories(dir);
        std::ofstream(std::filesystem::path(dir) / (suite + ".result")) << passed << " " << failed << "\n";
    }
    return failed == 0 ? 0 : 1;
}
