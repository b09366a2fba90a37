#pragma once
#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <optional>

namespace akashi::json
{
/// An object that keeps its keys in insertion order, so responses list fields as the reference does.
inline Poco::JSON::Object::Ptr orderedObject()
{
    return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

/// The value, or JSON null when absent.
template <typename T>
Poco::Dynamic::Var orNull(const std::optional<T>& value)
{
    return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}
} // namespace akashi::json
