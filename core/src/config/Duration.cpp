#include "config/Duration.h"

#include "common/Exception.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <cmath>

namespace akashi::config
{
namespace
{
/// Nanoseconds per unit, longest unit names first so "ms" is not read as "m" + "s".
struct Unit
{
    std::string_view name;
    double nanos;
};
constexpr Unit kUnits[] = {{"ns", 1},          {"us", 1e3},  {"\xC2\xB5s", 1e3}, {"\xCE\xBCs", 1e3},
                           {"ms", 1e6},        {"s", 1e9},   {"m", 60e9},        {"h", 3600e9}};
} // namespace

std::optional<std::chrono::milliseconds> parseDuration(std::string_view text)
{
    if (text.empty())
        return std::nullopt;
    if (text == "0")
        return std::chrono::milliseconds(0);
    double totalNanos = 0;
    std::size_t i = 0;
    while (i < text.size())
    {
        const std::size_t numberStart = i;
        while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.'))
            ++i;
        if (i == numberStart)
            return std::nullopt; // a sign, a space or a unit without a number
        const std::string number(text.substr(numberStart, i - numberStart));
        if (number.find('.') != number.rfind('.') || number == ".")
            return std::nullopt;
        const Unit* unit = nullptr;
        for (const auto& candidate : kUnits)
            if (text.substr(i, candidate.name.size()) == candidate.name &&
                (!unit || candidate.name.size() > unit->name.size()))
                unit = &candidate;
        if (!unit)
            return std::nullopt;
        i += unit->name.size();
        totalNanos += std::stod(number) * unit->nanos;
    }
    const double millis = std::ceil(totalNanos / 1e6);
    if (!std::isfinite(millis) || millis > 9.2e15)
        return std::nullopt;
    return std::chrono::milliseconds(static_cast<std::int64_t>(millis));
}

std::chrono::milliseconds getDuration(const Poco::Util::AbstractConfiguration& config, const std::string& key)
{
    const std::string text = config.getString(key);
    auto parsed = parseDuration(text);
    if (!parsed)
        throw Exception(ErrorCode::configInvalid, key + ": \"" + text + "\" is not a duration");
    return *parsed;
}
} // namespace akashi::config
