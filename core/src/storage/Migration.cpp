#include "storage/Migration.h"

#include <cstdio>

namespace akashi::storage
{
std::string Migration::fileName() const
{
    char number[16];
    std::snprintf(number, sizeof number, "%04d", version);
    return std::string(number) + "_" + name + ".sql";
}
} // namespace akashi::storage
