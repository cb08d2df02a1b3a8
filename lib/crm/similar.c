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

/* The customer criterion's records: those of the commercial entity itself,
 * then those of its contacts (the entity excluded: similar_find's
 * "p.id = E OR p.parent_id = E" counts each partner once). Two branches
 * rather than that OR, so each is an index lookup from a column of the page
 * lead (an OR on an outer column is a scan). */
#define ENTITY_SELF "crm_lead x WHERE x.partner_id = p.entity AND x.id <> p.id"
#define ENTITY_CONTACTS                                                                  \
	"partner y JOIN crm_lead x ON x.partner_id = y.id WHERE y.parent_id = p.entity " \
	"AND y.id <> p.entity AND x.id <> p.id"

/* Whether fewer than SIMILAR_CAP other records match a criterion: the 21st
 * one is absent (at most 21 index reads per branch, as similar_find's
 * LIMIT 21). k: 1 domain, 2 phone, 3 company, 4 customer. */
static void counts_uncapped(struct qb *q, int k)
{
	static const char *const one[] = {
		"",
		"(SELECT 1 FROM crm_lead x WHERE x.email_domain_criterion = p.crit AND x.id <> p.id LIMIT 20, 1)",
		"(SELECT 1 FROM crm_lead x WHERE x.phone_sanitized = p.phone AND x.id <> p.id LIMIT 20, 1)",
		"(SELECT 1 FROM crm_lead x WHERE x.partner_name = p.company AND x.id <> p.id LIMIT 20, 1)",
		"(SELECT 1 FROM " ENTITY_SELF " UNION ALL SELECT 1 FROM " ENTITY_CONTACTS " LIMIT 20, 1)",
	};
	qb_sql(q, one[k]);
	qb_sql(q, " IS NULL");
}

int similar_counts(struct db *db, struct arena *a, const struct access *ac, const int64_t *ids, size_t n,
		   size_t *counts)
{
	for (size_t i = 0; i < n; i++)
		counts[i] = 0;
	if (!n)
		return 0;
	/* The keys as similar_find takes them: a blank key (str_empty: NULL
	 * or only white space) matches nothing; the customer criterion uses
	 * the commercial entity of the lead's partner (none: nothing). Each
	 * branch returns (page lead, other record, its owner) for a criterion
	 * under the cap; the cap test depends on the page lead only, so it is
	 * checked before the branch's lookup. */
	struct qb q;
	qb_init(&q, a);
	qb_sql(&q, "WITH p AS (SELECT l.id, "
		   "IF(l.email_domain_criterion REGEXP '^[[:space:]]*$', NULL, l.email_domain_criterion) AS crit, "
		   "IF(l.phone_sanitized REGEXP '^[[:space:]]*$', NULL, l.phone_sanitized) AS phone, "
		   "IF(l.partner_name REGEXP '^[[:space:]]*$', NULL, l.partner_name) AS company, "
		   "COALESCE(e.parent_id, e.id) AS entity "
		   "FROM crm_lead l LEFT JOIN partner e ON e.id = l.partner_id WHERE l.id IN ");
	qb_in(&q, ids, n);
	qb_sql(&q, ") ");
	static const char *const branch[] = {
		"SELECT p.id AS lead_id, x.id AS other_id, COALESCE(x.user_id, 0) AS owner FROM p "
		"JOIN crm_lead x ON x.email_domain_criterion = p.crit AND x.id <> p.id WHERE ",
		"SELECT p.id, x.id, COALESCE(x.user_id, 0) FROM p "
		"JOIN crm_lead x ON x.phone_sanitized = p.phone AND x.id <> p.id WHERE ",
		"SELECT p.id, x.id, COALESCE(x.user_id, 0) FROM p "
		"JOIN crm_lead x ON x.partner_name = p.company AND x.id <> p.id WHERE ",
		"SELECT p.id, x.id, COALESCE(x.user_id, 0) FROM p JOIN crm_lead x ON x.partner_id = p.entity "
		"AND x.id <> p.id WHERE ",
		/* The order is forced: from the entity to its contacts to their
		 * records (on a small table the optimizer may scan crm_lead). */
		"SELECT p.id, x.id, COALESCE(x.user_id, 0) FROM p STRAIGHT_JOIN partner y ON y.parent_id = p.entity "
		"AND y.id <> p.entity STRAIGHT_JOIN crm_lead x ON x.partner_id = y.id AND x.id <> p.id WHERE ",
	};
	static const int crit_of[] = {1, 2, 3, 4, 4};
	for (size_t b = 0; b < sizeof branch / sizeof branch[0]; b++) {
		if (b)
			qb_sql(&q, " UNION ALL ");
		qb_sql(&q, branch[b]);
		counts_uncapped(&q, crit_of[b]);
	}
	qb_sql(&q, " ORDER BY lead_id, other_id");
	struct db_rows r;
	int rc = qb_query(&q, db, &r);
	if (rc)
		return rc;
	/* Rows are ordered by (lead, other): count the distinct visible
	 * others of each lead, then place the counts by the order of ids. */
	for (size_t i = 0; i < r.nrows;) {
		int64_t lead = db_get_i64(&r, i, 0);
		size_t cnt = 0;
		int64_t last = 0;
		for (; i < r.nrows && db_get_i64(&r, i, 0) == lead; i++) {
			int64_t other = db_get_i64(&r, i, 1);
			if (ac && !access_owner_ok(ac, db_get_i64(&r, i, 2)))
				continue; /* counted for the cap, never shown nor counted */
			if (cnt && other == last)
				continue;
			cnt++;
			last = other;
		}
		for (size_t k = 0; k < n; k++)
			if (ids[k] == lead)
				counts[k] = cnt;
	}
	return 0;
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
