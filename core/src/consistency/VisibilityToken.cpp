#include "consistency/VisibilityToken.h"

#include "common/Exception.h"
#include "storage/PgConnection.h"

#include <cstdio>
#include <stdexcept>
#include <string_view>

namespace akashi::consistency
{
namespace
{
bool isLowerHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool isLowerHex(std::string_view text, std::size_t length)
{
    if (text.size() != length)
        return false;
    for (const char c : text)
        if (!isLowerHex(c))
            return false;
    return true;
}

/// 8-4-4-4-12 lower-case hex digits.
bool isUuid(std::string_view text)
{
    static constexpr std::size_t kGroups[] = {8, 4, 4, 4, 12};
    std::size_t position = 0;
    for (std::size_t group = 0; group < 5; ++group)
    {
        if (group > 0 && (position >= text.size() || text[position++] != '-'))
            return false;
        if (!isLowerHex(text.substr(position, kGroups[group]), kGroups[group]))
            return false;
        position += kGroups[group];
    }
    return position == text.size();
}

/// 1 to 18 decimal digits without a leading zero (always fits an int64).
bool isPositiveDecimal(std::string_view text)
{
    if (text.empty() || text.size() > 18 || text[0] == '0')
        return false;
    for (const char c : text)
        if (c < '0' || c > '9')
            return false;
    return true;
}

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
    // v1.<16 hex> or v1.<16 hex>.<uuid>.<sequence>
    const std::string_view view(text);
    const bool commitForm = view.size() == 19;
    const bool eventsForm = view.size() > 19 && view[19] == '.' && view.size() > 20 + 36 + 1 && view[56] == '.';
    if (view.substr(0, 3) != "v1." || !isLowerHex(view.substr(3, 16), 16) || !(commitForm || eventsForm) ||
        (eventsForm && (!isUuid(view.substr(20, 36)) || !isPositiveDecimal(view.substr(57)))))
        throw Exception(ErrorCode::invalidInput, "invalid " + field + ": not a visibility token issued by this server");
    VisibilityToken token;
    token.lsn = std::stoull(text.substr(3, 16), nullptr, 16);
    if (eventsForm)
    {
        token.runId = text.substr(20, 36);
        token.sequenceNum = std::stoll(text.substr(57));
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
