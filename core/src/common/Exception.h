#pragma once
#include "common/ErrorCode.h"

#include <Poco/Exception.h>

#include <string>

namespace akashi
{
/// The one exception type of the server. `message()` is safe to show a client; `detail` and `hint` are
/// for operators (startup errors print "message / detail / hint" like PostgreSQL does).
class Exception : public Poco::Exception
{
public:
    Exception(ErrorCode code, const std::string& message, std::string detail = {}, std::string hint = {});

    ErrorCode errorCode() const noexcept { return _errorCode; }
    const std::string& detail() const noexcept { return _detail; }
    const std::string& hint() const noexcept { return _hint; }

    /// The message, then "detail" and "hint" on their own lines when present.
    std::string fullText() const;

    /// The message (Poco's what() is only the class name, which says nothing in a log or a test report).
    const char* what() const noexcept override { return message().c_str(); }
    const char* name() const noexcept override;
    const char* className() const noexcept override;
    Poco::Exception* clone() const override;
    void rethrow() const override;

private:
    ErrorCode _errorCode;
    std::string _detail;
    std::string _hint;
};
} // namespace akashi
