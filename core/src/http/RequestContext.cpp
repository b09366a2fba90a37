#include "http/RequestContext.h"

#include "common/Exception.h"

namespace akashi::http
{
const std::string& RequestContext::pathParam(const std::string& name) const
{
    static const std::string kEmpty;
    auto it = _params.find(name);
    return it == _params.end() ? kEmpty : it->second;
}

const auth::Principal& RequestContext::principal() const
{
    if (!_principal)
        throw Exception(ErrorCode::unauthorized, "missing authorization header");
    return *_principal;
}
} // namespace akashi::http
