#pragma once
#include <akashi/plugin/Status.h>

#include <cstdint>
#include <functional>
#include <string>

namespace akashi::notify
{
inline constexpr std::uint32_t kNotifyTransportApiVersion = 1;
inline constexpr const char* kNotifyTransportKind = "notify";

/// Called once per message delivered on a subscribed channel. Runs on a transport thread: it must be
/// quick, must not throw and must not call back into the transport.
using DeliveryCallback = std::function<void(const std::string& channel, const std::string& payload)>;

/// Called when the transport loses (`connected == false`) or regains its connection, so subscribers can
/// replay what they may have missed from the database.
using ConnectionCallback = std::function<void(bool connected)>;

struct SubscribeResult
{
    plugin::Status status;
    std::uint64_t subscriptionId = 0; ///< pass to `unsubscribe`; non-zero on success
};

/// Delivers messages on named channels (e.g. `akashi_decisions`) to every subscriber, across server
/// instances where the transport supports it.
/// Thread-safety: all methods may be called concurrently; callbacks may run concurrently with them.
class NotifyTransport
{
public:
    virtual ~NotifyTransport() = default;

    /// Sends `payload` (UTF-8 JSON, at most `maxPayloadBytes()`) to every subscriber of `channel`.
    virtual plugin::Status publish(const std::string& channel, const std::string& payload) noexcept = 0;

    /// Registers `onMessage` for `channel`; deliveries start after this returns ok.
    virtual SubscribeResult subscribe(const std::string& channel, DeliveryCallback onMessage) noexcept = 0;

    /// Stops deliveries for `subscriptionId`; once it returns, the callback is not running and will not run.
    virtual plugin::Status unsubscribe(std::uint64_t subscriptionId) noexcept = 0;

    /// Registers a callback for connection changes (replaces any previous one; empty to clear).
    virtual void onConnectionChange(ConnectionCallback callback) noexcept = 0;

    /// Largest payload `publish` accepts; larger messages must carry an id instead of the body.
    virtual std::size_t maxPayloadBytes() const noexcept = 0;
};
} // namespace akashi::notify
