#include "api/ConflictFixtures.h"

#include <cppunit/extensions/HelperMacros.h>

namespace akashi::test
{
/// PATCH /v1/conflicts/{id} end to end (resolve with a winner, false positives and their labels, what a
/// second PATCH gets, every validation error) and the recommendation GET /v1/conflicts/{id} computes from
/// confidences, past wins and revision chains.
class ConflictLifecycleApiTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConflictLifecycleApiTest);
    CPPUNIT_TEST(testResolveAndFalsePositive);
    CPPUNIT_TEST(testPatchValidation);
    CPPUNIT_TEST(testRecommendationFromHistory);
    CPPUNIT_TEST_SUITE_END();

    static std::string admin() { return IdentityServer::admin(); }

public:
    void testResolveAndFalsePositive()
    {
        IdentityServer server("conflicts_resolve", IdentityServer::withoutConflictDetection());
        ConflictFixtures fx(server);
        const std::string org = IdentityServer::kDefaultOrg;
        server.insertAgent(org, "alice", "agent", "alice-key", {"team"});
        server.insertAgent(org, "bob", "agent", "bob-key", {"team"});
        const auto a1 = fx.trace("alice", 0.9);
        const auto b1 = fx.trace("bob", 0.4);
        const auto a2 = fx.trace("alice", 0.5);
        const auto b2 = fx.trace("bob", 0.5);
        const auto resolved = fx.insertConflict({a1, b1, "2026-01-01T00:00:01Z"});
        const auto related = fx.insertConflict({a2, b2, "2026-01-01T00:00:02Z"});
        const auto unrelated = fx.insertConflict({a1, b2, "2026-01-01T00:00:03Z"});
        const auto asAlice = server.bearer("alice", "alice-key");

        // Open: the detail recommends the more confident decision.
        auto detail = server.call("GET", "/v1/conflicts/" + resolved, "", asAlice).json()->getObject("data");
        auto recommendation = detail->getObject("recommendation");
        CPPUNIT_ASSERT(recommendation);
        CPPUNIT_ASSERT_EQUAL(a1, recommendation->getValue<std::string>("suggested_winner"));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.175, recommendation->getValue<double>("confidence"), 0.0011);
        auto reasons = recommendation->getArray("reasons");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), reasons->size());
        CPPUNIT_ASSERT_EQUAL(std::string("higher confidence (0.90 vs 0.40)"), reasons->getElement<std::string>(0));

        // Resolve with a winner (not the recommended one: the recommendation only advises).
        auto reply = fx.patch(resolved,
                              R"({"status":"resolved","winning_decision_id":")" + b1 +
                                  R"(","resolution_note":"bob measured it"})",
                              asAlice);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
        auto data = reply.json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(resolved, data->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("resolved"), data->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), data->getValue<std::string>("resolved_by"));
        CPPUNIT_ASSERT_EQUAL(b1, data->getValue<std::string>("winning_decision_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("bob measured it"), data->getValue<std::string>("resolution_note"));
        CPPUNIT_ASSERT(data->has("resolved_at") && !data->has("false_positive_label") && !data->has("recommendation"));
        CPPUNIT_ASSERT_EQUAL(std::string("bob"), data->getValue<std::string>("agent_b"));
        const auto token = data->getValue<std::string>("visibility_token");
        CPPUNIT_ASSERT_EQUAL(token, reply.headers.get("X-Akashi-Visibility-Token"));

        // Read after write: resolved, and no recommendation any more.
        detail = server.call("GET", "/v1/conflicts/" + resolved + "?min_visibility_token=" + token, "", asAlice)
                     .json()
                     ->getObject("data");
        CPPUNIT_ASSERT_EQUAL(std::string("resolved"), detail->getValue<std::string>("status"));
        CPPUNIT_ASSERT(!detail->has("recommendation"));

        // Resolved is final: a second PATCH of either kind is refused and changes nothing.
        expectError(fx.patch(resolved, R"({"status":"resolved","winning_decision_id":")" + a1 + "\"}", asAlice), 409,
                    "conflict already resolved");
        expectError(fx.patch(resolved, R"({"status":"false_positive"})"), 409, "conflict already resolved");
        CPPUNIT_ASSERT_EQUAL(
            b1, server.sql()
                    .exec("SELECT winning_decision_id::text AS w FROM scored_conflicts WHERE id = $1::uuid",
                          storage::SqlParams().add(resolved))
                    .text(0, "w"));

        // False positives carry their label (default unrelated_false_positive), stored in its column.
        data = fx.patch(related, R"({"status":"false_positive","false_positive_label":"related_not_contradicting"})",
                        asAlice)
                   .json()
                   ->getObject("data");
        CPPUNIT_ASSERT_EQUAL(std::string("false_positive"), data->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(std::string("related_not_contradicting"),
                             data->getValue<std::string>("false_positive_label"));
        CPPUNIT_ASSERT(!data->has("winning_decision_id"));
        data = fx.patch(unrelated, R"({"status":"false_positive"})").json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(std::string("unrelated_false_positive"),
                             data->getValue<std::string>("false_positive_label"));
        CPPUNIT_ASSERT_EQUAL(std::string("admin"), data->getValue<std::string>("resolved_by"));
        auto stored = server.sql().exec("SELECT false_positive_label, resolved_by, resolved_at IS NOT NULL AS at "
                                        "FROM scored_conflicts WHERE id = $1::uuid",
                                        storage::SqlParams().add(related));
        CPPUNIT_ASSERT_EQUAL(std::string("related_not_contradicting"), stored.text(0, "false_positive_label"));
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), stored.text(0, "resolved_by"));
        CPPUNIT_ASSERT(stored.boolean(0, "at"));
        expectError(fx.patch(related, R"({"status":"resolved"})"), 409, "conflict already marked false_positive");
        CPPUNIT_ASSERT(
            (fx.listed("/v1/conflicts?status=false_positive") == std::vector<std::string>{unrelated, related}));
        auto fromGet = server.call("GET", "/v1/conflicts/" + related, "", admin()).json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(std::string("related_not_contradicting"),
                             fromGet->getValue<std::string>("false_positive_label"));
    }

    void testPatchValidation()
    {
        IdentityServer server("conflicts_patch", IdentityServer::withoutConflictDetection());
        ConflictFixtures fx(server);
        const auto a1 = fx.trace("alice", 0.9);
        const auto b1 = fx.trace("bob", 0.4);
        const auto c1 = fx.trace("carol", 0.6);
        const auto conflict = fx.insertConflict({a1, b1, "2026-01-01T00:00:01Z"});
        const std::string field = "invalid request body: field ";
        const std::vector<std::pair<std::string, std::string>> cases{
            {R"({})", field + "\"status\" is required"},
            {R"({"status":"closed"})", field + "\"status\" must be \"resolved\" or \"false_positive\""},
            {R"({"status":"open"})", field + "\"status\" must be \"resolved\" or \"false_positive\""},
            {R"({"status":1})", field + "\"status\" must be a string"},
            {R"({"status":"resolved","winning_decision_id":")" + c1 + "\"}",
             field + "\"winning_decision_id\" must be decision_a_id or decision_b_id of the conflict"},
            {R"({"status":"resolved","winning_decision_id":"a1"})", field + "\"winning_decision_id\" must be a UUID"},
            {R"({"status":"false_positive","winning_decision_id":")" + a1 + "\"}",
             field + "\"winning_decision_id\" is only allowed when status is \"resolved\""},
            {R"({"status":"resolved","false_positive_label":"related_not_contradicting"})",
             field + "\"false_positive_label\" is only allowed when status is \"false_positive\""},
            {R"({"status":"false_positive","false_positive_label":"genuine"})",
             field + "\"false_positive_label\" must be \"unrelated_false_positive\" or \"related_not_contradicting\""},
            {R"({"status":"resolved","resolution_note":")" + std::string(8193, 'n') + "\"}",
             field + "\"resolution_note\" must be at most 8192 bytes"},
            {R"({"status":"resolved","resolution_note":7})", field + "\"resolution_note\" must be a string"},
            {R"({"status":"resolved","resolution_note":"a\u0000b"})",
             field + "\"resolution_note\" must be valid UTF-8 without NUL characters"},
            {R"({"status":"resolved","reason":"duplicate"})", "invalid request body: unknown field \"reason\""},
        };
        for (const auto& [body, message] : cases)
            expectError(fx.patch(conflict, body), 400, message);
        expectError(fx.patch("not-a-uuid", R"({"status":"resolved"})"), 400, "conflict id must be a UUID");
        expectError(fx.patch(ConflictFixtures::kUnknownId, R"({"status":"resolved"})"), 404, "conflict not found");
        CPPUNIT_ASSERT_EQUAL(std::string("open"), fx.statusOf(conflict));

        // A note of exactly 8 KiB is accepted; winning with decision A works as with B.
        auto reply = fx.patch(conflict, R"({"status":"resolved","winning_decision_id":")" + a1 +
                                            R"(","resolution_note":")" + std::string(8192, 'n') + "\"}");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
        CPPUNIT_ASSERT_EQUAL(a1, reply.json()->getObject("data")->getValue<std::string>("winning_decision_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("resolved"), fx.statusOf(conflict));
    }

    void testRecommendationFromHistory()
    {
        IdentityServer server("conflicts_recommend", IdentityServer::withoutConflictDetection());
        ConflictFixtures fx(server);
        // Carol won her three past conflicts against dave: her track record decides an even new one.
        for (int i = 0; i < 3; ++i)
        {
            const auto carol = fx.trace("carol", 0.5);
            const auto dave = fx.trace("dave", 0.5);
            const auto past = fx.insertConflict({carol, dave, "2026-01-01T00:00:0" + std::to_string(i) + "Z"});
            auto reply = fx.patch(past, R"({"status":"resolved","winning_decision_id":")" + carol + "\"}");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
        }
        const auto carol = fx.trace("carol", 0.5);
        const auto dave = fx.trace("dave", 0.5);
        const auto even = fx.insertConflict({dave, carol, "2026-01-02T00:00:00Z"});
        auto recommendation = server.call("GET", "/v1/conflicts/" + even, "", admin())
                                  .json()
                                  ->getObject("data")
                                  ->getObject("recommendation");
        CPPUNIT_ASSERT(recommendation);
        CPPUNIT_ASSERT_EQUAL(carol, recommendation->getValue<std::string>("suggested_winner"));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.25, recommendation->getValue<double>("confidence"), 0.0011);
        CPPUNIT_ASSERT_EQUAL(std::string("better agent track record (carol won 3 of 3 decided conflicts; dave won 0 "
                                         "of 3 decided conflicts)"),
                             recommendation->getArray("reasons")->getElement<std::string>(0));

        // Erin's decision was revised three times; frank's never: the reconsidered one is suggested.
        const auto frank = fx.trace("frank", 0.5);
        auto erin = fx.trace("erin", 0.5);
        for (int i = 0; i < 3; ++i)
            erin = fx.trace("erin", 0.5, "architecture", erin);
        const auto revised = fx.insertConflict({frank, erin, "2026-01-02T00:00:01Z"});
        recommendation = server.call("GET", "/v1/conflicts/" + revised, "", admin())
                             .json()
                             ->getObject("data")
                             ->getObject("recommendation");
        CPPUNIT_ASSERT(recommendation);
        CPPUNIT_ASSERT_EQUAL(erin, recommendation->getValue<std::string>("suggested_winner"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), recommendation->getArray("reasons")->size());
        CPPUNIT_ASSERT_EQUAL(std::string("revised more often (3 earlier versions vs 0)"),
                             recommendation->getArray("reasons")->getElement<std::string>(0));

        // Nothing tells two fresh, equally confident decisions apart: no recommendation.
        const auto gina = fx.trace("gina", 0.5);
        const auto hank = fx.trace("hank", 0.5);
        const auto balanced = fx.insertConflict({gina, hank, "2026-01-02T00:00:02Z"});
        auto detail = server.call("GET", "/v1/conflicts/" + balanced, "", admin()).json()->getObject("data");
        CPPUNIT_ASSERT_EQUAL(std::string("open"), detail->getValue<std::string>("status"));
        CPPUNIT_ASSERT(!detail->has("recommendation"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConflictLifecycleApiTest);
} // namespace akashi::test
