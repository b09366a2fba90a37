#include "auth/ApiKeyGenerator.h"

#include "auth/Base64Url.h"
#include "auth/RandomId.h"

namespace akashi::auth
{
std::string ApiKeyGenerator::generate()
{
    return kPrefix + Base64Url::encode(RandomId::bytes(kSecretBytes));
}
} // namespace akashi::auth
