#pragma once
#include "common/Timestamp.h"

#include <optional>
#include <string>

namespace akashi::integrity
{
/// The tamper-evidence hash of a decision (reference §9, docs/integrity.md). Stateless and thread-safe.
///
/// v2 (what the server writes): `"v2:" + hex(SHA-256(f1 ‖ f2 ‖ ... ‖ f6))` where every field is preceded
/// by its length as a 4-byte big-endian integer, over: id, decision_type, outcome, confidence as `%.10f`
/// of its float32 value, valid_from as UTC RFC 3339 truncated to microseconds with trailing fractional
/// zeros dropped (Go's RFC3339Nano), and reasoning ("" when absent).
///
/// v1 (legacy rows, verified only): `hex(SHA-256(id|decision_type|outcome|confidence|valid_from|reasoning))`,
/// the same field texts joined by '|', without a prefix.
class ContentHash
{
public:
    /// The hashed fields exactly as stored: confidence is the column's float32 (`real`) value.
    struct Fields
    {
        std::string id;
        std::string decisionType;
        std::string outcome;
        float confidence = 0;
        Timestamp::TimePoint validFrom;
        std::optional<std::string> reasoning;
    };

    static constexpr const char* kV2Prefix = "v2:";

    static std::string computeV2(const Fields& fields);
    static std::string computeV1(const Fields& fields);

    /// True when `stored` is the hash of `fields`: a `v2:` hash is checked against v2, anything else
    /// against legacy v1. Comparison is exact (lowercase hex).
    static bool matches(const std::string& stored, const Fields& fields);

    /// `%.10f` of the float32 value widened to double, e.g. 0.85f → "0.8500000238".
    static std::string formatConfidence(float confidence);
    /// `2026-01-15T10:30:00.12Z`: UTC, microseconds, trailing fractional zeros (and a zero fraction) dropped.
    static std::string formatValidFrom(Timestamp::TimePoint validFrom);

    /// The v2 preimage (length-prefixed fields), exposed for tests and docs/integrity.md examples.
    static std::string v2Preimage(const Fields& fields);
};
} // namespace akashi::integrity
