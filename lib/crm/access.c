#include "crm/access.h"

#include "core/err.h"
#include "core/str.h"
#include "crm/qb.h"
#include "crm/user.h"
#include "db/db.h"

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

/* One row per kind: the query returns the record's owner (0: none) when the
 * record may be picked, no row otherwise; owned says whether the owner limits
 * who sees it (X1). */
static const struct {
	const char *sql, *key, *msg;
	bool owned;
} REFS[] = {
	[ACCESS_REF_PARTNER] = {"SELECT COALESCE(user_id, 0) FROM partner WHERE id = ?",
				"QUnknownCustomer", "unknown customer", true},
	[ACCESS_REF_PARTNER_ACTIVE] = {"SELECT COALESCE(user_id, 0) FROM partner WHERE id = ? AND active = 1",
				       "QUnknownCustomer", "unknown customer", true},
	[ACCESS_REF_COMPANY] = {"SELECT COALESCE(user_id, 0) FROM partner WHERE id = ? AND active = 1 "
				"AND is_company = 1",
				"UnknownCompany", "unknown company", true},
	[ACCESS_REF_USER] = {"SELECT 0 FROM app_user WHERE id = ? AND active = 1", "QUnknownUser",
			     "unknown user", false},
	[ACCESS_REF_TEAM] = {"SELECT 0 FROM team WHERE id = ?", "UnknownTeam", "unknown team", false},
	[ACCESS_REF_STAGE] = {"SELECT 0 FROM stage WHERE id = ?", "UnknownStage", "unknown stage", false},
	[ACCESS_REF_LEAD] = {"SELECT COALESCE(user_id, 0) FROM crm_lead WHERE id = ?", "UnknownLead",
			     "unknown lead or opportunity", true},
	[ACCESS_REF_LOST_REASON] = {"SELECT 0 FROM lost_reason WHERE id = ? AND active = 1",
				    "UnknownLostReason", "unknown lost reason", false},
	[ACCESS_REF_ACTIVITY_TYPE] = {"SELECT 0 FROM activity_type WHERE id = ? AND active = 1",
				      "UnknownActivityType", "unknown activity type", false},
	[ACCESS_REF_ACTIVITY_TYPE_ANY] = {"SELECT 0 FROM activity_type WHERE id = ?", "UnknownActivityType",
					  "unknown activity type", false},
	[ACCESS_REF_PRODUCT] = {"SELECT 0 FROM product WHERE id = ? AND active = 1", "QUnknownProduct",
				"unknown product", false},
	[ACCESS_REF_TAX] = {"SELECT 0 FROM tax WHERE id = ? AND active = 1", "QUnknownTax", "unknown tax",
			    false},
	[ACCESS_REF_QUOTE_TEMPLATE] = {"SELECT 0 FROM quote_template WHERE id = ? AND active = 1",
				       "QUnknownTemplate", "unknown quotation template", false},
};

int access_check_ref(struct db *db, const struct access *ac, enum access_ref kind, int64_t id,
		     const char *field, struct err_info *e)
{
	if (id == 0)
		return 0;
	if ((size_t)kind >= sizeof REFS / sizeof REFS[0] || !REFS[kind].sql)
		return ERR_INVALID;
	bool ok = false;
	if (id > 0) {
		int64_t owner = -1;
		int rc = db_int(db, &owner, -1, REFS[kind].sql, "i", id);
		if (rc)
			return rc;
		struct access sys = {0, true};
		ok = owner >= 0 && (!REFS[kind].owned || access_owner_ok(ac ? ac : &sys, owner));
	}
	return ok ? 0 : err_set(e, ERR_INVALID, field, REFS[kind].key, "%s", REFS[kind].msg);
}
