#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace akashi::search
{
/// The file operations behind crash-safe persistence: data reaches the disk (fsync) before the name that
/// publishes it (rename, then fsync of the directory), so a crash leaves either the old file or the new
/// one under a name, never a torn file. Every failure throws akashi::Exception(internal) naming the path
/// and the system error.
class DurableFile
{
public:
    /// Writes `data` to `path + ".tmp"`, fsyncs it, renames it over `path` and fsyncs the directory.
    static void writeAtomically(const std::string& path, std::string_view data);

    /// Fsyncs the finished file `tempPath`, then renames it to `path` (same directory). The directory is
    /// not synced: callers publishing several files sync it once with syncDirectory.
    static void syncAndRename(const std::string& tempPath, const std::string& path);

    /// Makes the directory's entries (creations, renames, removals) durable.
    static void syncDirectory(const std::string& directory);

    /// The file's size in bytes.
    static std::uint64_t size(const std::string& path);

    /// SHA-256 of the file's contents as 64 lowercase hex characters, read in chunks (graph files are
    /// hundreds of megabytes).
    static std::string sha256Hex(const std::string& path);

    /// The whole file as a string.
    static std::string read(const std::string& path);
};
} // namespace akashi::search
