#include "consistency/VisibilityToken.h"

#include "common/Exception.h"
#include "storage/PgConnection.h"

#include <cstdio>
#include <regex>
#include <stdexcept>

namespace akashi::consistency
{
namespace
{
const std::regex kTokenPattern("^v1\\.([0-9a-f]{16})(?:\\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
                               "\\.([1-9][0-9]{0,17}))?$");

std::string hex16(std::uint64_t value)
{
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
    return text;
}
} // namespace

std::string VisibilityToken::encode() const
{
    std::string text = "v1." + hex16(lsn);
    if (runId)
        text += "." + *runId + "." + std::to_string(sequenceNum);
    return text;
}

VisibilityToken VisibilityToken::parse(const std::string& text, const std::string& field)
{
    std::smatch match;
    if (text.size() > 128 || !std::regex_match(text, match, kTokenPattern))
        throw Exception(ErrorCode::invalidInput,
                        "invalid " + field + ": not a visibility token issued by this server");
    VisibilityToken token;
    token.lsn = std::stoull(match[1].str(), nullptr, 16);
    if (match[2].matched)
    {
        token.runId = match[2].str();
        token.sequenceNum = std::stoll(match[3].str());
    }
    return token;
}

VisibilityToken VisibilityToken::afterCommit(storage::PgConnection& connection)
{
    VisibilityToken token;
    token.lsn = parseLsn(connection.exec("SELECT pg_current_wal_lsn()::text AS lsn").text(0, "lsn"));
    return token;
}

VisibilityToken VisibilityToken::forBufferedEvents(std::string runId, std::int64_t lastSequenceNum)
{
    VisibilityToken token;
    token.runId = std::move(runId);
    token.sequenceNum = lastSequenceNum;
    return token;
}

std::uint64_t VisibilityToken::parseLsn(const std::string& text)
{
    const auto slash = text.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == text.size() || slash > 8 || text.size() - slash - 1 > 8)
        throw std::invalid_argument("not a WAL position: " + text);
    std::size_t used = 0;
    const auto high = std::stoull(text.substr(0, slash), &used, 16);
    if (used != slash)
        throw std::invalid_argument("not a WAL position: " + text);
    const auto low = std::stoull(text.substr(slash + 1), &used, 16);
    if (used != text.size() - slash - 1)
        throw std::invalid_argument("not a WAL position: " + text);
    return (high << 32) | low;
}

std::string VisibilityToken::formatLsn(std::uint64_t lsn)
{
    char text[24];
    std::snprintf(text, sizeof text, "%llX/%llX", static_cast<unsigned long long>(lsn >> 32),
                  static_cast<unsigned long long>(lsn & 0xffffffffULL));
    return text;
}
} // namespace akashi::consistency
