#include "logging/Log.h"

#include "logging/JsonEscape.h"

#include <cmath>
#include <cstdio>

namespace akashi::logging
{
namespace
{
std::string encodeValue(const FieldValue& value)
{
    struct Encoder
    {
        std::string operator()(const std::string& s) const { return "\"" + jsonEscape(s) + "\""; }
        std::string operator()(std::int64_t i) const { return std::to_string(i); }
        std::string operator()(bool b) const { return b ? "true" : "false"; }
        std::string operator()(double d) const
        {
            if (!std::isfinite(d))
                return "null";
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.6g", d);
            return buf;
        }
    };
    return std::visit(Encoder{}, value);
}
} // namespace

void log(Poco::Logger& logger, Poco::Message::Priority priority, const std::string& message, const Fields& fields)
{
    if (!logger.is(priority))
        return;
    Poco::Message msg(logger.name(), message, priority);
    // Poco 1.11 messages cannot enumerate their parameters, so the fields travel as one ordered,
    // already-encoded JSON fragment that the formatter appends verbatim.
    if (!fields.empty())
    {
        std::string fragment;
        for (const auto& field : fields)
        {
            // The formatter writes time, level, msg and logger itself; a field of the same name (a plugin's,
            // say) would make a duplicate JSON key, so it is renamed.
            const bool reserved = field.key == "time" || field.key == "level" || field.key == "msg" || field.key == "logger";
            fragment += ",\"" + std::string(reserved ? "field." : "") + jsonEscape(field.key) + "\":" + encodeValue(field.value);
        }
        msg.set(kFieldsParameter, fragment);
    }
    logger.log(msg);
}

bool parseLevel(std::string_view name, Poco::Message::Priority& out) noexcept
{
    if (name == "debug")
        out = Poco::Message::PRIO_DEBUG;
    else if (name == "info")
        out = Poco::Message::PRIO_INFORMATION;
    else if (name == "warn")
        out = Poco::Message::PRIO_WARNING;
    else if (name == "error")
        out = Poco::Message::PRIO_ERROR;
    else
        return false;
    return true;
}
} // namespace akashi::logging
