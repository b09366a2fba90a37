#pragma once
#include <Poco/Logger.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace akashi::logging
{
/// Name of the Poco::Message parameter that carries the encoded fields (see JsonLogFormatter).
inline constexpr const char* kFieldsParameter = "akashi.fields";

/// A typed log field value, so numbers stay numbers in the JSON line.
using FieldValue = std::variant<std::string, std::int64_t, double, bool>;

struct Field
{
    std::string key;
    FieldValue value;

    Field(std::string k, std::string v) : key(std::move(k)), value(std::move(v)) {}
    Field(std::string k, const char* v) : key(std::move(k)), value(std::string(v)) {}
    Field(std::string k, std::string_view v) : key(std::move(k)), value(std::string(v)) {}
    Field(std::string k, bool v) : key(std::move(k)), value(v) {}
    Field(std::string k, double v) : key(std::move(k)), value(v) {}
    template <typename Int, typename = std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool>>>
    Field(std::string k, Int v) : key(std::move(k)), value(static_cast<std::int64_t>(v))
    {
    }
};

using Fields = std::vector<Field>;

/// Logs `message` with structured `fields` at `priority`; `JsonLogFormatter` writes them as JSON members.
/// Cheap when the level is disabled: fields are only encoded when the line will be written.
void log(Poco::Logger& logger, Poco::Message::Priority priority, const std::string& message, const Fields& fields = {});

inline void debug(Poco::Logger& logger, const std::string& message, const Fields& fields = {})
{
    log(logger, Poco::Message::PRIO_DEBUG, message, fields);
}
inline void info(Poco::Logger& logger, const std::string& message, const Fields& fields = {})
{
    log(logger, Poco::Message::PRIO_INFORMATION, message, fields);
}
inline void warn(Poco::Logger& logger, const std::string& message, const Fields& fields = {})
{
    log(logger, Poco::Message::PRIO_WARNING, message, fields);
}
inline void error(Poco::Logger& logger, const std::string& message, const Fields& fields = {})
{
    log(logger, Poco::Message::PRIO_ERROR, message, fields);
}

/// Maps the runbook's AKASHI_LOG_LEVEL names (debug, info, warn, error) to Poco priorities; returns
/// false for anything else.
bool parseLevel(std::string_view name, Poco::Message::Priority& out) noexcept;
} // namespace akashi::logging
