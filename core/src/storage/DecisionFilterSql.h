#pragma once
#include "storage/DecisionRecord.h"
#include "storage/SqlParams.h"

#include <string>
#include <vector>

namespace akashi::storage
{
/// Builds the WHERE clause of a decision read over the alias `d`, adding every value to `params` as
/// the next $n (nothing from a request ever reaches the SQL text). The org and the caller's
/// visibility always come first, so no read can forget them. Not thread-safe; one per statement.
class DecisionFilterSql
{
public:
    DecisionFilterSql(SqlParams& params, const DecisionScope& scope);

    /// `d.org_id = $n` only, for reads whose visibility is checked afterwards (a row by id, a run).
    DecisionFilterSql(SqlParams& params, const std::string& orgId);

    /// Appends the filters of `filter` that are set.
    void filter(const DecisionFilter& filter);
    /// Current row versions only (`valid_to IS NULL`).
    void currentOnly();
    /// Appends `sql`, in which `?` stands for the next parameter, set to `value`.
    void condition(const std::string& sql, const std::string& value);
    void condition(const std::string& sql) { _conditions.push_back(sql); }

    /// The next placeholder (`$n`) for `value`.
    std::string parameter(const std::string& value);
    /// The next placeholder (`$n`) for `values` as a text[] literal (cast it, e.g. `$n::uuid[]`).
    std::string arrayParameter(const std::vector<std::string>& values);

    /// ` WHERE a AND b ...`.
    std::string where() const;

    /// ` ORDER BY d.<column> <dir> NULLS LAST, d.id <dir>`; `order.column` must be whitelisted.
    static std::string orderBy(const DecisionOrder& order);
    /// The order_by names /v1/query accepts (reference §5, HEAD).
    static const std::vector<std::string>& orderColumns();
    static bool isOrderColumn(const std::string& column);

private:
    SqlParams& _params;
    std::vector<std::string> _conditions;
};
} // namespace akashi::storage
