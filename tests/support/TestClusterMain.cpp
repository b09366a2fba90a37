// akashi-test-cluster start|stop <dir>: the CTest fixtures around every suite that needs PostgreSQL.
// `start` wipes <dir>, creates a throwaway cluster there with the server's EmbeddedPostgres and leaves it
// running; `stop` stops it and removes <dir>. Each writes a result file like the CppUnit runners do, so
// a failed fixture shows in the closing "N passed, M failed" line.
#include "common/Exception.h"
#include "storage/EmbeddedPostgres.h"
#include "support/TestCluster.h"

#include <Poco/Exception.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sys/stat.h>

namespace
{
void recordResult(const std::string& name, bool passed)
{
    if (const char* dir = std::getenv("AKASHI_TEST_RESULTS_DIR"))
    {
        std::filesystem::create_directories(dir);
        std::ofstream(std::filesystem::path(dir) / (name + ".result")) << (passed ? "1 0" : "0 1") << "\n";
    }
}
} // namespace

int main(int argc, char** argv)
{
    if (argc != 3 || (std::string(argv[1]) != "start" && std::string(argv[1]) != "stop"))
    {
        std::cerr << "usage: akashi-test-cluster start|stop <dir>\n";
        return 2;
    }
    const std::string command = argv[1];
    const std::string dir = argv[2];
    const std::string resultName = "postgres_cluster_" + command;
    try
    {
        akashi::storage::EmbeddedPostgres cluster(akashi::test::TestCluster::options(dir));
        if (command == "start")
        {
            std::filesystem::remove_all(dir);
            std::filesystem::create_directories(dir);
            ::chmod(dir.c_str(), 0755);
            cluster.start();
            cluster.detach(); // the suites use it; the stop fixture stops it
            std::cout << "test cluster running in " << dir << "\n";
        }
        else
        {
            // Adopt the running cluster, then stop it.
            if (std::filesystem::exists(dir + "/data/PG_VERSION"))
            {
                cluster.start();
                cluster.stop();
            }
            std::filesystem::remove_all(dir);
            std::cout << "test cluster stopped and removed\n";
        }
        recordResult(resultName, true);
        return 0;
    }
    catch (const akashi::Exception& e)
    {
        std::cerr << "akashi-test-cluster " << command << ": " << e.fullText() << "\n";
    }
    catch (const Poco::Exception& e)
    {
        std::cerr << "akashi-test-cluster " << command << ": " << e.displayText() << "\n";
    }
    catch (const std::exception& e)
    {
        std::cerr << "akashi-test-cluster " << command << ": " << e.what() << "\n";
    }
    recordResult(resultName, false);
    return 1;
}
