#pragma once
#include "plugins/PluginInstance.h"

#include <akashi/notify/NotifyTransport.h>

#include <cppunit/TestAssert.h>

#include <cstdint>
#include <string>

namespace akashi::plugins::notify
{
/// subscribe and publish on a loaded transport plugin, failing the test on an error status (shared by
/// the inprocess and postgres suites).
using TransportInstance = PluginInstance<akashi::notify::NotifyTransport>;

inline std::uint64_t subscribe(TransportInstance& transport, const std::string& channel,
                               akashi::notify::DeliveryCallback callback)
{
    const auto result = transport->subscribe(channel, std::move(callback));
    CPPUNIT_ASSERT_MESSAGE(result.status.message, result.status.isOk());
    CPPUNIT_ASSERT(result.subscriptionId != 0);
    return result.subscriptionId;
}

inline void publish(TransportInstance& transport, const std::string& channel, const std::string& payload)
{
    const auto status = transport->publish(channel, payload);
    CPPUNIT_ASSERT_MESSAGE(status.message, status.isOk());
}
} // namespace akashi::plugins::notify
