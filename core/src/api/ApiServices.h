#pragma once
#include <chrono>
#include <functional>

namespace akashi::api
{
/// What the route handlers need from the rest of the server, gathered by the HTTP subsystem.
struct ApiServices
{
    std::function<bool()> pingDatabase;
    std::chrono::steady_clock::time_point startedAt;
};
} // namespace akashi::api
