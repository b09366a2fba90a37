#include "stream/StreamEnvelope.h"

#include <Poco/JSON/Parser.h>

namespace akashi::stream
{
std::string StreamEnvelope::encode(std::int64_t seq, const std::string& orgId, const std::string& payload,
                                   std::size_t maxBytes)
{
    const std::string head = "{\"seq\":" + std::to_string(seq) + ",\"org_id\":\"" + orgId + "\"";
    std::string full = head + ",\"data\":" + payload + "}";
    if (full.size() <= maxBytes)
        return full;
    return head + "}";
}

std::optional<StreamEnvelope> StreamEnvelope::decode(const std::string& message)
{
    try
    {
        auto object = Poco::JSON::Parser().parse(message).extract<Poco::JSON::Object::Ptr>();
        if (!object || !object->has("seq") || !object->has("org_id"))
            return std::nullopt;
        StreamEnvelope envelope;
        envelope.seq = object->getValue<Poco::Int64>("seq");
        envelope.orgId = object->getValue<std::string>("org_id");
        if (envelope.seq <= 0 || envelope.orgId.empty())
            return std::nullopt;
        // The payload's text exactly as PostgreSQL built it (a re-serialisation would reorder its keys):
        // the head before it holds only a number and a uuid, so the first "data": is the envelope's.
        const auto data = message.find("\"data\":");
        if (object->has("data") && data != std::string::npos && message.back() == '}')
            envelope.payload = message.substr(data + 7, message.size() - data - 8);
        return envelope;
    }
    catch (const std::exception&)
    {
        return std::nullopt;
    }
}
} // namespace akashi::stream
