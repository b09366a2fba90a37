#pragma once
#include <Poco/JSON/Object.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace akashi::json
{
/// Strict decoding of one JSON request object into typed values. Every accessor names the field in
/// its error (`invalid request body: field "role" must be a string`), and `finish()` rejects any field
/// that no accessor asked for (`invalid request body: unknown field "rol"`), as the reference server
/// rejects unknown fields. A JSON `null` counts as absent. All errors are
/// akashi::Exception(invalidInput) → 400.
class ObjectReader
{
public:
    /// `prefix` qualifies field names in messages for nested objects, e.g. "filters.".
    explicit ObjectReader(Poco::JSON::Object::Ptr object, std::string prefix = {});

    /// Byte-length bounds for strings; `minBytes` 1 makes "" an error ("must not be empty").
    struct Length
    {
        std::size_t minBytes = 0;
        std::size_t maxBytes = 0;
    };

    std::string requiredString(const std::string& field, Length length);
    std::optional<std::string> optionalString(const std::string& field, Length length);
    std::optional<double> optionalNumber(const std::string& field);
    std::optional<std::int64_t> optionalInteger(const std::string& field);
    std::optional<bool> optionalBool(const std::string& field);
    /// An array of strings, each within `itemLength`, at most `maxItems` long.
    std::optional<std::vector<std::string>> optionalStringArray(const std::string& field, std::size_t maxItems,
                                                                Length itemLength);
    /// A JSON object whose serialised form is at most `maxBytes` (metadata and other free-form maps).
    Poco::JSON::Object::Ptr optionalObject(const std::string& field, std::size_t maxBytes);

    /// An object and its compact JSON text, for callers that store the text: the size check has to
    /// serialise it anyway, so it is serialised once.
    struct ObjectJson
    {
        Poco::JSON::Object::Ptr object;
        std::string text;
    };
    std::optional<ObjectJson> optionalObjectJson(const std::string& field, std::size_t maxBytes);
    /// The compact JSON text of an optional object field, `{}` when absent.
    std::string objectText(const std::string& field, std::size_t maxBytes);

    /// Throws for the first field (in key order) that no accessor read.
    void finish() const;

    /// The error every decoder raises, for validation beyond types ("field \"agent_id\" must match ...").
    [[noreturn]] void fail(const std::string& field, const std::string& problem) const;

private:
    /// The value, or an empty Var when absent or null; marks the field as read.
    Poco::Dynamic::Var take(const std::string& field);
    std::string checkedLength(const std::string& field, std::string value, Length length) const;

    Poco::JSON::Object::Ptr _object;
    std::string _prefix;
    std::set<std::string> _read;
};
} // namespace akashi::json
