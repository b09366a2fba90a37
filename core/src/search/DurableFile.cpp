#include "search/DurableFile.h"

#include "common/Exception.h"

#include <openssl/evp.h>

#include <cerrno>
#include <filesystem>
#include <memory>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace akashi::search
{
namespace
{
[[noreturn]] void fail(const std::string& action, const std::string& path, int error)
{
    throw Exception(ErrorCode::internal,
                    "vector index: cannot " + action + " " + path + ": " + std::generic_category().message(error));
}

/// An open descriptor, closed on destruction; close() reports the deferred write errors close can carry.
class Descriptor
{
public:
    Descriptor(const std::string& path, int flags, mode_t mode = 0)
        : _path(path), _fd(::open(path.c_str(), flags, mode))
    {
        if (_fd < 0)
            fail("open", path, errno);
    }
    ~Descriptor()
    {
        if (_fd >= 0)
            ::close(_fd);
    }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;

    int get() const noexcept { return _fd; }

    void sync() const
    {
        if (::fsync(_fd) != 0)
            fail("fsync", _path, errno);
    }

    void close()
    {
        const int result = ::close(_fd);
        _fd = -1;
        if (result != 0)
            fail("close", _path, errno);
    }

private:
    std::string _path;
    int _fd;
};

void writeAll(const Descriptor& file, const std::string& path, std::string_view data)
{
    std::size_t written = 0;
    while (written < data.size())
    {
        const ssize_t count = ::write(file.get(), data.data() + written, data.size() - written);
        if (count < 0 && errno == EINTR)
            continue;
        if (count < 0)
            fail("write", path, errno);
        written += static_cast<std::size_t>(count);
    }
}

/// Reads `path` to its end in chunks of `chunkSize`, handing each to `consume(data, size)`.
template <typename Consume>
void readChunks(const std::string& path, std::size_t chunkSize, Consume consume)
{
    Descriptor file(path, O_RDONLY | O_CLOEXEC);
    std::vector<char> buffer(chunkSize);
    for (;;)
    {
        const ssize_t count = ::read(file.get(), buffer.data(), buffer.size());
        if (count < 0 && errno == EINTR)
            continue;
        if (count < 0)
            fail("read", path, errno);
        if (count == 0)
            return;
        consume(buffer.data(), static_cast<std::size_t>(count));
    }
}

std::string directoryOf(const std::string& path)
{
    const auto parent = std::filesystem::path(path).parent_path();
    return parent.empty() ? std::string(".") : parent.string();
}
} // namespace

void DurableFile::writeAtomically(const std::string& path, std::string_view data)
{
    const std::string tempPath = path + ".tmp";
    {
        Descriptor file(tempPath, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0644);
        writeAll(file, tempPath, data);
        file.sync();
        file.close();
    }
    if (::rename(tempPath.c_str(), path.c_str()) != 0)
        fail("rename " + tempPath + " to", path, errno);
    syncDirectory(directoryOf(path));
}

void DurableFile::syncAndRename(const std::string& tempPath, const std::string& path)
{
    {
        Descriptor file(tempPath, O_RDONLY | O_CLOEXEC);
        file.sync();
        file.close();
    }
    if (::rename(tempPath.c_str(), path.c_str()) != 0)
        fail("rename " + tempPath + " to", path, errno);
}

void DurableFile::syncDirectory(const std::string& directory)
{
    Descriptor dir(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    dir.sync();
}

std::uint64_t DurableFile::size(const std::string& path)
{
    struct stat status{};
    if (::stat(path.c_str(), &status) != 0)
        fail("stat", path, errno);
    if (!S_ISREG(status.st_mode))
        throw Exception(ErrorCode::internal, "vector index: " + path + " is not a regular file");
    return static_cast<std::uint64_t>(status.st_size);
}

std::string DurableFile::sha256Hex(const std::string& path)
{
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1)
        throw Exception(ErrorCode::internal, "vector index: SHA-256 initialisation failed");
    // Graph files run to hundreds of MB: hash them as they stream by.
    readChunks(path, 1 << 20, [&](const char* data, std::size_t size) {
        if (EVP_DigestUpdate(context.get(), data, size) != 1)
            throw Exception(ErrorCode::internal, "vector index: SHA-256 failed on " + path);
    });
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context.get(), digest, &length) != 1)
        throw Exception(ErrorCode::internal, "vector index: SHA-256 failed on " + path);
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string text;
    text.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i)
    {
        text += kDigits[digest[i] >> 4];
        text += kDigits[digest[i] & 0x0f];
    }
    return text;
}

std::string DurableFile::read(const std::string& path)
{
    std::string contents;
    readChunks(path, 1 << 16, [&](const char* data, std::size_t size) { contents.append(data, size); });
    return contents;
}
} // namespace akashi::search
