#include "crm/access.h"

#include "core/str.h"
#include "crm/qb.h"
#include "crm/user.h"

struct access access_for(const struct user *u)
{
	struct access ac = {0, true};
	if (u) {
		ac.user_id = u->id;
		ac.all = str_eq(u->role, "manager") || str_eq(u->role, "admin");
	}
	return ac;
}

bool access_owner_ok(const struct access *ac, int64_t owner_id)
{
	return ac->all || owner_id == 0 || owner_id == ac->user_id;
}

void access_sql(const struct access *ac, struct qb *q, const char *col)
{
	if (ac->all)
		return;
	qb_sql(q, " AND (");
	qb_sql(q, col);
	qb_sql(q, " = ");
	qb_i(q, ac->user_id);
	qb_sql(q, " OR ");
	qb_sql(q, col);
	qb_sql(q, " IS NULL)");
}
