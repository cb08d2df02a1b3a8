/* merge.c - merging leads and undoing it (see merge.h). */
#include "crm/merge.h"

#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/str.h"
#include "crm/access.h"
#include "crm/activity.h"
#include "crm/chatter.h"
#include "crm/follower.h"
#include "crm/lead.h"
#include "crm/normalize.h"
#include "crm/qb.h"
#include "crm/quote.h"
#include "crm/scoring.h"
#include "crm/stage.h"
#include "db/db.h"

/* ---- master choice ------------------------------------------------------ */

static int cand_cmp(const void *x, const void *y)
{
	const struct merge_cand *a = x, *b = y;
	if (a->active != b->active)
		return a->active ? -1 : 1;
	if (a->opportunity != b->opportunity)
		return a->opportunity ? -1 : 1;
	if (a->stage_sequence != b->stage_sequence)
		return a->stage_sequence > b->stage_sequence ? -1 : 1;
	if (a->probability_e2 != b->probability_e2)
		return a->probability_e2 > b->probability_e2 ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

void merge_sort(struct merge_cand *cands, size_t n)
{
	qsort(cands, n, sizeof *cands, cand_cmp);
}

/* ---- loading and checking the records ----------------------------------- */

#define MCOLS                                                                                       \
	"l.id, l.name, l.type, l.active, l.contact_name, l.partner_name, l.email_from, l.email_cc, "  \
	"l.phone, l.mobile, l.website, l.function, l.street, l.street2, l.zip, l.city, l.state, "     \
	"l.country_code, l.lang, l.partner_id, l.user_id, l.team_id, l.stage_id, l.expected_revenue, " \
	"l.probability, l.priority, l.date_deadline, l.referred, l.description, l.campaign, "         \
	"l.medium, l.source, l.lost_reason_id, l.merged_into_id, l.create_date"

struct recs {
	struct db_rows r;         /* MCOLS rows, in the order of the sorted candidates */
	size_t *row;              /* row[i]: index in r of the i-th best record */
	struct merge_cand *c;
	size_t n;
};

static int64_t prob_e2(const char *s)
{
	/* "12.34" -> 1234 */
	if (!s)
		return 0;
	int64_t ip = 0, fp = 0;
	const char *p = s;
	while (isdigit((unsigned char)*p))
		ip = ip * 10 + (*p++ - '0');
	if (*p == '.') {
		p++;
		for (int k = 0; k < 2; k++)
			fp = fp * 10 + (isdigit((unsigned char)*p) ? (*p++ - '0') : 0);
	}
	return ip * 100 + fp;
}

static const char *rec_name(struct recs *rs, size_t i)
{
	return db_getn(&rs->r, rs->row[i], "name");
}

/* Lock and load ids; check every record can be merged. lock: FOR UPDATE. */
static int load_recs(struct db *db, struct arena *a, const struct access *ac, const int64_t *ids,
		     size_t n, bool lock, struct recs *rs, struct err_info *e)
{
	if (n < 2)
		return err_set(e, ERR_INVALID, "ids", "MergeTooFew", "select at least two records to merge");
	if (n > MERGE_MAX)
		return err_set(e, ERR_INVALID, "ids", "MergeTooMany", "at most %d records can be merged at once",
			       MERGE_MAX);
	for (size_t i = 0; i < n; i++) {
		if (ids[i] <= 0)
			return err_set(e, ERR_INVALID, "ids", "BadId", "invalid record id");
		for (size_t k = 0; k < i; k++)
			if (ids[k] == ids[i])
				return err_set(e, ERR_INVALID, "ids", "Duplicate", "record #%lld is selected twice",
					       (long long)ids[i]);
	}
	struct qb q;
	qb_init(&q, a);
	qb_sql(&q, "SELECT " MCOLS " FROM crm_lead l WHERE l.id IN ");
	qb_in(&q, ids, n);
	qb_sql(&q, lock ? " ORDER BY l.id FOR UPDATE" : " ORDER BY l.id");
	int rc = qb_query(&q, db, &rs->r);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		bool found = false;
		for (size_t k = 0; k < rs->r.nrows && !found; k++)
			found = db_get_i64(&rs->r, k, 0) == ids[i] &&
				access_owner_ok(ac, db_getn_i64(&rs->r, k, "user_id"));
		if (!found)
			return err_set(e, ERR_NOTFOUND, "ids", "NotFound", "record #%lld not found", (long long)ids[i]);
	}
	rs->n = rs->r.nrows;
	rs->c = arena_alloc(a, rs->n * sizeof *rs->c);
	rs->row = arena_alloc(a, rs->n * sizeof *rs->row);
	/* Stage sequences and won flags in one read (stages are not locked). */
	struct db_rows st;
	qb_init(&q, a);
	qb_sql(&q, "SELECT id, sequence, is_won FROM stage WHERE id IN ");
	int64_t *sids = arena_alloc(a, rs->n * sizeof *sids);
	size_t ns = 0;
	for (size_t k = 0; k < rs->n; k++)
		if (db_getn_i64(&rs->r, k, "stage_id"))
			sids[ns++] = db_getn_i64(&rs->r, k, "stage_id");
	memset(&st, 0, sizeof st);
	if (ns) {
		qb_in(&q, sids, ns);
		if ((rc = qb_query(&q, db, &st)) != 0)
			return rc;
	}
	for (size_t k = 0; k < rs->n; k++) {
		struct merge_cand *c = &rs->c[k];
		c->id = db_get_i64(&rs->r, k, 0);
		c->active = db_getn_i64(&rs->r, k, "active") != 0;
		c->opportunity = str_eq(db_getn(&rs->r, k, "type"), "opportunity");
		c->probability_e2 = prob_e2(db_getn(&rs->r, k, "probability"));
		bool won = false;
		int64_t sid = db_getn_i64(&rs->r, k, "stage_id");
		for (size_t j = 0; j < st.nrows; j++)
			if (db_get_i64(&st, j, 0) == sid) {
				c->stage_sequence = db_get_i64(&st, j, 1);
				won = db_get_i64(&st, j, 2) != 0;
			}
		const char *name = db_getn(&rs->r, k, "name");
		if (db_getn(&rs->r, k, "merged_into_id"))
			return err_set(e, ERR_CONFLICT, "ids", "AlreadyMerged",
				       "\"%.80s\" (#%lld) has already been merged into #%lld", name, (long long)c->id,
				       (long long)db_getn_i64(&rs->r, k, "merged_into_id"));
		/* Odoo silently drops records at 100 %; we refuse and say which. */
		if (c->active && (won || c->probability_e2 >= 10000))
			return err_set(e, ERR_CONFLICT, "ids", "MergeWon",
				       "\"%.80s\" (#%lld) is won: a won record cannot be merged; deselect it or "
				       "change its stage first",
				       name, (long long)c->id);
	}
	merge_sort(rs->c, rs->n);
	for (size_t i = 0; i < rs->n; i++)
		for (size_t k = 0; k < rs->n; k++)
			if (db_get_i64(&rs->r, k, 0) == rs->c[i].id)
				rs->row[i] = k;
	return 0;
}

int merge_preview(struct db *db, struct arena *a, const struct access *ac, const int64_t *ids,
		  size_t n, int64_t *master, struct err_info *e)
{
	struct recs rs;
	memset(&rs, 0, sizeof rs);
	int rc = load_recs(db, a, ac, ids, n, false, &rs, e);
	if (rc)
		return rc;
	*master = rs.c[0].id;
	return 0;
}

/* ---- snapshots ------------------------------------------------------------ */

/* The columns crm_lead and lead_merge_row share, back-quoted and
 * comma-separated, without id (names come from the schema, checked to be
 * plain identifiers). */
static int snap_cols(struct db *db, struct arena *a, const char **out)
{
	/* Column names from the result metadata of two empty reads (cheaper
	 * than information_schema, which costs milliseconds per query). */
	struct db_rows l, s;
	int rc = db_query(db, a, &l, "SELECT * FROM crm_lead LIMIT 0", "");
	if (!rc)
		rc = db_query(db, a, &s, "SELECT * FROM lead_merge_row LIMIT 0", "");
	if (rc)
		return rc;
	struct buf b;
	buf_init(&b);
	size_t n = 0;
	for (size_t i = 0; i < l.ncols; i++) {
		const char *c = l.names[i];
		bool shared = false;
		for (size_t k = 0; k < s.ncols && !shared; k++)
			shared = str_eq(s.names[k], c);
		if (!shared || str_eq(c, "id"))
			continue;
		for (const char *p = c; *p; p++)
			if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_')) {
				buf_free(&b);
				return ERR_DB;
			}
		buf_printf(&b, "%s`%s`", n++ ? "," : "", c);
	}
	*out = arena_strdup(a, b.p ? b.p : "");
	buf_free(&b);
	return n ? 0 : ERR_DB;
}

static int snapshot(struct db *db, struct arena *a, const char *cols, int64_t merge_id,
		    const char *snap, const int64_t *ids, size_t n)
{
	struct qb q;
	qb_init(&q, a);
	qb_sql(&q, arena_printf(a, "INSERT INTO lead_merge_row (merge_id, snap, id, %s) SELECT ", cols));
	qb_i(&q, merge_id);
	qb_sql(&q, ", ");
	qb_s(&q, snap);
	qb_sql(&q, arena_printf(a, ", id, %s FROM crm_lead WHERE id IN ", cols));
	qb_in(&q, ids, n);
	int64_t r = qb_exec(&q, db);
	if (r < 0)
		return (int)r;
	qb_init(&q, a);
	qb_sql(&q, "INSERT INTO lead_merge_tag (merge_id, snap, lead_id, tag_id) SELECT ");
	qb_i(&q, merge_id);
	qb_sql(&q, ", ");
	qb_s(&q, snap);
	qb_sql(&q, ", lead_id, tag_id FROM lead_tag WHERE lead_id IN ");
	qb_in(&q, ids, n);
	r = qb_exec(&q, db);
	return r < 0 ? (int)r : 0;
}

/* ---- merging -------------------------------------------------------------- */

struct merge_run {
	struct arena *a;
	const struct access *ac;
	const struct merge_opts *o;
	const int64_t *ids;
	size_t n;
	int64_t master, merge_id;
	struct err_info *e;
};

static const char *first_text(struct recs *rs, const char *col)
{
	for (size_t i = 0; i < rs->n; i++) {
		const char *v = db_getn(&rs->r, rs->row[i], col);
		if (!str_empty(v))
			return v;
	}
	return NULL;
}

static int64_t first_id(struct recs *rs, const char *col)
{
	for (size_t i = 0; i < rs->n; i++) {
		int64_t v = db_getn_i64(&rs->r, rs->row[i], col);
		if (v)
			return v;
	}
	return 0;
}

static const char *const ADDR[] = {"street", "street2", "zip", "city", "state", "country_code"};
#define NADDR (sizeof ADDR / sizeof ADDR[0])

/* The record whose address block is kept: most non-empty address fields,
 * the first in merge order on ties. */
static size_t address_source(struct recs *rs)
{
	size_t best = 0;
	int bestn = -1;
	for (size_t i = 0; i < rs->n; i++) {
		int k = 0;
		for (size_t f = 0; f < NADDR; f++)
			k += !str_empty(db_getn(&rs->r, rs->row[i], ADDR[f]));
		if (k > bestn) {
			bestn = k;
			best = i;
		}
	}
	return best;
}

static const char *tmpl_fill(struct arena *a, const char *t, const char *name, int64_t id)
{
	struct buf b;
	buf_init(&b);
	for (const char *p = t; *p; p++) {
		if (str_starts(p, "{name}")) {
			buf_printf(&b, "%s", name ? name : "");
			p += 5;
		} else if (str_starts(p, "{id}")) {
			buf_printf(&b, "%lld", (long long)id);
			p += 3;
		} else {
			buf_addc(&b, *p);
		}
	}
	char *s = arena_strdup(a, b.p ? b.p : "");
	buf_free(&b);
	return s;
}

static const char *field_label(const struct merge_opts *o, const char *field)
{
	const char *l = o->label ? o->label(o->label_arg, field) : NULL;
	return l ? l : field;
}

/* The chatter note: every merged record's values (P7). */
static int summary_note(struct db *db, struct merge_run *m, struct recs *rs, int64_t *msg_id)
{
	static const char *const show[] = {
		"name", "type", "expected_revenue", "probability", "priority", "contact_name", "partner_name",
		"email_from", "email_cc", "phone", "mobile", "website", "function", "street", "street2", "zip",
		"city", "state", "country_code", "lang", "referred", "date_deadline", "campaign", "medium",
		"source", "create_date", "description"};
	struct buf b;
	buf_init(&b);
	const char *line = m->o->line_tmpl ? m->o->line_tmpl : "Merged {name} (#{id}) into this one.";
	for (size_t i = 1; i < rs->n; i++) {
		size_t k = rs->row[i];
		const struct db_rows *r = &rs->r;
		buf_printf(&b, "%s%s\n", i > 1 ? "\n" : "", tmpl_fill(m->a, line, rec_name(rs, i), rs->c[i].id));
		for (size_t f = 0; f < sizeof show / sizeof show[0]; f++) {
			const char *v = db_getn(r, k, show[f]);
			if (!str_empty(v))
				buf_printf(&b, "  %s: %s%s\n", field_label(m->o, show[f]), v,
					   str_eq(show[f], "create_date") ? " UTC" : "");
		}
		struct db_rows x;
		if (db_query1(db, m->a, &x,
			      "SELECT (SELECT name FROM stage WHERE id = ?), (SELECT name FROM app_user WHERE id = ?), "
			      "(SELECT name FROM team WHERE id = ?), (SELECT name FROM lost_reason WHERE id = ?), "
			      "(SELECT GROUP_CONCAT(t.name ORDER BY t.name SEPARATOR ', ') FROM lead_tag lt "
			      "JOIN tag t ON t.id = lt.tag_id WHERE lt.lead_id = ?), "
			      "(SELECT GROUP_CONCAT(u.name ORDER BY u.name SEPARATOR ', ') FROM follower f "
			      "JOIN app_user u ON u.id = f.user_id WHERE f.res_model = 'lead' AND f.res_id = ?)",
			      "iiiiii", db_getn_i64(r, k, "stage_id"), db_getn_i64(r, k, "user_id"),
			      db_getn_i64(r, k, "team_id"), db_getn_i64(r, k, "lost_reason_id"), rs->c[i].id,
			      rs->c[i].id) == 0) {
			static const char *const lab[] = {"stage", "salesperson", "team", "lost_reason", "tags", "followers"};
			for (size_t f = 0; f < 6; f++)
				if (!str_empty(db_get(&x, 0, f)))
					buf_printf(&b, "  %s: %s\n", field_label(m->o, lab[f]), db_get(&x, 0, f));
		}
	}
	/* A message body is at most MEDIUMTEXT; 50 records x a 20 000-character
	 * note fit. */
	struct chatter_msg msg = {0};
	msg.res_model = "lead";
	msg.res_id = rs->c[0].id;
	msg.kind = "system";
	msg.author_id = m->o->author_id;
	msg.subject = m->o->subject ? m->o->subject : "Merged";
	msg.body = b.p ? b.p : "";
	int rc = chatter_post(db, &msg, msg_id);
	buf_free(&b);
	return rc;
}

static int merge_tx(struct db *db, void *arg)
{
	struct merge_run *m = arg;
	struct arena *a = m->a;
	struct recs rs;
	memset(&rs, 0, sizeof rs);
	int rc = load_recs(db, a, m->ac, m->ids, m->n, true, &rs, m->e);
	if (rc)
		return rc;
	const char *cols;
	if ((rc = snap_cols(db, a, &cols)) != 0)
		return rc;
	int64_t master = rs.c[0].id;
	size_t mrow = rs.row[0];
	int64_t *tails = arena_alloc(a, rs.n * sizeof *tails);
	for (size_t i = 1; i < rs.n; i++)
		tails[i - 1] = rs.c[i].id;
	size_t nt = rs.n - 1;

	int64_t r = db_exec(db, "INSERT INTO lead_merge (master_id, author_id, created_at) VALUES (?, NULLIF(?, 0), UTC_TIMESTAMP())",
			    "ii", master, m->o->author_id);
	if (r < 0)
		return (int)r;
	int64_t mid = db_last_id(db);
	int64_t *all = arena_alloc(a, rs.n * sizeof *all);
	for (size_t i = 0; i < rs.n; i++)
		all[i] = rs.c[i].id;
	if ((rc = snapshot(db, a, cols, mid, "before", all, rs.n)) != 0)
		return rc;

	/* Field values (P7): first non-empty in merge order. */
	static const char *const text[] = {"name", "contact_name", "partner_name", "email_from", "email_cc",
					   "phone", "mobile", "website", "function", "lang", "referred",
					   "campaign", "medium", "source", "date_deadline"};
	const char *tv[sizeof text / sizeof text[0]];
	for (size_t f = 0; f < sizeof text / sizeof text[0]; f++)
		tv[f] = first_text(&rs, text[f]);
	int64_t partner = first_id(&rs, "partner_id");
	int64_t user = m->o->set_user ? m->o->user_id : first_id(&rs, "user_id");
	int64_t team = m->o->set_team ? m->o->team_id : first_id(&rs, "team_id");
	int64_t stage = first_id(&rs, "stage_id");
	const char *revenue = "0.00";
	for (size_t i = 0; i < rs.n; i++) {
		const char *v = db_getn(&rs.r, rs.row[i], "expected_revenue");
		if (v && prob_e2(v) != 0) {
			revenue = v;
			break;
		}
	}
	int64_t priority = 0;
	bool opp = false;
	struct buf desc;
	buf_init(&desc);
	for (size_t i = 0; i < rs.n; i++) {
		int64_t p = db_getn_i64(&rs.r, rs.row[i], "priority");
		if (p > priority)
			priority = p;
		opp = opp || rs.c[i].opportunity;
		const char *d = db_getn(&rs.r, rs.row[i], "description");
		if (!str_empty(d))
			buf_printf(&desc, "%s%s", desc.len ? "\n\n" : "", d);
	}
	char *description = desc.len ? arena_strdup(a, desc.p) : NULL;
	buf_free(&desc);
	if (description && strlen(description) > 65000)
		str_utf8_truncate(description, 65000); /* TEXT column */
	/* Lost reason: none when the master is open, else the first one. */
	int64_t lost_reason = rs.c[0].probability_e2 != 0 ? 0 : first_id(&rs, "lost_reason_id");
	size_t as = rs.row[address_source(&rs)];
	/* The stage must belong to the resulting team (or be global). */
	if (stage && !stage_valid_for_team(db, stage, team)) {
		stage = 0;
		stage_default_for_team(db, team, &stage);
	}
	const char *email = tv[3];
	const char *email_norm = norm_email(a, email);
	const char *crit = norm_email_domain_criterion(a, email_norm);
	const char *country = db_getn(&rs.r, as, "country_code");
	char cc[3] = "FR";
	if (!str_empty(country)) {
		cc[0] = (char)toupper((unsigned char)country[0]);
		cc[1] = (char)toupper((unsigned char)country[1]);
	}
	const char *phone_san = NULL;
	if (!str_empty(tv[6]))
		phone_san = norm_phone_e164(a, tv[6], cc);
	if (!phone_san && !str_empty(tv[5]))
		phone_san = norm_phone_e164(a, tv[5], cc);

	int64_t msg_id = 0;
	if ((rc = summary_note(db, m, &rs, &msg_id)) != 0)
		return rc;

	/* What moves, as it was (for unmerge), then the moves by their owners. */
	struct qb q;
	qb_init(&q, a);
	qb_sql(&q, "INSERT INTO lead_merge_move (merge_id, kind, obj_id, from_id, old_subject, old_moved_from) "
		   "SELECT ");
	qb_i(&q, mid);
	qb_sql(&q, ", 'message', id, res_id, subject, moved_from_id FROM message WHERE res_model = 'lead' AND res_id IN ");
	qb_in(&q, tails, nt);
	qb_sql(&q, " UNION ALL SELECT ");
	qb_i(&q, mid);
	qb_sql(&q, ", 'attachment', id, res_id, NULL, moved_from_id FROM attachment WHERE res_model = 'lead' AND res_id IN ");
	qb_in(&q, tails, nt);
	qb_sql(&q, " UNION ALL SELECT ");
	qb_i(&q, mid);
	qb_sql(&q, ", 'activity', id, res_id, NULL, moved_from_id FROM activity WHERE res_model = 'lead' AND res_id IN ");
	qb_in(&q, tails, nt);
	qb_sql(&q, " UNION ALL SELECT ");
	qb_i(&q, mid);
	qb_sql(&q, ", 'quote', id, opportunity_id, NULL, NULL FROM quote WHERE opportunity_id IN ");
	qb_in(&q, tails, nt);
	/* Followers the master does not have yet (one row per user). */
	qb_sql(&q, " UNION ALL SELECT ");
	qb_i(&q, mid);
	qb_sql(&q, ", 'follower', f.user_id, MIN(f.res_id), NULL, NULL FROM follower f WHERE f.res_model = 'lead' "
		   "AND f.res_id IN ");
	qb_in(&q, tails, nt);
	qb_sql(&q, " AND NOT EXISTS (SELECT 1 FROM follower g WHERE g.res_model = 'lead' AND g.res_id = ");
	qb_i(&q, master);
	qb_sql(&q, " AND g.user_id = f.user_id) GROUP BY f.user_id");
	if ((r = qb_exec(&q, db)) < 0)
		return (int)r;
	const char *from_word = m->o->from_word ? m->o->from_word : "From";
	for (size_t i = 1; i < rs.n; i++) {
		int64_t t = rs.c[i].id;
		const char *prefix = arena_printf(a, "%s %s", from_word, rec_name(&rs, i));
		if ((rc = chatter_move_record(db, "lead", t, master, prefix)) != 0 ||
		    (rc = activity_move_record(db, "lead", t, master)) != 0 ||
		    (rc = quote_move_opportunity(db, t, master)) != 0)
			return rc;
	}
	struct db_rows fol;
	if ((rc = db_query(db, a, &fol, "SELECT obj_id FROM lead_merge_move WHERE merge_id = ? AND kind = 'follower'",
			   "i", mid)) != 0)
		return rc;
	for (size_t i = 0; i < fol.nrows; i++)
		if ((rc = follower_add(db, "lead", master, db_get_i64(&fol, i, 0))) != 0)
			return rc;

	/* Tags: union. */
	qb_init(&q, a);
	qb_sql(&q, "INSERT IGNORE INTO lead_tag (lead_id, tag_id) SELECT ");
	qb_i(&q, master);
	qb_sql(&q, ", tag_id FROM lead_tag WHERE lead_id IN ");
	qb_in(&q, tails, nt);
	if ((r = qb_exec(&q, db)) < 0)
		return (int)r;

	/* The master's row. */
	qb_init(&q, a);
	/* date_open first: SET sees the values assigned before it. */
	qb_sql(&q, "UPDATE crm_lead SET date_open = IF(user_id IS NULL AND ");
	qb_i(&q, user);
	qb_sql(&q, " <> 0, UTC_TIMESTAMP(), date_open)");
	for (size_t f = 0; f < sizeof text / sizeof text[0]; f++) {
		qb_sql(&q, arena_printf(a, ", %s = ", text[f]));
		qb_s(&q, tv[f]);
	}
	for (size_t f = 0; f < NADDR; f++) {
		qb_sql(&q, arena_printf(a, ", %s = ", ADDR[f]));
		qb_s(&q, db_getn(&rs.r, as, ADDR[f]));
	}
	qb_sql(&q, ", email_normalized = ");
	qb_s(&q, email_norm);
	qb_sql(&q, ", email_domain_criterion = ");
	qb_s(&q, crit);
	qb_sql(&q, ", phone_sanitized = ");
	qb_s(&q, phone_san);
	qb_sql(&q, ", partner_id = NULLIF(");
	qb_i(&q, partner);
	qb_sql(&q, ", 0), user_id = NULLIF(");
	qb_i(&q, user);
	qb_sql(&q, ", 0), team_id = NULLIF(");
	qb_i(&q, team);
	qb_sql(&q, ", 0), stage_id = NULLIF(");
	qb_i(&q, stage);
	qb_sql(&q, ", 0), expected_revenue = ");
	qb_s(&q, revenue);
	qb_sql(&q, ", priority = ");
	qb_i(&q, priority);
	qb_sql(&q, ", type = ");
	qb_s(&q, opp ? "opportunity" : "lead");
	qb_sql(&q, ", description = ");
	qb_s(&q, description);
	qb_sql(&q, ", lost_reason_id = NULLIF(");
	qb_i(&q, lost_reason);
	qb_sql(&q, ", 0) WHERE id = ");
	qb_i(&q, master);
	if ((r = qb_exec(&q, db)) < 0)
		return (int)r;

	/* The others: archived, pointing at the master (not deleted). */
	qb_init(&q, a);
	qb_sql(&q, "UPDATE crm_lead SET active = 0, merged_into_id = ");
	qb_i(&q, master);
	qb_sql(&q, " WHERE id IN ");
	qb_in(&q, tails, nt);
	if ((r = qb_exec(&q, db)) < 0)
		return (int)r;
	for (size_t i = 0; i < rs.n; i++)
		if ((rc = lead_refresh_activity(db, rs.c[i].id)) != 0)
			return rc;
	/* The master's score follows its new values (not for a lost master). */
	if (rs.c[0].active && (rc = scoring_rescore_lead(db, master, NULL)) != 0 && rc != ERR_NOTFOUND)
		return rc;
	if ((rc = snapshot(db, a, cols, mid, "after", &master, 1)) != 0)
		return rc;
	r = db_exec(db, "UPDATE lead_merge SET summary_msg_id = ? WHERE id = ?", "ii", msg_id, mid);
	if (r < 0)
		return (int)r;
	(void)mrow;
	m->master = master;
	m->merge_id = mid;
	return 0;
}

int merge_leads(struct db *db, struct arena *a, const struct access *ac, const struct merge_opts *o,
		const int64_t *ids, size_t n, int64_t *master, int64_t *merge_id, struct err_info *e)
{
	struct merge_run m = {a, ac, o, ids, n, 0, 0, e};
	int rc = db_in_tx(db) ? merge_tx(db, &m) : db_tx(db, merge_tx, &m);
	if (rc)
		return rc;
	*master = m.master;
	if (merge_id)
		*merge_id = m.merge_id;
	return 0;
}

int merge_assign_hook(struct db *db, const int64_t *ids, size_t n, int64_t *kept, void *arg)
{
	(void)arg;
	struct arena a;
	arena_init(&a, 16384);
	struct access ac = access_for(NULL);
	struct merge_opts o = {0};
	struct err_info e = {0};
	int rc = merge_leads(db, &a, &ac, &o, ids, n, kept, NULL, &e);
	arena_free(&a);
	return rc;
}

/* ---- undoing a merge ------------------------------------------------------ */

struct undo_run {
	struct arena *a;
	const struct access *ac;
	const struct merge_undo_opts *o;
	int64_t master, merge_id;
	const char *kept;
	struct err_info *e;
};

/* Columns whose difference is not an edit by someone: kept in step with
 * other columns or recomputed. */
static bool derived_col(const char *c)
{
	return str_eq(c, "write_date") || str_eq(c, "activity_deadline") || str_eq(c, "activity_user_id") ||
	       str_eq(c, "automated_probability") ||
	       str_eq(c, "email_normalized") || str_eq(c, "email_domain_criterion") ||
	       str_eq(c, "phone_sanitized");
}

static int undo_tx(struct db *db, void *arg)
{
	struct undo_run *u = arg;
	struct arena *a = u->a;
	struct db_rows lr;
	int rc = db_query1(db, a, &lr, "SELECT id, user_id, merged_into_id FROM crm_lead WHERE id = ? FOR UPDATE", "i",
			   u->master);
	if (rc == ERR_NOTFOUND || (!rc && !access_owner_ok(u->ac, db_get_i64(&lr, 0, 1))))
		return err_set(u->e, ERR_NOTFOUND, "id", "NotFound", "record #%lld not found", (long long)u->master);
	if (rc)
		return rc;
	if (db_get(&lr, 0, 2))
		return err_set(u->e, ERR_CONFLICT, "id", "UnmergeMasterMerged",
			       "this record has since been merged into #%lld: undo that merge first",
			       (long long)db_get_i64(&lr, 0, 2));
	struct db_rows mg;
	if (u->merge_id)
		rc = db_query1(db, a, &mg,
			       "SELECT id, undone_at IS NOT NULL, created_at < UTC_TIMESTAMP() - INTERVAL ? DAY "
			       "FROM lead_merge WHERE id = ? AND master_id = ? FOR UPDATE",
			       "iii", (int64_t)MERGE_UNDO_DAYS, u->merge_id, u->master);
	else
		rc = db_query1(db, a, &mg,
			       "SELECT id, undone_at IS NOT NULL, created_at < UTC_TIMESTAMP() - INTERVAL ? DAY "
			       "FROM lead_merge WHERE master_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1 FOR UPDATE",
			       "ii", (int64_t)MERGE_UNDO_DAYS, u->master);
	if (rc == ERR_NOTFOUND)
		return err_set(u->e, ERR_NOTFOUND, "merge_id", "NoMerge", "no merge of this record to undo");
	if (rc)
		return rc;
	int64_t mid = db_get_i64(&mg, 0, 0);
	if (db_get_i64(&mg, 0, 1))
		return err_set(u->e, ERR_GONE, "merge_id", "UnmergeDone", "this merge has already been undone");
	if (db_get_i64(&mg, 0, 2))
		return err_set(u->e, ERR_GONE, "merge_id", "UnmergeTooOld",
			       "a merge can only be undone within %d days", MERGE_UNDO_DAYS);
	int64_t later = 0;
	if ((rc = db_int(db, &later, 0,
			 "SELECT id FROM lead_merge WHERE master_id = ? AND id > ? AND undone_at IS NULL LIMIT 1", "ii",
			 u->master, mid)) != 0)
		return rc;
	if (later)
		return err_set(u->e, ERR_CONFLICT, "merge_id", "UnmergeLater",
			       "a later merge into this record must be undone first");
	/* The merged records, locked, still archived into the master. */
	struct db_rows tr;
	if ((rc = db_query(db, a, &tr,
			   "SELECT l.id, l.merged_into_id FROM lead_merge_row s JOIN crm_lead l ON l.id = s.id "
			   "WHERE s.merge_id = ? AND s.snap = 'before' AND s.id <> ? ORDER BY l.id FOR UPDATE",
			   "ii", mid, u->master)) != 0)
		return rc;
	if (!tr.nrows)
		return err_set(u->e, ERR_GONE, "merge_id", "UnmergeGone", "the merged records no longer exist");
	int64_t *tails = arena_alloc(a, tr.nrows * sizeof *tails);
	for (size_t i = 0; i < tr.nrows; i++) {
		tails[i] = db_get_i64(&tr, i, 0);
		if (db_get_i64(&tr, i, 1) != u->master)
			return err_set(u->e, ERR_CONFLICT, "merge_id", "UnmergeChanged",
				       "record #%lld is no longer merged into this one", (long long)tails[i]);
	}
	size_t nt = tr.nrows;
	const char *cols;
	if ((rc = snap_cols(db, a, &cols)) != 0)
		return rc;
	/* Split the column list. */
	size_t ncols = 1;
	for (const char *p = cols; *p; p++)
		ncols += *p == ',';
	const char **cn = arena_alloc(a, ncols * sizeof *cn);
	{
		char *c = arena_strdup(a, cols);
		size_t k = 0;
		for (char *tok = strtok(c, ","); tok && k < ncols; tok = strtok(NULL, ","))
			cn[k++] = tok;
		ncols = k;
	}
	/* Which master columns were edited since the merge. */
	struct qb q;
	qb_init(&q, a);
	qb_sql(&q, "SELECT ");
	for (size_t i = 0; i < ncols; i++)
		qb_sql(&q, arena_printf(a, "%s(l.%s <=> s.%s)", i ? ", " : "", cn[i], cn[i]));
	qb_sql(&q, " FROM crm_lead l JOIN lead_merge_row s ON s.merge_id = ");
	qb_i(&q, mid);
	qb_sql(&q, " AND s.snap = 'after' AND s.id = l.id WHERE l.id = ");
	qb_i(&q, u->master);
	struct db_rows same;
	if ((rc = qb_query(&q, db, &same)) != 0)
		return rc;
	if (same.nrows != 1)
		return ERR_DB;
	struct buf kept;
	buf_init(&kept);
	qb_init(&q, a);
	qb_sql(&q, "UPDATE crm_lead l JOIN lead_merge_row s ON s.merge_id = ");
	qb_i(&q, mid);
	qb_sql(&q, " AND s.snap = 'before' AND s.id = l.id SET ");
	size_t nset = 0;
	bool any_kept = false;
	for (size_t i = 0; i < ncols; i++) {
		char name[80];
		str_copy(name, cn[i] + 1, sizeof name);
		name[strlen(name) ? strlen(name) - 1 : 0] = 0; /* strip the back quotes */
		bool unchanged = db_get_i64(&same, 0, i) != 0;
		if (!unchanged && !derived_col(name)) {
			any_kept = true;
			buf_printf(&kept, "%s%s", kept.len ? ", " : "", name);
			continue;
		}
		if (!unchanged || str_eq(name, "write_date"))
			continue; /* write_date: below, only when nothing was kept */
		qb_sql(&q, arena_printf(a, "%sl.%s = s.%s", nset++ ? ", " : "", cn[i], cn[i]));
	}
	if (!any_kept)
		qb_sql(&q, arena_printf(a, "%sl.`write_date` = s.`write_date`", nset++ ? ", " : ""));
	qb_sql(&q, " WHERE l.id = ");
	qb_i(&q, u->master);
	int64_t r;
	if (nset && (r = qb_exec(&q, db)) < 0) {
		buf_free(&kept);
		return (int)r;
	}
	/* The master's tags: back unless changed since. */
	int64_t tag_diff = 0;
	rc = db_int(
		db, &tag_diff, 0,
		"SELECT (SELECT COUNT(*) FROM lead_tag lt WHERE lt.lead_id = ? AND NOT EXISTS (SELECT 1 FROM lead_merge_tag t "
		"WHERE t.merge_id = ? AND t.snap = 'after' AND t.lead_id = lt.lead_id AND t.tag_id = lt.tag_id)) + "
		"(SELECT COUNT(*) FROM lead_merge_tag t WHERE t.merge_id = ? AND t.snap = 'after' AND t.lead_id = ? "
		"AND NOT EXISTS (SELECT 1 FROM lead_tag lt WHERE lt.lead_id = t.lead_id AND lt.tag_id = t.tag_id))",
		"iiii", u->master, mid, mid, u->master);
	if (rc) {
		buf_free(&kept);
		return rc;
	}
	int64_t *all = arena_alloc(a, (nt + 1) * sizeof *all);
	memcpy(all, tails, nt * sizeof *tails);
	size_t nall = nt;
	if (tag_diff) {
		buf_printf(&kept, "%stags", kept.len ? ", " : "");
		any_kept = true;
	} else {
		all[nall++] = u->master;
	}
	qb_init(&q, a);
	qb_sql(&q, "DELETE FROM lead_tag WHERE lead_id IN ");
	qb_in(&q, all, nall);
	if ((r = qb_exec(&q, db)) >= 0) {
		qb_init(&q, a);
		qb_sql(&q, "INSERT INTO lead_tag (lead_id, tag_id) SELECT t.lead_id, t.tag_id FROM lead_merge_tag t "
			   "JOIN tag g ON g.id = t.tag_id WHERE t.merge_id = ");
		qb_i(&q, mid);
		qb_sql(&q, " AND t.snap = 'before' AND t.lead_id IN ");
		qb_in(&q, all, nall);
		r = qb_exec(&q, db);
	}
	if (r < 0) {
		buf_free(&kept);
		return (int)r;
	}
	/* The merged records: exactly their rows before the merge. */
	qb_init(&q, a);
	qb_sql(&q, "UPDATE crm_lead l JOIN lead_merge_row s ON s.merge_id = ");
	qb_i(&q, mid);
	qb_sql(&q, " AND s.snap = 'before' AND s.id = l.id SET ");
	for (size_t i = 0; i < ncols; i++)
		qb_sql(&q, arena_printf(a, "%sl.%s = s.%s", i ? ", " : "", cn[i], cn[i]));
	qb_sql(&q, " WHERE l.id IN ");
	qb_in(&q, tails, nt);
	if ((r = qb_exec(&q, db)) < 0) {
		buf_free(&kept);
		return (int)r;
	}
	/* What moved goes back. */
	struct db_rows fol;
	if ((rc = chatter_unmove_merge(db, mid)) != 0 || (rc = activity_unmove_merge(db, mid)) != 0 ||
	    (rc = quote_unmove_merge(db, mid)) != 0 ||
	    (rc = db_query(db, a, &fol, "SELECT obj_id FROM lead_merge_move WHERE merge_id = ? AND kind = 'follower'",
			   "i", mid)) != 0) {
		buf_free(&kept);
		return rc;
	}
	for (size_t i = 0; i < fol.nrows && !rc; i++)
		rc = follower_remove(db, "lead", u->master, db_get_i64(&fol, i, 0));
	for (size_t i = 0; i < nt && !rc; i++)
		rc = lead_refresh_activity(db, tails[i]);
	if (!rc)
		rc = lead_refresh_activity(db, u->master);
	if (rc) {
		buf_free(&kept);
		return rc;
	}
	r = db_exec(db, "UPDATE lead_merge SET undone_at = UTC_TIMESTAMP(), undone_by = NULLIF(?, 0) WHERE id = ?", "ii",
		    u->o->author_id, mid);
	if (r < 0) {
		buf_free(&kept);
		return (int)r;
	}
	/* The note on the master: which records came back, which edits stay. */
	struct buf body;
	buf_init(&body);
	buf_printf(&body, "#");
	for (size_t i = 0; i < nt; i++)
		buf_printf(&body, "%s%lld", i ? ", #" : "", (long long)tails[i]);
	if (any_kept) {
		/* The kept fields under their labels (kept itself holds names). */
		struct buf shown;
		buf_init(&shown);
		for (const char *p = kept.p; p && *p;) {
			const char *end = strstr(p, ", ");
			char f[80];
			snprintf(f, sizeof f, "%.*s", (int)(end ? (size_t)(end - p) : strlen(p)), p);
			const char *l = u->o->label ? u->o->label(u->o->label_arg, f) : NULL;
			buf_printf(&shown, "%s%s", shown.len ? ", " : "", l ? l : f);
			p = end ? end + 2 : NULL;
		}
		const char *t = u->o->kept_tmpl ? u->o->kept_tmpl : "Kept the values edited since the merge: {fields}";
		const char *at = strstr(t, "{fields}");
		if (at)
			buf_printf(&body, "\n%.*s%s%s", (int)(at - t), t, shown.p, at + 8);
		else
			buf_printf(&body, "\n%s %s", t, shown.p);
		buf_free(&shown);
	}
	struct chatter_msg msg = {0};
	msg.res_model = "lead";
	msg.res_id = u->master;
	msg.kind = "system";
	msg.author_id = u->o->author_id;
	msg.subject = u->o->subject ? u->o->subject : "Merge undone";
	msg.body = body.p;
	rc = chatter_post(db, &msg, NULL);
	u->kept = arena_strdup(a, kept.p ? kept.p : "");
	buf_free(&body);
	buf_free(&kept);
	return rc;
}

int merge_undo(struct db *db, struct arena *a, const struct access *ac,
	       const struct merge_undo_opts *o, int64_t master_id, int64_t merge_id,
	       const char **kept, struct err_info *e)
{
	struct undo_run u = {a, ac, o, master_id, merge_id, NULL, e};
	int rc = db_in_tx(db) ? undo_tx(db, &u) : db_tx(db, undo_tx, &u);
	if (!rc && kept)
		*kept = u.kept;
	return rc;
}

int merge_undoable(struct db *db, struct arena *a, int64_t master_id, struct db_rows *out)
{
	return db_query(db, a, out,
			"SELECT m.id, m.created_at, u.name AS author_name, "
			"(SELECT GROUP_CONCAT(s.id ORDER BY s.id) FROM lead_merge_row s WHERE s.merge_id = m.id "
			"AND s.snap = 'before' AND s.id <> m.master_id) AS merged_ids "
			"FROM lead_merge m LEFT JOIN app_user u ON u.id = m.author_id WHERE m.master_id = ? "
			"AND m.undone_at IS NULL AND m.created_at >= UTC_TIMESTAMP() - INTERVAL ? DAY ORDER BY m.id DESC LIMIT 10",
			"ii", master_id, (int64_t)MERGE_UNDO_DAYS);
}

/* ---- merging contacts (P11) ----------------------------------------------- */

struct pmerge_run {
	struct arena *a;
	int64_t author, dest;
	const int64_t *ids;
	size_t n;
	struct err_info *e;
};

static int pmerge_tx(struct db *db, void *arg)
{
	struct pmerge_run *m = arg;
	struct arena *a = m->a;
	struct qb q;
	qb_init(&q, a);
	qb_sql(&q, "SELECT id, name, email, email_normalized, phone, phone_sanitized, mobile, website, vat, function, "
		   "lang, street, street2, zip, city, state, country_code, parent_id, merged_into_id, active "
		   "FROM partner WHERE id IN ");
	qb_in(&q, m->ids, m->n);
	qb_sql(&q, " ORDER BY id FOR UPDATE");
	struct db_rows r;
	int rc = qb_query(&q, db, &r);
	if (rc)
		return rc;
	if (r.nrows != m->n)
		return err_set(m->e, ERR_NOTFOUND, "ids", "NotFound", "a selected contact does not exist");
	size_t d = r.nrows;
	for (size_t i = 0; i < r.nrows; i++) {
		if (db_getn(&r, i, "merged_into_id"))
			return err_set(m->e, ERR_CONFLICT, "ids", "AlreadyMerged",
				       "\"%.80s\" (#%lld) has already been merged into #%lld", db_getn(&r, i, "name"),
				       (long long)db_get_i64(&r, i, 0), (long long)db_getn_i64(&r, i, "merged_into_id"));
		if (db_get_i64(&r, i, 0) == m->dest)
			d = i;
	}
	if (d == r.nrows)
		return err_set(m->e, ERR_INVALID, "dest_id", "MergeDest", "the destination must be one of the selected contacts");
	int64_t *others = arena_alloc(a, m->n * sizeof *others);
	size_t no = 0;
	for (size_t i = 0; i < r.nrows; i++)
		if (i != d)
			others[no++] = db_get_i64(&r, i, 0);
	/* Empty fields of the destination take the others' values (in id
	 * order); the address as one block, only when it has none. */
	static const char *const fill[] = {"email", "email_normalized", "phone", "phone_sanitized", "mobile",
					   "website", "vat", "function", "lang"};
	qb_init(&q, a);
	qb_sql(&q, "UPDATE partner SET id = id");
	for (size_t f = 0; f < sizeof fill / sizeof fill[0]; f++) {
		if (!str_empty(db_getn(&r, d, fill[f])))
			continue;
		for (size_t i = 0; i < r.nrows; i++)
			if (i != d && !str_empty(db_getn(&r, i, fill[f]))) {
				qb_sql(&q, arena_printf(a, ", %s = ", fill[f]));
				qb_s(&q, db_getn(&r, i, fill[f]));
				break;
			}
	}
	bool has_addr = false;
	for (size_t f = 0; f < NADDR; f++)
		has_addr = has_addr || !str_empty(db_getn(&r, d, ADDR[f]));
	for (size_t i = 0; i < r.nrows && !has_addr; i++) {
		bool any = false;
		for (size_t f = 0; f < NADDR; f++)
			any = any || !str_empty(db_getn(&r, i, ADDR[f]));
		if (i == d || !any)
			continue;
		for (size_t f = 0; f < NADDR; f++) {
			qb_sql(&q, arena_printf(a, ", %s = ", ADDR[f]));
			qb_s(&q, db_getn(&r, i, ADDR[f]));
		}
		has_addr = true;
	}
	/* The destination cannot become its own company. */
	bool parent_merged = false;
	for (size_t i = 0; i < no; i++)
		parent_merged = parent_merged || db_getn_i64(&r, d, "parent_id") == others[i];
	if (parent_merged)
		qb_sql(&q, ", parent_id = NULL");
	qb_sql(&q, " WHERE id = ");
	qb_i(&q, m->dest);
	int64_t x = qb_exec(&q, db);
	if (x < 0)
		return (int)x;
	/* References move: leads, quotations, child contacts, tags, messages. */
	static const char *const moves[] = {
		"UPDATE crm_lead SET partner_id = ? WHERE partner_id IN ",
		"UPDATE quote SET partner_id = ? WHERE partner_id IN ",
		"UPDATE quote SET partner_invoice_id = ? WHERE partner_invoice_id IN ",
		"UPDATE quote SET partner_shipping_id = ? WHERE partner_shipping_id IN ",
		"UPDATE partner SET parent_id = ? WHERE parent_id IN ",
		"INSERT IGNORE INTO partner_tag (partner_id, tag_id) SELECT ?, tag_id FROM partner_tag WHERE partner_id IN ",
	};
	for (size_t k = 0; k < sizeof moves / sizeof moves[0]; k++) {
		qb_init(&q, a);
		qb_sql(&q, moves[k]);
		qb_bind_i(&q, m->dest);
		qb_in(&q, others, no);
		if (k == 4) {
			qb_sql(&q, " AND id <> ");
			qb_i(&q, m->dest);
		}
		if ((x = qb_exec(&q, db)) < 0)
			return (int)x;
	}
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < r.nrows; i++) {
		if (i == d)
			continue;
		int64_t oid = db_get_i64(&r, i, 0);
		if ((rc = chatter_move_record(db, "partner", oid, m->dest,
					      arena_printf(a, "From %s", db_getn(&r, i, "name")))) != 0) {
			buf_free(&b);
			return rc;
		}
		buf_printf(&b, "Merged %s (#%lld) into this contact.\n", db_getn(&r, i, "name"), (long long)oid);
		static const char *const show[] = {"email", "phone", "mobile", "website", "vat", "function", "street",
						   "zip", "city", "country_code"};
		for (size_t f = 0; f < sizeof show / sizeof show[0]; f++)
			if (!str_empty(db_getn(&r, i, show[f])))
				buf_printf(&b, "  %s: %s\n", show[f], db_getn(&r, i, show[f]));
	}
	qb_init(&q, a);
	qb_sql(&q, "UPDATE partner SET active = 0, merged_into_id = ? WHERE id IN ");
	qb_bind_i(&q, m->dest);
	qb_in(&q, others, no);
	if ((x = qb_exec(&q, db)) < 0) {
		buf_free(&b);
		return (int)x;
	}
	struct chatter_msg msg = {0};
	msg.res_model = "partner";
	msg.res_id = m->dest;
	msg.kind = "system";
	msg.author_id = m->author;
	msg.subject = "Merged";
	msg.body = b.p ? b.p : "";
	rc = chatter_post(db, &msg, NULL);
	buf_free(&b);
	return rc;
}

int merge_partners(struct db *db, struct arena *a, int64_t author_id, int64_t dest,
		   const int64_t *ids, size_t n, struct err_info *e)
{
	if (n < 2)
		return err_set(e, ERR_INVALID, "ids", "MergeTooFew", "select at least two contacts to merge");
	if (n > MERGE_MAX)
		return err_set(e, ERR_INVALID, "ids", "MergeTooMany", "at most %d contacts can be merged at once", MERGE_MAX);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < i; k++)
			if (ids[i] == ids[k] || ids[i] <= 0)
				return err_set(e, ERR_INVALID, "ids", "Duplicate", "a contact is selected twice");
	struct pmerge_run m = {a, author_id, dest, ids, n, e};
	return db_in_tx(db) ? pmerge_tx(db, &m) : db_tx(db, pmerge_tx, &m);
}
