/* lead_list.c - the lead module (see lead.h), part 3: lists, search,
 * grouping, kanban queries, bulk actions and CSV export. Every statement's
 * shape comes from whitelists in this file; every value is bound. */
#include "crm/lead.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/str.h"
#include "core/tz.h"
#include "crm/access.h"
#include "crm/activity.h"
#include "crm/csv.h"
#include "crm/normalize.h"
#include "crm/qb.h"
#include "crm/tag.h"
#include "db/db.h"

static const struct {
	const char *name;
	unsigned bit;
} filters[] = {
	{"mine", LF_MINE},       {"unassigned", LF_UNASSIGNED}, {"my_activities", LF_MY_ACTIVITIES},
	{"late_activities", LF_LATE_ACTIVITIES}, {"won", LF_WON}, {"lost", LF_LOST},
	{"archived", LF_ARCHIVED}, {"open", LF_OPEN},
};

unsigned lead_filter_parse(const char *name)
{
	for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++)
		if (str_eq(filters[i].name, name))
			return filters[i].bit;
	return 0;
}

static const struct {
	const char *name, *col;
} sorts[] = {
	{"id", "l.id"},
	{"name", "l.name"},
	{"expected_revenue", "l.expected_revenue"},
	{"probability", "l.probability"},
	{"date_deadline", "l.date_deadline"},
	{"create_date", "l.create_date"},
	{"priority", "l.priority"},
};

bool lead_sort_known(const char *sort)
{
	for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
		if (str_eq(sorts[i].name, sort))
			return true;
	return false;
}

static const char *sort_col(const char *sort)
{
	for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
		if (str_eq(sorts[i].name, sort))
			return sorts[i].col;
	return "l.id";
}

/* Full-text query in boolean mode: "+word*" for each word of 3+ letters,
 * operators dropped. NULL when nothing is left. */
static char *ft_query(struct arena *a, const char *q)
{
	size_t n = strlen(q);
	char *out = arena_alloc(a, n * 3 + 8);
	size_t o = 0;
	const char *p = q;
	while (*p) {
		while (*p && !(isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80))
			p++;
		const char *s = p;
		while (*p && (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80))
			p++;
		if (p - s >= 3) {
			if (o)
				out[o++] = ' ';
			out[o++] = '+';
			memcpy(out + o, s, (size_t)(p - s));
			o += (size_t)(p - s);
			out[o++] = '*';
		}
	}
	out[o] = '\0';
	return o ? out : NULL;
}

/* "prefix%" with LIKE's wildcards escaped. */
static char *like_prefix(struct arena *a, const char *q)
{
	char *out = arena_alloc(a, strlen(q) * 2 + 2);
	size_t o = 0;
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			out[o++] = '\\';
		out[o++] = *p;
	}
	out[o++] = '%';
	out[o] = '\0';
	return out;
}

/* FROM clause: a search first collects matching ids through indexes (one
 * indexed lookup per criterion), then joins the table by primary key. */
static void from_clause_idx(struct qb *q, struct arena *a, const struct lead_query *lq,
			    const char *force)
{
	if (str_empty(lq->q)) {
		qb_sql(q, " FROM crm_lead l");
		if (force)
			qb_sql(q, force);
		return;
	}
	char *s = str_trim(arena_strdup(a, lq->q));
	qb_sql(q, " FROM (SELECT id FROM crm_lead WHERE name LIKE ");
	qb_s(q, like_prefix(a, s));
	qb_sql(q, " UNION SELECT id FROM crm_lead WHERE partner_name LIKE ");
	qb_s(q, like_prefix(a, s));
	char *ft = ft_query(a, s);
	if (ft) {
		qb_sql(q, " UNION SELECT id FROM crm_lead WHERE MATCH (name, contact_name, partner_name, email_from) AGAINST (");
		qb_s(q, ft);
		qb_sql(q, " IN BOOLEAN MODE)");
	}
	if (strchr(s, '@')) {
		qb_sql(q, " UNION SELECT id FROM crm_lead WHERE email_normalized LIKE ");
		qb_s(q, like_prefix(a, str_lower(a, s)));
		if (s[0] == '@') {
			qb_sql(q, " UNION SELECT id FROM crm_lead WHERE email_domain_criterion = ");
			qb_s(q, str_lower(a, s));
		}
	}
	char *ph = norm_phone_e164(a, s, "FR");
	if (ph) {
		qb_sql(q, " UNION SELECT id FROM crm_lead WHERE phone_sanitized = ");
		qb_s(q, ph);
	}
	qb_sql(q, " UNION SELECT lt.lead_id FROM lead_tag lt JOIN tag tg ON tg.id = lt.tag_id WHERE tg.name = ");
	qb_s(q, s);
	qb_sql(q, ") m JOIN crm_lead l ON l.id = m.id");
}

static void from_clause(struct qb *q, struct arena *a, const struct lead_query *lq)
{
	from_clause_idx(q, a, lq, NULL);
}

/* "Today" of each row's next-activity assignee; UTC when the caller gave no
 * per-user table. */
static void today_expr(struct qb *q, const struct lead_query *lq, const struct activity_today *unused)
{
	(void)unused;
	if (lq->today) {
		activity_today_sql(q, lq->today, "l.activity_user_id");
		return;
	}
	struct activity_today *t = arena_alloc(q->a, sizeof *t);
	int64_t now = (int64_t)time(NULL);
	tz_local_date("UTC", now, t->d);
	activity_today_sql(q, t, "l.activity_user_id");
}

static void where_clause(struct qb *q, const struct access *ac, const struct lead_query *lq)
{
	unsigned f = lq->filters;
	if (f & LF_ARCHIVED)
		qb_sql(q, " WHERE l.active = 0");
	else if (f & LF_LOST)
		qb_sql(q, " WHERE l.active = 0 AND l.probability = 0");
	else
		qb_sql(q, " WHERE l.active = 1");
	if (lq->type) {
		qb_sql(q, " AND l.type = ");
		qb_s(q, str_eq(lq->type, "lead") ? "lead" : "opportunity");
	}
	access_sql(ac, q, "l.user_id");
	if ((f & LF_MINE) && (f & LF_UNASSIGNED)) {
		qb_sql(q, " AND (l.user_id = ");
		qb_i(q, lq->viewer_id);
		qb_sql(q, " OR l.user_id IS NULL)");
	} else if (f & LF_MINE) {
		qb_sql(q, " AND l.user_id = ");
		qb_i(q, lq->viewer_id);
	} else if (f & LF_UNASSIGNED) {
		qb_sql(q, " AND l.user_id IS NULL");
	}
	if (f & LF_WON)
		qb_sql(q, " AND l.stage_id IN (SELECT id FROM stage WHERE is_won = 1)");
	if (f & LF_OPEN)
		qb_sql(q, " AND l.stage_id NOT IN (SELECT id FROM stage WHERE is_won = 1)");
	if (f & LF_MY_ACTIVITIES) {
		qb_sql(q, " AND l.id IN (SELECT res_id FROM activity WHERE res_model = 'lead' AND user_id = ");
		qb_i(q, lq->viewer_id);
		qb_sql(q, ")");
	}
	if (f & LF_LATE_ACTIVITIES) {
		qb_sql(q, " AND l.activity_deadline < ");
		today_expr(q, lq, NULL);
	}
	if (lq->activity) {
		if (str_eq(lq->activity, "none")) {
			qb_sql(q, " AND l.activity_deadline IS NULL");
		} else {
			qb_sql(q, str_eq(lq->activity, "overdue") ? " AND l.activity_deadline < "
				  : str_eq(lq->activity, "today") ? " AND l.activity_deadline = "
								    : " AND l.activity_deadline > ");
			today_expr(q, lq, NULL);
		}
	}
	const struct {
		int64_t v;
		const char *sql;
	} eq[] = {
		{lq->stage_id, " AND l.stage_id = "},
		{lq->team_id, " AND l.team_id = "},
		{lq->user_id, " AND l.user_id = "},
		{lq->lost_reason_id, " AND l.lost_reason_id = "},
	};
	for (size_t i = 0; i < sizeof eq / sizeof eq[0]; i++)
		if (eq[i].v > 0) {
			qb_sql(q, eq[i].sql);
			qb_i(q, eq[i].v);
		}
	if (lq->partner_id > 0) {
		qb_sql(q, " AND l.partner_id IN (SELECT ");
		qb_i(q, lq->partner_id);
		qb_sql(q, " UNION SELECT id FROM partner WHERE parent_id = ");
		qb_i(q, lq->partner_id);
		qb_sql(q, ")");
	}
	if (lq->tag_id > 0) {
		qb_sql(q, " AND l.id IN (SELECT lead_id FROM lead_tag WHERE tag_id = ");
		qb_i(q, lq->tag_id);
		qb_sql(q, ")");
	}
	if (lq->created_from) {
		qb_sql(q, " AND l.create_date >= ");
		qb_s(q, lq->created_from);
	}
	if (lq->created_to) {
		qb_sql(q, " AND l.create_date < ");
		qb_s(q, lq->created_to);
		qb_sql(q, " + INTERVAL 1 DAY");
	}
	if (lq->closing_from) {
		qb_sql(q, " AND l.date_deadline >= ");
		qb_s(q, lq->closing_from);
	}
	if (lq->closing_to) {
		qb_sql(q, " AND l.date_deadline <= ");
		qb_s(q, lq->closing_to);
	}
}

#define LIST_COLS                                                                                   \
	"SELECT l.id, l.name, l.type, l.contact_name, l.partner_name, "                                 \
	"COALESCE(p.name, l.partner_name, l.contact_name) AS customer_name, l.email_from, l.phone, "    \
	"l.city, l.country_code, l.stage_id, s.name AS stage_name, COALESCE(s.is_won, 0) AS stage_is_won, " \
	"l.user_id, u.name AS user_name, l.team_id, t.name AS team_name, l.expected_revenue, "          \
	"l.probability, l.priority, l.date_deadline, l.create_date, l.active, l.activity_deadline, "    \
	"l.activity_user_id, au.tz AS activity_tz, r.name AS lost_reason_name, l.source, l.medium, "    \
	"l.campaign"
#define LIST_JOINS                                                                                  \
	" LEFT JOIN stage s ON s.id = l.stage_id LEFT JOIN app_user u ON u.id = l.user_id "             \
	"LEFT JOIN team t ON t.id = l.team_id LEFT JOIN partner p ON p.id = l.partner_id "              \
	"LEFT JOIN app_user au ON au.id = l.activity_user_id LEFT JOIN lost_reason r ON r.id = l.lost_reason_id"

/* Cards need fewer columns than list rows: fewer joins per card. */
#define CARD_COLS                                                                                   \
	"SELECT l.id, l.name, COALESCE(p.name, l.partner_name, l.contact_name) AS customer_name, "       \
	"l.stage_id, l.user_id, u.name AS user_name, l.expected_revenue, l.priority, "                  \
	"l.activity_deadline, au.tz AS activity_tz"
#define CARD_JOINS                                                                                  \
	" LEFT JOIN app_user u ON u.id = l.user_id LEFT JOIN partner p ON p.id = l.partner_id "         \
	"LEFT JOIN app_user au ON au.id = l.activity_user_id"

static size_t clamp_limit(size_t n)
{
	return n == 0 ? 80 : n > 1000 ? 1000 : n;
}

/* The index that serves a newest-first page for the common filter shapes.
 * The optimizer, left alone, may walk the primary key backwards hoping to
 * meet matching rows early, which reads most of the table when they are old
 * (e.g. a team whose records are all older than another team's). Only for
 * shapes where the index's order is the page's order and no other filter is
 * more selective. */
static const char *list_index(const struct lead_query *lq)
{
	const char *col = sort_col(lq->sort);
	if (!str_eq(col, "l.id") || !str_empty(lq->q) || lq->tag_id || lq->partner_id ||
	    lq->lost_reason_id || lq->created_from || lq->created_to || lq->closing_from ||
	    lq->closing_to || lq->activity ||
	    (lq->filters & ~(LF_ARCHIVED | LF_LOST)))
		return NULL;
	int n = (lq->team_id > 0) + (lq->user_id > 0) + (lq->stage_id > 0);
	if (n > 1)
		return NULL;
	if (lq->team_id > 0)
		return lq->type ? " FORCE INDEX (ix_lead_list_team)" : " FORCE INDEX (ix_lead_team_id)";
	if (lq->user_id > 0)
		return lq->type ? " FORCE INDEX (ix_lead_user)" : " FORCE INDEX (ix_lead_user_id)";
	if (lq->stage_id > 0)
		return lq->type ? " FORCE INDEX (ix_lead_list_stage)" : NULL;
	return lq->type ? " FORCE INDEX (ix_lead_list)" : NULL;
}

int lead_list(struct db *db, struct arena *a, const struct access *ac,
	      const struct lead_query *lq, struct db_rows *out)
{
	struct qb q;
	qb_init(&q, a);
	if (lq->explain)
		qb_sql(&q, "EXPLAIN ");
	qb_sql(&q, LIST_COLS);
	from_clause_idx(&q, a, lq, list_index(lq));
	qb_sql(&q, LIST_JOINS);
	where_clause(&q, ac, lq);
	const char *col = sort_col(lq->sort);
	const char *dir = lq->asc ? " ASC" : " DESC";
	bool by_id = str_eq(col, "l.id");
	if (by_id && lq->after_id > 0) {
		qb_sql(&q, lq->asc ? " AND l.id > " : " AND l.id < ");
		qb_i(&q, lq->after_id);
	}
	qb_sql(&q, " ORDER BY ");
	qb_sql(&q, col);
	qb_sql(&q, dir);
	if (!by_id) {
		qb_sql(&q, ", l.id");
		qb_sql(&q, dir);
	}
	qb_sql(&q, " LIMIT ");
	qb_i(&q, (int64_t)clamp_limit(lq->limit));
	if (lq->offset > 0 && !(by_id && lq->after_id > 0)) {
		qb_sql(&q, " OFFSET ");
		qb_i(&q, lq->offset);
	}
	return qb_query(&q, db, out);
}

int lead_count(struct db *db, struct arena *a, const struct access *ac,
	       const struct lead_query *lq, int64_t cap, int64_t *n)
{
	struct qb q;
	qb_init(&q, a);
	if (lq->explain)
		qb_sql(&q, "EXPLAIN ");
	qb_sql(&q, "SELECT COUNT(*) FROM (SELECT 1");
	from_clause(&q, a, lq);
	where_clause(&q, ac, lq);
	if (cap > 0) {
		qb_sql(&q, " LIMIT ");
		qb_i(&q, cap);
	}
	qb_sql(&q, ") x");
	struct db_rows r;
	int rc = qb_query(&q, db, &r);
	if (rc)
		return rc;
	*n = r.nrows && !lq->explain ? db_get_i64(&r, 0, 0) : 0;
	return 0;
}

static const struct {
	const char *name, *key, *label, *join, *order;
} groups[] = {
	{"stage", "l.stage_id", "s.name", " LEFT JOIN stage s ON s.id = l.stage_id", "MIN(s.sequence), gkey"},
	{"user", "l.user_id", "u.name", " LEFT JOIN app_user u ON u.id = l.user_id", "glabel"},
	{"team", "l.team_id", "t.name", " LEFT JOIN team t ON t.id = l.team_id", "glabel"},
	{"tag", "g.id", "g.name", " JOIN lead_tag gt ON gt.lead_id = l.id JOIN tag g ON g.id = gt.tag_id", "glabel"},
	{"source", "l.source", "l.source", "", "glabel"},
	{"medium", "l.medium", "l.medium", "", "glabel"},
	{"campaign", "l.campaign", "l.campaign", "", "glabel"},
	{"country", "l.country_code", "l.country_code", "", "glabel"},
	{"lost_reason", "l.lost_reason_id", "r.name", " LEFT JOIN lost_reason r ON r.id = l.lost_reason_id", "glabel"},
	{"month", "DATE_FORMAT(l.create_date, '%Y-%m')", "DATE_FORMAT(l.create_date, '%Y-%m')", "", "gkey DESC"},
};

bool lead_group_known(const char *by)
{
	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
		if (str_eq(groups[i].name, by))
			return true;
	return false;
}

int lead_group(struct db *db, struct arena *a, const struct access *ac,
	       const struct lead_query *lq, const char *by, struct db_rows *out)
{
	size_t gi = 0;
	while (gi < sizeof groups / sizeof groups[0] && !str_eq(groups[gi].name, by))
		gi++;
	if (gi == sizeof groups / sizeof groups[0])
		return ERR_INVALID;
	struct qb q;
	qb_init(&q, a);
	qb_sql(&q, "SELECT ");
	qb_sql(&q, groups[gi].key);
	qb_sql(&q, " AS gkey, ");
	qb_sql(&q, groups[gi].label);
	qb_sql(&q, " AS glabel, COUNT(*) AS n, SUM(l.expected_revenue) AS revenue");
	from_clause(&q, a, lq);
	qb_sql(&q, groups[gi].join);
	where_clause(&q, ac, lq);
	qb_sql(&q, " GROUP BY gkey, glabel ORDER BY ");
	qb_sql(&q, groups[gi].order);
	qb_sql(&q, " LIMIT 500");
	return qb_query(&q, db, out);
}

int lead_kanban_stats(struct db *db, struct arena *a, const struct access *ac,
		      const struct lead_query *lq, struct db_rows *out)
{
	/* One pass over the team's entries of ix_lead_kanban_agg (covering:
	 * stage, salesperson, revenue, next activity), grouped in index order. */
	struct qb q;
	qb_init(&q, a);
	if (lq->explain)
		qb_sql(&q, "EXPLAIN ");
	qb_sql(&q, "SELECT l.stage_id, COUNT(*) AS n, SUM(l.expected_revenue) AS revenue, "
		   "SUM(l.activity_deadline < ");
	today_expr(&q, lq, NULL);
	qb_sql(&q, ") AS overdue, SUM(l.activity_deadline = ");
	today_expr(&q, lq, NULL);
	qb_sql(&q, ") AS today, SUM(l.activity_deadline > ");
	today_expr(&q, lq, NULL);
	qb_sql(&q, ") AS planned");
	from_clause(&q, a, lq);
	where_clause(&q, ac, lq);
	qb_sql(&q, " GROUP BY l.stage_id");
	return qb_query(&q, db, out);
}

int lead_kanban_cards(struct db *db, struct arena *a, const struct access *ac,
		      const struct lead_query *lq, const int64_t *stages, size_t nstages,
		      size_t per_column, struct db_rows *out)
{
	if (nstages == 0) {
		memset(out, 0, sizeof *out);
		return 0;
	}
	if (per_column == 0 || per_column > 200)
		per_column = 20;
	struct qb q;
	qb_init(&q, a);
	if (lq->explain)
		qb_sql(&q, "EXPLAIN ");
	for (size_t i = 0; i < nstages; i++) {
		qb_sql(&q, i ? " UNION ALL (" : "(");
		qb_sql(&q, CARD_COLS);
		/* The first cards of a column walk the kanban index in order;
		 * left alone, the optimizer may prefer a scan + sort when a team
		 * holds a large share of the table. */
		from_clause_idx(&q, a, lq, " FORCE INDEX (ix_lead_kanban)");
		qb_sql(&q, CARD_JOINS);
		where_clause(&q, ac, lq);
		qb_sql(&q, " AND l.stage_id = ");
		qb_i(&q, stages[i]);
		if (lq->kanban_cursor) {
			qb_sql(&q, " AND (l.priority < ");
			qb_i(&q, lq->after_priority);
			qb_sql(&q, " OR (l.priority = ");
			qb_i(&q, lq->after_priority);
			qb_sql(&q, " AND l.id < ");
			qb_i(&q, lq->after_id);
			qb_sql(&q, "))");
		}
		qb_sql(&q, " ORDER BY l.priority DESC, l.id DESC LIMIT ");
		qb_i(&q, (int64_t)per_column);
		qb_sql(&q, ")");
	}
	return qb_query(&q, db, out);
}

int64_t lead_rev(struct db *db, int64_t team_id)
{
	int64_t v = 0;
	if (db_int(db, &v, 0, "SELECT COALESCE(SUM(rev), 0) FROM lead_rev WHERE team_id = ?", "i", team_id) != 0)
		return -1;
	return v;
}

int lead_rev_bump_all(struct db *db)
{
	int64_t r = db_exec(db, "UPDATE lead_rev SET rev = rev + 1", "");
	return r < 0 ? (int)r : 0;
}

/* ---- bulk ------------------------------------------------------------------ */

struct bulk {
	struct arena *a;
	const struct access *ac;
	int64_t author;
	const int64_t *ids;
	size_t n, done;
	int what; /* 0 assign, 1 tag, 2 lost */
	int64_t user_id, team_id, reason;
	const char *tag, *note, *subject;
	struct err_info *e;
};

static int bulk_tx(struct db *db, void *arg)
{
	struct bulk *b = arg;
	b->done = 0;
	int64_t tid = 0;
	if (b->what == 1) {
		int rc = tag_ensure(db, b->tag, &tid);
		if (rc == ERR_INVALID)
			return err_set(b->e, ERR_INVALID, "tag", "TooLong", "the tag must have 1 to 64 characters");
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < b->n; i++) {
		int rc;
		if (b->what == 0) {
			struct lead_val v[2];
			size_t nv = 0;
			char us[24], ts[24];
			if (b->user_id >= 0) {
				snprintf(us, sizeof us, "%lld", (long long)b->user_id);
				v[nv++] = (struct lead_val){"user_id", b->user_id ? us : NULL};
			}
			if (b->team_id > 0) {
				snprintf(ts, sizeof ts, "%lld", (long long)b->team_id);
				v[nv++] = (struct lead_val){"team_id", ts};
			}
			struct lead_update u = {v, nv, NULL, 0, false, false};
			rc = lead_update(db, b->a, b->ac, b->author, b->ids[i], &u, b->e);
		} else if (b->what == 1) {
			struct db_rows r;
			rc = lead_get(db, b->a, b->ac, b->ids[i], &r);
			if (rc == 0) {
				int64_t x = db_exec(db, "INSERT IGNORE INTO lead_tag (lead_id, tag_id) VALUES (?, ?)",
						    "ii", b->ids[i], tid);
				rc = x < 0 ? (int)x : 0;
			}
		} else {
			rc = lead_lost(db, b->a, b->ac, b->author, b->ids[i], b->reason, b->note, b->subject, b->e);
		}
		if (rc == ERR_NOTFOUND)
			continue;
		if (rc)
			return rc;
		b->done++;
	}
	return 0;
}

static int run_bulk(struct db *db, struct bulk *b, size_t *done)
{
	if (b->n > LEAD_BULK_MAX)
		return err_set(b->e, ERR_INVALID, "ids", "OutOfRange", "at most %d records at once", LEAD_BULK_MAX);
	if (b->n == 0)
		return err_set(b->e, ERR_INVALID, "ids", "Required", "select at least one record");
	int rc = db_tx(db, bulk_tx, b);
	if (done)
		*done = rc ? 0 : b->done;
	return rc;
}

int lead_bulk_assign(struct db *db, struct arena *a, const struct access *ac, int64_t author_id,
		     const int64_t *ids, size_t n, int64_t user_id, int64_t team_id, size_t *done,
		     struct err_info *e)
{
	struct bulk b = {.a = a, .ac = ac, .author = author_id, .ids = ids, .n = n, .what = 0,
			 .user_id = user_id, .team_id = team_id, .e = e};
	if (user_id < 0 && team_id <= 0)
		return err_set(e, ERR_INVALID, "user_id", "Required", "choose a salesperson or a team");
	return run_bulk(db, &b, done);
}

int lead_bulk_tag(struct db *db, struct arena *a, const struct access *ac, const int64_t *ids,
		  size_t n, const char *tag, size_t *done, struct err_info *e)
{
	if (str_empty(tag))
		return err_set(e, ERR_INVALID, "tag", "Required", "the tag is required");
	struct bulk b = {.a = a, .ac = ac, .ids = ids, .n = n, .what = 1,
			 .tag = str_trim(arena_strdup(a, tag)), .e = e};
	return run_bulk(db, &b, done);
}

int lead_bulk_lost(struct db *db, struct arena *a, const struct access *ac, int64_t author_id,
		   const int64_t *ids, size_t n, int64_t lost_reason_id, const char *note,
		   const char *subject, size_t *done, struct err_info *e)
{
	struct bulk b = {.a = a, .ac = ac, .author = author_id, .ids = ids, .n = n, .what = 2,
			 .reason = lost_reason_id, .note = note, .subject = subject, .e = e};
	return run_bulk(db, &b, done);
}

/* ---- CSV -------------------------------------------------------------------- */

static void csv_rows(struct db *db, struct arena *a, const struct db_rows *r, struct buf *out)
{
	int64_t *ids = arena_alloc(a, (r->nrows + 1) * sizeof *ids);
	for (size_t i = 0; i < r->nrows; i++)
		ids[i] = db_getn_i64(r, i, "id");
	struct db_rows tg;
	memset(&tg, 0, sizeof tg);
	for (size_t k = 0; k < r->nrows; k += 256) {
		struct db_rows part;
		size_t m = r->nrows - k < 256 ? r->nrows - k : 256;
		if (lead_tags_for(db, a, ids + k, m, &part) == 0 && part.nrows) {
			/* Concatenate chunks (rows are ordered by lead id). */
			if (!tg.nrows) {
				tg = part;
			} else {
				size_t nc = tg.ncols, tot = tg.nrows + part.nrows;
				char **cells = arena_alloc(a, tot * nc * sizeof(char *));
				memcpy(cells, tg.cells, tg.nrows * nc * sizeof(char *));
				memcpy(cells + tg.nrows * nc, part.cells, part.nrows * nc * sizeof(char *));
				tg.cells = cells;
				tg.nrows = tot;
			}
		}
	}
	static const char *const cols[] = {"id", "name", "type", "contact_name", "partner_name",
					   "customer_name", "email_from", "phone", "city", "country_code",
					   "stage_name", "user_name", "team_name", "expected_revenue",
					   "probability", "priority", "date_deadline", "create_date",
					   "source", "medium", "campaign", "lost_reason_name", "active"};
	for (size_t i = 0; i < r->nrows; i++) {
		for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
			csv_cell(out, db_getn(r, i, cols[c]), c == 0);
		struct buf t;
		buf_init(&t);
		for (size_t k = 0; k < tg.nrows; k++)
			if (db_get_i64(&tg, k, 0) == ids[i]) {
				if (t.len)
					buf_adds(&t, ", ");
				buf_adds(&t, db_get(&tg, k, 2));
			}
		csv_cell(out, t.p, false);
		buf_free(&t);
		csv_end(out);
	}
}

int lead_export_csv(struct db *db, struct arena *a, const struct access *ac,
		    const struct lead_query *lq, const int64_t *ids, size_t n, size_t max_rows,
		    struct buf *out)
{
	buf_adds(out, "id,name,type,contact_name,company,customer,email,phone,city,country,stage,"
		      "salesperson,team,expected_revenue,probability,priority,expected_closing,"
		      "created,source,medium,campaign,lost_reason,active,tags\r\n");
	struct lead_query q = *lq;
	q.sort = "id";
	q.asc = false;
	q.limit = 500;
	q.offset = 0;
	if (n > 0) {
		for (size_t k = 0; k < n; k += 256) {
			size_t m = n - k < 256 ? n - k : 256;
			struct qb b;
			qb_init(&b, a);
			qb_sql(&b, LIST_COLS " FROM crm_lead l" LIST_JOINS " WHERE l.id IN ");
			qb_in(&b, ids + k, m);
			access_sql(ac, &b, "l.user_id");
			qb_sql(&b, " ORDER BY l.id DESC");
			struct db_rows r;
			int rc = qb_query(&b, db, &r);
			if (rc)
				return rc;
			csv_rows(db, a, &r, out);
		}
		return 0;
	}
	size_t total = 0;
	q.after_id = 0;
	while (total < max_rows) {
		struct db_rows r;
		int rc = lead_list(db, a, ac, &q, &r);
		if (rc)
			return rc;
		if (!r.nrows)
			break;
		csv_rows(db, a, &r, out);
		total += r.nrows;
		q.after_id = db_getn_i64(&r, r.nrows - 1, "id");
		if (r.nrows < q.limit)
			break;
	}
	return 0;
}
