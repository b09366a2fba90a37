#include "integrity/ContentHash.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

namespace akashi::integrity
{
/// The content hash against vectors computed independently: each preimage was written byte by byte
/// with printf (4-byte big-endian length, then the field) and hashed with sha256sum.
class ContentHashTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ContentHashTest);
    CPPUNIT_TEST(testV2KnownVectors);
    CPPUNIT_TEST(testV1KnownVectors);
    CPPUNIT_TEST(testFieldFormatting);
    CPPUNIT_TEST(testPreimageLayout);
    CPPUNIT_TEST(testMatchesDetectsEveryField);
    CPPUNIT_TEST_SUITE_END();

    static Timestamp::TimePoint at(const std::string& text)
    {
        auto parsed = Timestamp::parseRfc3339(text);
        CPPUNIT_ASSERT_MESSAGE(text, parsed.has_value());
        return *parsed;
    }

    struct Vector
    {
        ContentHash::Fields fields;
        std::string v2;
        std::string v1; ///< empty: not checked
    };

    std::vector<Vector> vectors()
    {
        return {
            {{"00000000-0000-0000-0000-000000000001", "architecture", "use postgres", 0.85f,
              at("2026-01-15T10:30:00.123456Z"), std::string("it is durable")},
             "v2:a05dc6adc63aae8632379bf2aecf3aefe1deec943ad8a5761c01d73257398ad8",
             "ff25f42831e24c862b3caf69b69b43f25e2776bafb2f68a605e28eaf8e79a04d"},
            // No reasoning hashes as ""; a whole second prints no fraction.
            {{"00000000-0000-0000-0000-000000000002", "model_selection", "gpt", 1.0f, at("2026-01-15T10:30:00Z"),
              std::nullopt},
             "v2:17001cb1ce14205d6457cccf4191d4a94ddf6953c0de9fab5ea1ee1115c55a76",
             "17d241129304cd88031633decfc98a637516d1f2c58caf0ca616f0b1db25ec64"},
            // Trailing fractional zeros are dropped (.120000 → .12), as Go's RFC3339Nano does.
            {{"00000000-0000-0000-0000-000000000003", "trade_off", "b", 0.1f, at("2026-01-15T10:30:00.120000Z"),
              std::string("r")},
             "v2:8c8d82605e826b91dd923fc94418dd66eac9840005e0a22bde5235302dccbfa2",
             ""},
        };
    }

public:
    void testV2KnownVectors()
    {
        for (const auto& vector : vectors())
        {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(vector.fields.id, vector.v2, ContentHash::computeV2(vector.fields));
            CPPUNIT_ASSERT(ContentHash::matches(vector.v2, vector.fields));
        }
    }

    void testV1KnownVectors()
    {
        for (const auto& vector : vectors())
        {
            if (vector.v1.empty())
                continue;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(vector.fields.id, vector.v1, ContentHash::computeV1(vector.fields));
            CPPUNIT_ASSERT(ContentHash::matches(vector.v1, vector.fields));
            // A v1 digest is never accepted as v2 and the other way round.
            CPPUNIT_ASSERT(!ContentHash::matches("v2:" + vector.v1, vector.fields));
            CPPUNIT_ASSERT(!ContentHash::matches(vector.v2.substr(3), vector.fields));
        }
    }

    void testFieldFormatting()
    {
        struct Case
        {
            float confidence;
            const char* expected;
        };
        for (const auto& c : std::vector<Case>{{0.85f, "0.8500000238"},
                                               {0.1f, "0.1000000015"},
                                               {0.0f, "0.0000000000"},
                                               {1.0f, "1.0000000000"},
                                               {0.5f, "0.5000000000"}})
            CPPUNIT_ASSERT_EQUAL(std::string(c.expected), ContentHash::formatConfidence(c.confidence));

        struct TimeCase
        {
            const char* input;
            const char* expected;
        };
        for (const auto& c : std::vector<TimeCase>{{"2026-01-15T10:30:00Z", "2026-01-15T10:30:00Z"},
                                                   {"2026-01-15T10:30:00.5Z", "2026-01-15T10:30:00.5Z"},
                                                   {"2026-01-15T10:30:00.000001Z", "2026-01-15T10:30:00.000001Z"},
                                                   {"2026-01-15T10:30:00.123456789Z", "2026-01-15T10:30:00.123456Z"},
                                                   {"2026-01-15T12:30:00.25+02:00", "2026-01-15T10:30:00.25Z"}})
            CPPUNIT_ASSERT_EQUAL(std::string(c.expected), ContentHash::formatValidFrom(at(c.input)));
    }

    void testPreimageLayout()
    {
        const ContentHash::Fields fields{"id", "t", "o", 0.5f, at("2026-01-15T10:30:00Z"), std::nullopt};
        const std::string expected = std::string("\0\0\0\x02id", 6) + std::string("\0\0\0\x01t", 5) +
                                     std::string("\0\0\0\x01o", 5) + std::string("\0\0\0\x0c", 4) + "0.5000000000" +
                                     std::string("\0\0\0\x14", 4) + "2026-01-15T10:30:00Z" + std::string("\0\0\0\0", 4);
        CPPUNIT_ASSERT(expected == ContentHash::v2Preimage(fields));
    }

    void testMatchesDetectsEveryField()
    {
        const auto original = vectors().front();
        const std::string hash = original.v2;
        auto changed = original.fields;
        changed.id = "00000000-0000-0000-0000-000000000009";
        CPPUNIT_ASSERT(!ContentHash::matches(hash, changed));
        changed = original.fields;
        changed.decisionType = "Architecture";
        CPPUNIT_ASSERT(!ContentHash::matches(hash, changed));
        changed = original.fields;
        changed.outcome += " ";
        CPPUNIT_ASSERT(!ContentHash::matches(hash, changed));
        changed = original.fields;
        changed.confidence = 0.8500001f;
        CPPUNIT_ASSERT(!ContentHash::matches(hash, changed));
        changed = original.fields;
        changed.validFrom += std::chrono::microseconds(1);
        CPPUNIT_ASSERT(!ContentHash::matches(hash, changed));
        changed = original.fields;
        changed.reasoning = std::nullopt;
        CPPUNIT_ASSERT(!ContentHash::matches(hash, changed));
        // Length prefixes keep field boundaries: moving a character between fields changes the hash.
        changed = original.fields;
        changed.decisionType = "architectureu";
        changed.outcome = "se postgres";
        CPPUNIT_ASSERT(!ContentHash::matches(hash, changed));
        CPPUNIT_ASSERT(!ContentHash::matches("", original.fields));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ContentHashTest);
} // namespace akashi::integrity
