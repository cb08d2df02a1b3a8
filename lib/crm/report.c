#include "crm/report.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/str.h"
#include "crm/chatter.h"
#include "crm/filter.h"
#include "db/db.h"

#define QS_MAXP 240

/* One statement whose shape comes from literals and whitelists here and
 * whose values are all bound. */
struct qs {
	struct arena *a;
	struct buf sql;
	struct db_param p[QS_MAXP];
	size_t np;
	bool over;
};

static void qs_init(struct qs *q, struct arena *a)
{
	memset(q, 0, sizeof *q);
	q->a = a;
	buf_init(&q->sql);
}

static void qs_sql(struct qs *q, const char *s)
{
	buf_adds(&q->sql, s);
}

static void qs_bind(struct qs *q, struct db_param p)
{
	if (q->np >= QS_MAXP) {
		q->over = true;
		return;
	}
	q->p[q->np++] = p;
	buf_addc(&q->sql, '?');
}

static void qs_i(struct qs *q, int64_t v)
{
	qs_bind(q, (struct db_param){.type = 'i', .i = v});
}

static void qs_s(struct qs *q, const char *v)
{
	qs_bind(q, (struct db_param){.type = 's', .s = v, .len = v ? strlen(v) : 0});
}

static int qs_query(struct qs *q, struct db *db, struct db_rows *out)
{
	int rc = q->over ? ERR_INVALID : db_queryv(db, q->a, out, arena_strndup(q->a, q->sql.p, q->sql.len), q->p, q->np);
	buf_free(&q->sql);
	return rc;
}

static bool valid_date(const char *s)
{
	int y, m, d;
	char t;
	return s && strlen(s) == 10 && s[4] == '-' && s[7] == '-' && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &t) == 3 &&
	       y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static bool valid_month(const char *s)
{
	int y, m;
	char t;
	return s && strlen(s) == 7 && s[4] == '-' && sscanf(s, "%4d-%2d%c", &y, &m, &t) == 2 && y >= 1900 &&
	       y <= 9999 && m >= 1 && m <= 12;
}

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

int report_filter_check(struct arena *a, const struct report_filter *f, struct err_info *e)
{
	const struct {
		const char *name, *v;
	} dates[] = {
		{"created_from", f->created_from}, {"created_to", f->created_to}, {"closing_from", f->closing_from},
		{"closing_to", f->closing_to},     {"closed_from", f->closed_from}, {"closed_to", f->closed_to},
	};
	for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
		if (nz(dates[i].v) && !valid_date(dates[i].v))
			return err_set(e, ERR_INVALID, dates[i].name, "BadDate", "dates are YYYY-MM-DD");
	if (nz(f->type) && !str_eq(f->type, "lead") && !str_eq(f->type, "opportunity"))
		return err_set(e, ERR_INVALID, "type", "BadType", "type must be lead or opportunity");
	static const char *const st[] = {"active", "open", "won", "lost", "archived", "all"};
	bool ok = !nz(f->status);
	for (size_t i = 0; i < 6 && !ok; i++)
		ok = str_eq(f->status, st[i]);
	if (!ok)
		return err_set(e, ERR_INVALID, "status", "BadChoice", "status must be active, open, won, lost, archived or all");
	const struct {
		const char *name, *v;
	} texts[] = {{"source", f->source}, {"medium", f->medium}, {"campaign", f->campaign}, {"country", f->country}};
	for (size_t i = 0; i < 4; i++)
		if (texts[i].v && strlen(texts[i].v) > 128)
			return err_set(e, ERR_INVALID, texts[i].name, "TooLong", "'%s' is too long", texts[i].name);
	struct filter_sql fs;
	return filter_compile(a, f->q, "q", &fs, e);
}

/* " AND ..." for every filter, the status (dflt when unset) and access. */
static int where(struct qs *q, const struct report_filter *f, const char *dflt_status, struct err_info *e)
{
	const char *status = nz(f->status) ? f->status : dflt_status;
	if (str_eq(status, "active"))
		qs_sql(q, " AND l.active = 1");
	else if (str_eq(status, "open"))
		qs_sql(q, " AND l.active = 1 AND l.probability < 100");
	else if (str_eq(status, "won"))
		qs_sql(q, " AND l.active = 1 AND l.probability = 100");
	else if (str_eq(status, "lost"))
		qs_sql(q, " AND l.active = 0 AND l.probability = 0");
	else if (str_eq(status, "archived"))
		qs_sql(q, " AND l.active = 0");
	if (nz(f->type)) {
		qs_sql(q, " AND l.type = ");
		qs_s(q, f->type);
	}
	const struct {
		const char *sql;
		int64_t v;
	} ids[] = {{" AND l.team_id = ", f->team_id},
		   {" AND l.user_id = ", f->user_id},
		   {" AND l.stage_id = ", f->stage_id},
		   {" AND l.lost_reason_id = ", f->lost_reason_id}};
	for (size_t i = 0; i < 4; i++)
		if (ids[i].v > 0) {
			qs_sql(q, ids[i].sql);
			qs_i(q, ids[i].v);
		}
	const struct {
		const char *sql, *v;
		bool to;
	} dates[] = {
		{" AND l.create_date >= ", f->created_from, false}, {" AND l.create_date < ", f->created_to, true},
		{" AND l.date_deadline >= ", f->closing_from, false}, {" AND l.date_deadline <= ", f->closing_to, false},
		{" AND l.date_closed >= ", f->closed_from, false},   {" AND l.date_closed < ", f->closed_to, true},
	};
	for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
		if (nz(dates[i].v)) {
			qs_sql(q, dates[i].sql);
			if (dates[i].to) {
				qs_s(q, dates[i].v);
				qs_sql(q, " + INTERVAL 1 DAY");
			} else {
				qs_s(q, dates[i].v);
			}
		}
	const struct {
		const char *sql, *v;
	} texts[] = {{" AND l.source = ", f->source},
		     {" AND l.medium = ", f->medium},
		     {" AND l.campaign = ", f->campaign},
		     {" AND l.country_code = ", f->country}};
	for (size_t i = 0; i < 4; i++)
		if (nz(texts[i].v)) {
			qs_sql(q, texts[i].sql);
			qs_s(q, texts[i].v);
		}
	if (f->mine) {
		qs_sql(q, " AND l.user_id = ");
		qs_i(q, f->viewer_id);
	}
	if (!f->viewer_all) {
		qs_sql(q, " AND (l.user_id = ");
		qs_i(q, f->viewer_id);
		qs_sql(q, " OR l.user_id IS NULL)");
	}
	if (nz(f->q)) {
		struct filter_sql fs;
		int rc = filter_compile(q->a, f->q, "q", &fs, e);
		if (rc)
			return rc;
		qs_sql(q, " AND ");
		qs_sql(q, fs.sql);
		for (size_t i = 0; i < fs.np; i++) {
			if (q->np >= QS_MAXP)
				return err_set(e, ERR_INVALID, "q", "FilterTooLong", "the filter is too long");
			q->p[q->np++] = fs.p[i];
		}
	}
	return 0;
}

/* The filters on report_sum (only those it can answer: see summarised()). */
static void where_sum(struct qs *q, const struct report_filter *f)
{
	const char *status = nz(f->status) ? f->status : "active";
	if (str_eq(status, "active"))
		qs_sql(q, " AND l.st IN (0, 1)");
	else if (str_eq(status, "open"))
		qs_sql(q, " AND l.st = 0");
	else if (str_eq(status, "won"))
		qs_sql(q, " AND l.st = 1");
	else if (str_eq(status, "lost"))
		qs_sql(q, " AND l.st = 2");
	else if (str_eq(status, "archived"))
		qs_sql(q, " AND l.st IN (2, 3)");
	if (nz(f->type)) {
		qs_sql(q, " AND l.type = ");
		qs_s(q, f->type);
	}
	const struct {
		const char *sql;
		int64_t v;
	} ids[] = {{" AND l.team_id = ", f->team_id},
		   {" AND l.user_id = ", f->user_id},
		   {" AND l.stage_id = ", f->stage_id},
		   {" AND l.lost_reason_id = ", f->lost_reason_id}};
	for (size_t i = 0; i < 4; i++)
		if (ids[i].v > 0) {
			qs_sql(q, ids[i].sql);
			qs_i(q, ids[i].v);
		}
	if (f->mine) {
		qs_sql(q, " AND l.user_id = ");
		qs_i(q, f->viewer_id);
	}
	if (!f->viewer_all) {
		qs_sql(q, " AND l.user_id IN (0, ");
		qs_i(q, f->viewer_id);
		qs_sql(q, ")");
	}
}

int report_sum_rebuild(struct db *db)
{
	/* Read committed: the SELECT reads a snapshot without locking
	 * crm_lead; writers' triggers wait on report_sum rows until the
	 * commit, then apply their change on top (never lost, never twice).
	 * The rebuilt sums land in shard 0: the writers' shards (0080) are
	 * folded back here. */
	int64_t r = db_exec(db, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED", "");
	if (r < 0)
		return (int)r;
	int rc = db_begin(db);
	if (rc)
		return rc;
	r = db_exec(db, "DELETE FROM report_sum", "");
	if (r >= 0)
		r = db_exec(db,
			    "INSERT INTO report_sum SELECT COALESCE(l.team_id, 0), COALESCE(l.user_id, 0), "
			    "COALESCE(l.stage_id, 0), l.type, IF(l.active = 1, IF(l.probability = 100, 1, 0), "
			    "IF(l.probability = 0, 2, 3)), EXTRACT(YEAR_MONTH FROM l.create_date), COALESCE(l.lost_reason_id, 0), "
			    "COUNT(*), SUM(l.expected_revenue), SUM(ROUND(l.expected_revenue * l.probability / 100, 2)), "
			    "SUM(l.probability), SUM(l.date_open IS NOT NULL), "
			    "COALESCE(SUM(ABS(TIMESTAMPDIFF(DAY, l.create_date, l.date_open))), 0), "
			    "SUM(l.date_closed IS NOT NULL), COALESCE(SUM(ABS(TIMESTAMPDIFF(DAY, l.create_date, l.date_closed))), 0), "
			    "0 FROM crm_lead l WHERE l.merged_into_id IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7",
			    "");
	if (r < 0) {
		db_rollback(db);
		return (int)r;
	}
	return db_commit(db);
}

/* ---- pipeline analysis ----------------------------------------------------- */

static const struct dim {
	const char *name;
	const char *key;    /* expression on l (and lt for tags) */
	const char *skey;   /* the same on report_sum l, or NULL: not summarised */
	const char *label;  /* expression on the key x.kN joined below, or NULL: the key itself */
	const char *join;   /* LEFT JOIN for the label, %d = dimension number */
	const char *order;  /* ordering expression */
} dims[] = {
	{"stage", "l.stage_id", "NULLIF(l.stage_id, 0)", "d%d.name", "LEFT JOIN stage d%d ON d%d.id = x.k%d", "d%d.sequence"},
	{"user", "l.user_id", "NULLIF(l.user_id, 0)", "d%d.name", "LEFT JOIN app_user d%d ON d%d.id = x.k%d", "d%d.name"},
	{"team", "l.team_id", "NULLIF(l.team_id, 0)", "d%d.name", "LEFT JOIN team d%d ON d%d.id = x.k%d", "d%d.name"},
	{"created_month", "DATE_FORMAT(l.create_date, '%Y-%m')", "CONCAT(l.created_month DIV 100, '-', LPAD(l.created_month MOD 100, 2, '0'))", NULL, NULL, NULL},
	{"closing_month", "DATE_FORMAT(l.date_deadline, '%Y-%m')", NULL, NULL, NULL, NULL},
	{"closed_month", "DATE_FORMAT(l.date_closed, '%Y-%m')", NULL, NULL, NULL, NULL},
	{"source", "NULLIF(l.source, '')", NULL, NULL, NULL, NULL},
	{"medium", "NULLIF(l.medium, '')", NULL, NULL, NULL, NULL},
	{"campaign", "NULLIF(l.campaign, '')", NULL, NULL, NULL, NULL},
	{"country", "l.country_code", NULL, NULL, NULL, NULL},
	{"lost_reason", "l.lost_reason_id", "NULLIF(l.lost_reason_id, 0)", "d%d.name", "LEFT JOIN lost_reason d%d ON d%d.id = x.k%d", "d%d.name"},
	{"tag", "lt.tag_id", NULL, "d%d.name", "LEFT JOIN tag d%d ON d%d.id = x.k%d", "d%d.name"},
};

const char *const report_dims[] = {"stage", "user", "team", "created_month", "closing_month", "closed_month",
				   "source", "medium", "campaign", "country", "lost_reason", "tag", NULL};
const char *const report_measures[] = {"count", "expected_revenue", "prorated_revenue", "probability",
				       "day_open", "day_close", NULL};

static const struct dim *find_dim(const char *name)
{
	for (size_t i = 0; i < sizeof dims / sizeof dims[0]; i++)
		if (str_eq(dims[i].name, name))
			return &dims[i];
	return NULL;
}

bool report_dim_known(const char *d)
{
	return find_dim(d) != NULL;
}

bool report_measure_known(const char *m)
{
	for (size_t i = 0; report_measures[i]; i++)
		if (str_eq(report_measures[i], m))
			return true;
	return false;
}

/* Replace every %d of fmt with n. */
static char *fill(struct arena *a, const char *fmt, int n)
{
	struct buf b;
	buf_init(&b);
	for (const char *p = fmt; *p; p++) {
		if (p[0] == '%' && p[1] == 'd') {
			buf_printf(&b, "%d", n);
			p++;
		} else {
			buf_addc(&b, *p);
		}
	}
	char *s = arena_strndup(a, b.p, b.len);
	buf_free(&b);
	return s;
}

int report_pipeline(struct db *db, struct arena *a, const struct report_filter *f, const char *g1,
		    const char *g2, struct db_rows *out, struct err_info *e)
{
	const struct dim *d1 = find_dim(g1), *d2 = nz(g2) ? find_dim(g2) : NULL;
	if (!d1)
		return err_set(e, ERR_INVALID, "group_by", "BadChoice", "unknown grouping '%.40s'", g1 ? g1 : "");
	if (nz(g2) && !d2)
		return err_set(e, ERR_INVALID, "group_by", "BadChoice", "unknown grouping '%.40s'", g2);
	if (d2 == d1)
		d2 = NULL;
	bool tags = str_eq(d1->name, "tag") || (d2 && str_eq(d2->name, "tag"));
	/* The per-bucket sums answer the usual questions in milliseconds; the
	 * lead table answers the others (dates, text fields, tags, q). */
	bool sum = d1->skey && (!d2 || d2->skey) && !f->force_raw && !nz(f->q) && !nz(f->created_from) &&
		   !nz(f->created_to) && !nz(f->closing_from) && !nz(f->closing_to) && !nz(f->closed_from) &&
		   !nz(f->closed_to) && !nz(f->source) && !nz(f->medium) && !nz(f->campaign) && !nz(f->country);
	struct qs q;
	qs_init(&q, a);
	/* Aggregate on the keys only, then name them (joins on groups, not
	 * on a million rows). */
	qs_sql(&q, "SELECT x.k1, ");
	qs_sql(&q, d1->label ? fill(a, d1->label, 1) : "x.k1");
	qs_sql(&q, " AS l1, ");
	qs_sql(&q, d2 ? "x.k2, " : "NULL AS k2, ");
	qs_sql(&q, d2 ? (d2->label ? fill(a, d2->label, 2) : "x.k2") : "NULL");
	qs_sql(&q, " AS l2, x.count, x.expected_revenue, x.prorated_revenue, ROUND(x.probability, 2) AS probability, "
		   "ROUND(x.day_open, 1) AS day_open, ROUND(x.day_close, 1) AS day_close FROM (SELECT ");
	qs_sql(&q, sum ? d1->skey : d1->key);
	qs_sql(&q, " AS k1, ");
	if (d2) {
		qs_sql(&q, sum ? d2->skey : d2->key);
		qs_sql(&q, " AS k2, ");
	}
	int rc = 0;
	if (sum) {
		qs_sql(&q, "SUM(l.n) AS count, SUM(l.expected) AS expected_revenue, SUM(l.prorated) AS prorated_revenue, "
			   "SUM(l.prob) / SUM(l.n) AS probability, SUM(l.day_open) / NULLIF(SUM(l.n_open), 0) AS day_open, "
			   "SUM(l.day_close) / NULLIF(SUM(l.n_closed), 0) AS day_close FROM report_sum l WHERE 1 = 1");
		where_sum(&q, f);
	} else {
		qs_sql(&q, "COUNT(*) AS count, SUM(l.expected_revenue) AS expected_revenue, "
			   "SUM(ROUND(l.expected_revenue * l.probability / 100, 2)) AS prorated_revenue, "
			   "AVG(l.probability) AS probability, "
			   "AVG(ABS(TIMESTAMPDIFF(DAY, l.create_date, l.date_open))) AS day_open, "
			   "AVG(ABS(TIMESTAMPDIFF(DAY, l.create_date, l.date_closed))) AS day_close FROM crm_lead l");
		if (tags)
			qs_sql(&q, " LEFT JOIN lead_tag lt ON lt.lead_id = l.id");
		qs_sql(&q, " WHERE l.merged_into_id IS NULL");
		rc = where(&q, f, "active", e);
	}
	if (rc) {
		buf_free(&q.sql);
		return rc;
	}

	qs_sql(&q, d2 ? " GROUP BY k1, k2" : " GROUP BY k1");
	qs_sql(&q, sum ? " HAVING count > 0) x " : ") x ");
	if (d1->join)
		qs_sql(&q, fill(a, d1->join, 1));
	if (d2 && d2->join) {
		qs_sql(&q, " ");
		qs_sql(&q, fill(a, d2->join, 2));
	}
	qs_sql(&q, " ORDER BY x.k1 IS NULL, ");
	qs_sql(&q, d1->order ? fill(a, d1->order, 1) : "x.k1");
	qs_sql(&q, ", x.k1");
	if (d2) {
		qs_sql(&q, ", x.k2 IS NULL, ");
		qs_sql(&q, d2->order ? fill(a, d2->order, 2) : "x.k2");
		qs_sql(&q, ", x.k2");
	}
	qs_sql(&q, " LIMIT 1000");
	return qs_query(&q, db, out);
}

/* ---- forecast ------------------------------------------------------------------ */

int report_forecast(struct db *db, struct arena *a, const struct report_filter *f,
		    const char *from, int n, struct db_rows *cols, struct db_rows *cards,
		    struct err_info *e)
{
	if (nz(from) && !valid_month(from))
		return err_set(e, ERR_INVALID, "from", "BadMonth", "the month must be YYYY-MM");
	if (n < 1 || n > 12)
		n = 6;
	struct db_rows r;
	int rc = db_query1(db, a, &r,
			   "SELECT DATE_FORMAT(COALESCE(STR_TO_DATE(CONCAT(?, '-01'), '%Y-%m-%d'), UTC_DATE()), '%Y-%m-01')",
			   "s", nz(from) ? from : "");
	if (rc)
		return rc;
	const char *start = db_get(&r, 0, 0);
	/* Columns: every month, empty ones too. */
	struct qs q;
	qs_init(&q, a);
	qs_sql(&q, "SELECT DATE_FORMAT(m.d, '%Y-%m') AS month, COUNT(l.id) AS count, "
		   "COALESCE(SUM(l.expected_revenue), 0) AS expected_revenue, "
		   "COALESCE(SUM(ROUND(l.expected_revenue * l.probability / 100, 2)), 0) AS prorated_revenue "
		   "FROM (SELECT ");
	qs_s(&q, start);
	qs_sql(&q, " + INTERVAL (seq - 1) MONTH AS d FROM seq_1_to_12 WHERE seq <= ");
	qs_i(&q, n);
	qs_sql(&q, ") m LEFT JOIN crm_lead l ON l.date_deadline >= m.d AND l.date_deadline < m.d + INTERVAL 1 MONTH "
		   "AND l.type = 'opportunity' AND l.merged_into_id IS NULL");
	if ((rc = where(&q, f, "open", e))) {
		buf_free(&q.sql);
		return rc;
	}
	qs_sql(&q, " GROUP BY m.d ORDER BY m.d");
	if ((rc = qs_query(&q, db, cols)))
		return rc;
	qs_init(&q, a);
	qs_sql(&q, "SELECT * FROM (SELECT l.id, l.name, COALESCE(p.name, l.partner_name, l.contact_name) AS customer, "
		   "l.expected_revenue, l.probability, u.name AS user_name, l.date_deadline, "
		   "DATE_FORMAT(l.date_deadline, '%Y-%m') AS month, ROW_NUMBER() OVER (PARTITION BY "
		   "DATE_FORMAT(l.date_deadline, '%Y-%m') ORDER BY l.date_deadline, l.id) AS rn "
		   "FROM crm_lead l LEFT JOIN partner p ON p.id = l.partner_id LEFT JOIN app_user u ON u.id = l.user_id "
		   "WHERE l.type = 'opportunity' AND l.merged_into_id IS NULL AND l.date_deadline >= ");
	qs_s(&q, start);
	qs_sql(&q, " AND l.date_deadline < ");
	qs_s(&q, start);
	qs_sql(&q, " + INTERVAL ");
	qs_i(&q, n);
	qs_sql(&q, " MONTH");
	if ((rc = where(&q, f, "open", e))) {
		buf_free(&q.sql);
		return rc;
	}
	qs_sql(&q, ") c WHERE c.rn <= 100 ORDER BY c.date_deadline, c.id");
	return qs_query(&q, db, cards);
}

int report_forecast_move(struct db *db, struct arena *a, const struct report_filter *viewer,
			 int64_t author_id, int64_t lead_id, const char *month,
			 const char **deadline, struct err_info *e)
{
	if (!valid_month(month))
		return err_set(e, ERR_INVALID, "month", "BadMonth", "the month must be YYYY-MM");
	struct db_rows r;
	int rc = db_query1(db, a, &r,
			   "SELECT DATE_FORMAT(date_deadline, '%Y-%m-%d'), "
			   "DATE_FORMAT(LAST_DAY(STR_TO_DATE(CONCAT(?, '-01'), '%Y-%m-%d')), '%Y-%m-%d') "
			   "FROM crm_lead WHERE id = ? AND (? = 1 OR user_id = ? OR user_id IS NULL)",
			   "siii", month, lead_id, (int64_t)viewer->viewer_all, viewer->viewer_id);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "", "NotFound", "no such record");
	if (rc)
		return rc;
	const char *old = db_get(&r, 0, 0), *nd = db_get(&r, 0, 1);
	if (!nd)
		return err_set(e, ERR_INVALID, "month", "BadMonth", "the month must be YYYY-MM");
	if (deadline)
		*deadline = nd;
	if (str_eq(old, nd))
		return 0;
	int64_t x = db_exec(db, "UPDATE crm_lead SET date_deadline = ? WHERE id = ?", "si", nd, lead_id);
	if (x < 0)
		return (int)x;
	struct chatter_change ch = {"date_deadline", old, nd};
	return chatter_track(db, a, "lead", lead_id, author_id, NULL, &ch, 1);
}

/* ---- the other reports ------------------------------------------------------------ */

int report_unattended(struct db *db, struct arena *a, const struct report_filter *f,
		      const char *today, struct db_rows *out)
{
	struct qs q;
	qs_init(&q, a);
	qs_sql(&q, "SELECT ac.user_id, u.name AS user_name, l.id AS lead_id, l.name AS lead_name, "
		   "DATE_FORMAT(ac.date_deadline, '%Y-%m-%d') AS date_deadline, t.name AS activity_type, ac.summary "
		   "FROM activity ac JOIN crm_lead l ON l.id = ac.res_id JOIN app_user u ON u.id = ac.user_id "
		   "JOIN activity_type t ON t.id = ac.activity_type_id "
		   "WHERE ac.res_model = 'lead' AND ac.date_deadline <= ");
	qs_s(&q, today);
	qs_sql(&q, " AND l.merged_into_id IS NULL");
	struct err_info e = {0};
	int rc = where(&q, f, "active", &e);
	if (rc) {
		buf_free(&q.sql);
		return rc;
	}
	qs_sql(&q, " ORDER BY u.name, ac.user_id, ac.date_deadline, l.id LIMIT 2000");
	return qs_query(&q, db, out);
}

int report_quality(struct db *db, struct arena *a, const struct report_filter *f,
		   struct db_rows *out)
{
	struct qs q;
	qs_init(&q, a);
	qs_sql(&q, "SELECT x.source, x.leads, x.converted, x.won, x.lost, "
		   "ROUND(100 * x.converted / x.leads, 1) AS conversion_rate, "
		   "ROUND(100 * x.won / NULLIF(x.won + x.lost, 0), 1) AS win_rate, "
		   "ROUND(x.won_revenue / x.leads, 2) AS revenue_per_lead FROM ("
		   "SELECT NULLIF(l.source, '') AS source, COUNT(*) AS leads, "
		   "SUM(l.type = 'opportunity' OR l.date_conversion IS NOT NULL) AS converted, "
		   "SUM(l.active = 1 AND l.probability = 100) AS won, SUM(l.active = 0 AND l.probability = 0) AS lost, "
		   "SUM(IF(l.active = 1 AND l.probability = 100, l.expected_revenue, 0)) AS won_revenue "
		   "FROM crm_lead l WHERE l.merged_into_id IS NULL");
	struct err_info e = {0};
	int rc = where(&q, f, "all", &e);
	if (rc) {
		buf_free(&q.sql);
		return rc;
	}
	qs_sql(&q, " GROUP BY source) x ORDER BY x.leads DESC, x.source LIMIT 500");
	return qs_query(&q, db, out);
}

int report_distribution(struct db *db, struct arena *a, const struct report_filter *f,
			const char *from, const char *to, struct db_rows *out)
{
	struct qs q;
	qs_init(&q, a);
	qs_sql(&q, "SELECT m.user_id, u.name AS user_name, t.name AS team_name, COUNT(l.id) AS assigned, "
		   "m.capacity, ROUND(m.capacity * (DATEDIFF(");
	qs_s(&q, to);
	qs_sql(&q, ", ");
	qs_s(&q, from);
	qs_sql(&q, ") + 1) / 30) AS capacity_period, ROUND(100 * COUNT(l.id) / NULLIF(m.capacity * (DATEDIFF(");
	qs_s(&q, to);
	qs_sql(&q, ", ");
	qs_s(&q, from);
	qs_sql(&q, ") + 1) / 30, 0)) AS load_pct FROM team_member m JOIN app_user u ON u.id = m.user_id "
		   "JOIN team t ON t.id = m.team_id LEFT JOIN crm_lead l ON l.user_id = m.user_id AND l.team_id = m.team_id "
		   "AND l.date_open >= ");
	qs_s(&q, from);
	qs_sql(&q, " AND l.date_open < ");
	qs_s(&q, to);
	qs_sql(&q, " + INTERVAL 1 DAY WHERE t.active = 1 AND u.active = 1");
	if (f->team_id > 0) {
		qs_sql(&q, " AND m.team_id = ");
		qs_i(&q, f->team_id);
	}
	if (f->user_id > 0 || f->mine || !f->viewer_all) {
		qs_sql(&q, " AND m.user_id = ");
		qs_i(&q, f->user_id > 0 && f->viewer_all ? f->user_id : f->viewer_id);
	}
	qs_sql(&q, " GROUP BY m.id ORDER BY t.name, u.name LIMIT 1000");
	return qs_query(&q, db, out);
}

int report_winloss(struct db *db, struct arena *a, const struct report_filter *f,
		   struct db_rows *out)
{
	struct qs q;
	qs_init(&q, a);
	qs_sql(&q, "SELECT x.outcome, x.reason_id, r.name AS reason, x.count, x.expected_revenue FROM ("
		   "SELECT IF(l.probability = 100, 'won', 'lost') AS outcome, "
		   "IF(l.probability = 100, NULL, l.lost_reason_id) AS reason_id, COUNT(*) AS count, "
		   "SUM(l.expected_revenue) AS expected_revenue FROM crm_lead l WHERE l.merged_into_id IS NULL "
		   "AND ((l.active = 1 AND l.probability = 100) OR (l.active = 0 AND l.probability = 0))");
	struct err_info e = {0};
	int rc = where(&q, f, "all", &e);
	if (rc) {
		buf_free(&q.sql);
		return rc;
	}
	qs_sql(&q, " GROUP BY outcome, reason_id) x LEFT JOIN lost_reason r ON r.id = x.reason_id "
		   "ORDER BY x.outcome = 'lost', x.count DESC, r.name LIMIT 500");
	return qs_query(&q, db, out);
}

int report_activities(struct db *db, struct arena *a, const struct report_filter *f,
		      const char *from, const char *to, struct db_rows *out)
{
	struct qs q;
	qs_init(&q, a);
	qs_sql(&q, "SELECT CONCAT(LEFT(x.yw, 4), '-W', RIGHT(x.yw, 2)) AS week, x.user_id, u.name AS user_name, "
		   "x.type_id, t.name AS type_name, x.count FROM (SELECT YEARWEEK(m.created_at, 3) AS yw, "
		   "m.author_id AS user_id, m.activity_type_id AS type_id, COUNT(*) AS count FROM message m "
		   "WHERE m.activity_type_id IS NOT NULL AND m.res_model = 'lead' AND m.created_at >= ");
	qs_s(&q, from);
	qs_sql(&q, " AND m.created_at < ");
	qs_s(&q, to);
	qs_sql(&q, " + INTERVAL 1 DAY");
	if (f->user_id > 0 || f->mine || !f->viewer_all) {
		qs_sql(&q, " AND m.author_id = ");
		qs_i(&q, f->user_id > 0 && f->viewer_all ? f->user_id : f->viewer_id);
	}
	if (f->team_id > 0) {
		qs_sql(&q, " AND m.author_id IN (SELECT tm.user_id FROM team_member tm WHERE tm.team_id = ");
		qs_i(&q, f->team_id);
		qs_sql(&q, ")");
	}
	qs_sql(&q, " GROUP BY yw, user_id, type_id) x JOIN activity_type t ON t.id = x.type_id "
		   "LEFT JOIN app_user u ON u.id = x.user_id ORDER BY x.yw, u.name, t.sequence LIMIT 2000");
	return qs_query(&q, db, out);
}

/* ---- CSV ------------------------------------------------------------------------------- */

void report_csv_cell(struct buf *b, const char *v, bool first)
{
	if (!first)
		buf_addc(b, ',');
	if (!v || !*v)
		return;
	bool formula = v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r';
	size_t n = strlen(v);
	bool quote = formula || v[0] == ' ' || v[n - 1] == ' ' || strpbrk(v, ",\"\r\n") != NULL;
	if (quote)
		buf_addc(b, '"');
	if (formula)
		buf_addc(b, '\'');
	for (const char *p = v; *p; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	if (quote)
		buf_addc(b, '"');
}

void report_csv(struct buf *b, const struct db_rows *r, const char *const *cols,
		const char *const *headers, size_t n)
{
	buf_adds(b, "\xEF\xBB\xBF");
	for (size_t i = 0; i < n; i++)
		report_csv_cell(b, headers[i], i == 0);
	buf_adds(b, "\r\n");
	for (size_t row = 0; row < r->nrows; row++) {
		for (size_t i = 0; i < n; i++)
			report_csv_cell(b, db_getn(r, row, cols[i]), i == 0);
		buf_adds(b, "\r\n");
	}
}
