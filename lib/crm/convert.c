/* convert.c - lead -> opportunity conversion (see convert.h). */
#include "crm/convert.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "crm/access.h"
#include "crm/lead.h"
#include "crm/merge.h"
#include "crm/partner.h"
#include "crm/qb.h"
#include "crm/stage.h"
#include "db/db.h"

int convert_customer_parse(const char *s)
{
	if (str_eq(s, "create"))
		return CONVERT_CUSTOMER_CREATE;
	if (str_eq(s, "link") || str_eq(s, "exist"))
		return CONVERT_CUSTOMER_LINK;
	if (str_eq(s, "none") || str_eq(s, "nothing"))
		return CONVERT_CUSTOMER_NONE;
	if (str_eq(s, "auto"))
		return CONVERT_CUSTOMER_AUTO;
	return -1;
}

/* Duplicates for conversion (Odoo 4.2): same normalised e-mail or same
 * customer; with lost: opportunities (any) and active leads; without:
 * active records not in a won stage. The lead itself excluded. */
static int duplicates(struct db *db, struct arena *a, const struct access *ac, int64_t id, bool with_lost,
		      int64_t **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_rows k;
	int rc = db_query1(db, a, &k, "SELECT email_normalized, partner_id FROM crm_lead WHERE id = ?", "i", id);
	if (rc)
		return rc;
	const char *email = db_get(&k, 0, 0);
	int64_t partner = db_get_i64(&k, 0, 1);
	if (!email && !partner)
		return 0;
	struct qb q;
	qb_init(&q, a);
	/* Two indexed lookups, bounded, then the filters on their union. */
	qb_sql(&q, "SELECT l.id FROM ((SELECT id FROM crm_lead WHERE email_normalized = ");
	qb_s(&q, email);
	qb_sql(&q, " LIMIT 200) UNION (SELECT id FROM crm_lead WHERE partner_id = ");
	qb_i(&q, partner);
	qb_sql(&q, " LIMIT 200)) d JOIN crm_lead l ON l.id = d.id LEFT JOIN stage s ON s.id = l.stage_id "
		   "WHERE l.id <> ");
	qb_i(&q, id);
	qb_sql(&q, " AND l.merged_into_id IS NULL");
	if (with_lost)
		qb_sql(&q, " AND (l.type = 'opportunity' OR l.active = 1) AND NOT (l.active = 1 AND COALESCE(s.is_won, 0) = 1)");
	else
		qb_sql(&q, " AND l.active = 1 AND COALESCE(s.is_won, 0) = 0");
	qb_sql(&q, " AND l.probability < 100");
	access_sql(ac, &q, "l.user_id");
	qb_sql(&q, " ORDER BY l.id LIMIT ");
	qb_i(&q, CONVERT_DUP_MAX);
	struct db_rows r;
	if ((rc = qb_query(&q, db, &r)) != 0)
		return rc;
	*out = arena_alloc(a, (r.nrows + 1) * sizeof **out);
	for (size_t i = 0; i < r.nrows; i++)
		(*out)[i] = db_get_i64(&r, i, 0);
	*n = r.nrows;
	return 0;
}

int convert_match_partner(struct db *db, struct arena *a, int64_t lead_id, int64_t *partner_id)
{
	*partner_id = 0;
	struct db_rows l;
	int rc = db_query1(db, a, &l,
			   "SELECT partner_id, email_normalized, partner_name, contact_name, name FROM crm_lead WHERE id = ?",
			   "i", lead_id);
	if (rc)
		return rc;
	if (db_get_i64(&l, 0, 0)) {
		*partner_id = db_get_i64(&l, 0, 0);
		return 0;
	}
	if (db_get(&l, 0, 1) &&
	    (rc = db_int(db, partner_id, 0,
			 "SELECT id FROM partner WHERE email_normalized = ? AND active = 1 ORDER BY id LIMIT 1", "s",
			 db_get(&l, 0, 1))) != 0)
		return rc;
	for (size_t c = 2; c <= 4 && !*partner_id; c++) {
		const char *v = db_get(&l, 0, c);
		if (str_empty(v))
			continue;
		if ((rc = db_int(db, partner_id, 0,
				 "SELECT id FROM partner WHERE name = ? AND active = 1 ORDER BY is_company DESC, id LIMIT 1",
				 "s", v)) != 0)
			return rc;
	}
	return 0;
}

int convert_defaults(struct db *db, struct arena *a, const struct access *ac, int64_t id,
		     struct convert_defaults *d, struct err_info *e)
{
	memset(d, 0, sizeof *d);
	struct db_rows r;
	int rc = lead_get(db, a, ac, id, &r);
	if (rc)
		return err_set(e, rc, "id", "NotFound", "record #%lld not found", (long long)id);
	if ((rc = duplicates(db, a, ac, id, true, &d->dup_ids, &d->ndup)) != 0)
		return rc;
	d->merge = d->ndup > 0;
	if ((rc = convert_match_partner(db, a, id, &d->partner_id)) != 0)
		return rc;
	if (d->partner_id)
		d->customer = CONVERT_CUSTOMER_LINK;
	else if (!str_empty(db_getn(&r, 0, "contact_name")))
		d->customer = CONVERT_CUSTOMER_CREATE;
	else
		d->customer = CONVERT_CUSTOMER_NONE;
	d->user_id = db_getn_i64(&r, 0, "user_id");
	d->team_id = db_getn_i64(&r, 0, "team_id");
	return 0;
}

/* Create the customer from the lead (Odoo 3.3): a company from the company
 * name (or the existing customer as company), a person from the contact
 * name as its contact; the person when there is one, else the company,
 * else a person named after the lead. */
static int create_customer(struct db *db, struct arena *a, const struct db_rows *l, int64_t user_id,
			   int64_t *out, struct err_info *e)
{
#define G(c) db_getn(l, 0, c)
	int64_t company = 0;
	int rc;
	if (!str_empty(G("partner_name"))) {
		struct partner_input c = {0};
		c.name = G("partner_name");
		c.is_company = true;
		c.phone = G("phone");
		c.website = G("website");
		c.street = G("street");
		c.street2 = G("street2");
		c.zip = G("zip");
		c.city = G("city");
		c.state = G("state");
		c.country_code = G("country_code");
		c.lang = G("lang");
		c.user_id = user_id;
		if ((rc = partner_create(db, a, &c, &company, e)) != 0)
			return rc;
	} else if (db_getn_i64(l, 0, "partner_id")) {
		company = db_getn_i64(l, 0, "partner_id");
	}
	const char *person = G("contact_name");
	if (str_empty(person) && company) {
		*out = company;
		return 0;
	}
	struct partner_input p = {0};
	p.name = str_empty(person) ? G("name") : person;
	p.parent_id = company;
	p.email = G("email_from");
	p.phone = G("phone");
	p.mobile = G("mobile");
	p.function = G("function");
	p.website = G("website");
	p.street = G("street");
	p.street2 = G("street2");
	p.zip = G("zip");
	p.city = G("city");
	p.state = G("state");
	p.country_code = G("country_code");
	p.lang = G("lang");
	p.comment = G("description");
	p.user_id = user_id;
	return partner_create(db, a, &p, out, e);
#undef G
}

/* Convert one visible, open lead (no merge). */
static int convert_one(struct db *db, struct arena *a, const struct access *ac, int64_t author,
		       int64_t id, enum convert_customer cust, int64_t partner_id, int64_t user_id, int64_t team_id,
		       bool set_user, bool set_team, struct err_info *e)
{
	struct db_rows r;
	int rc = lead_get(db, a, ac, id, &r);
	if (rc)
		return err_set(e, rc, "id", "NotFound", "record #%lld not found", (long long)id);
	if (!db_getn_i64(&r, 0, "active"))
		return err_set(e, ERR_CONFLICT, "id", "ConvertArchived", "an archived record cannot be converted");
	const char *prob = db_getn(&r, 0, "probability");
	if (prob && atof(prob) >= 100.0)
		return err_set(e, ERR_CONFLICT, "id", "ConvertClosed",
			       "a lead at 100 %% cannot be converted into an opportunity");
	int64_t partner = 0;
	if (cust == CONVERT_CUSTOMER_AUTO) {
		if ((rc = convert_match_partner(db, a, id, &partner)) != 0)
			return rc;
		if (!partner)
			cust = CONVERT_CUSTOMER_CREATE;
	}
	if (cust == CONVERT_CUSTOMER_LINK) {
		if (!partner_id)
			return err_set(e, ERR_INVALID, "partner_id", "Required", "choose the customer to link");
		struct db_rows p;
		if (partner_get_for(db, a, ac, partner_id, &p) != 0)
			return err_set(e, ERR_INVALID, "partner_id", "NotFound", "unknown customer");
		partner = partner_id;
	} else if (cust == CONVERT_CUSTOMER_CREATE) {
		if (db_getn_i64(&r, 0, "partner_id") && str_empty(db_getn(&r, 0, "partner_name")) &&
		    str_empty(db_getn(&r, 0, "contact_name")))
			partner = db_getn_i64(&r, 0, "partner_id"); /* nothing new to create */
		else if ((rc = create_customer(db, a, &r, set_user ? user_id : db_getn_i64(&r, 0, "user_id"), &partner,
					       e)) != 0)
			return rc;
	}
	struct lead_val v[5];
	size_t nv = 0;
	v[nv++] = (struct lead_val){"type", "opportunity"};
	if (partner && partner != db_getn_i64(&r, 0, "partner_id"))
		v[nv++] = (struct lead_val){"partner_id", arena_printf(a, "%lld", (long long)partner)};
	if (set_user)
		v[nv++] = (struct lead_val){"user_id", user_id ? arena_printf(a, "%lld", (long long)user_id) : NULL};
	if (set_team)
		v[nv++] = (struct lead_val){"team_id", team_id ? arena_printf(a, "%lld", (long long)team_id) : NULL};
	struct lead_update u = {v, nv, NULL, 0, false, false};
	if ((rc = lead_update(db, a, ac, author, id, &u, e)) != 0)
		return rc;
	/* First stage of the team when it has none (Odoo 3.2). */
	struct db_rows after;
	if ((rc = db_query1(db, a, &after, "SELECT stage_id, team_id, user_id FROM crm_lead WHERE id = ?", "i", id)) != 0)
		return rc;
	if (!db_get(&after, 0, 0)) {
		int64_t st = 0;
		stage_default_for_team(db, db_get_i64(&after, 0, 1), &st);
		if (st) {
			/* The new salesperson may not be the actor: write as the system. */
			struct access sys = access_for(NULL);
			struct lead_val sv = {"stage_id", arena_printf(a, "%lld", (long long)st)};
			struct lead_update su = {&sv, 1, NULL, 0, false, false};
			if ((rc = lead_update(db, a, &sys, author, id, &su, e)) != 0)
				return rc;
		}
	}
	return 0;
}

struct conv_run {
	struct arena *a;
	const struct access *ac;
	const struct convert_opts *o;
	int64_t id, result;
	struct err_info *e;
};

static int convert_tx(struct db *db, void *arg)
{
	struct conv_run *c = arg;
	const struct convert_opts *o = c->o;
	struct db_rows r;
	int rc = lead_get(db, c->a, c->ac, c->id, &r);
	if (rc)
		return err_set(c->e, rc, "id", "NotFound", "record #%lld not found", (long long)c->id);
	const char *prob = db_getn(&r, 0, "probability");
	if (prob && atof(prob) >= 100.0)
		return err_set(c->e, ERR_CONFLICT, "id", "ConvertClosed",
			       "a lead at 100 %% cannot be converted into an opportunity");
	int64_t target = c->id;
	if (o->merge) {
		int64_t *ids = arena_alloc(c->a, (o->nmerge + 1) * sizeof *ids);
		size_t n = 0;
		ids[n++] = c->id;
		for (size_t i = 0; i < o->nmerge; i++)
			if (o->merge_ids[i] != c->id)
				ids[n++] = o->merge_ids[i];
		if (n < 2)
			return err_set(c->e, ERR_INVALID, "merge_ids", "MergeTooFew",
				       "select the similar records to merge with");
		struct merge_opts mo = {0};
		if (o->mo)
			mo = *o->mo;
		mo.author_id = o->author_id;
		mo.user_id = o->user_id;
		mo.team_id = o->team_id;
		mo.set_user = o->set_user;
		mo.set_team = o->set_team;
		if ((rc = merge_leads(db, c->a, c->ac, &mo, ids, n, &target, NULL, c->e)) != 0)
			return rc;
		struct db_rows m;
		if ((rc = db_query1(db, c->a, &m, "SELECT type, active FROM crm_lead WHERE id = ?", "i", target)) != 0)
			return rc;
		if (str_eq(db_get(&m, 0, 0), "opportunity") || !db_get_i64(&m, 0, 1)) {
			c->result = target; /* already an opportunity: the merge did it all */
			return 0;
		}
	}
	if ((rc = convert_one(db, c->a, c->ac, o->author_id, target, o->customer, o->partner_id, o->user_id,
			      o->team_id, o->set_user && !o->merge, o->set_team && !o->merge, c->e)) != 0)
		return rc;
	c->result = target;
	return 0;
}

int lead_convert(struct db *db, struct arena *a, const struct access *ac,
		 const struct convert_opts *o, int64_t id, int64_t *result, struct err_info *e)
{
	struct conv_run c = {a, ac, o, id, 0, e};
	int rc = db_in_tx(db) ? convert_tx(db, &c) : db_tx(db, convert_tx, &c);
	if (!rc)
		*result = c.result;
	return rc;
}

struct mass_run {
	struct arena *a;
	const struct access *ac;
	const struct convert_mass_opts *o;
	const int64_t *ids;
	size_t n, done, merged;
	struct err_info *e;
};

static int mass_tx(struct db *db, void *arg)
{
	struct mass_run *m = arg;
	const struct convert_mass_opts *o = m->o;
	m->done = m->merged = 0;
	int64_t *gone = arena_alloc(m->a, (m->n + 1) * 64 * sizeof *gone);
	size_t ngone = 0;
	size_t k = 0;
	for (size_t i = 0; i < m->n; i++) {
		int64_t id = m->ids[i];
		bool skip = false;
		for (size_t g = 0; g < ngone && !skip; g++)
			skip = gone[g] == id;
		struct db_rows r;
		if (skip || lead_get(db, m->a, m->ac, id, &r) != 0)
			continue;
		if (!db_getn_i64(&r, 0, "active") || atof(db_getn(&r, 0, "probability")) >= 100.0 ||
		    db_getn(&r, 0, "merged_into_id"))
			continue;
		int rc;
		if (o->dedupe) {
			int64_t *dups;
			size_t nd;
			if ((rc = duplicates(db, m->a, m->ac, id, false, &dups, &nd)) != 0)
				return rc;
			if (nd) {
				int64_t *grp = arena_alloc(m->a, (nd + 1) * sizeof *grp);
				grp[0] = id;
				memcpy(grp + 1, dups, nd * sizeof *dups);
				struct merge_opts mo = {0};
				if (o->mo)
					mo = *o->mo;
				mo.author_id = o->author_id;
				int64_t master = 0;
				if ((rc = merge_leads(db, m->a, m->ac, &mo, grp, nd + 1, &master, NULL, m->e)) != 0)
					return rc;
				for (size_t g = 0; g <= nd && ngone < (m->n + 1) * 64; g++)
					if (grp[g] != master)
						gone[ngone++] = grp[g];
				m->merged += nd;
				id = master;
			}
		}
		struct db_rows t;
		if ((rc = db_query1(db, m->a, &t, "SELECT type FROM crm_lead WHERE id = ?", "i", id)) != 0)
			return rc;
		int64_t user = o->nusers ? o->user_ids[k % o->nusers] : 0;
		if (str_eq(db_get(&t, 0, 0), "opportunity") && !o->nusers && !o->team_id)
			continue;
		if ((rc = convert_one(db, m->a, m->ac, o->author_id, id,
				      o->customer == CONVERT_CUSTOMER_NONE ? CONVERT_CUSTOMER_NONE : CONVERT_CUSTOMER_AUTO,
				      0, user, o->team_id, o->nusers > 0, o->team_id > 0, m->e)) != 0)
			return rc;
		k++;
		m->done++;
	}
	return 0;
}

int lead_convert_mass(struct db *db, struct arena *a, const struct access *ac,
		      const struct convert_mass_opts *o, const int64_t *ids, size_t n, size_t *done,
		      size_t *merged, struct err_info *e)
{
	if (n > LEAD_BULK_MAX)
		return err_set(e, ERR_INVALID, "ids", "TooMany", "at most %d records at once", LEAD_BULK_MAX);
	struct mass_run m = {a, ac, o, ids, n, 0, 0, e};
	int rc = db_in_tx(db) ? mass_tx(db, &m) : db_tx(db, mass_tx, &m);
	if (!rc) {
		*done = m.done;
		if (merged)
			*merged = m.merged;
	}
	return rc;
}
