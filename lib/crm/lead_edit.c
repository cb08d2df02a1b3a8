/* lead_edit.c - the lead module (see lead.h), part 2: reading one record,
 * editing it with tracking, won / lost / restore, notes. */
#include "crm/lead.h"
#include "crm/scoring.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/money.h"
#include "core/str.h"
#include "crm/access.h"
#include "crm/chatter.h"
#include "crm/follower.h"
#include "crm/mention.h"
#include "crm/normalize.h"
#include "crm/partner.h"
#include "crm/qb.h"
#include "crm/settings.h"
#include "crm/stage.h"
#include "crm/tag.h"
#include "crm/team.h"
#include "db/db.h"

/* Probability an open record gets back when it leaves a won stage or is
 * restored, until predictive scoring (issue 8) computes it. */
#define OPEN_PROBABILITY "10.00"

#define LEAD_COLS                                                                                  \
	"l.id, l.name, l.type, l.active, l.contact_name, l.partner_name, l.email_from, l.email_cc, "  \
	"l.phone, l.mobile, l.website, l.function, l.street, l.street2, l.zip, l.city, l.state, "     \
	"l.country_code, l.lang, l.partner_id, l.user_id, l.team_id, l.stage_id, l.expected_revenue, " \
	"l.probability, l.automated_probability, l.probability_manual, l.priority, l.date_deadline, " \
	"l.referred, l.description, l.campaign, l.medium, l.source, l.lost_reason_id, l.origin, "     \
	"l.create_date, l.write_date, l.date_open, l.date_closed, l.date_conversion, "                \
	"l.date_last_stage_update, l.email_normalized, l.phone_sanitized, l.activity_deadline, "      \
	"l.activity_user_id, l.merged_into_id "

int lead_get(struct db *db, struct arena *a, const struct access *ac, int64_t id,
	     struct db_rows *out)
{
	int rc = db_query1(
		db, a, out,
		"SELECT " LEAD_COLS ", s.name AS stage_name, COALESCE(s.is_won, 0) AS stage_is_won, "
		"t.name AS team_name, u.name AS user_name, p.name AS customer_name, "
		"p.is_company AS customer_is_company, r.name AS lost_reason_name, "
		"ROUND(l.expected_revenue * l.probability / 100, 2) AS prorated_revenue, "
		"ABS(DATEDIFF(l.date_open, l.create_date)) AS day_open, "
		"ABS(DATEDIFF(l.date_closed, l.create_date)) AS day_close, "
		"(l.active = 1 AND COALESCE(s.is_won, 0) = 1) AS is_won, "
		"(l.active = 0 AND l.probability = 0) AS is_lost "
		"FROM crm_lead l LEFT JOIN stage s ON s.id = l.stage_id LEFT JOIN team t ON t.id = l.team_id "
		"LEFT JOIN app_user u ON u.id = l.user_id LEFT JOIN partner p ON p.id = l.partner_id "
		"LEFT JOIN lost_reason r ON r.id = l.lost_reason_id WHERE l.id = ?",
		"i", id);
	if (rc)
		return rc;
	return access_owner_ok(ac, db_getn_i64(out, 0, "user_id")) ? 0 : ERR_NOTFOUND;
}

int lead_tags(struct db *db, struct arena *a, int64_t id, struct db_rows *out)
{
	return db_query(db, a, out,
			"SELECT t.id, t.name, t.color FROM lead_tag lt JOIN tag t ON t.id = lt.tag_id "
			"WHERE lt.lead_id = ? ORDER BY t.name",
			"i", id);
}

int lead_tags_for(struct db *db, struct arena *a, const int64_t *ids, size_t n,
		  struct db_rows *out)
{
	if (n == 0) {
		memset(out, 0, sizeof *out);
		return 0;
	}
	struct qb q;
	qb_init(&q, a);
	qb_sql(&q, "SELECT lt.lead_id, t.id, t.name, t.color FROM lead_tag lt JOIN tag t ON t.id = lt.tag_id "
		   "WHERE lt.lead_id IN ");
	qb_in(&q, ids, n);
	qb_sql(&q, " ORDER BY lt.lead_id, t.name");
	return qb_query(&q, db, out);
}

/* ---- field table ---------------------------------------------------------- */

enum fkind { F_TEXT, F_EMAIL, F_MONEY, F_PROB, F_PRIO, F_DATE, F_TYPE, F_COUNTRY, F_LANG,
	     F_USER, F_TEAM, F_STAGE, F_PARTNER };

static const struct lfield {
	const char *name, *col;
	enum fkind kind;
	size_t max;
} LF[] = {
	{"name", "name", F_TEXT, LEAD_NAME_MAX},
	{"type", "type", F_TYPE, 0},
	{"contact_name", "contact_name", F_TEXT, LEAD_TEXT_MAX},
	{"partner_name", "partner_name", F_TEXT, LEAD_TEXT_MAX},
	{"email", "email_from", F_EMAIL, 254},
	{"email_cc", "email_cc", F_TEXT, 1000},
	{"phone", "phone", F_TEXT, 64},
	{"mobile", "mobile", F_TEXT, 64},
	{"website", "website", F_TEXT, LEAD_TEXT_MAX},
	{"function", "function", F_TEXT, 128},
	{"street", "street", F_TEXT, LEAD_TEXT_MAX},
	{"street2", "street2", F_TEXT, LEAD_TEXT_MAX},
	{"zip", "zip", F_TEXT, 24},
	{"city", "city", F_TEXT, 128},
	{"state", "state", F_TEXT, 128},
	{"country_code", "country_code", F_COUNTRY, 2},
	{"lang", "lang", F_LANG, 8},
	{"description", "description", F_TEXT, LEAD_DESCRIPTION_MAX},
	{"referred", "referred", F_TEXT, LEAD_TEXT_MAX},
	{"campaign", "campaign", F_TEXT, 128},
	{"medium", "medium", F_TEXT, 128},
	{"source", "source", F_TEXT, 128},
	{"date_deadline", "date_deadline", F_DATE, 10},
	{"partner_id", "partner_id", F_PARTNER, 0},
	{"user_id", "user_id", F_USER, 0},
	{"team_id", "team_id", F_TEAM, 0},
	{"stage_id", "stage_id", F_STAGE, 0},
	{"expected_revenue", "expected_revenue", F_MONEY, 0},
	{"probability", "probability", F_PROB, 0},
	{"priority", "priority", F_PRIO, 0},
};
#define NLF (sizeof LF / sizeof LF[0])

static int field_index(const char *name)
{
	if (str_eq(name, "email_from"))
		name = "email";
	for (size_t i = 0; i < NLF; i++)
		if (str_eq(LF[i].name, name))
			return (int)i;
	return -1;
}

static int FI(const char *name)
{
	return field_index(name);
}

bool lead_field_known(const char *field)
{
	return field_index(field) >= 0;
}

static bool date_ok(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= md[m - 1] + (m == 2 && leap);
}

/* Validate and normalise one value; *out NULL = SQL NULL. */
static int check_value(struct db *db, struct arena *a, const struct access *ac,
		       const struct lfield *f, const char *raw, const char **out, struct err_info *e)
{
	char *v = raw ? str_trim(arena_strdup(a, raw)) : NULL;
	if (v && !*v)
		v = NULL;
	*out = v;
	if (v && !str_utf8_valid(v, strlen(v)))
		return err_set(e, ERR_INVALID, f->name, "BadUtf8", "'%s' is not valid text", f->name);
	if (v && f->kind != F_TEXT)
		for (const char *p = v; *p; p++)
			if ((unsigned char)*p < 0x20)
				return err_set(e, ERR_INVALID, f->name, "BadChars", "'%s' contains control characters", f->name);
	int64_t n;
	switch (f->kind) {
	case F_TEXT:
		if (str_eq(f->name, "name") && !v)
			return err_set(e, ERR_INVALID, "name", "Required", "the name is required");
		if (v && str_utf8_len(v) > f->max)
			return err_set(e, ERR_INVALID, f->name, "TooLong", "'%s' is too long (at most %zu characters)",
				       f->name, f->max);
		return 0;
	case F_EMAIL:
		if (v && (strlen(v) > 254 || !str_email_valid(v)))
			return err_set(e, ERR_INVALID, f->name, "BadEmail", "invalid e-mail address");
		return 0;
	case F_MONEY: {
		int64_t cents = 0;
		if (v && !money_parse(v, &cents))
			return err_set(e, ERR_INVALID, f->name, "BadAmount", "'%s' is not a valid amount", f->name);
		if (cents < 0)
			return err_set(e, ERR_INVALID, f->name, "OutOfRange", "'%s' cannot be negative", f->name);
		char *d = arena_alloc(a, 32);
		money_to_decimal(cents, d, 32);
		*out = d;
		return 0;
	}
	case F_PROB: {
		int64_t e2 = 0;
		if (!v)
			return err_set(e, ERR_INVALID, f->name, "Required", "the probability is required");
		if (!money_parse(v, &e2))
			return err_set(e, ERR_INVALID, f->name, "BadNumber", "the probability must be a number");
		if (e2 < 0 || e2 > 10000)
			return err_set(e, ERR_INVALID, f->name, "OutOfRange", "the probability must be between 0 and 100");
		char *d = arena_alloc(a, 32);
		money_to_decimal(e2, d, 32);
		*out = d;
		return 0;
	}
	case F_PRIO:
		if (!v) {
			*out = "0";
			return 0;
		}
		if (!str_to_i64(v, &n) || n < 0 || n > 3)
			return err_set(e, ERR_INVALID, f->name, "OutOfRange", "priority must be 0 to 3");
		return 0;
	case F_DATE:
		if (v && !date_ok(v))
			return err_set(e, ERR_INVALID, f->name, "BadDate", "'%s' must be a date (YYYY-MM-DD)", f->name);
		return 0;
	case F_TYPE:
		if (!str_eq(v, "lead") && !str_eq(v, "opportunity"))
			return err_set(e, ERR_INVALID, f->name, "BadType", "type must be lead or opportunity");
		return 0;
	case F_COUNTRY:
		if (v) {
			if (strlen(v) != 2 || !isalpha((unsigned char)v[0]) || !isalpha((unsigned char)v[1]))
				return err_set(e, ERR_INVALID, f->name, "BadCountry", "the country must be a 2-letter code");
			v[0] = (char)toupper((unsigned char)v[0]);
			v[1] = (char)toupper((unsigned char)v[1]);
		}
		return 0;
	case F_LANG:
		if (v) {
			if (strlen(v) > 8)
				return err_set(e, ERR_INVALID, f->name, "TooLong", "the language code is too long");
			for (const char *p = v; *p; p++)
				if (!isalpha((unsigned char)*p) && *p != '_' && *p != '-')
					return err_set(e, ERR_INVALID, f->name, "BadChars", "invalid language code");
		}
		return 0;
	case F_USER:
	case F_TEAM:
	case F_STAGE:
	case F_PARTNER: {
		if (!v) {
			if (f->kind == F_STAGE)
				return err_set(e, ERR_INVALID, f->name, "Required", "the stage is required");
			return 0;
		}
		if (!str_to_i64(v, &n) || n <= 0)
			return err_set(e, ERR_INVALID, f->name, "BadNumber", "'%s' must be an id", f->name);
		int64_t ok = 0, owner = 0;
		int rc = 0;
		if (f->kind == F_USER)
			rc = db_int(db, &ok, 0, "SELECT COUNT(*) FROM app_user WHERE id = ? AND active = 1", "i", n);
		else if (f->kind == F_TEAM)
			rc = db_int(db, &ok, 0, "SELECT COUNT(*) FROM team WHERE id = ?", "i", n);
		else if (f->kind == F_STAGE)
			rc = db_int(db, &ok, 0, "SELECT COUNT(*) FROM stage WHERE id = ?", "i", n);
		else {
			rc = db_int(db, &ok, 0, "SELECT COUNT(*) FROM partner WHERE id = ?", "i", n);
			if (!rc && ok)
				rc = db_int(db, &owner, 0, "SELECT COALESCE(user_id, 0) FROM partner WHERE id = ?", "i", n);
			if (ok && !access_owner_ok(ac, owner))
				ok = 0;
		}
		if (rc)
			return rc;
		if (!ok)
			return err_set(e, ERR_INVALID, f->name, "NotFound", "'%s' does not exist", f->name);
		*out = arena_printf(a, "%lld", (long long)n);
		return 0;
	}
	}
	return 0;
}

/* ---- update ---------------------------------------------------------------- */

struct upd {
	struct arena *a;
	const struct access *ac;
	int64_t author, id;
	const struct lead_update *u;
	struct err_info *e;
};

static int64_t to_i(const char *s)
{
	int64_t v = 0;
	if (s)
		str_to_i64(s, &v);
	return v;
}

static const char *name_of(struct db *db, struct arena *a, const char *table_sql, const char *id)
{
	if (!id)
		return NULL;
	struct db_rows r;
	if (db_query1(db, a, &r, table_sql, "i", to_i(id)) != 0)
		return id;
	return db_get(&r, 0, 0);
}

#define STAGE_NAME "SELECT name FROM stage WHERE id = ?"
#define USER_NAME "SELECT name FROM app_user WHERE id = ?"
#define TEAM_NAME "SELECT name FROM team WHERE id = ?"

static int update_tx(struct db *db, void *arg)
{
	struct upd *d = arg;
	struct arena *a = d->a;
	struct err_info *e = d->e;
	struct db_rows cur;
	int rc = db_query1(db, a, &cur,
			   "SELECT " LEAD_COLS " FROM crm_lead l WHERE l.id = ? FOR UPDATE", "i", d->id);
	if (rc)
		return rc;
	if (!access_owner_ok(d->ac, db_getn_i64(&cur, 0, "user_id")))
		return ERR_NOTFOUND;
	const char *old[NLF], *nv[NLF];
	bool expl[NLF];
	for (size_t i = 0; i < NLF; i++) {
		old[i] = nv[i] = db_getn(&cur, 0, LF[i].col);
		expl[i] = false;
	}
	for (size_t k = 0; k < d->u->nvals; k++) {
		int i = field_index(d->u->vals[k].field);
		if (i < 0)
			return err_set(e, ERR_INVALID, d->u->vals[k].field, "Unknown", "unknown field '%s'",
				       d->u->vals[k].field);
		if ((rc = check_value(db, a, d->ac, &LF[i], d->u->vals[k].value, &nv[i], e)) != 0)
			return rc;
		expl[i] = true;
	}
#define CHANGED(f) (!str_eq(nv[FI(f)], old[FI(f)]))
	/* Customer synchronisation (Odoo 1.2): the customer's values, except
	 * where the user typed a different value in the same change. */
	if (CHANGED("partner_id") && nv[FI("partner_id")]) {
		struct db_rows p;
		if ((rc = partner_get(db, a, to_i(nv[FI("partner_id")]), &p)) != 0)
			return rc;
		int64_t is_company = db_getn_i64(&p, 0, "is_company");
		const char *pname = db_getn(&p, 0, "name");
		const char *company = NULL;
		if (db_getn(&p, 0, "parent_id"))
			company = name_of(db, a, "SELECT name FROM partner WHERE id = ?", db_getn(&p, 0, "parent_id"));
		else if (is_company)
			company = pname;
#define SYNC(field, val)                                                                   \
	do {                                                                               \
		int fi_ = FI(field);                                                       \
		if (!expl[fi_] || str_eq(nv[fi_], old[fi_]))                               \
			nv[fi_] = (val);                                                   \
	} while (0)
		if (!is_company)
			SYNC("contact_name", pname);
		if (company)
			SYNC("partner_name", company);
		const char *keep[] = {"function", "mobile", "website"};
		for (size_t i = 0; i < 3; i++)
			if (db_getn(&p, 0, keep[i]) && *db_getn(&p, 0, keep[i]))
				SYNC(keep[i], db_getn(&p, 0, keep[i]));
		SYNC("lang", db_getn(&p, 0, "lang"));
		const char *addr[] = {"street", "street2", "zip", "city", "state", "country_code"};
		bool any = false;
		for (size_t i = 0; i < 6; i++)
			if (db_getn(&p, 0, addr[i]) && *db_getn(&p, 0, addr[i]))
				any = true;
		if (any) /* the address moves as one block, never mixed */
			for (size_t i = 0; i < 6; i++)
				SYNC(addr[i], db_getn(&p, 0, addr[i]));
		if (db_getn(&p, 0, "email") && *db_getn(&p, 0, "email"))
			SYNC("email", db_getn(&p, 0, "email"));
		if (db_getn(&p, 0, "phone") && *db_getn(&p, 0, "phone"))
			SYNC("phone", db_getn(&p, 0, "phone"));
#undef SYNC
	}
	/* Team from the salesperson (Odoo 1.3). */
	if (CHANGED("user_id") && nv[FI("user_id")] && !expl[FI("team_id")]) {
		int64_t in_team = 0;
		if (nv[FI("team_id")] &&
		    (rc = db_int(db, &in_team, 0,
				 "SELECT (SELECT COUNT(*) FROM team_member WHERE team_id = ? AND user_id = ?) + "
				 "(SELECT COUNT(*) FROM team WHERE id = ? AND leader_id = ?)",
				 "iiii", to_i(nv[FI("team_id")]), to_i(nv[FI("user_id")]), to_i(nv[FI("team_id")]),
				 to_i(nv[FI("user_id")]))) < 0)
			return rc;
		if (!in_team) {
			int64_t t = 0;
			team_default_for_user(db, to_i(nv[FI("user_id")]), &t);
			if (t)
				nv[FI("team_id")] = arena_printf(a, "%lld", (long long)t);
		}
	}
	/* The stage must belong to the team (or be global). */
	int64_t team = to_i(nv[FI("team_id")]);
	if (CHANGED("team_id") && !CHANGED("stage_id") && nv[FI("stage_id")] &&
	    !stage_valid_for_team(db, to_i(nv[FI("stage_id")]), team)) {
		int64_t s = 0;
		stage_default_for_team(db, team, &s);
		nv[FI("stage_id")] = s ? arena_printf(a, "%lld", (long long)s) : NULL;
	}
	if (CHANGED("stage_id") && nv[FI("stage_id")] && !stage_valid_for_team(db, to_i(nv[FI("stage_id")]), team))
		return err_set(e, ERR_INVALID, "stage_id", "BadStage", "this stage does not belong to the team");

	struct qb q;
	qb_init(&q, a);
	qb_sql(&q, "UPDATE crm_lead SET id = id");
	int nchanged = 0;
	for (size_t i = 0; i < NLF; i++) {
		if (str_eq(nv[i], old[i]))
			continue;
		nchanged++;
		qb_sql(&q, ", ");
		qb_sql(&q, LF[i].col);
		qb_sql(&q, " = ");
		qb_s(&q, nv[i]);
	}
	bool won_before = old[FI("stage_id")] && stage_is_won(db, to_i(old[FI("stage_id")]));
	bool won_after = nv[FI("stage_id")] && stage_is_won(db, to_i(nv[FI("stage_id")]));
	const char *prob_after = nv[FI("probability")];
	if (CHANGED("stage_id")) {
		qb_sql(&q, ", date_last_stage_update = UTC_TIMESTAMP()");
		if (won_after) {
			qb_sql(&q, ", probability = 100, automated_probability = 100");
			prob_after = "100.00";
			if (!won_before)
				qb_sql(&q, ", date_closed = UTC_TIMESTAMP()");
		} else if (!CHANGED("probability")) {
			qb_sql(&q, ", date_closed = NULL");
			if (won_before) {
				/* Leaving a won stage: back to an open probability
				 * (scoring refines it). */
				qb_sql(&q, ", automated_probability = " OPEN_PROBABILITY
					   ", probability = IF(probability_manual = 1 AND probability < 100, "
					   "probability, " OPEN_PROBABILITY ")");
				prob_after = (to_i(old[FI("probability")]) < 100 &&
					      db_getn_i64(&cur, 0, "probability_manual"))
						     ? old[FI("probability")]
						     : OPEN_PROBABILITY;
			}
		}
	}
	if (CHANGED("probability") && !(CHANGED("stage_id") && won_after)) {
		qb_sql(&q, ", probability_manual = 1");
		int64_t e2 = 0;
		money_parse(nv[FI("probability")], &e2);
		if (e2 >= 10000)
			qb_sql(&q, ", date_closed = UTC_TIMESTAMP()");
		else if (e2 > 0)
			qb_sql(&q, ", date_closed = NULL");
	}
	if (CHANGED("user_id"))
		qb_sql(&q, nv[FI("user_id")] ? ", date_open = UTC_TIMESTAMP()" : ", date_open = NULL");
	if (CHANGED("type") && str_eq(nv[FI("type")], "opportunity"))
		qb_sql(&q, ", date_conversion = COALESCE(date_conversion, UTC_TIMESTAMP())");
	if (CHANGED("email")) {
		const char *en = norm_email(a, nv[FI("email")]);
		qb_sql(&q, ", email_normalized = ");
		qb_s(&q, en);
		qb_sql(&q, ", email_domain_criterion = ");
		qb_s(&q, norm_email_domain_criterion(a, en));
	}
	if (CHANGED("phone") || CHANGED("mobile") || CHANGED("country_code")) {
		const char *cc = nv[FI("country_code")] ? nv[FI("country_code")] : "FR";
		const char *mob = nv[FI("mobile")], *ph = nv[FI("phone")];
		const char *san = norm_phone_e164(a, mob ? mob : ph, cc);
		if (!san && mob)
			san = norm_phone_e164(a, ph, cc);
		qb_sql(&q, ", phone_sanitized = ");
		qb_s(&q, san);
	}
	qb_sql(&q, " WHERE id = ");
	qb_i(&q, d->id);
	/* Predictive scoring counts stage moves before the write, with the
	 * lead's current values (Odoo 8.5). */
	if (CHANGED("stage_id") && nv[FI("stage_id")] &&
	    (rc = scoring_before_write(db, d->id, to_i(nv[FI("stage_id")]), -1)) != 0)
		return rc;
	if (nchanged) {
		int64_t r = qb_exec(&q, db);
		if (r == ERR_CONFLICT)
			return err_set(e, ERR_INVALID, "", "NotFound", "a referenced record does not exist");
		if (r < 0)
			return (int)r;
	}
	if (d->u->tags_set) {
		int64_t r = db_exec(db, "DELETE FROM lead_tag WHERE lead_id = ?", "i", d->id);
		if (r < 0)
			return (int)r;
		for (size_t i = 0; i < d->u->ntags; i++) {
			if (str_empty(d->u->tags[i]))
				continue;
			int64_t tid;
			rc = tag_ensure(db, str_trim(arena_strdup(a, d->u->tags[i])), &tid);
			if (rc == ERR_INVALID)
				return err_set(e, ERR_INVALID, "tags", "TooLong", "a tag is longer than 64 characters");
			if (rc)
				return rc;
			if ((r = db_exec(db, "INSERT IGNORE INTO lead_tag (lead_id, tag_id) VALUES (?, ?)", "ii", d->id, tid)) < 0)
				return (int)r;
		}
	}
	/* A change of a scoring variable rescores the lead (probability
	 * follows unless it was set by hand; lost leads are never touched). */
	if (CHANGED("stage_id") || CHANGED("team_id") || CHANGED("country_code") || CHANGED("state") ||
	    CHANGED("email") || CHANGED("phone") || CHANGED("mobile") || CHANGED("source") ||
	    CHANGED("lang") || d->u->tags_set) {
		if ((rc = scoring_rescore_lead(db, d->id, NULL)) != 0 && rc != ERR_NOTFOUND)
			return rc;
		int64_t pe2 = 0;
		if ((rc = db_int(db, &pe2, 0, "SELECT ROUND(probability * 100) FROM crm_lead WHERE id = ?", "i",
				 d->id)) < 0)
			return rc;
		prob_after = arena_printf(a, "%lld.%02lld", (long long)(pe2 / 100), (long long)(pe2 % 100));
	}
	/* Tracking (P9). */
	struct chatter_change ch[8];
	size_t n = 0;
	if (CHANGED("stage_id"))
		ch[n++] = (struct chatter_change){"stage", name_of(db, a, STAGE_NAME, old[FI("stage_id")]),
						  name_of(db, a, STAGE_NAME, nv[FI("stage_id")])};
	if (CHANGED("user_id"))
		ch[n++] = (struct chatter_change){"user", name_of(db, a, USER_NAME, old[FI("user_id")]),
						  name_of(db, a, USER_NAME, nv[FI("user_id")])};
	if (CHANGED("team_id"))
		ch[n++] = (struct chatter_change){"team", name_of(db, a, TEAM_NAME, old[FI("team_id")]),
						  name_of(db, a, TEAM_NAME, nv[FI("team_id")])};
	if (CHANGED("expected_revenue"))
		ch[n++] = (struct chatter_change){"expected_revenue", old[FI("expected_revenue")],
						  nv[FI("expected_revenue")]};
	if (!str_eq(prob_after, old[FI("probability")]))
		ch[n++] = (struct chatter_change){"probability", old[FI("probability")], prob_after};
	if (CHANGED("type"))
		ch[n++] = (struct chatter_change){"type", old[FI("type")], nv[FI("type")]};
	if ((rc = chatter_track(db, a, "lead", d->id, d->author, NULL, ch, n)) != 0)
		return rc;
	if (CHANGED("user_id") && nv[FI("user_id")])
		if ((rc = follower_add(db, "lead", d->id, to_i(nv[FI("user_id")]))) != 0)
			return rc;
	if (CHANGED("stage_id")) {
		const char *nm = db_getn(&cur, 0, "name");
		notify_followers(db, "lead", d->id, won_after ? "won" : "stage", nm, 0, d->author);
	}
	/* The customer follows the lead's new e-mail / phone when asked. */
	if (d->u->update_customer && nv[FI("partner_id")] && !CHANGED("partner_id") &&
	    (CHANGED("email") || CHANGED("phone")))
		if ((rc = partner_update_contact(db, a, to_i(nv[FI("partner_id")]),
						 CHANGED("email") && nv[FI("email")] ? nv[FI("email")] : NULL,
						 CHANGED("phone") && nv[FI("phone")] ? nv[FI("phone")] : NULL)) != 0)
			return rc;
#undef CHANGED
	return 0;
}

int lead_update(struct db *db, struct arena *a, const struct access *ac, int64_t author_id,
		int64_t id, const struct lead_update *u, struct err_info *e)
{
	struct upd d = {a, ac, author_id, id, u, e};
	return db_in_tx(db) ? update_tx(db, &d) : db_tx(db, update_tx, &d);
}

/* ---- won / lost / restore -------------------------------------------------- */

int lead_won_stage(struct db *db, int64_t team_id, int64_t current_stage, int64_t *stage_id)
{
	*stage_id = 0;
	int64_t seq = INT32_MIN;
	int rc;
	if (current_stage &&
	    (rc = db_int(db, &seq, INT32_MIN, "SELECT sequence FROM stage WHERE id = ?", "i", current_stage)) < 0)
		return rc;
	rc = db_int(db, stage_id, 0,
		    "SELECT id FROM stage WHERE is_won = 1 AND (team_id IS NULL OR team_id = ?) "
		    "AND sequence > ? ORDER BY sequence, id LIMIT 1",
		    "ii", team_id, seq);
	if (!rc && !*stage_id)
		rc = db_int(db, stage_id, 0,
			    "SELECT id FROM stage WHERE is_won = 1 AND (team_id IS NULL OR team_id = ?) "
			    "AND sequence <= ? ORDER BY sequence DESC, id DESC LIMIT 1",
			    "ii", team_id, seq);
	if (!rc && !*stage_id)
		rc = db_int(db, stage_id, 0,
			    "SELECT id FROM stage WHERE is_won = 1 AND (team_id IS NULL OR team_id = ?) "
			    "ORDER BY sequence, id LIMIT 1",
			    "i", team_id);
	return rc;
}

struct wl {
	struct arena *a;
	const struct access *ac;
	int64_t author, id, reason;
	const char *note, *subject;
	struct err_info *e;
	int what; /* 0 won, 1 lost, 2 restore */
};

static int post_event(struct db *db, struct wl *d, const char *body, const struct chatter_change *ch,
		      size_t n, const char *event, const char *name)
{
	struct chatter_msg m = {0};
	m.res_model = "lead";
	m.res_id = d->id;
	m.kind = "tracking";
	m.author_id = d->author;
	m.subject = d->subject;
	m.body = body;
	m.tracking = chatter_tracking_json(d->a, ch, n);
	int64_t mid = 0;
	int rc = chatter_post(db, &m, &mid);
	if (rc)
		return rc;
	notify_followers(db, "lead", d->id, event, name, mid, d->author);
	return 0;
}

static int wl_tx(struct db *db, void *arg)
{
	struct wl *d = arg;
	struct db_rows cur;
	int rc = lead_get(db, d->a, d->ac, d->id, &cur);
	if (rc)
		return rc;
	int64_t r = db_exec(db, "SELECT id FROM crm_lead WHERE id = ? FOR UPDATE", "i", d->id);
	if (r < 0)
		return (int)r;
	const char *name = db_getn(&cur, 0, "name");
	const char *oldp = db_getn(&cur, 0, "probability");
	bool active = db_getn_i64(&cur, 0, "active") != 0;
	struct chatter_change ch[4];
	size_t n = 0;
	if (d->what == 0) {
		int64_t st = 0;
		rc = lead_won_stage(db, db_getn_i64(&cur, 0, "team_id"), db_getn_i64(&cur, 0, "stage_id"), &st);
		if (rc < 0)
			return rc;
		if (!st)
			return err_set(d->e, ERR_INVALID, "stage_id", "NoWonStage", "no won stage is configured");
		bool moved = st != db_getn_i64(&cur, 0, "stage_id");
		if ((rc = scoring_before_write(db, d->id, moved ? st : 0, active ? -1 : 1)) != 0)
			return rc;
		r = db_exec(db,
			    "UPDATE crm_lead SET stage_id = ?, probability = 100, automated_probability = 100, "
			    "active = 1, lost_reason_id = NULL, "
			    "date_closed = IF(? = 1 AND date_closed IS NOT NULL, date_closed, UTC_TIMESTAMP()), "
			    "date_last_stage_update = IF(? = 1, UTC_TIMESTAMP(), date_last_stage_update) WHERE id = ?",
			    "iiii", st, (int64_t)(!moved && active), (int64_t)moved, d->id);
		if (r < 0)
			return (int)r;
		if (moved)
			ch[n++] = (struct chatter_change){"stage", db_getn(&cur, 0, "stage_name"),
							  name_of(db, d->a, STAGE_NAME, arena_printf(d->a, "%lld", (long long)st))};
		if (!str_eq(oldp, "100.00"))
			ch[n++] = (struct chatter_change){"probability", oldp, "100.00"};
		if (!active)
			ch[n++] = (struct chatter_change){"lost_reason", db_getn(&cur, 0, "lost_reason_name"), NULL};
		return post_event(db, d, NULL, ch, n, "won", name);
	}
	if (d->what == 1) {
		if (d->note && str_utf8_len(d->note) > LEAD_DESCRIPTION_MAX)
			return err_set(d->e, ERR_INVALID, "note", "TooLong", "the closing note is too long");
		const char *reason_name = NULL;
		if (d->reason) {
			struct db_rows rr;
			rc = db_query1(db, d->a, &rr, "SELECT name FROM lost_reason WHERE id = ? AND active = 1", "i", d->reason);
			if (rc == ERR_NOTFOUND)
				return err_set(d->e, ERR_INVALID, "lost_reason_id", "NotFound", "unknown lost reason");
			if (rc)
				return rc;
			reason_name = db_get(&rr, 0, 0);
		} else {
			int64_t req = settings_bool(db, "require_lost_reason", false) ? 1 : 0;
			if (!req && db_getn_i64(&cur, 0, "stage_id") &&
			    (rc = db_int(db, &req, 0, "SELECT require_lost_reason FROM stage WHERE id = ?", "i",
					 db_getn_i64(&cur, 0, "stage_id"))) < 0)
				return rc;
			if (req)
				return err_set(d->e, ERR_INVALID, "lost_reason_id", "Required", "a lost reason is required");
		}
		if ((rc = scoring_before_write(db, d->id, 0, 0)) != 0)
			return rc;
		r = db_exec(db,
			    "UPDATE crm_lead SET active = 0, probability = 0, automated_probability = 0, "
			    "lost_reason_id = NULLIF(?, 0), date_closed = UTC_TIMESTAMP() WHERE id = ?",
			    "ii", d->reason, d->id);
		if (r < 0)
			return (int)r;
		if (!str_eq(oldp, "0.00"))
			ch[n++] = (struct chatter_change){"probability", oldp, "0.00"};
		ch[n++] = (struct chatter_change){"lost_reason", db_getn(&cur, 0, "lost_reason_name"), reason_name};
		return post_event(db, d, d->note && *d->note ? d->note : NULL, ch, n, "lost", name);
	}
	/* Restore. */
	if (active)
		return err_set(d->e, ERR_CONFLICT, "", "NotLost", "this record is not lost or archived");
	bool won = db_getn_i64(&cur, 0, "stage_is_won") != 0;
	const char *np = won ? "100.00" : OPEN_PROBABILITY;
	if ((rc = scoring_on_restore(db, d->id)) != 0)
		return rc;
	r = db_exec(db,
		    "UPDATE crm_lead SET active = 1, lost_reason_id = NULL, probability = ?, "
		    "automated_probability = ?, probability_manual = 0 WHERE id = ?",
		    "ssi", np, np, d->id);
	if (r < 0)
		return (int)r;
	/* Restore re-scores (Odoo 1.5). */
	int64_t pe2 = -1;
	if ((rc = scoring_rescore_lead(db, d->id, &pe2)) != 0)
		return rc;
	if (pe2 >= 0)
		np = arena_printf(d->a, "%lld.%02lld", (long long)(pe2 / 100), (long long)(pe2 % 100));
	if (!str_eq(oldp, np))
		ch[n++] = (struct chatter_change){"probability", oldp, np};
	if (db_getn(&cur, 0, "lost_reason_name"))
		ch[n++] = (struct chatter_change){"lost_reason", db_getn(&cur, 0, "lost_reason_name"), NULL};
	return post_event(db, d, NULL, ch, n, "restored", name);
}

static int run_wl(struct db *db, struct wl *d)
{
	return db_in_tx(db) ? wl_tx(db, d) : db_tx(db, wl_tx, d);
}

int lead_won(struct db *db, struct arena *a, const struct access *ac, int64_t author_id,
	     int64_t id, const char *subject, struct err_info *e)
{
	struct wl d = {a, ac, author_id, id, 0, NULL, subject, e, 0};
	return run_wl(db, &d);
}

int lead_lost(struct db *db, struct arena *a, const struct access *ac, int64_t author_id,
	      int64_t id, int64_t lost_reason_id, const char *note, const char *subject,
	      struct err_info *e)
{
	struct wl d = {a, ac, author_id, id, lost_reason_id, note, subject, e, 1};
	return run_wl(db, &d);
}

int lead_restore(struct db *db, struct arena *a, const struct access *ac, int64_t author_id,
		 int64_t id, const char *subject, struct err_info *e)
{
	struct wl d = {a, ac, author_id, id, 0, NULL, subject, e, 2};
	return run_wl(db, &d);
}

/* ---- creation follow-up, notes, activities ---------------------------------- */

int lead_after_create(struct db *db, struct arena *a, int64_t author_id, int64_t id)
{
	struct db_rows r;
	int rc = db_query1(db, a, &r,
			   "SELECT l.type, l.user_id, s.name AS stage_name, u.name AS user_name, t.name AS team_name "
			   "FROM crm_lead l LEFT JOIN stage s ON s.id = l.stage_id "
			   "LEFT JOIN app_user u ON u.id = l.user_id LEFT JOIN team t ON t.id = l.team_id WHERE l.id = ?",
			   "i", id);
	if (rc)
		return rc;
	struct chatter_change ch[4];
	size_t n = 0;
	ch[n++] = (struct chatter_change){"type", NULL, db_getn(&r, 0, "type")};
	if (db_getn(&r, 0, "stage_name"))
		ch[n++] = (struct chatter_change){"stage", NULL, db_getn(&r, 0, "stage_name")};
	if (db_getn(&r, 0, "team_name"))
		ch[n++] = (struct chatter_change){"team", NULL, db_getn(&r, 0, "team_name")};
	if (db_getn(&r, 0, "user_name"))
		ch[n++] = (struct chatter_change){"user", NULL, db_getn(&r, 0, "user_name")};
	if ((rc = chatter_track(db, a, "lead", id, author_id, NULL, ch, n)) != 0)
		return rc;
	if (db_getn_i64(&r, 0, "user_id"))
		return follower_add(db, "lead", id, db_getn_i64(&r, 0, "user_id"));
	return 0;
}

int lead_post_note(struct db *db, struct arena *a, const struct access *ac, int64_t author_id,
		   int64_t id, const char *body, int64_t *msg_id, struct err_info *e)
{
	struct db_rows cur;
	int rc = lead_get(db, a, ac, id, &cur);
	if (rc)
		return rc;
	if (str_empty(body))
		return err_set(e, ERR_INVALID, "body", "Required", "the note is empty");
	if (str_utf8_len(body) > 20000)
		return err_set(e, ERR_INVALID, "body", "TooLong", "the note is too long (at most 20000 characters)");
	struct chatter_msg m = {0};
	m.res_model = "lead";
	m.res_id = id;
	m.kind = "note";
	m.author_id = author_id;
	m.body = body;
	int64_t mid;
	if ((rc = chatter_post(db, &m, &mid)) != 0)
		return rc;
	rc = mention_notify(db, a, body, "lead", id, author_id, mid, db_getn(&cur, 0, "name"));
	if (rc < 0)
		return rc;
	if (msg_id)
		*msg_id = mid;
	return 0;
}

int lead_refresh_activity(struct db *db, int64_t id)
{
	int64_t r = db_exec(db,
			    "UPDATE crm_lead l LEFT JOIN (SELECT res_id, date_deadline, user_id FROM activity "
			    "WHERE res_model = 'lead' AND res_id = ? ORDER BY date_deadline, id LIMIT 1) x "
			    "ON x.res_id = l.id SET l.activity_deadline = x.date_deadline, "
			    "l.activity_user_id = x.user_id WHERE l.id = ?",
			    "ii", id, id);
	return r < 0 ? (int)r : 0;
}

int lead_stage_won_changed(struct db *db, int64_t stage_id, bool won)
{
	int64_t r;
	if (won)
		r = db_exec(db,
			    "UPDATE crm_lead SET probability = 100, automated_probability = 100, "
			    "date_closed = COALESCE(date_closed, UTC_TIMESTAMP()) WHERE stage_id = ? AND active = 1",
			    "i", stage_id);
	else
		r = db_exec(db,
			    "UPDATE crm_lead SET automated_probability = " OPEN_PROBABILITY ", "
			    "probability = IF(probability_manual = 1 AND probability < 100, probability, " OPEN_PROBABILITY "), "
			    "date_closed = NULL WHERE stage_id = ? AND active = 1",
			    "i", stage_id);
	return r < 0 ? (int)r : 0;
}
