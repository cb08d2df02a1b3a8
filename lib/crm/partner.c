#include "crm/partner.h"

#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "crm/access.h"
#include "crm/normalize.h"
#include "db/db.h"

/* The ids a customer form names (access.h), unless unchanged from cur
 * (NULL: a new customer). */
static int partner_check_refs(struct db *db, const struct partner_input *in, const struct db_rows *cur,
			      struct err_info *e)
{
	int rc;
	if ((!cur || in->parent_id != db_getn_i64(cur, 0, "parent_id")) &&
	    (rc = access_check_ref(db, in->ac, ACCESS_REF_COMPANY, in->parent_id, "parent_id", e)) != 0)
		return rc;
	if ((!cur || in->user_id != db_getn_i64(cur, 0, "user_id")) &&
	    (rc = access_check_ref(db, in->ac, ACCESS_REF_USER, in->user_id, "user_id", e)) != 0)
		return rc;
	return 0;
}

int partner_create(struct db *db, struct arena *a, const struct partner_input *in, int64_t *id,
		   struct err_info *e)
{
	if (str_empty(in->name) || str_utf8_len(in->name) > 255)
		return err_set(e, ERR_INVALID, "name", "Required", "the name is required (at most 255 characters)");
	if (in->email && *in->email && !norm_email(a, in->email))
		return err_set(e, ERR_INVALID, "email", "BadEmail", "invalid e-mail address");
	if (in->country_code && *in->country_code && strlen(in->country_code) != 2)
		return err_set(e, ERR_INVALID, "country_code", "BadCountry", "the country must be a 2-letter code");
	int rc = partner_check_refs(db, in, NULL, e);
	if (rc)
		return rc;
	const char *en = in->email ? norm_email(a, in->email) : NULL;
	const char *ph = norm_phone_e164(a, in->mobile && *in->mobile ? in->mobile : in->phone,
					 in->country_code);
	struct db_param p[] = {
		{'s', .s = in->name},
		{'i', .i = in->is_company},
		{'i', .i = in->parent_id},
		{'s', .s = in->email && *in->email ? in->email : NULL},
		{'s', .s = en},
		{'s', .s = in->phone && *in->phone ? in->phone : NULL},
		{'s', .s = ph},
		{'s', .s = in->mobile && *in->mobile ? in->mobile : NULL},
		{'s', .s = in->street},
		{'s', .s = in->street2},
		{'s', .s = in->zip},
		{'s', .s = in->city},
		{'s', .s = in->state},
		{'s', .s = in->country_code},
		{'s', .s = in->website},
		{'s', .s = in->vat},
		{'s', .s = in->function},
		{'s', .s = in->lang},
		{'s', .s = in->comment},
		{'i', .i = in->user_id},
	};
	for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
		if (p[i].type == 's')
			p[i].len = p[i].s ? strlen(p[i].s) : 0;
	int64_t r = db_execv(db,
			     "INSERT INTO partner (name, is_company, parent_id, email, email_normalized, "
			     "phone, phone_sanitized, mobile, street, street2, zip, city, state, "
			     "country_code, website, vat, function, lang, comment, user_id) "
			     "VALUES (?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0))",
			     p, sizeof p / sizeof p[0]);
	if (r == ERR_CONFLICT)
		return err_set(e, ERR_INVALID, "parent_id", "NotFound", "unknown parent company");
	if (r < 0)
		return (int)r;
	if (id)
		*id = db_last_id(db);
	return 0;
}

int partner_get(struct db *db, struct arena *a, int64_t id, struct db_rows *out)
{
	return db_query1(db, a, out,
			 "SELECT id, name, is_company, parent_id, email, phone, mobile, street, street2, "
			 "zip, city, state, country_code, website, vat, function, lang, comment, user_id, "
			 "active FROM partner WHERE id = ?",
			 "i", id);
}

/* ---- issue 4 -------------------------------------------------------------- */

#include "crm/access.h"
#include "crm/qb.h"
#include "crm/tag.h"

int partner_get_for(struct db *db, struct arena *a, const struct access *ac, int64_t id,
		    struct db_rows *out)
{
	int rc = db_query1(db, a, out,
			   "SELECT p.id, p.name, p.is_company, p.parent_id, c.name AS parent_name, p.email, "
			   "p.phone, p.mobile, p.street, p.street2, p.zip, p.city, p.state, p.country_code, "
			   "p.website, p.vat, p.function, p.lang, p.comment, p.user_id, u.name AS user_name, "
			   "p.active, p.created_at FROM partner p LEFT JOIN partner c ON c.id = p.parent_id "
			   "LEFT JOIN app_user u ON u.id = p.user_id WHERE p.id = ?",
			   "i", id);
	if (rc)
		return rc;
	return access_owner_ok(ac, db_getn_i64(out, 0, "user_id")) ? 0 : ERR_NOTFOUND;
}

static int partner_validate(struct arena *a, const struct partner_input *in, struct err_info *e)
{
	if (str_empty(in->name) || str_utf8_len(in->name) > 255)
		return err_set(e, ERR_INVALID, "name", "Required", "the name is required (at most 255 characters)");
	if (in->email && *in->email && !norm_email(a, in->email))
		return err_set(e, ERR_INVALID, "email", "BadEmail", "invalid e-mail address");
	if (in->country_code && *in->country_code && strlen(in->country_code) != 2)
		return err_set(e, ERR_INVALID, "country_code", "BadCountry", "the country must be a 2-letter code");
	const struct {
		const char *f, *v;
		size_t max;
	} t[] = {{"phone", in->phone, 64},    {"mobile", in->mobile, 64},  {"street", in->street, 255},
		 {"street2", in->street2, 255}, {"zip", in->zip, 24},        {"city", in->city, 128},
		 {"state", in->state, 128},     {"website", in->website, 255}, {"vat", in->vat, 32},
		 {"function", in->function, 128}, {"lang", in->lang, 8},     {"comment", in->comment, 20000}};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (t[i].v && str_utf8_len(t[i].v) > t[i].max)
			return err_set(e, ERR_INVALID, t[i].f, "TooLong", "'%s' is too long", t[i].f);
	return 0;
}

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

int partner_update(struct db *db, struct arena *a, const struct access *ac, int64_t id,
		   const struct partner_input *in, struct err_info *e)
{
	struct db_rows cur;
	int rc = partner_get_for(db, a, ac, id, &cur);
	if (rc)
		return rc;
	if ((rc = partner_validate(a, in, e)) != 0)
		return rc;
	if (in->parent_id == id)
		return err_set(e, ERR_INVALID, "parent_id", "NotFound", "a contact cannot be its own company");
	struct partner_input chk = *in;
	chk.ac = ac;
	if ((rc = partner_check_refs(db, &chk, &cur, e)) != 0)
		return rc;
	const char *en = norm_email(a, in->email);
	const char *ph = norm_phone_e164(a, nz(in->mobile) ? in->mobile : in->phone,
					 nz(in->country_code) ? in->country_code : "FR");
	struct qb q;
	qb_init(&q, a);
	qb_sql(&q, "UPDATE partner SET name = ");
	qb_s(&q, in->name);
	qb_sql(&q, ", is_company = ");
	qb_i(&q, in->is_company);
	qb_sql(&q, ", parent_id = NULLIF(");
	qb_i(&q, in->parent_id);
	qb_sql(&q, ", 0), email = ");
	qb_s(&q, nz(in->email));
	qb_sql(&q, ", email_normalized = ");
	qb_s(&q, en);
	qb_sql(&q, ", phone = ");
	qb_s(&q, nz(in->phone));
	qb_sql(&q, ", phone_sanitized = ");
	qb_s(&q, ph);
	qb_sql(&q, ", mobile = ");
	qb_s(&q, nz(in->mobile));
	const struct {
		const char *col, *v;
	} cols[] = {{"street", in->street}, {"street2", in->street2}, {"zip", in->zip},
		    {"city", in->city},     {"state", in->state},     {"website", in->website},
		    {"vat", in->vat},       {"function", in->function}, {"lang", in->lang},
		    {"comment", in->comment}};
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		qb_sql(&q, ", ");
		qb_sql(&q, cols[i].col);
		qb_sql(&q, " = ");
		qb_s(&q, nz(cols[i].v));
	}
	qb_sql(&q, ", country_code = ");
	char *cc = nz(in->country_code) ? arena_strdup(a, in->country_code) : NULL;
	for (char *p = cc; p && *p; p++)
		*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	qb_s(&q, cc);
	qb_sql(&q, ", user_id = NULLIF(");
	qb_i(&q, in->user_id);
	qb_sql(&q, ", 0) WHERE id = ");
	qb_i(&q, id);
	int64_t r = qb_exec(&q, db);
	if (r == ERR_CONFLICT)
		return err_set(e, ERR_INVALID, "parent_id", "NotFound", "unknown company or salesperson");
	return r < 0 ? (int)r : 0;
}

int partner_update_contact(struct db *db, struct arena *a, int64_t id, const char *email,
			   const char *phone)
{
	int64_t r = 0;
	if (email)
		r = db_exec(db, "UPDATE partner SET email = ?, email_normalized = ? WHERE id = ?", "ssi",
			    nz(email), norm_email(a, email), id);
	if (r >= 0 && phone)
		r = db_exec(db, "UPDATE partner SET phone = ?, phone_sanitized = COALESCE(?, phone_sanitized) WHERE id = ?",
			    "ssi", nz(phone), norm_phone_e164(a, phone, "FR"), id);
	return r < 0 ? (int)r : 0;
}

int partner_list(struct db *db, struct arena *a, const struct access *ac, const char *q,
		 bool companies_only, const char *after_name, int64_t after_id, size_t limit,
		 struct db_rows *out)
{
	if (limit == 0 || limit > 500)
		limit = 80;
	struct qb b;
	qb_init(&b, a);
	qb_sql(&b, "SELECT p.id, p.name, p.is_company, c.name AS parent_name, p.email, p.phone, p.city, "
		   "p.country_code, (SELECT COUNT(*) FROM crm_lead l WHERE l.partner_id = p.id AND "
		   "l.type = 'opportunity') AS opportunity_count FROM partner p "
		   "LEFT JOIN partner c ON c.id = p.parent_id WHERE p.active = 1");
	access_sql(ac, &b, "p.user_id");
	if (companies_only)
		qb_sql(&b, " AND p.is_company = 1");
	if (q && *q) {
		char *like = arena_printf(a, "%s%%", q);
		for (char *p = like; p[1]; p++)
			if (*p == '%' || *p == '_')
				*p = ' '; /* no wildcards from users */
		qb_sql(&b, " AND p.id IN (SELECT id FROM partner WHERE name LIKE ");
		qb_s(&b, like);
		qb_sql(&b, " UNION SELECT id FROM partner WHERE email_normalized LIKE ");
		qb_s(&b, str_lower(a, like));
		qb_sql(&b, ")");
	}
	if (after_name) {
		qb_sql(&b, " AND (p.name > ");
		qb_s(&b, after_name);
		qb_sql(&b, " OR (p.name = ");
		qb_s(&b, after_name);
		qb_sql(&b, " AND p.id > ");
		qb_i(&b, after_id);
		qb_sql(&b, "))");
	}
	qb_sql(&b, " ORDER BY p.name, p.id LIMIT ");
	qb_i(&b, (int64_t)limit);
	return qb_query(&b, db, out);
}

int partner_opportunity_count(struct db *db, int64_t id, int64_t *n)
{
	return db_int(db, n, 0,
		      "SELECT COUNT(*) FROM crm_lead WHERE type = 'opportunity' AND partner_id IN "
		      "(SELECT ? UNION SELECT id FROM partner WHERE parent_id = ?)",
		      "ii", id, id);
}

int partner_tags(struct db *db, struct arena *a, int64_t id, struct db_rows *out)
{
	return db_query(db, a, out,
			"SELECT t.id, t.name, t.color FROM partner_tag pt JOIN tag t ON t.id = pt.tag_id "
			"WHERE pt.partner_id = ? ORDER BY t.name",
			"i", id);
}

int partner_set_tags(struct db *db, struct arena *a, int64_t id, const char *const *tags,
		     size_t n, struct err_info *e)
{
	int64_t r = db_exec(db, "DELETE FROM partner_tag WHERE partner_id = ?", "i", id);
	if (r < 0)
		return (int)r;
	for (size_t i = 0; i < n; i++) {
		if (str_empty(tags[i]))
			continue;
		int64_t tid;
		int rc = tag_ensure(db, str_trim(arena_strdup(a, tags[i])), &tid);
		if (rc == ERR_INVALID)
			return err_set(e, ERR_INVALID, "tags", "TooLong", "a tag is longer than 64 characters");
		if (rc)
			return rc;
		if ((r = db_exec(db, "INSERT IGNORE INTO partner_tag (partner_id, tag_id) VALUES (?, ?)", "ii", id, tid)) < 0)
			return (int)r;
	}
	return 0;
}

int partner_options(struct db *db, struct arena *a, const struct access *ac, bool companies_only,
		    size_t limit, struct db_rows *out)
{
	struct qb b;
	qb_init(&b, a);
	qb_sql(&b, "SELECT p.id, p.name FROM partner p WHERE p.active = 1");
	access_sql(ac, &b, "p.user_id");
	if (companies_only)
		qb_sql(&b, " AND p.is_company = 1");
	qb_sql(&b, " ORDER BY p.name, p.id LIMIT ");
	qb_i(&b, (int64_t)(limit ? limit : 300));
	return qb_query(&b, db, out);
}
