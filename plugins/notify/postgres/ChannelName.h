#pragma once
#include <cstddef>
#include <string>

namespace akashi::plugins::notify::postgres
{
/// Channel names as this transport accepts them: PostgreSQL identifiers limited to ASCII, i.e. a letter
/// or '_' followed by letters, digits, '_' or '$', at most 63 bytes (NAMEDATALEN - 1; PostgreSQL would
/// silently truncate a longer LISTEN name, so it could never match its pg_notify). LISTEN quotes the name,
/// so case is kept and matches pg_notify's channel text exactly. Non-ASCII letters, which PostgreSQL also
/// allows, are refused: their byte length depends on the database encoding.
class ChannelName
{
public:
    static constexpr std::size_t kMaxBytes = 63;

    /// "" when `name` is acceptable, else the reason (e.g. `channel name is empty`).
    static std::string validate(const std::string& name);

    /// `name` as a double-quoted SQL identifier, for LISTEN/UNLISTEN; `name` must have passed validate().
    static std::string quoted(const std::string& name);
};
} // namespace akashi::plugins::notify::postgres
