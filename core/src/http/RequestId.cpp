#include "http/RequestId.h"

#include <Poco/UUIDGenerator.h>

namespace akashi::http
{
bool RequestId::isAcceptable(const std::string& candidate) noexcept
{
    if (candidate.empty() || candidate.size() > 128)
        return false;
    for (unsigned char c : candidate)
        if (c < 0x21 || c > 0x7E)
            return false;
    return true;
}

std::string RequestId::fromHeader(const std::string& candidate)
{
    return isAcceptable(candidate) ? candidate : generate();
}

std::string RequestId::generate()
{
    return Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
}
} // namespace akashi::http
