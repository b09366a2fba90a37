#include "http/ClientAddress.h"

#include <Poco/Net/IPAddress.h>

namespace akashi::http
{
namespace
{
std::string_view trimmed(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

std::string normalised(const Poco::Net::IPAddress& address)
{
    if (address.family() == Poco::Net::IPAddress::IPv6 && address.isIPv4Mapped())
    {
        // ::ffff:a.b.c.d is the IPv4 client a.b.c.d seen through a dual-stack socket.
        const auto* bytes = static_cast<const unsigned char*>(address.addr());
        return Poco::Net::IPAddress(bytes + 12, 4).toString();
    }
    return address.toString();
}

/// Poco parses IPv4 with inet_aton, which also takes "127.1" or "0x7f000001"; a forwarded address is
/// four dotted decimals.
bool isDottedQuad(std::string_view text)
{
    int dots = 0;
    for (char c : text)
    {
        if (c == '.')
            ++dots;
        else if (c < '0' || c > '9')
            return false;
    }
    return dots == 3;
}
} // namespace

std::optional<std::string> ClientAddress::parse(std::string_view entry)
{
    std::string_view text = trimmed(entry);
    if (!text.empty() && text.front() == '[')
    {
        // [v6] or [v6]:port
        const auto close = text.find(']');
        if (close == std::string_view::npos)
            return std::nullopt;
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty() && rest.front() != ':')
            return std::nullopt;
        text = text.substr(1, close - 1);
    }
    else if (text.find(':') != std::string_view::npos && text.find(':') == text.rfind(':'))
    {
        text = text.substr(0, text.find(':')); // one colon: IPv4 with a port (IPv6 has at least two)
    }
    Poco::Net::IPAddress address;
    const bool v6 = text.find(':') != std::string_view::npos;
    if (text.empty() || (!v6 && !isDottedQuad(text)) || !Poco::Net::IPAddress::tryParse(std::string(text), address))
        return std::nullopt;
    return normalised(address);
}

std::string ClientAddress::resolve(const std::string& peerHost, std::string_view forwardedFor, bool trustProxy)
{
    if (trustProxy)
    {
        std::size_t start = 0;
        while (start <= forwardedFor.size())
        {
            const auto comma = forwardedFor.find(',', start);
            const auto end = comma == std::string_view::npos ? forwardedFor.size() : comma;
            if (auto address = parse(forwardedFor.substr(start, end - start)))
                return *address;
            start = end + 1;
        }
    }
    if (auto peer = parse(peerHost))
        return *peer;
    return peerHost;
}
} // namespace akashi::http
