#pragma once
#include "api/ApiServices.h"

namespace akashi::http
{
class Router;
}

namespace akashi::api
{
/// The route table: one flat, explicit list of every endpoint (read this to find a request's handler).
void registerRoutes(http::Router& router, const ApiServices& services);

/// The MCP transport's routes (POST/DELETE/GET /mcp, GET /mcp/info); part of registerRoutes.
void registerMcpRoutes(http::Router& router, const ApiServices& services);
} // namespace akashi::api
