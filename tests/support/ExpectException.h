#pragma once
#include "common/Exception.h"

#include <cppunit/TestAssert.h>

#include <functional>

namespace akashi::test
{
/// Runs `action` and returns the akashi::Exception it throws, failing the test when it throws none, so
/// a test can then assert the exception's message, detail and hint.
inline Exception expectException(const std::function<void()>& action)
{
    try
    {
        action();
    }
    catch (const Exception& e)
    {
        return e;
    }
    CPPUNIT_FAIL("expected an akashi::Exception");
    return Exception(ErrorCode::internal, "unreachable");
}
} // namespace akashi::test
