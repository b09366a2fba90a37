#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace akashi::storage
{
/// Vectors travel to and from PostgreSQL as `real[]` text ("{0.25,-1,...}"): there is no pgvector, and
/// the text form needs no binary-protocol code. Nine significant digits round-trip every float exactly.
std::string formatFloatArray(const std::vector<float>& values);

/// Parses the text form of a one-dimensional `real[]`. Throws akashi::Exception(internal) on anything
/// else (NULL elements, nesting, garbage): a stored vector that does not parse is a bug, not input.
std::vector<float> parseFloatArray(std::string_view text);
} // namespace akashi::storage
