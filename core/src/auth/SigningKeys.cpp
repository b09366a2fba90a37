#include "auth/SigningKeys.h"

#include "common/Exception.h"

#include <openssl/crypto.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace akashi::auth
{
namespace
{
constexpr const char* kPrivateVariable = "AKASHI_JWT_PRIVATE_KEY";
constexpr const char* kPublicVariable = "AKASHI_JWT_PUBLIC_KEY";
constexpr std::size_t kMaxKeyFileBytes = 64 * 1024;

std::string errnoText(int error)
{
    return std::generic_category().message(error);
}

std::string octalMode(mode_t mode)
{
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%04o", static_cast<unsigned>(mode & 07777));
    return buffer;
}

/// Overwrites a string holding key material when it goes out of scope, so the PEM text of a private key
/// does not linger in freed heap memory.
class WipeOnExit
{
public:
    explicit WipeOnExit(std::string& secret) noexcept : _secret(secret) {}
    ~WipeOnExit() { OPENSSL_cleanse(_secret.data(), _secret.size()); }
    WipeOnExit(const WipeOnExit&) = delete;
    WipeOnExit& operator=(const WipeOnExit&) = delete;

private:
    std::string& _secret;
};

/// An open file descriptor, closed on destruction.
class FileDescriptor
{
public:
    explicit FileDescriptor(int fd) noexcept : _fd(fd) {}
    ~FileDescriptor()
    {
        if (_fd >= 0)
            ::close(_fd);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;

    int get() const noexcept { return _fd; }

    /// Closes now and reports the error; close() can report a deferred write error.
    int close() noexcept
    {
        const int result = ::close(_fd);
        _fd = -1;
        return result;
    }

private:
    int _fd;
};

/// Reads a key file after checking, on the opened descriptor (so the file checked is the file read), that
/// it is a regular file that group and others cannot access. `label` is "JWT private key file" or
/// "JWT public key file".
std::string readKeyFile(const std::string& path, const std::string& label)
{
    FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    const auto unreadable = [&](int error)
    { return Exception(ErrorCode::configInvalid, "cannot read " + label + " " + path + ": " + errnoText(error)); };
    if (file.get() < 0)
        throw unreadable(errno);
    struct stat status{};
    if (::fstat(file.get(), &status) != 0)
        throw unreadable(errno);
    if (!S_ISREG(status.st_mode))
        throw Exception(ErrorCode::configInvalid, label + " " + path + " is not a regular file");
    if ((status.st_mode & 077) != 0)
    {
        const char* access = (status.st_mode & 044) != 0 ? "readable" : "accessible";
        throw Exception(ErrorCode::configInvalid,
                        label + " " + path + " is " + access + " by group or others (mode " +
                            octalMode(status.st_mode) + ")",
                        "key files must have mode 0600 or stricter", "chmod 600 " + path);
    }
    if (static_cast<std::size_t>(status.st_size) > kMaxKeyFileBytes)
        throw Exception(ErrorCode::configInvalid, label + " " + path + " is too large to be a PEM key",
                        std::to_string(status.st_size) + " bytes");

    // Read straight into one buffer of the final capacity: no reallocation leaves a copy of the key behind.
    std::string contents(kMaxKeyFileBytes + 1, '\0');
    std::size_t size = 0;
    while (size < contents.size())
    {
        const ssize_t count = ::read(file.get(), contents.data() + size, contents.size() - size);
        if (count < 0 && errno == EINTR)
            continue;
        if (count < 0)
        {
            const int error = errno;
            OPENSSL_cleanse(contents.data(), size);
            throw unreadable(error);
        }
        if (count == 0)
            break;
        size += static_cast<std::size_t>(count);
    }
    if (size > kMaxKeyFileBytes)
    {
        OPENSSL_cleanse(contents.data(), size);
        throw Exception(ErrorCode::configInvalid, label + " " + path + " is too large to be a PEM key");
    }
    contents.resize(size);
    return contents;
}

/// Parses a key with `parse`, naming the file in the message of any error.
template <typename Parse>
Ed25519Key parseKeyFile(const std::string& path, const std::string& label, Parse parse)
{
    std::string pem = readKeyFile(path, label);
    const WipeOnExit wipe(pem);
    try
    {
        return parse(pem);
    }
    catch (const Exception& e)
    {
        throw Exception(e.errorCode(), label + " " + path + ": " + e.message(), e.detail(), e.hint());
    }
}

/// A file this process created with O_EXCL and mode 0600; removed on destruction unless kept. `label`
/// names it in errors.
class NewFile
{
public:
    NewFile(std::string path, std::string label)
        : _path(std::move(path)), _label(std::move(label)),
          _file(::open(_path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600))
    {
        if (_file.get() >= 0)
            return;
        const int error = errno;
        if (error == EEXIST)
            throw Exception(ErrorCode::configInvalid, _label + " " + _path + " already exists",
                            "keygen never overwrites a key", "remove or move the file, or choose another path");
        throw Exception(ErrorCode::configInvalid, "cannot create " + _label + " " + _path + ": " + errnoText(error));
    }
    ~NewFile()
    {
        if (!_kept)
            ::unlink(_path.c_str());
    }
    NewFile(const NewFile&) = delete;
    NewFile& operator=(const NewFile&) = delete;

    /// Writes all of `data`, fsyncs and closes; throws naming the path on any failure.
    void writeAndSync(const std::string& data)
    {
        std::size_t written = 0;
        while (written < data.size())
        {
            const ssize_t count = ::write(_file.get(), data.data() + written, data.size() - written);
            if (count < 0 && errno == EINTR)
                continue;
            if (count < 0)
                fail(errno);
            written += static_cast<std::size_t>(count);
        }
        if (::fsync(_file.get()) != 0 || _file.close() != 0)
            fail(errno);
    }

    void keep() noexcept { _kept = true; }

private:
    [[noreturn]] void fail(int error) const
    {
        throw Exception(ErrorCode::configInvalid, "cannot write " + _label + " " + _path + ": " + errnoText(error));
    }

    std::string _path;
    std::string _label;
    FileDescriptor _file;
    bool _kept = false;
};

/// Makes a new directory entry durable across a crash.
void syncDirectoryOf(const std::string& path)
{
    std::filesystem::path directory = std::filesystem::path(path).parent_path();
    if (directory.empty())
        directory = ".";
    FileDescriptor dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0 || ::fsync(dir.get()) != 0)
    {
        const int error = errno;
        throw Exception(ErrorCode::configInvalid,
                        "cannot sync directory " + directory.string() + ": " + errnoText(error));
    }
}
} // namespace

SigningKeys::SigningKeys(Ed25519Key privateKey, Ed25519Key publicKey, bool ephemeral) noexcept
    : _privateKey(std::move(privateKey)), _publicKey(std::move(publicKey)), _ephemeral(ephemeral)
{
}

SigningKeys SigningKeys::load(const std::string& privatePath, const std::string& publicPath)
{
    if (privatePath.empty() && publicPath.empty())
        return generateEphemeral();
    if (privatePath.empty() || publicPath.empty())
        throw Exception(ErrorCode::configInvalid,
                        std::string(kPrivateVariable) + " and " + kPublicVariable + " must be set together",
                        std::string(privatePath.empty() ? kPublicVariable : kPrivateVariable) + " is set, " +
                            (privatePath.empty() ? kPrivateVariable : kPublicVariable) + " is not",
                        "set both to the files written by `akashi keygen`, or neither for an ephemeral key "
                        "pair (tokens then do not survive a restart)");

    Ed25519Key privateKey = parseKeyFile(privatePath, "JWT private key file", Ed25519Key::fromPrivatePem);
    Ed25519Key publicKey = parseKeyFile(publicPath, "JWT public key file", Ed25519Key::fromPublicPem);
    if (privateKey.rawPublic() != publicKey.rawPublic())
        throw Exception(ErrorCode::configInvalid,
                        std::string(kPrivateVariable) + " and " + kPublicVariable + " do not form a key pair",
                        "the public key derived from " + privatePath + " differs from the one in " + publicPath,
                        "point both variables at the two files written by one `akashi keygen` run");
    return SigningKeys(std::move(privateKey), std::move(publicKey), false);
}

SigningKeys SigningKeys::generateEphemeral()
{
    Ed25519Key privateKey = Ed25519Key::generate();
    Ed25519Key publicKey = Ed25519Key::fromPublicPem(privateKey.publicPem());
    return SigningKeys(std::move(privateKey), std::move(publicKey), true);
}

void SigningKeys::writeNewPair(const std::string& privatePath, const std::string& publicPath)
{
    const Ed25519Key key = Ed25519Key::generate();
    NewFile privateFile(privatePath, "JWT private key file");
    NewFile publicFile(publicPath, "JWT public key file");
    std::string privatePem = key.privatePem();
    const WipeOnExit wipe(privatePem);
    privateFile.writeAndSync(privatePem);
    publicFile.writeAndSync(key.publicPem());
    syncDirectoryOf(privatePath);
    syncDirectoryOf(publicPath);
    privateFile.keep();
    publicFile.keep();
}
} // namespace akashi::auth
