#pragma once
#include <stdexcept>
#include <string>

namespace akashi::server
{
/// A subcommand was called wrongly (unknown option, missing value): reported with the command's usage
/// and exit code 64.
class UsageError : public std::runtime_error
{
public:
    explicit UsageError(const std::string& message) : std::runtime_error(message) {}
};
} // namespace akashi::server
