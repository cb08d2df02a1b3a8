/* kanban.c - the pipeline (P3): /crm/pipeline?team=ID. Columns are the
 * global stages plus the team's; each column's header (count, expected
 * revenue, activity-state bar) comes from one grouped query for all columns,
 * and each column renders its first cards (one statement for all columns);
 * /crm/pipeline/cards loads more on demand. Stage changes are POSTed to
 * /crm/leads/:id/stage (drag and drop, or the selector on each card). */
#include "pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/str.h"
#include "crm/activity.h"
#include "crm/follower.h"
#include "crm/lead.h"
#include "crm/refcache.h"
#include "crm/stage.h"
#include "crm/team.h"
#include "db/db.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

#define PER_COLUMN 20

/* Per-thread cache of column headers. A team's aggregates are reused while
 * its lead revision (lead_rev, bumped by triggers on every write of a lead),
 * the viewer's scope, and "today" of every time zone are unchanged, for at
 * most KCACHE_TTL seconds: a page view then costs one primary-key lookup
 * instead of a pass over the team's records. */
#define KCACHE_SLOTS 8
#define KCACHE_STAGES 48
#define KCACHE_TTL 60

struct kstat {
	int64_t stage, n, overdue, today, planned;
	char revenue[32];
};

struct kcache_entry {
	int64_t team, viewer, rev;
	int mine;
	char today_key[48];
	time_t at;
	size_t n;
	struct kstat s[KCACHE_STAGES];
};

struct pl_thread {
	struct kcache_entry k[KCACHE_SLOTS];
	size_t next;
};

int pipeline_thread_init(struct ctx *c)
{
	c->app = calloc(1, sizeof(struct pl_thread));
	return c->app ? 0 : -1;
}

void pipeline_thread_fini(struct ctx *c)
{
	free(c->app);
	c->app = NULL;
}

struct kb {
	int64_t team;
	bool mine;
	struct lead_query lq;
	struct access ac;
};

static int kb_init(struct ctx *c, struct kb *k)
{
	memset(k, 0, sizeof *k);
	int rc = req_int(c, "team", &k->team, 0, INT64_MAX, false, NULL, &c->err);
	if (rc)
		return rc;
	if (!k->team && (rc = refcache_team_for_user(c->ref, c->db, c->a, c->user->id, true, &k->team)) != 0)
		return rc;
	const char *mine = req_get(c, "mine");
	k->mine = !mine || !str_eq(mine, "0");
	k->ac = pl_access(c);
	k->lq.type = "opportunity";
	k->lq.team_id = k->team;
	k->lq.viewer_id = c->user->id;
	k->lq.filters = k->mine ? LF_MINE : 0;
	k->lq.today = pl_today(c);
	if (!k->lq.today)
		return ERR_UNAVAILABLE;
	return 0;
}

/* Percent classes (w0..w100 by 5) for the activity bar: no inline styles
 * under the CSP. */
static int pct5(int64_t part, int64_t whole)
{
	if (whole <= 0 || part <= 0)
		return 0;
	int p = (int)((part * 100 + whole / 2) / whole);
	p = (p + 2) / 5 * 5;
	return p < 5 ? 5 : p > 100 ? 100 : p;
}

static void set_cards(struct ctx *c, const char *prefix, const struct db_rows *r, size_t from,
		      size_t to, const struct db_rows *tags)
{
	struct view *v = c->view;
	size_t k = 0;
	for (size_t i = from; i < to; i++, k++) {
		const char *const cols[] = {"id", "name", "customer_name", "priority", "user_name", "user_id", "stage_id"};
		for (size_t j = 0; j < sizeof cols / sizeof cols[0]; j++)
			view_setk(v, db_getn(r, i, cols[j]), "%s.%zu.%s", prefix, k, cols[j]);
		view_setk(v, pl_money(c, db_getn(r, i, "expected_revenue")), "%s.%zu.revenue_fmt", prefix, k);
		view_setk(v, pl_state(db_getn(r, i, "activity_deadline"), db_getn(r, i, "activity_tz")),
			  "%s.%zu.activity_state", prefix, k);
		int64_t id = db_getn_i64(r, i, "id");
		size_t t = 0;
		for (size_t j = 0; tags && j < tags->nrows; j++)
			if (db_get_i64(tags, j, 0) == id) {
				view_setk(v, db_get(tags, j, 2), "%s.%zu.tags.%zu.name", prefix, k, t);
				view_setk(v, db_get(tags, j, 3), "%s.%zu.tags.%zu.color", prefix, k, t);
				t++;
			}
	}
}

static const char *more_url(struct ctx *c, const struct kb *k, int64_t stage, const struct db_rows *r,
			    size_t last, const char *activity)
{
	return arena_printf(c->a, "/crm/pipeline/cards?team=%lld&stage=%lld&mine=%d&after_priority=%s&after=%s%s%s",
			    (long long)k->team, (long long)stage, k->mine ? 1 : 0,
			    db_getn(r, last, "priority"), db_getn(r, last, "id"),
			    activity ? "&activity=" : "", activity ? activity : "");
}

static int64_t *row_ids(struct ctx *c, const struct db_rows *r)
{
	int64_t *ids = arena_alloc(c->a, (r->nrows + 1) * sizeof *ids);
	for (size_t i = 0; i < r->nrows; i++)
		ids[i] = db_getn_i64(r, i, "id");
	return ids;
}

static void today_key(const struct activity_today *t, char out[48])
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < t->nminus; i++)
		h = (h ^ (uint64_t)t->minus[i]) * 1099511628211ULL;
	for (size_t i = 0; i < t->nplus; i++)
		h = (h ^ ((uint64_t)t->plus[i] << 1)) * 1099511628211ULL;
	snprintf(out, 48, "%s/%zu/%zu/%llx", t->d, t->nminus, t->nplus, (unsigned long long)h);
}

/* Column headers of the team: from the thread's cache when still valid. */
static int kanban_stats(struct ctx *c, const struct kb *k, struct kstat **out, size_t *n)
{
	struct pl_thread *pt = c->app;
	int64_t viewer = (k->mine || !k->ac.all) ? c->user->id : 0;
	char key[48];
	today_key(k->lq.today, key);
	int64_t rev = pt ? lead_rev(c->db, k->team) : -1;
	time_t now = time(NULL);
	if (pt && rev >= 0)
		for (size_t i = 0; i < KCACHE_SLOTS; i++) {
			struct kcache_entry *e = &pt->k[i];
			if (e->at && e->team == k->team && e->viewer == viewer && e->mine == k->mine &&
			    e->rev == rev && now - e->at < KCACHE_TTL && strcmp(e->today_key, key) == 0) {
				*out = e->s;
				*n = e->n;
				return 0;
			}
		}
	struct db_rows r;
	int rc = lead_kanban_stats(c->db, c->a, &k->ac, &k->lq, &r);
	if (rc)
		return rc;
	struct kstat *s = arena_alloc(c->a, (r.nrows + 1) * sizeof *s);
	for (size_t i = 0; i < r.nrows; i++) {
		s[i].stage = db_getn_i64(&r, i, "stage_id");
		s[i].n = db_getn_i64(&r, i, "n");
		s[i].overdue = db_getn_i64(&r, i, "overdue");
		s[i].today = db_getn_i64(&r, i, "today");
		s[i].planned = db_getn_i64(&r, i, "planned");
		snprintf(s[i].revenue, sizeof s[i].revenue, "%s", db_getn(&r, i, "revenue") ? db_getn(&r, i, "revenue") : "0");
	}
	*out = s;
	*n = r.nrows;
	if (pt && rev >= 0 && r.nrows <= KCACHE_STAGES) {
		struct kcache_entry *e = &pt->k[pt->next++ % KCACHE_SLOTS];
		e->team = k->team;
		e->viewer = viewer;
		e->mine = k->mine;
		e->rev = rev;
		e->at = now;
		memcpy(e->today_key, key, sizeof e->today_key);
		e->n = r.nrows;
		memcpy(e->s, s, r.nrows * sizeof *s);
	}
	return 0;
}

static int kanban_render(struct ctx *c, int status)
{
	struct view *v = c->view;
	struct kb k;
	int rc = kb_init(c, &k);
	if (rc)
		return rc;
	const char *act = req_get(c, "activity");
	int64_t act_col = 0;
	if (act && *act) {
		if (!str_eq(act, "overdue") && !str_eq(act, "today") && !str_eq(act, "planned") && !str_eq(act, "none"))
			return pl_fail(c, ERR_INVALID, "activity", "Unknown", "activity must be overdue, today, planned or none");
		if ((rc = req_int(c, "col", &act_col, 0, INT64_MAX, false, NULL, &c->err)) != 0)
			return rc;
	} else {
		act = NULL;
	}
	page_nav(c, "pipeline", "Nav.Pipeline");
	view_set_int(v, "Kanban.Team", k.team);
	view_set(v, "Kanban.Mine", k.mine ? "1" : "0");
	if (follower_is(c->db, "team", k.team, c->user->id))
		view_set(v, "Kanban.Following", "1");
	struct db_rows stages, cards;
	if ((rc = refcache_stages_for_team(c->ref, c->db, c->a, k.team, &stages)) != 0)
		return rc;
	struct kstat *stats;
	size_t nstats;
	if ((rc = kanban_stats(c, &k, &stats, &nstats)) != 0)
		return rc;
	int64_t *open = arena_alloc(c->a, (stages.nrows + 1) * sizeof *open);
	size_t nopen = 0;
	for (size_t i = 0; i < stages.nrows; i++)
		if (!db_getn_i64(&stages, i, "folded") && db_getn_i64(&stages, i, "id") != act_col)
			open[nopen++] = db_getn_i64(&stages, i, "id");
	if ((rc = lead_kanban_cards(c->db, c->a, &k.ac, &k.lq, open, nopen, PER_COLUMN + 1, &cards)) != 0)
		return rc;
	struct db_rows fcards = {0};
	if (act_col) {
		struct lead_query fq = k.lq;
		fq.activity = act;
		if ((rc = lead_kanban_cards(c->db, c->a, &k.ac, &fq, &act_col, 1, PER_COLUMN + 1, &fcards)) != 0)
			return rc;
		view_set(v, "Kanban.Activity", act);
		view_set_int(v, "Kanban.ActivityCol", act_col);
	}
	struct db_rows tags = {0}, ftags = {0};
	if ((rc = lead_tags_for(c->db, c->a, row_ids(c, &cards), cards.nrows, &tags)) != 0)
		return rc;
	if (fcards.nrows && (rc = lead_tags_for(c->db, c->a, row_ids(c, &fcards), fcards.nrows, &ftags)) != 0)
		return rc;
	for (size_t i = 0; i < stages.nrows; i++) {
		int64_t sid = db_getn_i64(&stages, i, "id");
		const char *const cols[] = {"id", "name", "folded", "is_won", "requirements"};
		for (size_t j = 0; j < 5; j++)
			view_setk(v, db_getn(&stages, i, cols[j]), "Kanban.Columns.%zu.%s", i, cols[j]);
		int64_t n = 0, ov = 0, td = 0, pl = 0;
		const char *rev = "0";
		for (size_t j = 0; j < nstats; j++)
			if (stats[j].stage == sid) {
				n = stats[j].n;
				rev = stats[j].revenue;
				ov = stats[j].overdue;
				td = stats[j].today;
				pl = stats[j].planned;
			}
		int64_t none = n - ov - td - pl;
		view_setk_int(v, n, "Kanban.Columns.%zu.count", i);
		view_setk(v, pl_money(c, rev), "Kanban.Columns.%zu.revenue_fmt", i);
		const struct {
			const char *name;
			int64_t n;
		} seg[] = {{"overdue", ov}, {"today", td}, {"planned", pl}, {"none", none}};
		for (size_t s = 0; s < 4; s++) {
			view_setk(v, seg[s].name, "Kanban.Columns.%zu.Bar.%zu.state", i, s);
			view_setk_int(v, seg[s].n, "Kanban.Columns.%zu.Bar.%zu.n", i, s);
			view_setk_int(v, pct5(seg[s].n, n), "Kanban.Columns.%zu.Bar.%zu.pct", i, s);
		}
		const struct db_rows *src = sid == act_col ? &fcards : &cards;
		const struct db_rows *stags = sid == act_col ? &ftags : &tags;
		size_t from = src->nrows, to = src->nrows;
		for (size_t j = 0; j < src->nrows; j++)
			if (db_getn_i64(src, j, "stage_id") == sid) {
				if (from == src->nrows)
					from = j;
				to = j + 1;
			}
		if (from == src->nrows)
			from = to = 0;
		bool more = to - from > PER_COLUMN;
		if (more)
			to--;
		char prefix[64];
		snprintf(prefix, sizeof prefix, "Kanban.Columns.%zu.Cards", i);
		set_cards(c, prefix, src, from, to, stags);
		if (more)
			view_setk(v, more_url(c, &k, sid, src, to - 1, sid == act_col ? act : NULL),
				  "Kanban.Columns.%zu.more_url", i);
	}
	pl_opt_teams(c);
	view_set_rows(v, "Opt.Stages", &stages);
	view_set(v, "Page.Js.0", "/static/vendor/Sortable.min.js");
	view_set(v, "Page.Js.1", "/static/js/kanban.js");
	view_set(v, "Kanban.Next", arena_printf(c->a, "/crm/pipeline?team=%lld&mine=%d", (long long)k.team, k.mine ? 1 : 0));
	return pl_page(c, status, "pipeline/kanban.cs");
}

int kanban_get(struct ctx *c)
{
	return kanban_render(c, 200);
}

int kanban_cards_get(struct ctx *c)
{
	struct kb k;
	int rc = kb_init(c, &k);
	if (rc)
		return rc;
	int64_t stage = 0, after = 0, prio = 0;
	if ((rc = req_int(c, "stage", &stage, 1, INT64_MAX, true, NULL, &c->err)) != 0 ||
	    (rc = req_int(c, "after", &after, 1, INT64_MAX, true, NULL, &c->err)) != 0 ||
	    (rc = req_int(c, "after_priority", &prio, 0, 3, true, NULL, &c->err)) != 0)
		return rc;
	const char *act = req_get(c, "activity");
	if (act && *act) {
		if (!str_eq(act, "overdue") && !str_eq(act, "today") && !str_eq(act, "planned") && !str_eq(act, "none"))
			return pl_fail(c, ERR_INVALID, "activity", "Unknown", "unknown activity state");
		k.lq.activity = act;
	} else {
		act = NULL;
	}
	k.lq.kanban_cursor = true;
	k.lq.after_id = after;
	k.lq.after_priority = prio;
	struct db_rows cards, tags = {0};
	if ((rc = lead_kanban_cards(c->db, c->a, &k.ac, &k.lq, &stage, 1, PER_COLUMN + 1, &cards)) != 0)
		return rc;
	if ((rc = lead_tags_for(c->db, c->a, row_ids(c, &cards), cards.nrows, &tags)) != 0)
		return rc;
	size_t to = cards.nrows > PER_COLUMN ? PER_COLUMN : cards.nrows;
	set_cards(c, "Cards", &cards, 0, to, &tags);
	if (cards.nrows > PER_COLUMN)
		view_set(c->view, "More", more_url(c, &k, stage, &cards, to - 1, act));
	struct db_rows stages;
	if ((rc = refcache_stages_for_team(c->ref, c->db, c->a, k.team, &stages)) != 0)
		return rc;
	view_set_rows(c->view, "Opt.Stages", &stages);
	view_set_int(c->view, "Kanban.Team", k.team);
	view_set(c->view, "Kanban.Next", arena_printf(c->a, "/crm/pipeline?team=%lld&mine=%d", (long long)k.team, k.mine ? 1 : 0));
	if (req_bool(c, "fragment"))
		view_set(c->view, "Fragment", "1");
	return pl_page(c, 200, "pipeline/kanban_more.cs");
}

int kanban_quick_post(struct ctx *c)
{
	int64_t id = 0;
	int rc = lead_create_from_request(c, "opportunity", &id);
	if (rc == ERR_INVALID) {
		/* The board again, the quick-create form open with what was typed
		 * and the message next to the field. */
		struct err_info e = c->err;
		err_clear(&c->err);
		view_set_error(c->view, &e);
		view_set(c->view, "Quick.Open", "1");
		static const char *const kept[] = {"name", "partner_name", "email", "expected_revenue"};
		for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
			view_setk(c->view, req_get(c, kept[i]), "Quick.%s", kept[i]);
		int r2 = kanban_render(c, 422);
		if (r2 == 0)
			return 0;
		c->err = e;
		return rc;
	}
	if (rc)
		return rc;
	return http_redirect(c, page_safe_next(req_get(c, "next"), "/crm/pipeline"));
}
