#include "integrity/ContentHash.h"

#include "common/Sha256.h"

#include <cstdint>
#include <cstdio>

namespace akashi::integrity
{
namespace
{
void appendField(std::string& out, const std::string& field)
{
    const auto length = static_cast<std::uint32_t>(field.size());
    out.push_back(static_cast<char>((length >> 24) & 0xff));
    out.push_back(static_cast<char>((length >> 16) & 0xff));
    out.push_back(static_cast<char>((length >> 8) & 0xff));
    out.push_back(static_cast<char>(length & 0xff));
    out += field;
}
} // namespace

std::string ContentHash::formatConfidence(float confidence)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.10f", static_cast<double>(confidence));
    return text;
}

std::string ContentHash::formatValidFrom(Timestamp::TimePoint validFrom)
{
    // Timestamp's microsecond clock already truncates; toRfc3339 drops trailing zeros as Go does.
    return Timestamp::toRfc3339(validFrom);
}

std::string ContentHash::v2Preimage(const Fields& fields)
{
    std::string preimage;
    preimage.reserve(fields.id.size() + fields.decisionType.size() + fields.outcome.size() +
                     fields.reasoning.value_or(std::string()).size() + 80);
    appendField(preimage, fields.id);
    appendField(preimage, fields.decisionType);
    appendField(preimage, fields.outcome);
    appendField(preimage, formatConfidence(fields.confidence));
    appendField(preimage, formatValidFrom(fields.validFrom));
    appendField(preimage, fields.reasoning.value_or(std::string()));
    return preimage;
}

std::string ContentHash::computeV2(const Fields& fields)
{
    return kV2Prefix + Sha256::hex(v2Preimage(fields));
}

std::string ContentHash::computeV1(const Fields& fields)
{
    const std::string joined = fields.id + "|" + fields.decisionType + "|" + fields.outcome + "|" +
                               formatConfidence(fields.confidence) + "|" + formatValidFrom(fields.validFrom) + "|" +
                               fields.reasoning.value_or(std::string());
    return Sha256::hex(joined);
}

bool ContentHash::matches(const std::string& stored, const Fields& fields)
{
    if (stored.rfind(kV2Prefix, 0) == 0)
        return stored == computeV2(fields);
    return stored == computeV1(fields);
}
} // namespace akashi::integrity
