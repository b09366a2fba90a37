#pragma once
#include <string>

namespace akashi::test
{
/// Prometheus's own linter on a metrics text: `promtool check metrics` (Debian package `prometheus`,
/// /usr/bin/promtool) run as a subprocess with `text` on its standard input.
class Promtool
{
public:
    struct Result
    {
        int exitCode = -1; ///< 0 = clean; promtool exits non-zero for parse errors and lint problems
        std::string output; ///< what it printed (stdout and stderr)
    };

    /// Throws std::runtime_error when promtool cannot be started (not installed: `make deps`).
    static Result checkMetrics(const std::string& text);
};
} // namespace akashi::test
