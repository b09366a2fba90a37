#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace akashi::stream
{
/// The message the relay sends on the notify transport for one stream event:
/// `{"seq":N,"org_id":"<uuid>","data":<payload>}`, or without `data` when that would not fit the
/// transport's payload limit (PostgreSQL NOTIFY: under 8000 bytes); receivers then read the payload
/// from stream_events by seq.
struct StreamEnvelope
{
    std::int64_t seq = 0;
    std::string orgId;
    std::optional<std::string> payload; ///< nullopt = fetch it by seq

    /// `payload` is trusted JSON (built by PostgreSQL); it is embedded as is.
    static std::string encode(std::int64_t seq, const std::string& orgId, const std::string& payload,
                              std::size_t maxBytes);

    /// nullopt when the message is not an envelope (it is then dropped and logged by the caller).
    static std::optional<StreamEnvelope> decode(const std::string& message);
};
} // namespace akashi::stream
