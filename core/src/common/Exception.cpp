#include "common/Exception.h"

#include <typeinfo>

namespace akashi
{
Exception::Exception(ErrorCode code, const std::string& message, std::string detail, std::string hint)
    : Poco::Exception(message, static_cast<int>(code)), _errorCode(code), _detail(std::move(detail)),
      _hint(std::move(hint))
{
}

std::string Exception::fullText() const
{
    std::string text = message();
    if (!_detail.empty())
        text += "\n" + _detail;
    if (!_hint.empty())
        text += "\n" + _hint;
    return text;
}

const char* Exception::name() const noexcept
{
    return "Akashi exception";
}

const char* Exception::className() const noexcept
{
    return typeid(*this).name();
}

Poco::Exception* Exception::clone() const
{
    return new Exception(*this);
}

void Exception::rethrow() const
{
    throw *this;
}
} // namespace akashi
