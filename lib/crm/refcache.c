/* refcache.c - see refcache.h for the contract. Chosen design: snapshots of
 * whole tables per domain (they are small: tens to hundreds of rows), kept as
 * db_rows in an arena per snapshot, shared by the threads of a process and
 * filtered per call into the caller's arena; revisions from cache_rev,
 * maintained by triggers (schema/0090, impossible to forget in a writer),
 * read in the session or API-key statement. */
#include "crm/refcache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "db/db.h"

enum dom { D_USERS, D_TEAMS, D_STAGES, D_TAGS, D_ATYPES, D_REASONS, D_SETTINGS, D_TAXES, D_N };

static const char *const dom_name[D_N] = {"users", "teams", "stages", "tags",
					 "activity_types", "lost_reasons", "settings", "taxes"};

/* The statements that load each domain (teams: a second one, its members). */
static const char *const dom_sql[D_N] = {
	"SELECT id, login, name, email, role, active, lang, tz FROM app_user ORDER BY name, id",
	"SELECT id, name, alias, leader_id, use_leads, use_opportunities, active, sequence "
	"FROM team ORDER BY sequence, id",
	"SELECT id, name, sequence, is_won, folded, requirements, team_id FROM stage "
	"ORDER BY sequence, name, id",
	"SELECT id, name, color FROM tag ORDER BY name",
	"SELECT t.id, t.name, t.code, t.summary, t.default_note, t.sequence, t.delay_count, "
	"t.delay_unit, t.delay_from, t.chaining_type, t.next_type_id, n.name AS next_type_name, "
	"t.active FROM activity_type t LEFT JOIN activity_type n ON n.id = t.next_type_id "
	"ORDER BY t.sequence, t.id",
	"SELECT id, name, active FROM lost_reason ORDER BY name, id",
	"SELECT k, v FROM setting WHERE k <> 'secret'",
	"SELECT id, name, description, rate, price_include, active FROM tax "
	"ORDER BY active DESC, name, id",
};

static const char *const members_sql =
	"SELECT tm.user_id, tm.team_id FROM team_member tm JOIN team t ON t.id = tm.team_id "
	"WHERE t.active = 1 ORDER BY tm.user_id, tm.is_default DESC, t.sequence, t.id";

/* An immutable snapshot of one domain, shared by reference count. */
struct snap {
	int refs;
	int64_t rev;
	struct arena a;
	struct db_rows rows, rows2;
};

struct refcache_shared {
	pthread_mutex_t mu;    /* guards s[] and every snapshot's refs */
	struct snap *s[D_N];
};

#define RETIRED_MAX 32

struct refcache {
	struct refcache_shared *sh; /* NULL: snapshots private to this cache */
	struct snap *s[D_N];   /* the snapshots this thread uses (one reference each) */
	struct snap *retired[RETIRED_MAX]; /* replaced during this request, released at the next */
	size_t nretired;
	int64_t cur[D_N];      /* revisions of this request; -1: no row (never cached) */
	bool known;            /* cur[] holds this request's revisions */
	bool changes;          /* the request may write: re-read revisions after statements */
	uint64_t checked_at;   /* db_query_count when the revisions were last read */
	uint64_t loads;
};

struct refcache_shared *refcache_shared_new(void)
{
	struct refcache_shared *sh = calloc(1, sizeof *sh);
	if (sh && pthread_mutex_init(&sh->mu, NULL) != 0) {
		free(sh);
		sh = NULL;
	}
	return sh;
}

/* Drop one reference (under sh->mu when shared). */
static void snap_release(struct snap *s)
{
	if (s && --s->refs == 0) {
		arena_free(&s->a);
		free(s);
	}
}

void refcache_shared_free(struct refcache_shared *sh)
{
	if (!sh)
		return;
	for (int i = 0; i < D_N; i++)
		snap_release(sh->s[i]);
	pthread_mutex_destroy(&sh->mu);
	free(sh);
}

struct refcache *refcache_new(struct refcache_shared *sh)
{
	struct refcache *rc = calloc(1, sizeof *rc);
	if (rc)
		rc->sh = sh;
	return rc;
}

static void lock(struct refcache *rc)
{
	if (rc->sh)
		pthread_mutex_lock(&rc->sh->mu);
}

static void unlock(struct refcache *rc)
{
	if (rc->sh)
		pthread_mutex_unlock(&rc->sh->mu);
}

static void release_retired(struct refcache *rc)
{
	if (!rc->nretired)
		return;
	lock(rc);
	for (size_t i = 0; i < rc->nretired; i++)
		snap_release(rc->retired[i]);
	unlock(rc);
	rc->nretired = 0;
}

void refcache_free(struct refcache *rc)
{
	if (!rc)
		return;
	release_retired(rc);
	lock(rc);
	for (int i = 0; i < D_N; i++)
		snap_release(rc->s[i]);
	unlock(rc);
	free(rc);
}

void refcache_begin(struct refcache *rc, bool changes)
{
	if (!rc)
		return;
	release_retired(rc);
	rc->known = false;
	rc->changes = changes;
}

uint64_t refcache_loads(const struct refcache *rc)
{
	return rc ? rc->loads : 0;
}

void refcache_sync(struct refcache *rc, const char *revs)
{
	if (!rc || !revs)
		return;
	for (int i = 0; i < D_N; i++)
		rc->cur[i] = -1;
	/* "activity_types=3,lost_reasons=1,..." */
	const char *p = revs;
	while (*p) {
		const char *eq = strchr(p, '=');
		if (!eq)
			break;
		size_t n = (size_t)(eq - p);
		char *end;
		long long v = strtoll(eq + 1, &end, 10);
		if (end == eq + 1)
			break;
		for (int i = 0; i < D_N; i++)
			if (strlen(dom_name[i]) == n && memcmp(dom_name[i], p, n) == 0)
				rc->cur[i] = v;
		p = *end == ',' ? end + 1 : end;
	}
	rc->known = true;
}

static int read_revs(struct refcache *rc, struct db *db, struct arena *a)
{
	struct db_rows r;
	int err = db_query1(db, a, &r, "SELECT " REFCACHE_REVS_SQL, "");
	if (err)
		return err;
	refcache_sync(rc, db_get(&r, 0, 0) ? db_get(&r, 0, 0) : "");
	rc->checked_at = db_query_count(db);
	return 0;
}

static int load(struct db *db, struct arena *a, enum dom i, struct db_rows *rows,
		struct db_rows *rows2)
{
	memset(rows, 0, sizeof *rows);
	memset(rows2, 0, sizeof *rows2);
	int err = db_query(db, a, rows, dom_sql[i], "");
	if (!err && i == D_TEAMS)
		err = db_query(db, a, rows2, members_sql, "");
	return err;
}

static int snap_load(struct db *db, enum dom i, int64_t rev, struct snap **out)
{
	struct snap *s = calloc(1, sizeof *s);
	if (!s)
		return ERR_NOMEM;
	arena_init(&s->a, 16 * 1024);
	int err = load(db, &s->a, i, &s->rows, &s->rows2);
	if (err) {
		arena_free(&s->a);
		free(s);
		return err;
	}
	s->refs = 1;
	s->rev = rev;
	*out = s;
	return 0;
}

/* Make rc->s[i] the snapshot at revision rev: the process's when it is at
 * that revision, else a fresh load (published to the process). Loading under
 * the lock makes concurrent threads wait for one load instead of each
 * running it. */
static int refresh(struct refcache *rc, struct db *db, enum dom i, int64_t rev)
{
	int err = 0;
	lock(rc);
	struct snap *g = rc->sh ? rc->sh->s[i] : NULL;
	if (!g || g->rev != rev) {
		struct snap *n;
		if ((err = snap_load(db, i, rev, &n)) != 0)
			goto out;
		rc->loads++;
		if (rc->sh) {
			snap_release(g);
			rc->sh->s[i] = n;
			n->refs++;
		}
		g = n;
	} else {
		g->refs++;
	}
	/* Rows handed out earlier in this request point into the old one. */
	if (rc->s[i] && rc->nretired < RETIRED_MAX)
		rc->retired[rc->nretired++] = rc->s[i];
	else
		snap_release(rc->s[i]);
	rc->s[i] = g;
out:
	unlock(rc);
	return err;
}

/* The snapshot of domain i, current for this request (rows2: the second
 * statement's rows, teams only). */
static int get(struct refcache *rc, struct db *db, struct arena *a, enum dom i,
	       const struct db_rows **rows, const struct db_rows **rows2)
{
	if (!rc->known || (rc->changes && db_query_count(db) != rc->checked_at)) {
		int err = read_revs(rc, db, a);
		if (err)
			return err;
	}
	if (rc->cur[i] < 0 || db_in_tx(db)) {
		/* Uncacheable: read into the request's arena. */
		struct db_rows *r = arena_alloc(a, sizeof *r), *r2 = arena_alloc(a, sizeof *r2);
		int err = load(db, a, i, r, r2);
		if (err)
			return err;
		*rows = r;
		*rows2 = r2;
		return 0;
	}
	if (!rc->s[i] || rc->s[i]->rev != rc->cur[i]) {
		int err = refresh(rc, db, i, rc->cur[i]);
		if (err)
			return err;
		if (rc->changes)
			rc->checked_at = db_query_count(db);
	}
	*rows = &rc->s[i]->rows;
	*rows2 = &rc->s[i]->rows2;
	return 0;
}

/* Rows of src for which keep() holds, sharing src's cells. */
static void subset(struct arena *a, const struct db_rows *src, struct db_rows *out,
		   bool (*keep)(const struct db_rows *, size_t, const void *), const void *arg)
{
	*out = *src;
	out->cells = arena_alloc(a, (src->nrows * src->ncols + 1) * sizeof *out->cells);
	out->lens = arena_alloc(a, (src->nrows * src->ncols + 1) * sizeof *out->lens);
	out->nrows = 0;
	for (size_t i = 0; i < src->nrows; i++) {
		if (keep && !keep(src, i, arg))
			continue;
		memcpy(out->cells + out->nrows * src->ncols, src->cells + i * src->ncols,
		       src->ncols * sizeof *src->cells);
		memcpy(out->lens + out->nrows * src->ncols, src->lens + i * src->ncols,
		       src->ncols * sizeof *src->lens);
		out->nrows++;
	}
}

int refcache_users(struct refcache *rc, struct db *db, struct arena *a, struct db_rows *out)
{
	const struct db_rows *r, *r2;
	int err = get(rc, db, a, D_USERS, &r, &r2);
	if (!err)
		subset(a, r, out, NULL, NULL);
	return err;
}

int refcache_teams(struct refcache *rc, struct db *db, struct arena *a, struct db_rows *out)
{
	const struct db_rows *r, *r2;
	int err = get(rc, db, a, D_TEAMS, &r, &r2);
	if (!err)
		subset(a, r, out, NULL, NULL);
	return err;
}

int refcache_team_for_user(struct refcache *rc, struct db *db, struct arena *a, int64_t user_id,
			   bool or_first, int64_t *team_id)
{
	const struct db_rows *r, *m;
	*team_id = 0;
	int err = get(rc, db, a, D_TEAMS, &r, &m);
	if (err)
		return err;
	/* Members are ordered by user, default team first, then sequence. */
	for (size_t i = 0; i < m->nrows; i++)
		if (db_get_i64(m, i, 0) == user_id) {
			*team_id = db_get_i64(m, i, 1);
			return 0;
		}
	if (!or_first)
		return 0;
	int active = db_col(r, "active"), id = db_col(r, "id");
	for (size_t i = 0; i < r->nrows; i++)
		if (db_get_i64(r, i, (size_t)active)) {
			*team_id = db_get_i64(r, i, (size_t)id);
			break;
		}
	return 0;
}

static bool stage_of(const struct db_rows *r, size_t i, const void *arg)
{
	const char *t = db_getn(r, i, "team_id");
	int64_t team = *(const int64_t *)arg;
	return !t || (team && db_getn_i64(r, i, "team_id") == team);
}

int refcache_stages_for_team(struct refcache *rc, struct db *db, struct arena *a, int64_t team_id,
			     struct db_rows *out)
{
	const struct db_rows *r, *r2;
	int err = get(rc, db, a, D_STAGES, &r, &r2);
	if (!err)
		subset(a, r, out, stage_of, &team_id);
	return err;
}

int refcache_tags(struct refcache *rc, struct db *db, struct arena *a, struct db_rows *out)
{
	const struct db_rows *r, *r2;
	int err = get(rc, db, a, D_TAGS, &r, &r2);
	if (!err)
		subset(a, r, out, NULL, NULL);
	return err;
}

static bool active_row(const struct db_rows *r, size_t i, const void *arg)
{
	(void)arg;
	return db_getn_i64(r, i, "active") != 0;
}

int refcache_activity_types(struct refcache *rc, struct db *db, struct arena *a, bool with_inactive,
			    struct db_rows *out)
{
	const struct db_rows *r, *r2;
	int err = get(rc, db, a, D_ATYPES, &r, &r2);
	if (!err)
		subset(a, r, out, with_inactive ? NULL : active_row, NULL);
	return err;
}

int refcache_lost_reasons(struct refcache *rc, struct db *db, struct arena *a, struct db_rows *out)
{
	const struct db_rows *r, *r2;
	int err = get(rc, db, a, D_REASONS, &r, &r2);
	if (!err)
		subset(a, r, out, active_row, NULL);
	return err;
}

const char *refcache_setting(struct refcache *rc, struct db *db, struct arena *a, const char *key,
			     const char *dflt)
{
	const struct db_rows *r, *r2;
	if (get(rc, db, a, D_SETTINGS, &r, &r2) != 0)
		return dflt;
	for (size_t i = 0; i < r->nrows; i++)
		if (str_eq(db_get(r, i, 0), key))
			return db_get(r, i, 1);
	return dflt;
}

bool refcache_setting_bool(struct refcache *rc, struct db *db, struct arena *a, const char *key,
			   bool dflt)
{
	const char *v = refcache_setting(rc, db, a, key, NULL);
	int64_t n;
	if (!v || !str_to_i64(v, &n))
		return dflt;
	return n != 0;
}

int refcache_taxes(struct refcache *rc, struct db *db, struct arena *a, bool with_inactive,
		   struct db_rows *out)
{
	const struct db_rows *r, *r2;
	int err = get(rc, db, a, D_TAXES, &r, &r2);
	if (!err)
		subset(a, r, out, with_inactive ? NULL : active_row, NULL);
	return err;
}
