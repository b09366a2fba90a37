#pragma once
#include <stdexcept>

namespace akashi::plugins::embedding::remote
{
/// A 2xx answer whose body is not what the API documents; the message says what is wrong with it.
class MalformedResponse : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};
} // namespace akashi::plugins::embedding::remote
