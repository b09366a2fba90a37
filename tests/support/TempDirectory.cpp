#include "support/TempDirectory.h"

#include <Poco/Exception.h>

#include <cstdlib>
#include <filesystem>
#include <sys/stat.h>
#include <vector>

namespace akashi::test
{
TempDirectory::TempDirectory(const std::string& prefix)
{
    std::string pattern = "/tmp/" + prefix + "-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (!::mkdtemp(buffer.data()))
        throw Poco::IOException("mkdtemp failed for " + pattern);
    _path = buffer.data();
    ::chmod(_path.c_str(), 0755);
}

TempDirectory::~TempDirectory()
{
    std::error_code ignored; // a leftover temp dir is harmless; never throw from a destructor
    std::filesystem::remove_all(_path, ignored);
}
} // namespace akashi::test
