#include "logging/JsonLogFormatter.h"

#include "logging/JsonEscape.h"
#include "logging/Log.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Message.h>


namespace akashi::logging
{
namespace
{
const char* levelName(Poco::Message::Priority p)
{
    switch (p)
    {
    case Poco::Message::PRIO_TRACE:
    case Poco::Message::PRIO_DEBUG: return "DEBUG";
    case Poco::Message::PRIO_INFORMATION:
    case Poco::Message::PRIO_NOTICE: return "INFO";
    case Poco::Message::PRIO_WARNING: return "WARN";
    default: return "ERROR";
    }
}
} // namespace

void JsonLogFormatter::format(const Poco::Message& msg, std::string& text)
{
    text.reserve(text.size() + 160);
    text += "{\"time\":\"";
    text += Poco::DateTimeFormatter::format(msg.getTime(), "%Y-%m-%dT%H:%M:%S.%iZ");
    text += "\",\"level\":\"";
    text += levelName(msg.getPriority());
    text += "\",\"msg\":\"";
    text += jsonEscape(msg.getText());
    text += "\"";
    if (!msg.getSource().empty())
    {
        text += ",\"logger\":\"";
        text += jsonEscape(msg.getSource());
        text += "\"";
    }
    if (msg.has(kFieldsParameter))
        text += msg.get(kFieldsParameter);
    text += "}";
}
} // namespace akashi::logging
