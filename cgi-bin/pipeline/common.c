/* common.c - what every pipeline page shares: access rules of the user,
 * the layout's data (leads menu switch), money and dates for people, and
 * the option lists of forms (users, teams, stages, tags, reasons, types).
 * Reference data comes from the thread's cache (crm/refcache.h): a page
 * view reads none of it from the database while it is unchanged. */
#include "pipeline.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/fmt.h"
#include "core/money.h"
#include "core/str.h"
#include "crm/activity.h"
#include "crm/lost_reason.h"
#include "crm/refcache.h"
#include "crm/settings.h"
#include "crm/stage.h"
#include "crm/tag.h"
#include "crm/team.h"
#include "crm/user.h"
#include "db/db.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

struct access pl_access(struct ctx *c)
{
	return access_for(c->user);
}

bool pl_leads_enabled(struct ctx *c)
{
	return refcache_setting_bool(c->ref, c->db, c->a, "leads_enabled", true);
}

int pl_page(struct ctx *c, int status, const char *tmpl)
{
	if (c->user && c->db && db_connected(c->db) && !pl_leads_enabled(c))
		view_set(c->view, "Nav.NoLeads", "1");
	return http_page(c, status, tmpl);
}

const char *pl_money(struct ctx *c, const char *decimal)
{
	int64_t cents = 0;
	if (!decimal || !money_parse(decimal, &cents))
		cents = 0;
	char *out = arena_alloc(c->a, 48);
	money_format(cents, c->lang, out, 48);
	return out;
}

const char *pl_date(struct ctx *c, const char *iso)
{
	if (!iso || !*iso)
		return NULL;
	char *out = arena_alloc(c->a, 48);
	fmt_date(c->lang, iso, out, 48);
	return out;
}

const char *pl_datetime(struct ctx *c, const char *utc)
{
	if (!utc || !*utc)
		return NULL;
	char *out = arena_alloc(c->a, 64);
	fmt_datetime(c->lang, c->user && c->user->tz ? c->user->tz : "Europe/Paris", utc, out, 64);
	return out;
}

const struct activity_today *pl_today(struct ctx *c)
{
	struct activity_today *t = arena_alloc(c->a, sizeof *t);
	struct db_rows users;
	if (refcache_users(c->ref, c->db, c->a, &users) != 0)
		return NULL;
	activity_today_from(&users, c->a, (int64_t)time(NULL), t);
	return t;
}

const char *pl_state(const char *deadline, const char *tz)
{
	return activity_state_name(activity_state_at(deadline, tz, (int64_t)time(NULL)));
}

int pl_fail(struct ctx *c, int code, const char *field, const char *key, const char *msg)
{
	err_set(&c->err, code, field, key, "%s", msg);
	return code;
}

void pl_opt_users(struct ctx *c)
{
	struct db_rows r;
	if (refcache_users(c->ref, c->db, c->a, &r) != 0)
		return;
	size_t k = 0;
	for (size_t i = 0; i < r.nrows; i++) {
		if (!db_getn_i64(&r, i, "active"))
			continue;
		view_setk(c->view, db_getn(&r, i, "id"), "Opt.Users.%zu.id", k);
		view_setk(c->view, db_getn(&r, i, "name"), "Opt.Users.%zu.name", k);
		view_setk(c->view, db_getn(&r, i, "login"), "Opt.Users.%zu.login", k);
		k++;
	}
}

void pl_opt_teams(struct ctx *c)
{
	struct db_rows r;
	if (refcache_teams(c->ref, c->db, c->a, &r) == 0)
		view_set_rows(c->view, "Opt.Teams", &r);
}

void pl_opt_stages(struct ctx *c, int64_t team_id)
{
	struct db_rows r;
	if (refcache_stages_for_team(c->ref, c->db, c->a, team_id, &r) == 0)
		view_set_rows(c->view, "Opt.Stages", &r);
}

void pl_opt_tags(struct ctx *c)
{
	struct db_rows r;
	if (refcache_tags(c->ref, c->db, c->a, &r) == 0)
		view_set_rows(c->view, "Opt.Tags", &r);
}

void pl_opt_reasons(struct ctx *c)
{
	struct db_rows r;
	if (refcache_lost_reasons(c->ref, c->db, c->a, &r) == 0)
		view_set_rows(c->view, "Opt.Reasons", &r);
}

void pl_opt_types(struct ctx *c)
{
	struct db_rows r;
	if (refcache_activity_types(c->ref, c->db, c->a, false, &r) == 0)
		view_set_rows(c->view, "Opt.Types", &r);
}

int pl_tags_input(struct ctx *c, const char *name, const char ***out, size_t *count)
{
	const char **vals;
	size_t n;
	/* A text field "a, b, c" or repeated fields / a JSON array (of names). */
	int rc = req_list(c, name, &vals, &n, &c->err);
	*out = NULL;
	*count = 0;
	if (rc)
		return rc;
	const char **res = arena_alloc(c->a, (n + 64) * sizeof *res);
	size_t k = 0;
	for (size_t i = 0; i < n && k < 64; i++) {
		char *s = arena_strdup(c->a, vals[i]);
		char *save = NULL;
		for (char *t = strtok_r(s, ",", &save); t && k < 64; t = strtok_r(NULL, ",", &save)) {
			t = str_trim(t);
			if (*t)
				res[k++] = t;
		}
	}
	*out = res;
	*count = k;
	return 0;
}

size_t pl_ids(struct ctx *c, const char *name, int64_t **out)
{
	const char **vals;
	size_t n;
	/* A wrong JSON type gives no ids; the callers' "select at least one"
	 * error then keeps this first, more precise, one. */
	if (req_list(c, name, &vals, &n, &c->err) != 0)
		n = 0;
	int64_t *ids = arena_alloc(c->a, (n + 1) * sizeof *ids);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t v;
		if (str_to_i64(vals[i], &v) && v > 0)
			ids[k++] = v;
	}
	*out = ids;
	return k;
}

const char *pl_iso(struct ctx *c, const char *dt)
{
	if (!dt)
		return NULL;
	if (strlen(dt) == 19 && dt[10] == ' ')
		return arena_printf(c->a, "%.10sT%sZ", dt, dt + 11);
	return dt;
}
