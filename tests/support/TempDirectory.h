#pragma once
#include <string>

namespace akashi::test
{
/// A fresh directory under /tmp, mode 0755 (the embedded PostgreSQL runs as another OS user when tests
/// run as root and must be able to traverse it), removed with its contents on destruction.
class TempDirectory
{
public:
    explicit TempDirectory(const std::string& prefix);
    ~TempDirectory();

    TempDirectory(const TempDirectory&) = delete;
    TempDirectory& operator=(const TempDirectory&) = delete;

    const std::string& path() const noexcept { return _path; }

private:
    std::string _path;
};
} // namespace akashi::test
