#include "plugin/HostLoggerAdapter.h"

#include "logging/Log.h"

#include <iostream>

namespace akashi::plugin
{
void HostLoggerAdapter::log(LogLevel level, std::string_view message, const LogFields& fields) noexcept
{
    try
    {
        logging::Fields converted;
        converted.reserve(fields.size());
        for (const auto& [key, value] : fields)
            converted.emplace_back(key, value);
        const auto priority = level == LogLevel::debug  ? Poco::Message::PRIO_DEBUG
                              : level == LogLevel::info ? Poco::Message::PRIO_INFORMATION
                              : level == LogLevel::warn ? Poco::Message::PRIO_WARNING
                                                        : Poco::Message::PRIO_ERROR;
        logging::log(_logger, priority, std::string(message), converted);
    }
    catch (const std::exception& e)
    {
        // The boundary is noexcept; a failing log channel must not take the plugin down with it.
        std::cerr << "plugin log line dropped: " << e.what() << "\n";
    }
}
} // namespace akashi::plugin
