#include "crm/activity.h"

#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "core/tz.h"
#include "crm/access.h"
#include "crm/chatter.h"
#include "crm/follower.h"
#include "crm/lead.h"
#include "crm/qb.h"
#include "db/db.h"

enum activity_state activity_state_of(const char *deadline, const char *today)
{
	if (!deadline || !*deadline || !today)
		return ACT_NONE;
	int c = strncmp(deadline, today, 10);
	return c < 0 ? ACT_OVERDUE : c == 0 ? ACT_TODAY : ACT_PLANNED;
}

const char *activity_state_name(enum activity_state s)
{
	switch (s) {
	case ACT_OVERDUE: return "overdue";
	case ACT_TODAY: return "today";
	case ACT_PLANNED: return "planned";
	default: return "";
	}
}

enum activity_state activity_state_at(const char *deadline, const char *tz, int64_t now)
{
	char today[11];
	tz_local_date(tz && *tz ? tz : "UTC", now, today);
	return activity_state_of(deadline, today);
}

static bool parse_date(const char *s, int *y, int *m, int *d)
{
	if (!s || strlen(s) < 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	*y = atoi(s);
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31 && *y >= 1900 && *y <= 2999;
}

static int mdays(int y, int m)
{
	static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return md[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

int activity_add_delay(const char *base, int count, const char *unit, char out[11])
{
	int y, m, d;
	if (!parse_date(base, &y, &m, &d) || count < 0 || count > 3650)
		return ERR_INVALID;
	if (str_eq(unit, "months")) {
		int t = (y * 12 + (m - 1)) + count;
		y = t / 12;
		m = t % 12 + 1;
		if (d > mdays(y, m))
			d = mdays(y, m);
	} else {
		int days = str_eq(unit, "weeks") ? count * 7 : count;
		struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d + days, .tm_hour = 12};
		time_t t = timegm(&tm);
		gmtime_r(&t, &tm);
		y = tm.tm_year + 1900;
		m = tm.tm_mon + 1;
		d = tm.tm_mday;
	}
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
	return 0;
}

int activity_today_load(struct db *db, struct arena *a, int64_t now, struct activity_today *t)
{
	struct db_rows r;
	int rc = db_query(db, a, &r, "SELECT id, tz, active FROM app_user WHERE active = 1", "");
	if (rc)
		return rc;
	activity_today_from(&r, a, now, t);
	return 0;
}

void activity_today_from(const struct db_rows *r, struct arena *a, int64_t now,
			 struct activity_today *t)
{
	memset(t, 0, sizeof *t);
	tz_local_date("UTC", now, t->d);
	tz_local_date("UTC", now - 86400, t->dm);
	tz_local_date("UTC", now + 86400, t->dp);
	t->minus = arena_alloc(a, (r->nrows + 1) * sizeof(int64_t));
	t->plus = arena_alloc(a, (r->nrows + 1) * sizeof(int64_t));
	int cid = db_col(r, "id"), ctz = db_col(r, "tz"), cact = db_col(r, "active");
	if (cid < 0 || ctz < 0 || cact < 0)
		return;
	/* The zone of each user, per distinct zone name (few of them). */
	const char *last_tz = NULL;
	char last_d[11] = "";
	for (size_t i = 0; i < r->nrows; i++) {
		if (!db_get_i64(r, i, (size_t)cact))
			continue;
		const char *tz = db_get(r, i, (size_t)ctz);
		char d[11];
		if (last_tz && str_eq(tz, last_tz)) {
			memcpy(d, last_d, 11);
		} else {
			tz_local_date(tz ? tz : "UTC", now, d);
			last_tz = tz;
			memcpy(last_d, d, 11);
		}
		if (strcmp(d, t->d) < 0)
			t->minus[t->nminus++] = db_get_i64(r, i, (size_t)cid);
		else if (strcmp(d, t->d) > 0)
			t->plus[t->nplus++] = db_get_i64(r, i, (size_t)cid);
	}
}

void activity_today_sql(struct qb *q, const struct activity_today *t, const char *ucol)
{
	if (!t->nminus && !t->nplus) {
		qb_sql(q, "CAST(");
		qb_s(q, t->d);
		qb_sql(q, " AS DATE)");
		return;
	}
	qb_sql(q, "CAST(CASE");
	if (t->nminus) {
		qb_sql(q, " WHEN ");
		qb_sql(q, ucol);
		qb_sql(q, " IN ");
		qb_in(q, t->minus, t->nminus);
		qb_sql(q, " THEN ");
		qb_s(q, t->dm);
	}
	if (t->nplus) {
		qb_sql(q, " WHEN ");
		qb_sql(q, ucol);
		qb_sql(q, " IN ");
		qb_in(q, t->plus, t->nplus);
		qb_sql(q, " THEN ");
		qb_s(q, t->dp);
	}
	qb_sql(q, " ELSE ");
	qb_s(q, t->d);
	qb_sql(q, " END AS DATE)");
}

/* ---- types --------------------------------------------------------------- */

int activity_type_list(struct db *db, struct arena *a, bool with_inactive, struct db_rows *out)
{
	return db_query(db, a, out,
			"SELECT t.id, t.name, t.code, t.summary, t.default_note, t.sequence, t.delay_count, "
			"t.delay_unit, t.delay_from, t.chaining_type, t.next_type_id, n.name AS next_type_name, "
			"t.active FROM activity_type t LEFT JOIN activity_type n ON n.id = t.next_type_id "
			"WHERE t.active = 1 OR ? = 1 ORDER BY t.sequence, t.id",
			"i", (int64_t)with_inactive);
}

int activity_type_get(struct db *db, struct arena *a, int64_t id, struct db_rows *out)
{
	return db_query1(db, a, out,
			 "SELECT id, name, code, summary, default_note, sequence, delay_count, delay_unit, "
			 "delay_from, chaining_type, next_type_id, active FROM activity_type WHERE id = ?",
			 "i", id);
}

int activity_type_save(struct db *db, int64_t id, const struct activity_type_input *in,
		       int64_t *out_id, struct err_info *e)
{
	if (str_empty(in->name) || str_utf8_len(in->name) > 64)
		return err_set(e, ERR_INVALID, "name", "Required", "the name is required (at most 64 characters)");
	if (in->summary && str_utf8_len(in->summary) > 255)
		return err_set(e, ERR_INVALID, "summary", "TooLong", "the summary is too long");
	if (in->default_note && str_utf8_len(in->default_note) > 1000)
		return err_set(e, ERR_INVALID, "default_note", "TooLong", "the note is too long");
	if (in->delay_count < 0 || in->delay_count > 3650)
		return err_set(e, ERR_INVALID, "delay_count", "OutOfRange", "the delay must be between 0 and 3650");
	const char *unit = in->delay_unit ? in->delay_unit : "days";
	if (!str_eq(unit, "days") && !str_eq(unit, "weeks") && !str_eq(unit, "months"))
		return err_set(e, ERR_INVALID, "delay_unit", "OutOfRange", "the delay unit must be days, weeks or months");
	const char *from = in->delay_from ? in->delay_from : "previous_activity";
	if (!str_eq(from, "previous_activity") && !str_eq(from, "current_date"))
		return err_set(e, ERR_INVALID, "delay_from", "OutOfRange", "delay_from must be previous_activity or current_date");
	const char *chain = in->chaining_type ? in->chaining_type : "suggest";
	if (!str_eq(chain, "suggest") && !str_eq(chain, "trigger"))
		return err_set(e, ERR_INVALID, "chaining_type", "OutOfRange", "chaining must be suggest or trigger");
	if (in->next_type_id) {
		int64_t ok = 0;
		int rc = db_int(db, &ok, 0, "SELECT COUNT(*) FROM activity_type WHERE id = ?", "i", in->next_type_id);
		if (rc)
			return rc;
		if (!ok || in->next_type_id == id)
			return err_set(e, ERR_INVALID, "next_type_id", "NotFound", "unknown next activity type");
	}
	if (str_eq(chain, "trigger") && !in->next_type_id)
		return err_set(e, ERR_INVALID, "next_type_id", "Required", "a triggered chain needs a next type");
	int64_t r;
	if (id == 0) {
		r = db_exec(db,
			    "INSERT INTO activity_type (name, summary, default_note, sequence, delay_count, "
			    "delay_unit, delay_from, chaining_type, next_type_id, active) "
			    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?)",
			    "sssiisssii", in->name, in->summary ? in->summary : "",
			    in->default_note ? in->default_note : "", (int64_t)in->sequence,
			    (int64_t)in->delay_count, unit, from, chain, in->next_type_id,
			    (int64_t)in->active);
		if (r >= 0 && out_id)
			*out_id = db_last_id(db);
	} else {
		r = db_exec(db,
			    "UPDATE activity_type SET name = ?, summary = ?, default_note = ?, sequence = ?, "
			    "delay_count = ?, delay_unit = ?, delay_from = ?, chaining_type = ?, "
			    "next_type_id = NULLIF(?, 0), active = ? WHERE id = ?",
			    "sssiisssiii", in->name, in->summary ? in->summary : "",
			    in->default_note ? in->default_note : "", (int64_t)in->sequence,
			    (int64_t)in->delay_count, unit, from, chain, in->next_type_id,
			    (int64_t)in->active, id);
		if (r == 0) {
			int64_t ok = 0;
			int rc = db_int(db, &ok, 0, "SELECT COUNT(*) FROM activity_type WHERE id = ?", "i", id);
			if (rc)
				return rc;
			if (!ok)
				return ERR_NOTFOUND;
		}
		if (out_id)
			*out_id = id;
	}
	return r < 0 ? (int)r : 0;
}

int activity_type_resolve(struct db *db, struct arena *a, const char *ref, int64_t *id)
{
	*id = 0;
	if (str_empty(ref) || strlen(ref) > 64)
		return ERR_NOTFOUND;
	int64_t n;
	int rc;
	if (str_to_i64(ref, &n))
		rc = db_int(db, id, 0, "SELECT id FROM activity_type WHERE id = ? AND active = 1", "i", n);
	else
		rc = db_int(db, id, 0,
			    "SELECT id FROM activity_type WHERE active = 1 AND (LOWER(name) = LOWER(?) "
			    "OR code = LOWER(?)) ORDER BY sequence, id LIMIT 1",
			    "ss", ref, ref);
	if (rc)
		return rc;
	return *id ? 0 : ERR_NOTFOUND;
}

/* ---- activities ---------------------------------------------------------- */

static void refresh_record(struct db *db, const char *model, int64_t res_id)
{
	if (str_eq(model, "lead"))
		lead_refresh_activity(db, res_id);
}

int activity_schedule(struct db *db, struct arena *a, const struct activity_input *in,
		      int64_t *id, struct err_info *e)
{
	if (!in->res_model || !(str_eq(in->res_model, "lead") || str_eq(in->res_model, "quote")) ||
	    in->res_id <= 0)
		return err_set(e, ERR_INVALID, "res_id", "NotFound", "unknown record");
	struct db_rows t;
	int rc = db_query1(db, a, &t,
			   "SELECT id, name, summary, default_note, delay_count, delay_unit FROM activity_type "
			   "WHERE id = ? AND active = 1",
			   "i", in->type_id);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_INVALID, "type", "NotFound", "unknown activity type");
	if (rc)
		return rc;
	if (in->summary && str_utf8_len(in->summary) > ACTIVITY_SUMMARY_MAX)
		return err_set(e, ERR_INVALID, "summary", "TooLong", "the summary is too long (at most 255 characters)");
	if (in->note && str_utf8_len(in->note) > ACTIVITY_NOTE_MAX)
		return err_set(e, ERR_INVALID, "note", "TooLong", "the note is too long");
	struct db_rows u;
	rc = db_query1(db, a, &u, "SELECT id, tz FROM app_user WHERE id = ? AND active = 1", "i", in->user_id);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_INVALID, "user_id", "NotFound", "unknown or disabled user");
	if (rc)
		return rc;
	char deadline[11];
	if (in->date_deadline && *in->date_deadline) {
		int y, m, d;
		if (!parse_date(in->date_deadline, &y, &m, &d) || strlen(in->date_deadline) != 10 ||
		    d > mdays(y, m))
			return err_set(e, ERR_INVALID, "date_deadline", "BadDate", "the due date must be a date (YYYY-MM-DD)");
		memcpy(deadline, in->date_deadline, 11);
	} else {
		char today[11];
		tz_local_date(db_get(&u, 0, 1) ? db_get(&u, 0, 1) : "UTC", (int64_t)time(NULL), today);
		int n = in->delay_days > 0 ? in->delay_days : (int)db_get_i64(&t, 0, 4);
		const char *unit = in->delay_days > 0 ? "days" : db_get(&t, 0, 5);
		if (activity_add_delay(today, n, unit, deadline) != 0)
			memcpy(deadline, today, 11);
	}
	const char *summary = !str_empty(in->summary) ? in->summary : db_get(&t, 0, 2);
	const char *note = !str_empty(in->note) ? in->note
						: (db_get(&t, 0, 3) && *db_get(&t, 0, 3) ? db_get(&t, 0, 3) : NULL);
	int64_t r = db_exec(db,
			    "INSERT INTO activity (res_model, res_id, activity_type_id, summary, note, "
			    "date_deadline, user_id, create_uid, previous_type_id, automated) "
			    "VALUES (?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?)",
			    "siisssiiii", in->res_model, in->res_id, in->type_id, summary ? summary : "",
			    note, deadline, in->user_id, in->create_uid, in->previous_type_id,
			    (int64_t)in->automated);
	if (r < 0)
		return (int)r;
	int64_t aid = db_last_id(db);
	refresh_record(db, in->res_model, in->res_id);
	follower_add(db, in->res_model, in->res_id, in->user_id);
	if (in->user_id != in->create_uid) {
		const char *s = arena_printf(a, "%s: %s", db_get(&t, 0, 1), summary && *summary ? summary : deadline);
		notify_user(db, in->user_id, in->res_model, in->res_id, "activity", s, 0);
	}
	if (id)
		*id = aid;
	return 0;
}

#define ACT_COLS                                                                                   \
	"a.id, a.res_model, a.res_id, a.activity_type_id, t.name AS type_name, a.summary, a.note, " \
	"DATE_FORMAT(a.date_deadline, '%Y-%m-%d') AS date_deadline, a.user_id, u.name AS user_name, u.tz "

int activity_get(struct db *db, struct arena *a, const struct access *ac, int64_t id,
		 struct db_rows *out)
{
	int rc = db_query1(db, a, out,
			   "SELECT " ACT_COLS ", l.user_id AS owner_id, t.chaining_type, t.next_type_id, "
			   "t.delay_count, t.delay_unit, t.delay_from "
			   "FROM activity a JOIN activity_type t ON t.id = a.activity_type_id "
			   "JOIN app_user u ON u.id = a.user_id "
			   "LEFT JOIN crm_lead l ON a.res_model = 'lead' AND l.id = a.res_id WHERE a.id = ?",
			   "i", id);
	if (rc)
		return rc;
	if (ac->all || db_getn_i64(out, 0, "user_id") == ac->user_id ||
	    access_owner_ok(ac, db_getn_i64(out, 0, "owner_id")))
		return 0;
	return ERR_NOTFOUND;
}

struct done_ctx {
	struct arena *a;
	const struct access *ac;
	int64_t id, author_id, next_id, suggest;
	const char *feedback;
	struct err_info *e;
};

static int done_tx(struct db *db, void *arg)
{
	struct done_ctx *d = arg;
	struct db_rows r;
	d->next_id = d->suggest = 0;
	int rc = activity_get(db, d->a, d->ac, d->id, &r);
	if (rc)
		return rc;
	const char *model = db_getn(&r, 0, "res_model");
	int64_t res_id = db_getn_i64(&r, 0, "res_id");
	const char *summary = db_getn(&r, 0, "summary");
	const char *note = db_getn(&r, 0, "note");
	struct chatter_msg m = {0};
	m.res_model = model;
	m.res_id = res_id;
	m.kind = "activity";
	m.author_id = d->author_id;
	m.activity_type_id = db_getn_i64(&r, 0, "activity_type_id");
	m.subject = summary && *summary
			    ? arena_printf(d->a, "%s: %s", db_getn(&r, 0, "type_name"), summary)
			    : db_getn(&r, 0, "type_name");
	const char *body = NULL;
	if (note && *note && d->feedback && *d->feedback)
		body = arena_printf(d->a, "%s\n\n%s", note, d->feedback);
	else if (d->feedback && *d->feedback)
		body = d->feedback;
	else if (note && *note)
		body = note;
	m.body = body;
	if ((rc = chatter_post(db, &m, NULL)) != 0)
		return rc;
	int64_t next = db_getn_i64(&r, 0, "next_type_id");
	const char *chain = db_getn(&r, 0, "chaining_type");
	if (next && str_eq(chain, "trigger")) {
		struct db_rows nt;
		if ((rc = db_query1(db, d->a, &nt, "SELECT delay_count, delay_unit FROM activity_type WHERE id = ? AND active = 1",
				    "i", next)) == 0) {
			char base[11], deadline[11];
			if (str_eq(db_getn(&r, 0, "delay_from"), "current_date"))
				tz_local_date(db_getn(&r, 0, "tz") ? db_getn(&r, 0, "tz") : "UTC", (int64_t)time(NULL), base);
			else
				snprintf(base, sizeof base, "%s", db_getn(&r, 0, "date_deadline"));
			/* The delay of the next type counts from the base date. */
			if (activity_add_delay(base, (int)db_get_i64(&nt, 0, 0), db_get(&nt, 0, 1), deadline) != 0)
				memcpy(deadline, base, 11);
			struct activity_input in = {0};
			in.res_model = model;
			in.res_id = res_id;
			in.type_id = next;
			in.date_deadline = deadline;
			in.user_id = db_getn_i64(&r, 0, "user_id");
			in.create_uid = in.user_id;
			in.previous_type_id = m.activity_type_id;
			in.automated = true;
			if ((rc = activity_schedule(db, d->a, &in, &d->next_id, d->e)) != 0)
				return rc;
		} else if (rc != ERR_NOTFOUND) {
			return rc;
		}
	} else if (next) {
		d->suggest = next;
	}
	int64_t x = db_exec(db, "DELETE FROM activity WHERE id = ?", "i", d->id);
	if (x < 0)
		return (int)x;
	refresh_record(db, model, res_id);
	return 0;
}

int activity_done(struct db *db, struct arena *a, const struct access *ac, int64_t id,
		  int64_t author_id, const char *feedback, int64_t *next_id,
		  int64_t *suggest_type, struct err_info *e)
{
	if (feedback && str_utf8_len(feedback) > ACTIVITY_NOTE_MAX)
		return err_set(e, ERR_INVALID, "feedback", "TooLong", "the feedback is too long");
	struct done_ctx d = {a, ac, id, author_id, 0, 0, feedback, e};
	int rc = db_in_tx(db) ? done_tx(db, &d) : db_tx(db, done_tx, &d);
	if (rc)
		return rc;
	if (next_id)
		*next_id = d.next_id;
	if (suggest_type)
		*suggest_type = d.suggest;
	return 0;
}

int activity_cancel(struct db *db, struct arena *a, const struct access *ac, int64_t id)
{
	struct db_rows r;
	int rc = activity_get(db, a, ac, id, &r);
	if (rc)
		return rc;
	int64_t x = db_exec(db, "DELETE FROM activity WHERE id = ?", "i", id);
	if (x < 0)
		return (int)x;
	refresh_record(db, db_getn(&r, 0, "res_model"), db_getn_i64(&r, 0, "res_id"));
	return 0;
}

int activity_list_record(struct db *db, struct arena *a, const char *res_model, int64_t res_id,
			 struct db_rows *out)
{
	return db_query(db, a, out,
			"SELECT " ACT_COLS "FROM activity a JOIN activity_type t ON t.id = a.activity_type_id "
			"JOIN app_user u ON u.id = a.user_id WHERE a.res_model = ? AND a.res_id = ? "
			"ORDER BY a.date_deadline, a.id",
			"si", res_model, res_id);
}

int activity_list_user(struct db *db, struct arena *a, int64_t user_id, size_t limit,
		       struct db_rows *out)
{
	if (limit == 0 || limit > 1000)
		limit = 500;
	/* Two shapes, so that one user's list walks ix_activity_user in order. */
	if (user_id)
		return db_query(db, a, out,
				"SELECT " ACT_COLS ", l.name AS res_name, l.type AS res_type "
				"FROM activity a JOIN activity_type t ON t.id = a.activity_type_id "
				"JOIN app_user u ON u.id = a.user_id "
				"LEFT JOIN crm_lead l ON a.res_model = 'lead' AND l.id = a.res_id "
				"WHERE a.user_id = ? ORDER BY a.date_deadline, a.id LIMIT ?",
				"ii", user_id, (int64_t)limit);
	return db_query(db, a, out,
			"SELECT " ACT_COLS ", l.name AS res_name, l.type AS res_type "
			"FROM activity a JOIN activity_type t ON t.id = a.activity_type_id "
			"JOIN app_user u ON u.id = a.user_id "
			"LEFT JOIN crm_lead l ON a.res_model = 'lead' AND l.id = a.res_id "
			"ORDER BY a.date_deadline, a.id LIMIT ?",
			"i", (int64_t)limit);
}

int activity_move_record(struct db *db, const char *res_model, int64_t from_id, int64_t to_id)
{
	int64_t r = db_exec(db, "UPDATE activity SET res_id = ?, moved_from_id = ? WHERE res_model = ? AND res_id = ?",
			    "iisi", to_id, from_id, res_model, from_id);
	return r < 0 ? (int)r : 0;
}

int activity_unmove_merge(struct db *db, int64_t merge_id)
{
	int64_t r = db_exec(db,
			    "UPDATE activity t JOIN lead_merge_move mv ON mv.merge_id = ? AND mv.kind = 'activity' "
			    "AND mv.obj_id = t.id SET t.res_id = mv.from_id, t.moved_from_id = mv.old_moved_from",
			    "i", merge_id);
	return r < 0 ? (int)r : 0;
}
