#include "http/RequestContext.h"

namespace akashi::http
{
const std::string& RequestContext::pathParam(const std::string& name) const
{
    static const std::string kEmpty;
    auto it = _params.find(name);
    return it == _params.end() ? kEmpty : it->second;
}
} // namespace akashi::http
