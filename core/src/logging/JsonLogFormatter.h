#pragma once
#include <Poco/Formatter.h>

namespace akashi::logging
{
/// Formats each message as one JSON object per line:
/// `{"time":"2026-01-01T00:00:00.123Z","level":"INFO","msg":"http request","logger":"http",...fields}`.
/// Field values set through `akashi::logging::log` are already JSON-encoded and copied verbatim.
class JsonLogFormatter final : public Poco::Formatter
{
public:
    void format(const Poco::Message& msg, std::string& text) override;
};
} // namespace akashi::logging
