#include "consistency/Visibility.h"

#include "storage/Database.h"

namespace akashi::consistency
{
VisibilityToken Visibility::committed()
{
    auto connection = _database.connection();
    return VisibilityToken::afterCommit(*connection);
}

void Visibility::await(const std::string& orgId, const std::optional<VisibilityToken>& token)
{
    if (!token)
        return;
    auto connection = _database.connection();
    _gate.await(*connection, orgId, token);
}
} // namespace akashi::consistency
