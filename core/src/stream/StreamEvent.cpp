#include "stream/StreamEvent.h"

#include <Poco/JSON/Parser.h>

namespace akashi::stream
{
std::shared_ptr<const StreamEvent> makeStreamEvent(std::int64_t seq, std::string channel, std::string orgId,
                                                   std::string payload)
{
    auto event = std::make_shared<StreamEvent>();
    try
    {
        auto object = Poco::JSON::Parser().parse(payload).extract<Poco::JSON::Object::Ptr>();
        if (!object)
            return nullptr;
        for (const char* key : {"agent_id", "agent_a", "agent_b"})
            if (object->has(key) && object->get(key).isString())
                event->agents.push_back(object->getValue<std::string>(key));
    }
    catch (const std::exception&)
    {
        return nullptr;
    }
    // The payload came from json_build_object: one line. A newline would end the SSE data field early,
    // so it is split into data lines as the SSE format requires.
    std::string frame = "id: " + std::to_string(seq) + "\nevent: " + channel + "\n";
    std::size_t start = 0;
    while (start <= payload.size())
    {
        const auto end = payload.find('\n', start);
        frame += "data: " + payload.substr(start, end == std::string::npos ? std::string::npos : end - start) + "\n";
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    frame += "\n";
    event->seq = seq;
    event->channel = std::move(channel);
    event->orgId = std::move(orgId);
    event->payload = std::move(payload);
    event->frame = std::make_shared<const std::string>(std::move(frame));
    return event;
}
} // namespace akashi::stream
