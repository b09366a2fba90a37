#pragma once
#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <optional>
#include <sstream>
#include <string>

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

/// Compact JSON text of `object`, `{}` for none (what jsonb columns are given).
inline std::string compactText(const Poco::JSON::Object::Ptr& object)
{
    if (!object)
        return "{}";
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(object, out);
    return out.str();
}
} // namespace akashi::json
