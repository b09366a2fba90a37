#include "auth/Role.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace akashi::auth
{
class RoleTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RoleTest);
    CPPUNIT_TEST(testWireNamesRoundTrip);
    CPPUNIT_TEST(testUnknownNamesRefused);
    CPPUNIT_TEST(testRanking);
    CPPUNIT_TEST_SUITE_END();

public:
    void testWireNamesRoundTrip()
    {
        const std::pair<const char*, Role> cases[] = {
            {"reader", Role::reader},       {"agent", Role::agent},
            {"admin", Role::admin},         {"org_owner", Role::orgOwner},
            {"platform_admin", Role::platformAdmin},
        };
        for (const auto& [name, role] : cases)
        {
            const auto parsed = parseRole(name);
            CPPUNIT_ASSERT_MESSAGE(name, parsed == role);
            CPPUNIT_ASSERT_EQUAL(std::string(name), std::string(roleName(role)));
        }
    }

    void testUnknownNamesRefused()
    {
        for (const char* name : {"", "Reader", "ADMIN", "orgOwner", "org-owner", "platformAdmin", " admin", "admin ",
                                 "owner", "root", "1"})
            CPPUNIT_ASSERT_MESSAGE(name, !parseRole(name).has_value());
    }

    void testRanking()
    {
        const Role order[] = {Role::reader, Role::agent, Role::admin, Role::orgOwner, Role::platformAdmin};
        for (std::size_t have = 0; have < std::size(order); ++have)
            for (std::size_t need = 0; need < std::size(order); ++need)
                CPPUNIT_ASSERT_EQUAL_MESSAGE(std::string(roleName(order[have])) + " vs " +
                                                 std::string(roleName(order[need])),
                                             have >= need, hasRole(order[have], order[need]));
        CPPUNIT_ASSERT(hasRole(Role::platformAdmin, Role::reader));
        CPPUNIT_ASSERT(!hasRole(Role::agent, Role::admin));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(RoleTest);
} // namespace akashi::auth
