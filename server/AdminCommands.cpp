#include "AdminCommands.h"

#include "auth/SigningKeys.h"
#include "common/Exception.h"

#include <iostream>

namespace akashi::server
{
namespace
{
constexpr const char* kKeygenUsage =
    "usage: akashi keygen [--private-key PATH] [--public-key PATH]\n"
    "Writes a new Ed25519 key pair for JWT signing (mode 0600; existing files are never overwritten).\n"
    "Defaults: ./akashi-private.pem and ./akashi-public.pem. Then set AKASHI_JWT_PRIVATE_KEY and\n"
    "AKASHI_JWT_PUBLIC_KEY to those paths and restart the server.\n";
} // namespace

std::optional<int> AdminCommands::run(const std::vector<std::string>& args)
{
    if (!args.empty() && args[0] == "keygen")
        return keygen({args.begin() + 1, args.end()});
    return std::nullopt;
}

int AdminCommands::keygen(const std::vector<std::string>& args)
{
    std::string privatePath = "akashi-private.pem";
    std::string publicPath = "akashi-public.pem";
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h")
        {
            std::cout << kKeygenUsage;
            return 0;
        }
        if ((arg == "--private-key" || arg == "--public-key") && i + 1 < args.size())
        {
            (arg == "--private-key" ? privatePath : publicPath) = args[++i];
            continue;
        }
        std::cerr << "akashi keygen: unexpected argument \"" << arg << "\"\n" << kKeygenUsage;
        return 64; // EX_USAGE
    }
    try
    {
        auth::SigningKeys::writeNewPair(privatePath, publicPath);
    }
    catch (const Exception& e)
    {
        std::cerr << "akashi keygen: " << e.fullText() << "\n";
        return 73; // EX_CANTCREAT
    }
    std::cout << "wrote " << privatePath << " and " << publicPath << " (mode 0600)\n"
              << "AKASHI_JWT_PRIVATE_KEY=" << privatePath << "\nAKASHI_JWT_PUBLIC_KEY=" << publicPath << "\n";
    return 0;
}
} // namespace akashi::server
