#include "storage/FloatArray.h"

#include "common/Exception.h"

#include <cstdio>
#include <cstdlib>

namespace akashi::storage
{
std::string formatFloatArray(const std::vector<float>& values)
{
    std::string out;
    out.reserve(values.size() * 12 + 2);
    out += '{';
    char buffer[32];
    for (std::size_t i = 0; i < values.size(); ++i)
    {
        if (i > 0)
            out += ',';
        const int n = std::snprintf(buffer, sizeof buffer, "%.9g", static_cast<double>(values[i]));
        out.append(buffer, static_cast<std::size_t>(n));
    }
    out += '}';
    return out;
}

std::vector<float> parseFloatArray(std::string_view text)
{
    auto fail = [&](const char* why) {
        return Exception(ErrorCode::internal, std::string("stored vector is not a real[]: ") + why);
    };
    if (text.size() < 2 || text.front() != '{' || text.back() != '}')
        throw fail("missing braces");
    std::vector<float> values;
    // strtof needs a terminated string; the text of one vector is small enough to copy once.
    const std::string body(text.substr(1, text.size() - 2));
    if (body.empty())
        return values;
    values.reserve(body.size() / 8);
    const char* p = body.c_str();
    while (true)
    {
        char* end = nullptr;
        const float value = std::strtof(p, &end);
        if (end == p)
            throw fail("element is not a number");
        values.push_back(value);
        p = end;
        if (*p == '\0')
            break;
        if (*p != ',')
            throw fail("unexpected character");
        ++p;
    }
    return values;
}
} // namespace akashi::storage
