#include "mcp/McpAccept.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

namespace akashi::mcp
{
namespace
{
struct Rank
{
    double q = -1; ///< -1: not accepted
    int position = 0;
};

void consider(Rank& rank, double q, int position, int specificity, int& bestSpecificity)
{
    // A more specific media range decides over a wildcard (RFC 9110 §12.5.1), also when it says q=0.
    if (specificity > bestSpecificity || (specificity == bestSpecificity && q > rank.q))
    {
        rank.q = q;
        rank.position = position;
        bestSpecificity = specificity;
    }
}
} // namespace

McpAccept McpAccept::parse(const std::string& header)
{
    Rank json, stream;
    int jsonSpecificity = -1, streamSpecificity = -1;
    const Poco::StringTokenizer ranges(header, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    int position = 0;
    for (const auto& range : ranges)
    {
        const Poco::StringTokenizer parts(range, ";", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
        if (parts.count() == 0)
            continue;
        const std::string type = Poco::toLower(parts[0]);
        double q = 1;
        for (std::size_t i = 1; i < parts.count(); ++i)
        {
            const std::string parameter = Poco::toLower(parts[i]);
            if (parameter.rfind("q=", 0) == 0 && !Poco::NumberParser::tryParseFloat(parameter.substr(2), q))
                q = 0;
        }
        if (type == "application/json")
            consider(json, q, position, 2, jsonSpecificity);
        else if (type == "application/*")
            consider(json, q, position, 1, jsonSpecificity);
        if (type == "text/event-stream")
            consider(stream, q, position, 2, streamSpecificity);
        else if (type == "text/*")
            consider(stream, q, position, 1, streamSpecificity);
        if (type == "*/*")
        {
            consider(json, q, position, 0, jsonSpecificity);
            consider(stream, q, position, 0, streamSpecificity);
        }
        ++position;
    }
    McpAccept accept;
    accept.json = json.q > 0;
    accept.eventStream = stream.q > 0;
    accept.prefersEventStream =
        accept.json && accept.eventStream &&
        (stream.q > json.q || (stream.q == json.q && stream.position < json.position));
    return accept;
}
} // namespace akashi::mcp
