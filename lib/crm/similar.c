/* similar.c - similar leads (see similar.h). */
#include "crm/similar.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "crm/access.h"
#include "crm/normalize.h"
#include "crm/qb.h"
#include "db/db.h"

static int cmp_id(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

int similar_find(struct db *db, struct arena *a, const struct access *ac, const struct similar_keys *k,
		 int64_t **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	const char *crit = str_empty(k->domain_criterion) ? NULL : k->domain_criterion;
	const char *phone = str_empty(k->phone_e164) ? NULL : k->phone_e164;
	const char *company = str_empty(k->company_name) ? NULL : k->company_name;
	if (!crit && !phone && !company && !k->partner_id)
		return 0;
	/* One round trip: each criterion is its own indexed lookup with
	 * LIMIT 21 (a NULL key matches nothing), tagged so the cap applies per
	 * criterion. The customer criterion takes the commercial entity (the
	 * company of a contact, else the partner itself) and its contacts. */
	int rc;
	int64_t entity = 0;
	if (k->partner_id &&
	    (rc = db_int(db, &entity, 0, "SELECT COALESCE(parent_id, id) FROM partner WHERE id = ?", "i",
			 k->partner_id)) != 0)
		return rc;
	struct db_rows r;
	rc = db_query(db, a, &r,
		      "(SELECT 1 AS k, id, COALESCE(user_id, 0) FROM crm_lead WHERE email_domain_criterion = ? "
		      "AND id <> ? LIMIT 21) "
		      "UNION ALL (SELECT 2, id, COALESCE(user_id, 0) FROM crm_lead WHERE phone_sanitized = ? "
		      "AND id <> ? LIMIT 21) "
		      "UNION ALL (SELECT 3, id, COALESCE(user_id, 0) FROM crm_lead WHERE partner_name = ? "
		      "AND id <> ? LIMIT 21) "
		      "UNION ALL (SELECT 4, l.id, COALESCE(l.user_id, 0) FROM partner p "
		      "JOIN crm_lead l ON l.partner_id = p.id "
		      "WHERE (p.id = ? OR p.parent_id = ?) AND l.id <> ? LIMIT 21)",
		      "sisisiiii", crit, k->id, phone, k->id, company, k->id, entity, entity, k->id);
	if (rc)
		return rc;
	size_t per[5] = {0};
	for (size_t i = 0; i < r.nrows; i++) {
		int64_t key = db_get_i64(&r, i, 0);
		if (key >= 1 && key <= 4)
			per[key]++;
	}
	int64_t *out = arena_alloc(a, (r.nrows + 1) * sizeof *out);
	size_t m = 0;
	for (size_t i = 0; i < r.nrows; i++) {
		int64_t key = db_get_i64(&r, i, 0);
		if (key < 1 || key > 4 || per[key] >= SIMILAR_CAP)
			continue; /* non-discriminant */
		if (ac && !access_owner_ok(ac, db_get_i64(&r, i, 2)))
			continue; /* counted for the cap, never shown nor counted */
		out[m++] = db_get_i64(&r, i, 1);
	}
	qsort(out, m, sizeof *out, cmp_id);
	size_t u = 0;
	for (size_t i = 0; i < m; i++)
		if (!u || out[u - 1] != out[i])
			out[u++] = out[i];
	*ids = out;
	*n = u;
	return 0;
}

int similar_of(struct db *db, struct arena *a, const struct access *ac, int64_t lead_id, int64_t **ids,
	       size_t *n)
{
	*ids = NULL;
	*n = 0;
	struct db_rows r;
	int rc = db_query1(db, a, &r,
			   "SELECT email_domain_criterion, phone_sanitized, partner_name, partner_id "
			   "FROM crm_lead WHERE id = ?",
			   "i", lead_id);
	if (rc)
		return rc;
	struct similar_keys k = {lead_id, db_get(&r, 0, 0), db_get(&r, 0, 1), db_get(&r, 0, 2),
				 db_get_i64(&r, 0, 3)};
	return similar_find(db, a, ac, &k, ids, n);
}

int similar_list(struct db *db, struct arena *a, const struct access *ac, int64_t self,
		 const int64_t *ids, size_t n, struct db_rows *out)
{
	int64_t *all = arena_alloc(a, (n + 1) * sizeof *all);
	size_t m = 0;
	if (self > 0)
		all[m++] = self;
	for (size_t i = 0; i < n; i++)
		all[m++] = ids[i];
	if (!m) {
		memset(out, 0, sizeof *out);
		return 0;
	}
	struct qb q;
	qb_init(&q, a);
	qb_sql(&q, "SELECT l.id, l.name, l.type, l.active, l.contact_name, l.partner_name, l.email_from, "
		   "l.phone, s.name AS stage_name, l.user_id, u.name AS user_name, l.expected_revenue, "
		   "l.probability, l.create_date, l.merged_into_id, "
		   "(l.active = 1 AND COALESCE(s.is_won, 0) = 1) AS is_won, "
		   "(l.active = 0 AND l.probability = 0) AS is_lost, (l.id = ");
	qb_i(&q, self);
	qb_sql(&q, ") AS is_self FROM crm_lead l LEFT JOIN stage s ON s.id = l.stage_id "
		   "LEFT JOIN app_user u ON u.id = l.user_id WHERE l.id IN ");
	qb_in(&q, all, m);
	access_sql(ac, &q, "l.user_id");
	qb_sql(&q, " ORDER BY is_self DESC, l.id");
	return qb_query(&q, db, out);
}

int similar_of_row(struct db *db, struct arena *a, const struct access *ac, const struct db_rows *r,
		   size_t row, int64_t **ids, size_t *n)
{
	/* The criterion follows from the normalised address (normalize.h). */
	struct similar_keys k = {db_getn_i64(r, row, "id"),
				 norm_email_domain_criterion(a, db_getn(r, row, "email_normalized")),
				 db_getn(r, row, "phone_sanitized"), db_getn(r, row, "partner_name"),
				 db_getn_i64(r, row, "partner_id")};
	return similar_find(db, a, ac, &k, ids, n);
}
