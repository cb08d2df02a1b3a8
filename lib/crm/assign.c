#include "crm/assign.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "core/str.h"
#include "crm/chatter.h"
#include "crm/follower.h"
#include "crm/filter.h"
#include "crm/settings.h"
#include "db/db.h"

#define NOT_WON "(l.stage_id IS NULL OR l.stage_id NOT IN (SELECT sw.id FROM stage sw WHERE sw.is_won = 1))"
#define PHASE1_MAX 50000
#define PHASE2_MAX 20000
#define PARAM_BUDGET 240

struct member {
	int64_t user_id;
	const char *name;
	int64_t capacity, month, day, quota;
	bool skip;
	const char *filter;
	struct filter_sql f;
	bool ok;
	int col;                 /* column of its match flag in the phase-2 query, -1 */
	int64_t *set;            /* sorted matching ids when not in columns */
	size_t nset;
	int64_t *got;            /* leads assigned in this run */
	bool *was_lead;
	size_t ngot;
};

struct team {
	int64_t id;
	const char *name;
	const char *filter;
	bool optout;
	struct filter_sql f;
	bool ok;
	int64_t capacity;        /* of non-skipped members */
	struct member *m;
	size_t nm;
	int64_t *cand;           /* phase 1 candidates, in order */
	const char **cand_email;
	size_t ncand, pos;
	int64_t *alloc;
	size_t nalloc;
	struct assign_team_result *res;
};

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

void assign_summary(const char *tmpl, int64_t n, int64_t m, int64_t k, char *out, size_t len)
{
	if (!tmpl)
		tmpl = "{n} leads assigned to {m} salespersons, {k} duplicates merged";
	size_t o = 0;
	for (const char *p = tmpl; *p && o + 1 < len; p++) {
		if (p[0] == '{' && (p[1] == 'n' || p[1] == 'm' || p[1] == 'k') && p[2] == '}') {
			int64_t v = p[1] == 'n' ? n : p[1] == 'm' ? m : k;
			int w = snprintf(out + o, len - o, "%lld", (long long)v);
			if (w < 0 || (size_t)w >= len - o)
				break;
			o += (size_t)w;
			p += 2;
		} else {
			out[o++] = *p;
		}
	}
	out[o < len ? o : len - 1] = '\0';
}

/* Open-addressing set of ids taken in this run. */
struct idset {
	int64_t *slot;
	size_t cap;
};

static void idset_init(struct arena *a, struct idset *s, size_t n)
{
	s->cap = 64;
	while (s->cap < n * 2 + 64)
		s->cap *= 2;
	s->slot = arena_alloc(a, s->cap * sizeof *s->slot);
}

static bool idset_has(const struct idset *s, int64_t id)
{
	for (size_t i = ((uint64_t)id * 0x9E3779B97F4A7C15ULL) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
		if (s->slot[i] == id)
			return true;
		if (s->slot[i] == 0)
			return false;
	}
}

static void idset_add(struct idset *s, int64_t id)
{
	for (size_t i = ((uint64_t)id * 0x9E3779B97F4A7C15ULL) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
		if (s->slot[i] == id)
			return;
		if (s->slot[i] == 0) {
			s->slot[i] = id;
			return;
		}
	}
}

static char *ids_json(struct arena *a, const int64_t *ids, size_t n)
{
	struct buf b;
	buf_init(&b);
	buf_addc(&b, '[');
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%lld", i ? "," : "", (long long)ids[i]);
	buf_addc(&b, ']');
	char *s = arena_strndup(a, b.p, b.len);
	buf_free(&b);
	return s;
}

static int cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

static int load_teams(struct db *db, struct arena *a, const struct assign_opts *o, struct team **out,
		      size_t *n, struct err_info *e)
{
	struct db_rows t, m;
	int rc = db_query(db, a, &t,
			  "SELECT id, name, assignment_filter, assignment_optout FROM team WHERE active = 1 "
			  "AND (? = 0 OR id = ?) ORDER BY sequence, id LIMIT 64",
			  "ii", o->team_id, o->team_id);
	if (rc)
		return rc;
	if (o->team_id && t.nrows == 0)
		return err_set(e, ERR_NOTFOUND, "team_id", "NotFound", "unknown team");
	rc = db_query(db, a, &m,
		      "SELECT m.team_id, m.user_id, u.name, m.capacity, m.skip_assignment, m.assignment_filter, "
		      "(SELECT COUNT(*) FROM crm_lead l WHERE l.user_id = m.user_id AND l.team_id = m.team_id "
		      " AND l.date_open >= UTC_TIMESTAMP() - INTERVAL 30 DAY), "
		      "(SELECT COUNT(*) FROM crm_lead l WHERE l.user_id = m.user_id AND l.team_id = m.team_id "
		      " AND l.date_open >= UTC_TIMESTAMP() - INTERVAL 1 DAY) "
		      "FROM team_member m JOIN team t ON t.id = m.team_id JOIN app_user u ON u.id = m.user_id "
		      "WHERE t.active = 1 AND u.active = 1 AND (? = 0 OR t.id = ?) ORDER BY m.team_id, m.id",
		      "ii", o->team_id, o->team_id);
	if (rc)
		return rc;
	struct team *ts = arena_alloc(a, (t.nrows + 1) * sizeof *ts);
	for (size_t i = 0; i < t.nrows; i++) {
		struct team *x = &ts[i];
		x->id = db_get_i64(&t, i, 0);
		x->name = db_get(&t, i, 1);
		x->filter = db_get(&t, i, 2);
		x->optout = db_get_i64(&t, i, 3) != 0;
		struct err_info fe = {0};
		x->ok = filter_compile(a, x->filter, "assignment_filter", &x->f, &fe) == 0;
		x->m = arena_alloc(a, (m.nrows + 1) * sizeof *x->m);
		for (size_t k = 0; k < m.nrows; k++) {
			if (db_get_i64(&m, k, 0) != x->id)
				continue;
			struct member *mb = &x->m[x->nm++];
			mb->user_id = db_get_i64(&m, k, 1);
			mb->name = db_get(&m, k, 2);
			mb->capacity = db_get_i64(&m, k, 3);
			mb->skip = db_get_i64(&m, k, 4) != 0;
			mb->filter = db_get(&m, k, 5);
			mb->month = db_get_i64(&m, k, 6);
			mb->day = db_get_i64(&m, k, 7);
			mb->col = -1;
			mb->ok = filter_compile(a, mb->filter, "assignment_filter", &mb->f, &fe) == 0;
			/* Daily quota round_half_up(capacity / 30), less what the
			 * member got in the last 24 h, within the 30-day capacity. */
			int64_t daily = (mb->capacity * 2 + 30) / 60 - mb->day;
			int64_t monthly = mb->capacity - mb->month;
			mb->quota = daily < monthly ? daily : monthly;
			if (mb->quota < 0 || mb->skip || !mb->ok)
				mb->quota = 0;
			if (!mb->skip)
				x->capacity += mb->capacity;
		}
	}
	*out = ts;
	*n = t.nrows;
	return 0;
}

/* Phase 1: give unassigned leads without a team to teams. */
static int phase1(struct db *db, struct arena *a, const struct assign_opts *o, struct team *ts,
		  size_t nt, struct assign_result *res)
{
	int rc;
	size_t total = 0;
	for (size_t i = 0; i < nt; i++) {
		struct team *t = &ts[i];
		/* Opted-out teams are skipped by global runs, not by their own. */
		if (!t->ok || t->capacity <= 0 || (t->optout && !o->team_id))
			continue;
		struct buf q;
		buf_init(&q);
		buf_printf(&q, "SELECT l.id, l.email_normalized FROM crm_lead l WHERE l.team_id IS NULL AND "
			       "l.user_id IS NULL AND l.active = 1 AND " NOT_WON " AND %s "
			       "ORDER BY l.priority DESC, l.id DESC LIMIT %d",
			   t->f.sql, PHASE1_MAX);
		struct db_rows r;
		rc = db_queryv(db, a, &r, arena_strdup(a, q.p), t->f.p, t->f.np);
		buf_free(&q);
		if (rc)
			return rc;
		t->cand = arena_alloc(a, (r.nrows + 1) * sizeof *t->cand);
		t->cand_email = arena_alloc(a, (r.nrows + 1) * sizeof *t->cand_email);
		t->alloc = arena_alloc(a, (r.nrows + 1) * sizeof *t->alloc);
		for (size_t k = 0; k < r.nrows; k++) {
			t->cand[k] = db_get_i64(&r, k, 0);
			t->cand_email[k] = db_get(&r, k, 1);
		}
		t->ncand = r.nrows;
		total += r.nrows;
	}
	if (total == 0)
		return 0;
	/* Duplicate groups by exact normalised e-mail (only when a merge is
	 * available: otherwise nothing could be done with them). */
	struct db_rows dups = {0};
	if (o->merge) {
		struct buf j;
		buf_init(&j);
		buf_addc(&j, '[');
		size_t ne = 0;
		for (size_t i = 0; i < nt; i++)
			for (size_t k = 0; k < ts[i].ncand; k++)
				if (ts[i].cand_email[k]) {
					json_t *s = json_string(ts[i].cand_email[k]);
					char *d = s ? json_dumps(s, JSON_ENCODE_ANY) : NULL;
					if (d)
						buf_printf(&j, "%s%s", ne++ ? "," : "", d);
					free(d);
					json_decref(s);
				}
		buf_addc(&j, ']');
		if (ne)
			rc = db_query(db, a, &dups,
				      "SELECT l.email_normalized, l.id FROM crm_lead l WHERE l.email_normalized IN "
				      "(SELECT DISTINCT j.e FROM JSON_TABLE(?, '$[*]' COLUMNS (e VARCHAR(254) PATH '$')) j) "
				      "AND l.active = 1 AND " NOT_WON " ORDER BY l.email_normalized, l.id",
				      "s", j.p);
		buf_free(&j);
		if (rc)
			return rc;
	}
	struct idset done;
	idset_init(a, &done, total + dups.nrows);
	uint64_t seed = o->seed ? o->seed : ((uint64_t)time(NULL) * 2654435761ULL) ^ (uint64_t)clock();
	if (!seed)
		seed = 1;
	size_t *pop = arena_alloc(a, (nt + 1) * sizeof *pop);
	size_t npop = 0;
	for (size_t i = 0; i < nt; i++)
		if (ts[i].ncand)
			pop[npop++] = i;
	while (npop) {
		int64_t wsum = 0;
		for (size_t i = 0; i < npop; i++)
			wsum += ts[pop[i]].capacity;
		int64_t x = (int64_t)(rng_next(&seed) % (uint64_t)wsum);
		size_t pi = 0;
		while (x >= ts[pop[pi]].capacity) {
			x -= ts[pop[pi]].capacity;
			pi++;
		}
		struct team *t = &ts[pop[pi]];
		while (t->pos < t->ncand && idset_has(&done, t->cand[t->pos]))
			t->pos++;
		if (t->pos >= t->ncand) {
			pop[pi] = pop[--npop];
			continue;
		}
		int64_t id = t->cand[t->pos];
		const char *email = t->cand_email[t->pos];
		t->pos++;
		idset_add(&done, id);
		/* Merge the lead with its exact-e-mail duplicates first. */
		if (o->merge && email) {
			int64_t group[64];
			size_t ng = 0;
			for (size_t k = 0; k < dups.nrows && ng < 64; k++)
				if (str_eq(db_get(&dups, k, 0), email))
					group[ng++] = db_get_i64(&dups, k, 1);
			if (ng > 1) {
				int64_t kept = 0;
				int mr = o->merge(db, group, ng, &kept, o->merge_arg);
				if (mr == 0 && kept) {
					for (size_t k = 0; k < ng; k++)
						idset_add(&done, group[k]);
					t->res->merged += (int64_t)ng - 1;
					res->merged += (int64_t)ng - 1;
					id = kept;
				} else if (mr != ERR_UNAVAILABLE) {
					log_warnx("assign: merging duplicates of lead %lld failed (%d)", (long long)id, mr);
				}
			}
		}
		t->alloc[t->nalloc++] = id;
	}
	for (size_t i = 0; i < nt; i++) {
		struct team *t = &ts[i];
		if (!t->nalloc)
			continue;
		/* Conditional: a lead another run took meanwhile stays its.
		 * Retried when chosen as a deadlock victim (concurrent writers
		 * of the same report buckets). */
		int64_t r = ERR_RETRY;
		for (int attempt = 0; attempt < 5 && r == ERR_RETRY; attempt++)
			r = db_exec(db,
				    "UPDATE crm_lead l JOIN JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT PATH '$')) j "
				    "ON j.id = l.id SET l.team_id = ? WHERE (l.team_id IS NULL OR l.team_id = ?) "
				    "AND l.user_id IS NULL",
				    "sii", ids_json(a, t->alloc, t->nalloc), t->id, t->id);
		if (r < 0)
			return (int)r;
		t->res->allocated += r;
		res->allocated += r;
	}
	return 0;
}

static bool in_set(const int64_t *set, size_t n, int64_t id)
{
	return n && bsearch(&id, set, n, sizeof id, cmp_i64) != NULL;
}

/* Phase 2 for one team, in one short transaction. */
static int phase2_once(struct db *db, struct arena *a, const struct assign_opts *o, struct team *t,
		       struct assign_result *res)
{
	size_t active = 0;
	for (size_t i = 0; i < t->nm; i++)
		if (t->m[i].quota > 0)
			active++;
	if (!active || !t->ok)
		return 0;
	int rc = db_begin(db);
	if (rc)
		return rc;
	/* The query: the team's unassigned leads, locked (rows another run
	 * holds are skipped), with one match column per member filter. */
	struct buf q;
	buf_init(&q);
	struct db_param *p = arena_alloc(a, (PARAM_BUDGET + 8) * sizeof *p);
	size_t np = 0, ncol = 2;
	buf_adds(&q, "SELECT l.id, l.type");
	for (size_t i = 0; i < t->nm; i++) {
		struct member *m = &t->m[i];
		if (m->quota <= 0 || str_eq(m->f.sql, "1"))
			continue;
		if (np + m->f.np > PARAM_BUDGET)
			continue;
		buf_printf(&q, ", %s", m->f.sql);
		memcpy(p + np, m->f.p, m->f.np * sizeof *p);
		np += m->f.np;
		m->col = (int)ncol++;
	}
	buf_printf(&q, " FROM crm_lead l WHERE l.user_id IS NULL AND l.team_id = ? AND l.active = 1 AND " NOT_WON
		       " ORDER BY l.probability DESC, l.id LIMIT %d FOR UPDATE SKIP LOCKED",
		   PHASE2_MAX);
	p[np++] = (struct db_param){.type = 'i', .i = t->id};
	struct db_rows r;
	rc = db_queryv(db, a, &r, arena_strdup(a, q.p), p, np);
	buf_free(&q);
	if (rc)
		goto fail;
	/* Members whose filter did not fit in the columns: their own query. */
	for (size_t i = 0; i < t->nm; i++) {
		struct member *m = &t->m[i];
		if (m->quota <= 0 || m->col >= 0 || str_eq(m->f.sql, "1"))
			continue;
		char *sql = arena_printf(a, "SELECT l.id FROM crm_lead l WHERE l.user_id IS NULL AND l.team_id = %lld "
					    "AND l.active = 1 AND %s ORDER BY l.id",
					 (long long)t->id, m->f.sql);
		struct db_rows s;
		if ((rc = db_queryv(db, a, &s, sql, m->f.p, m->f.np)))
			goto fail;
		m->set = arena_alloc(a, (s.nrows + 1) * sizeof *m->set);
		for (size_t k = 0; k < s.nrows; k++)
			m->set[k] = db_get_i64(&s, k, 0);
		m->nset = s.nrows;
	}
	/* Rotation: members by quota (highest first), then as listed. */
	size_t *rot = arena_alloc(a, (t->nm + 1) * sizeof *rot), nrot = 0;
	for (size_t i = 0; i < t->nm; i++)
		if (t->m[i].quota > 0) {
			size_t k = nrot++;
			while (k > 0 && t->m[rot[k - 1]].quota < t->m[i].quota) {
				rot[k] = rot[k - 1];
				k--;
			}
			rot[k] = i;
		}
	for (size_t i = 0; i < t->nm; i++) {
		t->m[i].got = arena_alloc(a, ((size_t)t->m[i].quota + 1) * sizeof(int64_t));
		t->m[i].was_lead = arena_alloc(a, ((size_t)t->m[i].quota + 1) * sizeof(bool));
	}
	for (size_t li = 0; li < r.nrows && nrot; li++) {
		int64_t id = db_get_i64(&r, li, 0);
		for (size_t k = 0; k < nrot; k++) {
			struct member *m = &t->m[rot[k]];
			bool match = m->col >= 0 ? db_get_i64(&r, li, (size_t)m->col) != 0
				     : str_eq(m->f.sql, "1") ? true
							     : in_set(m->set, m->nset, id);
			if (!match)
				continue;
			m->was_lead[m->ngot] = str_eq(db_get(&r, li, 1), "lead");
			m->got[m->ngot++] = id;
			size_t who = rot[k];
			memmove(rot + k, rot + k + 1, (nrot - k - 1) * sizeof *rot);
			nrot--;
			if (--m->quota > 0)
				rot[nrot++] = who;
			break;
		}
	}
	/* Write: three statements for the whole team, whatever the number of
	 * members (one conditional UPDATE, the tracking messages, the
	 * followers), each over a JSON list of (lead, salesperson) rows. The
	 * rows are listed per member in rotation order of the members as
	 * listed, leads by id, converted leads' messages first: the same rows
	 * in the same order as one statement per member would write. */
	int64_t assigned = 0, salespersons = 0;
	size_t ngot = 0;
	json_t *upd = json_array(), *msg = json_array(), *fol = json_array();
	for (size_t i = 0; i < t->nm; i++) {
		struct member *m = &t->m[i];
		if (!m->ngot)
			continue;
		salespersons++;
		ngot += m->ngot;
		/* Sorted by id with its "was a lead" flag (cmp_i64 compares
		 * the first member). */
		struct got {
			int64_t id;
			bool was_lead;
		} *g = arena_alloc(a, m->ngot * sizeof *g);
		for (size_t k = 0; k < m->ngot; k++)
			g[k] = (struct got){m->got[k], m->was_lead[k]};
		qsort(g, m->ngot, sizeof *g, cmp_i64);
		struct chatter_change ch[2] = {{"user", NULL, m->name}, {"type", "lead", "opportunity"}};
		const char *tr_conv = chatter_tracking_json(a, ch, 2), *tr_opp = chatter_tracking_json(a, ch, 1);
		for (size_t k = 0; k < m->ngot; k++) {
			json_array_append_new(upd, json_pack("[II]", (json_int_t)g[k].id, (json_int_t)m->user_id));
			json_array_append_new(fol, json_pack("[II]", (json_int_t)g[k].id, (json_int_t)m->user_id));
		}
		for (int pass = 1; pass >= 0; pass--)
			for (size_t k = 0; k < m->ngot; k++)
				if (g[k].was_lead == (pass == 1))
					json_array_append_new(msg, json_pack("[Is]", (json_int_t)g[k].id,
									     pass ? tr_conv : tr_opp));
	}
	char *ju = NULL, *jm = NULL, *jf = NULL;
	if (ngot) {
		ju = json_dumps(upd, JSON_COMPACT);
		jm = json_dumps(msg, JSON_COMPACT);
		jf = json_dumps(fol, JSON_COMPACT);
	}
	json_decref(upd);
	json_decref(msg);
	json_decref(fol);
	if (ngot && (!ju || !jm || !jf)) {
		rc = ERR_NOMEM;
		goto write_done;
	}
	if (ngot) {
		int64_t x = db_exec(db,
				    "UPDATE crm_lead l JOIN JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT PATH '$[0]', "
				    "u BIGINT PATH '$[1]')) j ON j.id = l.id SET l.user_id = j.u, "
				    "l.date_open = UTC_TIMESTAMP(), "
				    "l.date_conversion = IF(l.type = 'lead', UTC_TIMESTAMP(), l.date_conversion), "
				    "l.type = 'opportunity', l.stage_id = COALESCE(l.stage_id, (SELECT s.id FROM stage s "
				    "WHERE s.team_id IS NULL OR s.team_id = ? ORDER BY s.sequence, s.id LIMIT 1)) "
				    "WHERE l.user_id IS NULL AND l.team_id = ?",
				    "sii", ju, t->id, t->id);
		if (x < 0) {
			rc = (int)x;
			goto write_done;
		}
		if ((size_t)x != ngot) {
			/* Rows are locked by this transaction: cannot happen
			 * unless someone bypassed the locks. Keep the truth. */
			log_warnx("assign: %lld of %zu leads updated in team %lld", (long long)x, ngot,
				  (long long)t->id);
		}
		assigned = x;
		/* Tracking messages and followers of several salespersons at
		 * once, through their owners. */
		x = chatter_track_pairs(db, "lead", o->author_id, jm);
		if (x >= 0)
			x = follower_add_pairs(db, "lead", jf);
		if (x < 0)
			rc = (int)x;
	}
write_done:
	free(ju);
	free(jm);
	free(jf);
	if (rc)
		goto fail;
	if ((rc = db_commit(db)))
		goto fail;
	/* Counted once committed (a deadlock victim runs again). */
	t->res->assigned += assigned;
	t->res->salespersons += salespersons;
	res->assigned += assigned;
	return 0;
fail:
	db_rollback(db);
	for (size_t i = 0; i < t->nm; i++)
		t->m[i].ngot = 0;
	return rc;
}

/* Phase 2, run again from the start when the transaction was chosen as a
 * deadlock victim (it was rolled back whole). */
static int phase2_team(struct db *db, struct arena *a, const struct assign_opts *o, struct team *t,
		       struct assign_result *res)
{
	int64_t *quota = arena_alloc(a, (t->nm + 1) * sizeof *quota);
	for (size_t i = 0; i < t->nm; i++)
		quota[i] = t->m[i].quota;
	int rc = ERR_RETRY;
	for (int attempt = 0; attempt < 5 && rc == ERR_RETRY; attempt++) {
		for (size_t i = 0; i < t->nm; i++) {
			t->m[i].quota = quota[i];
			t->m[i].col = -1;
			t->m[i].nset = 0;
		}
		rc = phase2_once(db, a, o, t, res);
	}
	return rc;
}

int assign_run(struct db *db, const struct assign_opts *o, struct assign_result *out,
	       struct err_info *e)
{
	memset(out, 0, sizeof *out);
	struct arena a;
	arena_init(&a, 256 * 1024);
	bool locked = false;
	int rc = 0;
	if (!o->no_run_lock) {
		int64_t got = 0;
		if ((rc = db_int(db, &got, 0, "SELECT GET_LOCK('piste.assignment', 30)", "")))
			goto out;
		if (got != 1) {
			rc = err_set(e, ERR_CONFLICT, "", "AssignBusy", "another assignment is running; try again");
			goto out;
		}
		locked = true;
	}
	struct team *ts = NULL;
	size_t nt = 0;
	if ((rc = load_teams(db, &a, o, &ts, &nt, e)))
		goto out;
	for (size_t i = 0; i < nt && i < ASSIGN_MAX_TEAMS; i++) {
		struct assign_team_result *r = &out->teams[out->nteams++];
		r->team_id = ts[i].id;
		str_copy(r->name, ts[i].name ? ts[i].name : "", sizeof r->name);
		r->bad_filter = !ts[i].ok;
		for (size_t k = 0; k < ts[i].nm; k++)
			if (!ts[i].m[k].ok)
				r->bad_filter = true;
		ts[i].res = r;
	}
	if ((rc = phase1(db, &a, o, ts, nt, out)))
		goto out;
	for (size_t i = 0; i < nt; i++) {
		if (ts[i].optout && !o->team_id)
			continue;
		if ((rc = phase2_team(db, &a, o, &ts[i], out)))
			goto out;
	}
	/* Salespersons: distinct users over all teams. */
	int64_t *users = arena_alloc(&a, 1024 * sizeof *users);
	size_t nu = 0;
	for (size_t i = 0; i < nt; i++)
		for (size_t k = 0; k < ts[i].nm; k++)
			if (ts[i].m[k].ngot) {
				bool seen = false;
				for (size_t u = 0; u < nu; u++)
					seen |= users[u] == ts[i].m[k].user_id;
				if (!seen && nu < 1024)
					users[nu++] = ts[i].m[k].user_id;
			}
	out->salespersons = (int64_t)nu;
	assign_summary(o->summary_tmpl, out->assigned, out->salespersons, out->merged, out->summary,
		       sizeof out->summary);
	/* The summary in the chatter of each team that was processed. */
	for (size_t i = 0; i < out->nteams; i++) {
		struct assign_team_result *r = &out->teams[i];
		if (ts[i].optout && !o->team_id)
			continue;
		char body[256];
		assign_summary(o->summary_tmpl, r->assigned, r->salespersons, r->merged, body, sizeof body);
		struct chatter_msg m = {.res_model = "team", .res_id = r->team_id, .kind = "system",
					.author_id = o->author_id, .body = body};
		if ((rc = chatter_post(db, &m, NULL)))
			goto out;
	}
	time_t now = time(NULL);
	struct tm tm;
	char stamp[32];
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
	settings_set(db, "assignment_last_run_at", stamp);
out:
	/* A lock we fail to release dies with the session: a later run waits
	 * at most until this connection is closed. */
	if (locked && db_exec(db, "DO RELEASE_LOCK('piste.assignment')", "") < 0)
		log_warnx("assignment: releasing the lock: %s", db_error(db));
	arena_free(&a);
	return rc;
}

int assign_settings_save(struct db *db, const char *mode, int64_t interval, const char *unit,
			 struct err_info *e)
{
	if (!str_eq(mode, "manual") && !str_eq(mode, "repeated"))
		return err_set(e, ERR_INVALID, "assignment_mode", "BadChoice", "mode must be manual or repeated");
	if (interval < 1 || interval > 99)
		return err_set(e, ERR_INVALID, "assignment_interval", "OutOfRange", "the interval must be 1 to 99");
	if (!str_eq(unit, "minutes") && !str_eq(unit, "hours") && !str_eq(unit, "days") && !str_eq(unit, "weeks"))
		return err_set(e, ERR_INVALID, "assignment_interval_unit", "BadChoice",
			       "the unit must be minutes, hours, days or weeks");
	int rc = settings_set(db, "assignment_mode", mode);
	if (!rc)
		rc = settings_set_int(db, "assignment_interval", interval);
	if (!rc)
		rc = settings_set(db, "assignment_interval_unit", unit);
	return rc;
}

bool assign_due(struct db *db)
{
	int64_t due = 0;
	/* On failure answer "not due": the cron retries on its next tick. */
	int rc = db_int(db, &due, 0,
			"SELECT m.v = 'repeated' AND (r.v IS NULL OR r.v = '' OR "
			"STR_TO_DATE(r.v, '%Y-%m-%d %H:%i:%s') + INTERVAL CASE COALESCE(u.v, 'days') "
			"WHEN 'minutes' THEN CAST(COALESCE(i.v, '1') AS INTEGER) * 60 "
			"WHEN 'hours' THEN CAST(COALESCE(i.v, '1') AS INTEGER) * 3600 "
			"WHEN 'weeks' THEN CAST(COALESCE(i.v, '1') AS INTEGER) * 604800 "
			"ELSE CAST(COALESCE(i.v, '1') AS INTEGER) * 86400 END SECOND <= UTC_TIMESTAMP()) "
			"FROM setting m LEFT JOIN setting r ON r.k = 'assignment_last_run_at' "
			"LEFT JOIN setting u ON u.k = 'assignment_interval_unit' "
			"LEFT JOIN setting i ON i.k = 'assignment_interval' WHERE m.k = 'assignment_mode'",
			"");
	if (rc < 0)
		log_warnx("assign_due: %s", db_error(db));
	return due != 0;
}

int assign_overview(struct db *db, struct arena *a, struct db_rows *teams, struct db_rows *members)
{
	int rc = db_query(db, a, teams,
			  "SELECT t.id, t.name, t.assignment_filter, t.assignment_optout, "
			  "(SELECT COALESCE(SUM(m.capacity), 0) FROM team_member m WHERE m.team_id = t.id AND "
			  "m.skip_assignment = 0) AS capacity, "
			  "(SELECT COUNT(*) FROM crm_lead l WHERE l.user_id IS NULL AND l.team_id = t.id AND l.active = 1) "
			  "AS unassigned, (SELECT COUNT(*) FROM team_member m WHERE m.team_id = t.id) AS members "
			  "FROM team t WHERE t.active = 1 ORDER BY t.sequence, t.id LIMIT 64", "");
	if (rc)
		return rc;
	return db_query(db, a, members,
			"SELECT m.team_id, m.user_id, u.name, m.capacity, m.skip_assignment, m.assignment_filter, "
			"(SELECT COUNT(*) FROM crm_lead l WHERE l.user_id = m.user_id AND l.team_id = m.team_id "
			" AND l.date_open >= UTC_TIMESTAMP() - INTERVAL 30 DAY) AS month_count, "
			"(SELECT COUNT(*) FROM crm_lead l WHERE l.user_id = m.user_id AND l.team_id = m.team_id "
			" AND l.date_open >= UTC_TIMESTAMP() - INTERVAL 1 DAY) AS day_count "
			"FROM team_member m JOIN team t ON t.id = m.team_id JOIN app_user u ON u.id = m.user_id "
			"WHERE t.active = 1 ORDER BY m.team_id, u.name LIMIT 2000", "");
}
