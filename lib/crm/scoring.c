#include "crm/scoring.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "core/str.h"
#include "crm/lead.h"
#include "crm/report.h"
#include "crm/settings.h"
#include "db/db.h"

const char *const scoring_var_names[SV_COUNT] = {
	"stage_id", "country", "state", "email_state", "phone_state", "source", "lang", "tag_id",
};
const char *const scoring_setting_names[SV_COUNT] = {
	"stage", "country", "state", "email_state", "phone_state", "source", "lang", "tags",
};

/* SQL giving each variable's value for a lead l (NULL = none). E-mail and
 * phone quality count "False" when empty, as Odoo does. */
static const char *const var_sql[SV_COUNT] = {
	[SV_COUNTRY] = "NULLIF(l.country_code, '')",
	[SV_STATE] = "NULLIF(l.state, '')",
	[SV_EMAIL_STATE] = "(CASE WHEN l.email_normalized IS NOT NULL THEN 'correct' "
			   "WHEN COALESCE(l.email_from, '') = '' THEN 'False' ELSE 'incorrect' END)",
	[SV_PHONE_STATE] = "(CASE WHEN COALESCE(l.phone, '') = '' THEN 'False' "
			   "WHEN l.phone_sanitized IS NOT NULL THEN 'correct' ELSE 'incorrect' END)",
	[SV_SOURCE] = "NULLIF(l.source, '')",
	[SV_LANG] = "NULLIF(l.lang, '')",
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- configuration -------------------------------------------------------- */

static int var_from_name(const char *s, size_t n)
{
	static const struct {
		const char *name;
		int var;
	} alias[] = {
		{"country", SV_COUNTRY}, {"country_id", SV_COUNTRY}, {"state", SV_STATE},
		{"state_id", SV_STATE},  {"email_state", SV_EMAIL_STATE}, {"phone_state", SV_PHONE_STATE},
		{"source", SV_SOURCE},   {"source_id", SV_SOURCE}, {"lang", SV_LANG},
		{"lang_id", SV_LANG},    {"tags", SV_TAG}, {"tag_ids", SV_TAG}, {"tag_id", SV_TAG},
	};
	for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
		if (strlen(alias[i].name) == n && strncmp(alias[i].name, s, n) == 0)
			return alias[i].var;
	return -1;
}

/* Parse a comma list; unknown names: -(position) when strict, ignored else. */
static int parse_vars(const char *s, bool strict, unsigned *vars)
{
	*vars = 0;
	if (!s)
		return 0;
	const char *p = s;
	while (*p) {
		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		const char *b = p;
		while (*p && *p != ',' && !isspace((unsigned char)*p))
			p++;
		if (p == b)
			break;
		int v = var_from_name(b, (size_t)(p - b));
		if (v < 0) {
			if (strict)
				return -1;
			continue;
		}
		*vars |= 1u << v;
	}
	return 0;
}

static bool valid_date(const char *s)
{
	int y, m, d;
	char tail;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return false;
	return y >= 1970 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int scoring_config_load(struct db *db, struct scoring_config *out)
{
	memset(out, 0, sizeof *out);
	struct arena a;
	arena_init(&a, 1024);
	struct db_rows r;
	int rc = db_query(db, &a, &r,
			  "SELECT k, v FROM setting WHERE k IN ('scoring_fields', 'scoring_start_date')", "");
	if (rc == 0) {
		bool have_fields = false;
		for (size_t i = 0; i < r.nrows; i++) {
			const char *k = db_get(&r, i, 0), *v = db_get(&r, i, 1);
			if (str_eq(k, "scoring_fields")) {
				parse_vars(v, false, &out->vars);
				have_fields = true;
			} else if (valid_date(v)) {
				str_copy(out->start_date, v, sizeof out->start_date);
			}
		}
		if (!have_fields)
			out->vars = (1u << SV_EMAIL_STATE) | (1u << SV_PHONE_STATE);
	}
	out->vars |= 1u << SV_STAGE;
	arena_free(&a);
	return rc;
}

int scoring_settings_save(struct db *db, const char *fields, const char *start_date,
			  struct err_info *e)
{
	unsigned vars;
	if (fields && strlen(fields) > 200)
		return err_set(e, ERR_INVALID, "scoring_fields", "ScoringFields", "unknown scoring field");
	if (parse_vars(fields, true, &vars) != 0)
		return err_set(e, ERR_INVALID, "scoring_fields", "ScoringFields",
			       "unknown scoring field (use country, state, email_state, phone_state, source, lang, tags)");
	if (start_date && *start_date && !valid_date(start_date))
		return err_set(e, ERR_INVALID, "scoring_start_date", "BadDate", "the start date must be YYYY-MM-DD");
	char norm[128] = "";
	for (int v = SV_COUNTRY; v < SV_COUNT; v++)
		if (vars & (1u << v)) {
			size_t l = strlen(norm);
			snprintf(norm + l, sizeof norm - l, "%s%s", l ? "," : "", scoring_setting_names[v]);
		}
	int rc = settings_set(db, "scoring_fields", norm);
	if (!rc)
		rc = settings_set(db, "scoring_start_date", start_date ? start_date : "");
	return rc;
}

/* ---- the model in memory ---------------------------------------------------- */

struct fentry {
	int64_t team;
	int var;
	char *value;
	double won, lost;
	struct fentry *next;
};

struct partition {
	int64_t team;
	double W, L;
	double tw[SV_COUNT], tl[SV_COUNT]; /* per-variable totals */
};

struct stage_info {
	int64_t id;
	int seq;
	bool won, global;
};

struct scoring_model {
	struct arena a;
	unsigned vars;
	struct fentry **buckets;
	size_t nbuckets;
	struct partition *parts; /* teams with rows, then the pool (team -1) */
	size_t nparts;
	struct stage_info *stages;
	size_t nstages;
	int64_t first_stage;     /* first global stage (sequence, id), 0 if none */
};

static uint64_t hkey(int64_t team, int var, const char *v)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)team * 0x9E3779B97F4A7C15ULL ^ (uint64_t)var;
	for (; *v; v++) {
		h ^= (unsigned char)*v;
		h *= 1099511628211ULL;
	}
	return h;
}

static struct fentry *mfind(const struct scoring_model *m, int64_t team, int var, const char *v)
{
	for (struct fentry *f = m->buckets[hkey(team, var, v) & (m->nbuckets - 1)]; f; f = f->next)
		if (f->team == team && f->var == var && strcmp(f->value, v) == 0)
			return f;
	return NULL;
}

static struct fentry *madd(struct scoring_model *m, int64_t team, int var, const char *v)
{
	struct fentry *f = mfind(m, team, var, v);
	if (f)
		return f;
	f = arena_alloc(&m->a, sizeof *f);
	f->team = team;
	f->var = var;
	f->value = arena_strdup(&m->a, v);
	size_t b = hkey(team, var, v) & (m->nbuckets - 1);
	f->next = m->buckets[b];
	m->buckets[b] = f;
	return f;
}

static struct partition *mpart(const struct scoring_model *m, int64_t team)
{
	for (size_t i = 0; i < m->nparts; i++)
		if (m->parts[i].team == team)
			return &m->parts[i];
	return NULL;
}

static int load_stages(struct db *db, struct arena *a, struct stage_info **out, size_t *n,
		       int64_t *first)
{
	struct db_rows r;
	int rc = db_query(db, a, &r, "SELECT id, sequence, is_won, team_id IS NULL FROM stage ORDER BY sequence, id", "");
	if (rc)
		return rc;
	*out = arena_alloc(a, (r.nrows + 1) * sizeof **out);
	*n = r.nrows;
	*first = 0;
	for (size_t i = 0; i < r.nrows; i++) {
		(*out)[i] = (struct stage_info){db_get_i64(&r, i, 0), (int)db_get_i64(&r, i, 1),
						db_get_i64(&r, i, 2) != 0, db_get_i64(&r, i, 3) != 0};
		if (!*first && (*out)[i].global)
			*first = (*out)[i].id;
	}
	return 0;
}

static const struct stage_info *stage_of(const struct stage_info *s, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (s[i].id == id)
			return &s[i];
	return NULL;
}

int scoring_model_load(struct db *db, const struct scoring_config *cfg, struct scoring_model **out)
{
	struct scoring_model *m = calloc(1, sizeof *m);
	if (!m)
		return ERR_NOMEM;
	arena_init(&m->a, 64 * 1024);
	m->vars = cfg->vars | (1u << SV_STAGE);
	int rc = load_stages(db, &m->a, &m->stages, &m->nstages, &m->first_stage);
	struct db_rows r;
	if (!rc)
		rc = db_query(db, &m->a, &r,
			      "SELECT team_id, variable, value, won_count, lost_count FROM scoring_frequency "
			      "ORDER BY team_id, variable, value", "");
	if (rc) {
		scoring_model_free(m);
		return rc;
	}
	m->nbuckets = 64;
	while (m->nbuckets < r.nrows * 4 + 64)
		m->nbuckets *= 2;
	m->buckets = arena_alloc(&m->a, m->nbuckets * sizeof *m->buckets);
	m->parts = arena_alloc(&m->a, (r.nrows + 2) * sizeof *m->parts);
	m->parts[0].team = -1; /* the pool */
	m->nparts = 1;
	for (size_t i = 0; i < r.nrows; i++) {
		int64_t team = db_get_i64(&r, i, 0);
		const char *var = db_get(&r, i, 1), *val = db_get(&r, i, 2);
		int v = -1;
		for (int k = 0; k < SV_COUNT; k++)
			if (str_eq(var, scoring_var_names[k]))
				v = k;
		if (v < 0 || !(m->vars & (1u << v)) || !val)
			continue;
		double w = strtod(db_get(&r, i, 3), NULL), l = strtod(db_get(&r, i, 4), NULL);
		/* A tag seen on fewer than 50 closed leads says nothing. */
		if (v == SV_TAG && w + l < 50)
			continue;
		if (team != 0) { /* no-team rows only feed the pool */
			struct partition *p = mpart(m, team);
			if (!p) {
				p = &m->parts[m->nparts++];
				p->team = team;
			}
			struct fentry *f = madd(m, team, v, val);
			f->won = w;
			f->lost = l;
			p->tw[v] += w;
			p->tl[v] += l;
		}
		struct fentry *g = madd(m, -1, v, val);
		g->won += w;
		g->lost += l;
		m->parts[0].tw[v] += w;
		m->parts[0].tl[v] += l;
	}
	/* Totals W, L: the first global stage's row of each partition. */
	char first[32];
	snprintf(first, sizeof first, "%lld", (long long)m->first_stage);
	for (size_t i = 0; i < m->nparts; i++) {
		struct fentry *f = m->first_stage ? mfind(m, m->parts[i].team, SV_STAGE, first) : NULL;
		m->parts[i].W = f ? f->won : 0;
		m->parts[i].L = f ? f->lost : 0;
	}
	*out = m;
	return 0;
}

void scoring_model_free(struct scoring_model *m)
{
	if (!m)
		return;
	arena_free(&m->a);
	free(m);
}

int64_t scoring_round_e2(double p)
{
	char b[64];
	/* glibc prints the exact binary value rounded half-to-even, as
	 * Python's round(x, 2) does. */
	snprintf(b, sizeof b, "%.2f", 100.0 * p);
	int64_t e2 = 0;
	bool neg = b[0] == '-';
	for (const char *s = b + neg; *s; s++)
		if (isdigit((unsigned char)*s))
			e2 = e2 * 10 + (*s - '0');
	if (neg)
		e2 = -e2;
	if (e2 < 1)
		e2 = 1;
	if (e2 > 9999)
		e2 = 9999;
	return e2;
}

int64_t scoring_model_probability(const struct scoring_model *m, const struct scoring_lead *l,
				  struct scoring_explain *ex)
{
	struct scoring_explain dummy;
	if (!ex)
		ex = &dummy;
	memset(ex, 0, sizeof *ex);
	if (!l->stage_id) {
		ex->status = 1;
		return ex->e2 = 0;
	}
	const struct stage_info *st = stage_of(m->stages, m->nstages, l->stage_id);
	if (st && st->won) {
		ex->status = 2;
		return ex->e2 = 10000;
	}
	const struct partition *p = l->team_id ? mpart(m, l->team_id) : NULL;
	if (!p)
		p = &m->parts[0];
	ex->partition = p->team;
	ex->W = p->W;
	ex->L = p->L;
	if (p->W == 0 || p->L == 0) {
		ex->status = 3;
		return ex->e2 = -1;
	}
	double sw = p->W / (p->W + p->L), sl = p->L / (p->W + p->L);
	ex->prior = sw;
	char sid[32];
	snprintf(sid, sizeof sid, "%lld", (long long)l->stage_id);
	const char *vals[SV_COUNT + 64];
	int vars[SV_COUNT + 64];
	size_t n = 0;
	vals[n] = sid;
	vars[n++] = SV_STAGE;
	for (int v = SV_COUNTRY; v <= SV_LANG; v++)
		if ((m->vars & (1u << v)) && l->vals[v] && *l->vals[v]) {
			vals[n] = l->vals[v];
			vars[n++] = v;
		}
	char tagbuf[64][24];
	if (m->vars & (1u << SV_TAG))
		for (size_t i = 0; i < l->ntags && i < 64; i++) {
			snprintf(tagbuf[i], sizeof tagbuf[i], "%lld", (long long)l->tags[i]);
			vals[n] = tagbuf[i];
			vars[n++] = SV_TAG;
		}
	for (size_t i = 0; i < n; i++) {
		int v = vars[i];
		struct scoring_factor *f = &ex->f[ex->nf++];
		f->var = v;
		f->value = vals[i];
		f->factor = 1;
		const struct fentry *e = mfind(m, p->team, v, vals[i]);
		double tw = v == SV_STAGE ? p->W : p->tw[v], tl = v == SV_STAGE ? p->L : p->tl[v];
		f->won_total = tw;
		f->lost_total = tl;
		if (!e) {
			f->skipped = "no_row";
			continue;
		}
		f->won = e->won;
		f->lost = e->lost;
		if (tw == 0 || tl == 0) {
			f->skipped = "no_total";
			continue;
		}
		sw *= e->won / tw;
		sl *= e->lost / tl;
		f->factor = (e->won / tw) / (e->lost / tl);
	}
	ex->status = 0;
	return ex->e2 = scoring_round_e2(sw / (sw + sl));
}

/* ---- reading leads ------------------------------------------------------------- */

/* The SELECT list after "l.id, team, stage": one column per configured
 * variable (NULL for the others), then tags as "1,5,9". */
static char *lead_columns(struct arena *a, unsigned vars)
{
	struct buf b;
	buf_init(&b);
	for (int v = SV_COUNTRY; v <= SV_LANG; v++)
		buf_printf(&b, ", %s", (vars & (1u << v)) ? var_sql[v] : "NULL");
	buf_adds(&b, (vars & (1u << SV_TAG))
			     ? ", (SELECT GROUP_CONCAT(lt.tag_id ORDER BY lt.tag_id) FROM lead_tag lt WHERE lt.lead_id = l.id)"
			     : ", NULL");
	char *s = arena_strdup(a, b.p);
	buf_free(&b);
	return s;
}

/* Fill a scoring_lead from row i whose columns start at col (team, stage,
 * then the variables and tags as lead_columns() lists them). */
static void lead_from_row(struct arena *a, const struct db_rows *r, size_t i, size_t col,
			  struct scoring_lead *l)
{
	memset(l, 0, sizeof *l);
	l->team_id = db_get(r, i, col) ? db_get_i64(r, i, col) : 0;
	l->stage_id = db_get(r, i, col + 1) ? db_get_i64(r, i, col + 1) : 0;
	for (int v = SV_COUNTRY; v <= SV_LANG; v++)
		l->vals[v] = db_get(r, i, col + 2 + (size_t)(v - SV_COUNTRY));
	const char *tags = db_get(r, i, col + 2 + (SV_LANG - SV_COUNTRY + 1));
	if (tags && *tags) {
		size_t n = 1;
		for (const char *s = tags; *s; s++)
			n += *s == ',';
		int64_t *t = arena_alloc(a, n * sizeof *t);
		size_t k = 0;
		for (const char *s = tags; *s && k < n;) {
			t[k++] = strtoll(s, NULL, 10);
			s = strchr(s, ',');
			if (!s)
				break;
			s++;
		}
		l->tags = t;
		l->ntags = k;
	}
}

/* ---- live increments ------------------------------------------------------------- */

/* Add step (+1 / -1) won or lost for one lead's values (Odoo 8.5). */
static int apply_delta(struct db *db, struct arena *a, const struct scoring_config *cfg,
		       const struct stage_info *stages, size_t nstages, int64_t team,
		       const struct stage_info *lead_stage, const struct scoring_lead *l, bool won,
		       int step)
{
	/* (variable, value) pairs as a JSON array for one statement. */
	struct buf j;
	buf_init(&j);
	buf_addc(&j, '[');
	size_t n = 0;
#define ADD(var, val)                                                                      \
	do {                                                                               \
		buf_printf(&j, "%s[\"%s\",\"", n++ ? "," : "", scoring_var_names[var]);      \
		for (const char *s_ = (val); *s_; s_++) {                                  \
			if (*s_ == '"' || *s_ == '\\')                                     \
				buf_addc(&j, '\\');                                        \
			if ((unsigned char)*s_ < 0x20)                                     \
				buf_printf(&j, "\\u%04x", (unsigned char)*s_);               \
			else                                                               \
				buf_addc(&j, *s_);                                         \
		}                                                                          \
		buf_adds(&j, "\"]");                                                       \
	} while (0)
	if (lead_stage) {
		for (size_t i = 0; i < nstages; i++)
			if (won || stages[i].seq <= lead_stage->seq) {
				char id[24];
				snprintf(id, sizeof id, "%lld", (long long)stages[i].id);
				ADD(SV_STAGE, id);
			}
	}
	for (int v = SV_COUNTRY; v <= SV_LANG; v++)
		if ((cfg->vars & (1u << v)) && l->vals[v] && *l->vals[v])
			ADD(v, l->vals[v]);
	if (cfg->vars & (1u << SV_TAG))
		for (size_t i = 0; i < l->ntags; i++) {
			char id[24];
			snprintf(id, sizeof id, "%lld", (long long)l->tags[i]);
			ADD(SV_TAG, id);
		}
#undef ADD
	buf_addc(&j, ']');
	(void)a;
	int64_t r = 0;
	if (n == 0)
		goto out;
	if (step > 0)
		r = db_exec(db,
			    won ? "INSERT INTO scoring_frequency (team_id, variable, value, won_count, lost_count) "
				  "SELECT ?, j.var, j.val, 1.1, 0.1 FROM JSON_TABLE(?, '$[*]' COLUMNS ("
				  "var VARCHAR(16) PATH '$[0]', val VARCHAR(128) PATH '$[1]')) j "
				  "ORDER BY j.var, j.val "
				  "ON DUPLICATE KEY UPDATE won_count = won_count + 1"
				: "INSERT INTO scoring_frequency (team_id, variable, value, won_count, lost_count) "
				  "SELECT ?, j.var, j.val, 0.1, 1.1 FROM JSON_TABLE(?, '$[*]' COLUMNS ("
				  "var VARCHAR(16) PATH '$[0]', val VARCHAR(128) PATH '$[1]')) j "
				  "ORDER BY j.var, j.val "
				  "ON DUPLICATE KEY UPDATE lost_count = lost_count + 1",
			    "is", team, j.p);
	else {
		r = db_exec(db,
			    won ? "UPDATE scoring_frequency f JOIN JSON_TABLE(?, '$[*]' COLUMNS ("
				  "var VARCHAR(16) PATH '$[0]', val VARCHAR(128) PATH '$[1]')) j "
				  "ON f.variable = j.var AND f.value = j.val "
				  "SET f.won_count = GREATEST(f.won_count - 1, 0.1) WHERE f.team_id = ?"
				: "UPDATE scoring_frequency f JOIN JSON_TABLE(?, '$[*]' COLUMNS ("
				  "var VARCHAR(16) PATH '$[0]', val VARCHAR(128) PATH '$[1]')) j "
				  "ON f.variable = j.var AND f.value = j.val "
				  "SET f.lost_count = GREATEST(f.lost_count - 1, 0.1) WHERE f.team_id = ?",
			    "si", j.p, team);
		/* A row back to 0.1 / 0.1 counts no closed lead: a rebuild
		 * would not have it. */
		if (r > 0)
			r = db_exec(db, "DELETE FROM scoring_frequency WHERE team_id = ? AND won_count <= 0.1 "
					"AND lost_count <= 0.1", "i", team);
	}
out:
	buf_free(&j);
	return r < 0 ? (int)r : 0;
}

/* The lead's current state for increments. */
struct lead_state {
	bool found, counts, active;
	int64_t probability_e2;
	int64_t stage_id;
	struct scoring_lead sl;
};

static int read_lead(struct db *db, struct arena *a, const struct scoring_config *cfg,
		     int64_t id, struct lead_state *ls)
{
	memset(ls, 0, sizeof *ls);
	char *sql = arena_printf(a,
				 "SELECT l.active, ROUND(l.probability * 100), (? = '' OR l.create_date >= ?), "
				 "COALESCE(l.team_id, 0), l.stage_id%s FROM crm_lead l WHERE l.id = ?",
				 lead_columns(a, cfg->vars));
	struct db_rows r;
	int rc = db_query1(db, a, &r, sql, "ssi", cfg->start_date, cfg->start_date, id);
	if (rc == ERR_NOTFOUND)
		return 0;
	if (rc)
		return rc;
	ls->found = true;
	ls->active = db_get_i64(&r, 0, 0) != 0;
	ls->probability_e2 = db_get_i64(&r, 0, 1);
	ls->counts = db_get_i64(&r, 0, 2) != 0;
	lead_from_row(a, &r, 0, 3, &ls->sl);
	ls->stage_id = ls->sl.stage_id;
	return 0;
}

/* Everything an increment decides on, in one statement: the settings, the
 * lead's values, its stage and the target stage. */
static int read_for_write(struct db *db, struct arena *a, int64_t lead_id, int64_t new_stage_id,
			  struct scoring_config *cfg, struct lead_state *ls, struct stage_info *cur,
			  struct stage_info *to)
{
	memset(ls, 0, sizeof *ls);
	memset(cfg, 0, sizeof *cfg);
	/* Every variable is read (cheap); the configured ones are used. */
	unsigned all = ~0u;
	char *sql = arena_printf(a,
				 "SELECT l.active, ROUND(l.probability * 100), DATE_FORMAT(l.create_date, '%%Y-%%m-%%d'), "
				 "(SELECT v FROM setting WHERE k = 'scoring_fields'), "
				 "(SELECT v FROM setting WHERE k = 'scoring_start_date'), "
				 "cs.id, cs.sequence, cs.is_won, ns.id, ns.sequence, ns.is_won, "
				 "COALESCE(l.team_id, 0), l.stage_id%s FROM crm_lead l "
				 "LEFT JOIN stage cs ON cs.id = l.stage_id LEFT JOIN stage ns ON ns.id = ? WHERE l.id = ?",
				 lead_columns(a, all));
	struct db_rows r;
	int rc = db_query1(db, a, &r, sql, "ii", new_stage_id, lead_id);
	if (rc == ERR_NOTFOUND)
		return 0;
	if (rc)
		return rc;
	ls->found = true;
	ls->active = db_get_i64(&r, 0, 0) != 0;
	ls->probability_e2 = db_get_i64(&r, 0, 1);
	const char *fields = db_get(&r, 0, 3), *start = db_get(&r, 0, 4);
	if (fields)
		parse_vars(fields, false, &cfg->vars);
	else
		cfg->vars = (1u << SV_EMAIL_STATE) | (1u << SV_PHONE_STATE);
	cfg->vars |= 1u << SV_STAGE;
	if (valid_date(start))
		str_copy(cfg->start_date, start, sizeof cfg->start_date);
	ls->counts = !cfg->start_date[0] || strcmp(db_get(&r, 0, 2), cfg->start_date) >= 0;
	if (db_get(&r, 0, 5))
		*cur = (struct stage_info){db_get_i64(&r, 0, 5), (int)db_get_i64(&r, 0, 6), db_get_i64(&r, 0, 7) != 0, false};
	if (db_get(&r, 0, 8))
		*to = (struct stage_info){db_get_i64(&r, 0, 8), (int)db_get_i64(&r, 0, 9), db_get_i64(&r, 0, 10) != 0, false};
	lead_from_row(a, &r, 0, 11, &ls->sl);
	ls->stage_id = ls->sl.stage_id;
	return 0;
}

int scoring_before_write(struct db *db, int64_t lead_id, int64_t new_stage_id, int new_active)
{
	struct scoring_config cfg;
	struct arena a;
	arena_init(&a, 8192);
	struct lead_state ls;
	struct stage_info cs = {0}, ns = {0};
	struct stage_info *stages = NULL;
	size_t nstages = 0;
	int rc = read_for_write(db, &a, lead_id, new_stage_id > 0 ? new_stage_id : 0, &cfg, &ls, &cs, &ns);
	if (rc || !ls.found || !ls.counts)
		goto out;
	const struct stage_info *cur = cs.id ? &cs : NULL;
	const struct stage_info *to = ns.id ? &ns : NULL;
	bool cur_won = cur && cur->won;
	bool lost = !ls.active && ls.probability_e2 == 0;
	bool reach_won = false, leave_won = false, reach_lost = false, leave_lost = false;
	if (to && to->id != ls.stage_id) {
		if (to->won) {
			if (!cur_won) {
				reach_won = true;
				leave_lost = lost;
			}
		} else if (cur_won && ls.active) {
			leave_won = true;
		}
	}
	if (new_active == 0 && ls.active) {
		reach_lost = true;
		if (cur_won && !leave_won)
			leave_won = true;
	} else if (new_active == 1 && !ls.active && lost && !leave_lost) {
		leave_lost = true;
		/* Restored in a won stage: it is won again (probability 100). */
		if (cur_won && !reach_won)
			reach_won = true;
	}
	if (!(reach_won || leave_won || reach_lost || leave_lost))
		goto out;
	/* The stages, read under the share lock: increments run side by side,
	 * a rebuild's learning phase (exclusive) never interleaves with one. */
	struct db_rows r;
	if ((rc = db_query(db, &a, &r,
			   "SELECT s.id, s.sequence, s.is_won, s.team_id IS NULL FROM scoring_lock k JOIN stage s "
			   "WHERE k.id = 1 ORDER BY s.sequence, s.id LOCK IN SHARE MODE", "")))
		goto out;
	stages = arena_alloc(&a, (r.nrows + 1) * sizeof *stages);
	nstages = r.nrows;
	for (size_t i = 0; i < r.nrows; i++)
		stages[i] = (struct stage_info){db_get_i64(&r, i, 0), (int)db_get_i64(&r, i, 1), db_get_i64(&r, i, 2) != 0,
						db_get_i64(&r, i, 3) != 0};
	int64_t team = ls.sl.team_id;
	/* Decrements first, in a fixed order, then increments. */
	if (leave_won && (rc = apply_delta(db, &a, &cfg, stages, nstages, team, cur, &ls.sl, true, -1)))
		goto out;
	if (leave_lost && (rc = apply_delta(db, &a, &cfg, stages, nstages, team, cur, &ls.sl, false, -1)))
		goto out;
	if (reach_won && (rc = apply_delta(db, &a, &cfg, stages, nstages, team, to ? to : cur, &ls.sl, true, 1)))
		goto out;
	if (reach_lost && (rc = apply_delta(db, &a, &cfg, stages, nstages, team, cur, &ls.sl, false, 1)))
		goto out;
out:
	arena_free(&a);
	return rc;
}

int scoring_on_close(struct db *db, int64_t lead_id, bool won, int64_t won_stage_id)
{
	return won ? scoring_before_write(db, lead_id, won_stage_id, -1)
		   : scoring_before_write(db, lead_id, 0, 0);
}

int scoring_on_restore(struct db *db, int64_t lead_id)
{
	return scoring_before_write(db, lead_id, 0, 1);
}

int scoring_on_stage_change(struct db *db, int64_t lead_id, int64_t old_stage, int64_t new_stage)
{
	if (old_stage == new_stage)
		return 0;
	return scoring_before_write(db, lead_id, new_stage, -1);
}

/* ---- rescoring ----------------------------------------------------------------------- */

static void e2_str(int64_t e2, char out[48])
{
	snprintf(out, 48, "%lld.%02lld", (long long)(e2 / 100), (long long)(e2 % 100));
}

int scoring_rescore_lead(struct db *db, int64_t lead_id, int64_t *out_e2)
{
	if (out_e2)
		*out_e2 = -1;
	struct scoring_config cfg;
	int rc = scoring_config_load(db, &cfg);
	if (rc)
		return rc;
	struct arena a;
	arena_init(&a, 8192);
	struct scoring_model *m = NULL;
	struct lead_state ls;
	if ((rc = read_lead(db, &a, &cfg, lead_id, &ls)))
		goto out;
	if (!ls.found) {
		rc = ERR_NOTFOUND;
		goto out;
	}
	/* A lost or archived lead is never rescored by an edit (Odoo bug
	 * 67618: it would turn "archived but not lost"). */
	if (!ls.active)
		goto out;
	if ((rc = scoring_model_load(db, &cfg, &m)))
		goto out;
	int64_t e2 = scoring_model_probability(m, &ls.sl, NULL);
	if (out_e2)
		*out_e2 = e2;
	if (e2 < 0)
		goto out;
	char p[48];
	e2_str(e2, p);
	int64_t r;
	if (e2 == 10000)
		r = db_exec(db, "UPDATE crm_lead SET automated_probability = 100, probability = 100 "
				"WHERE id = ? AND active = 1", "i", lead_id);
	else
		r = db_exec(db, "UPDATE crm_lead SET automated_probability = ?, "
				"probability = IF(probability_manual = 1, probability, ?) WHERE id = ? AND active = 1",
			    "ssi", p, p, lead_id);
	rc = r < 0 ? (int)r : 0;
out:
	scoring_model_free(m);
	arena_free(&a);
	return rc;
}

int scoring_set_automatic(struct db *db, int64_t lead_id, int64_t *e2)
{
	int64_t r = db_exec(db, "UPDATE crm_lead SET probability = automated_probability, probability_manual = 0 "
				"WHERE id = ? AND active = 1", "i", lead_id);
	if (r < 0)
		return (int)r;
	int64_t v = -1;
	int rc = db_int(db, &v, -1, "SELECT ROUND(probability * 100) FROM crm_lead WHERE id = ? AND active = 1", "i",
			lead_id);
	if (rc)
		return rc;
	if (e2)
		*e2 = v;
	return v < 0 ? ERR_NOTFOUND : 0;
}

int scoring_team_deleted(struct db *db, int64_t team_id)
{
	if (team_id <= 0)
		return 0;
	/* Both rows carry the initial 0.1: keep one. */
	int64_t r = db_exec(db,
			    "INSERT INTO scoring_frequency (team_id, variable, value, won_count, lost_count) "
			    "SELECT 0, variable, value, won_count, lost_count FROM scoring_frequency f "
			    "WHERE f.team_id = ? ORDER BY variable, value ON DUPLICATE KEY UPDATE "
			    "won_count = GREATEST(scoring_frequency.won_count + VALUES(won_count) - 0.1, 0.1), "
			    "lost_count = GREATEST(scoring_frequency.lost_count + VALUES(lost_count) - 0.1, 0.1)",
			    "i", team_id);
	if (r >= 0)
		r = db_exec(db, "DELETE FROM scoring_frequency WHERE team_id = ?", "i", team_id);
	return r < 0 ? (int)r : 0;
}

/* ---- rebuild ---------------------------------------------------------------------------- */

#define CLOSED "(l.probability = 100 OR (l.probability = 0 AND l.active = 0))"

struct learn {
	struct buf json;     /* [[team, var, value, won, lost], ...] */
	size_t n;
};

static void learn_add(struct learn *L, int64_t team, int var, const char *val, int64_t won,
		      int64_t lost)
{
	if (won <= 0 && lost <= 0)
		return;
	buf_printf(&L->json, "%s[%lld,\"%s\",\"", L->n++ ? "," : "[", (long long)team, scoring_var_names[var]);
	for (const char *s = val; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(&L->json, '\\');
		if ((unsigned char)*s < 0x20)
			buf_printf(&L->json, "\\u%04x", (unsigned char)*s);
		else
			buf_addc(&L->json, *s);
	}
	buf_printf(&L->json, "\",%lld,%lld]", (long long)won, (long long)lost);
}

/* Per (team, variable, value) counts summed over the groups of the
 * learning scan. Values compare as the column's utf8mb4_bin does (trailing
 * spaces ignored, PAD SPACE): one row per value, as a GROUP BY gives. */
struct lcount {
	int64_t team;
	int var;
	const char *val;
	size_t len;           /* without trailing spaces */
	int64_t won, lost;
	struct lcount *next;
};

struct lcounts {
	struct lcount **b;
	size_t nb, n;
};

static void lcounts_init(struct arena *a, struct lcounts *c, size_t n)
{
	c->nb = 64;
	while (c->nb < n * 2)
		c->nb *= 2;
	c->b = arena_alloc(a, c->nb * sizeof *c->b);
	c->n = 0;
}

static void lcounts_add(struct arena *a, struct lcounts *c, int64_t team, int var, const char *val,
			int64_t won, int64_t lost)
{
	size_t len = strlen(val);
	while (len && val[len - 1] == ' ')
		len--;
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)team * 0x9E3779B97F4A7C15ULL ^ (uint64_t)var;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)val[i];
		h *= 1099511628211ULL;
	}
	struct lcount **slot = &c->b[h & (c->nb - 1)], *e;
	for (e = *slot; e; e = e->next)
		if (e->team == team && e->var == var && e->len == len && memcmp(e->val, val, len) == 0)
			break;
	if (!e) {
		e = arena_alloc(a, sizeof *e);
		*e = (struct lcount){team, var, arena_strdup(a, val), len, 0, 0, *slot};
		*slot = e;
		c->n++;
	}
	e->won += won;
	e->lost += lost;
}

static int cmp_lcount(const void *x, const void *y)
{
	const struct lcount *a = *(const struct lcount *const *)x, *b = *(const struct lcount *const *)y;
	if (a->team != b->team)
		return a->team < b->team ? -1 : 1;
	int c = memcmp(a->val, b->val, a->len < b->len ? a->len : b->len);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* The entries of one variable, by team then value. */
static struct lcount **lcounts_sorted(struct arena *a, const struct lcounts *c, int var, size_t *n)
{
	struct lcount **out = arena_alloc(a, (c->n + 1) * sizeof *out);
	*n = 0;
	for (size_t i = 0; i < c->nb; i++)
		for (struct lcount *e = c->b[i]; e; e = e->next)
			if (e->var == var)
				out[(*n)++] = e;
	qsort(out, *n, sizeof *out, cmp_lcount);
	return out;
}

struct stage_row {
	int64_t team;
	int seq;
	int64_t won, lost;
};

static int cmp_stage_row(const void *x, const void *y)
{
	const struct stage_row *a = x, *b = y;
	if (a->team != b->team)
		return a->team < b->team ? -1 : 1;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

static int learn_phase(struct db *db, struct arena *a, const struct scoring_config *cfg,
		       struct scoring_stats *st)
{
	struct learn L;
	buf_init(&L.json);
	L.n = 0;
	struct db_rows r;
	struct stage_info *stages;
	size_t nstages;
	int64_t first;
	const char *sd = cfg->start_date;
	int rc;
	/* The exclusive lock waits for running increments and holds new ones
	 * until the table is swapped; the reads below are consistent reads
	 * of a snapshot taken after it (no lock on crm_lead). */
	if ((rc = db_query(db, a, &r, "SELECT id FROM scoring_lock WHERE id = 1 FOR UPDATE", "")))
		goto out;
	if ((rc = load_stages(db, a, &stages, &nstages, &first)))
		goto out;
	/* One scan of the closed leads, grouped by team, stage sequence,
	 * outcome and every configured variable's value (a few thousand
	 * groups at most in practice: the values are categories); the
	 * per-variable counts are summed here. Tags, one row per lead and
	 * tag, have their own scan of lead_tag. */
	struct buf q;
	buf_init(&q);
	buf_adds(&q, "SELECT COALESCE(l.team_id, 0), s.sequence, l.probability = 100");
	for (int v = SV_COUNTRY; v <= SV_LANG; v++)
		if (cfg->vars & (1u << v))
			buf_printf(&q, ", CAST(%s AS CHAR CHARACTER SET utf8mb4) COLLATE utf8mb4_bin", var_sql[v]);
		else
			buf_adds(&q, ", NULL");
	buf_adds(&q, ", COUNT(*) FROM crm_lead l LEFT JOIN stage s ON s.id = l.stage_id WHERE " CLOSED
		     " AND (? = '' OR l.create_date >= ?) GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 ORDER BY NULL");
	rc = db_query(db, a, &r, arena_strdup(a, q.p), "ss", sd, sd);
	buf_free(&q);
	if (rc)
		goto out;
	const size_t ncol = 3 + (SV_LANG - SV_COUNTRY + 1);
	struct lcounts lc;
	lcounts_init(a, &lc, r.nrows * (SV_LANG - SV_COUNTRY + 1));
	struct stage_row *sr = arena_alloc(a, (r.nrows + 1) * sizeof *sr);
	size_t nsr = 0;
	st->won = st->lost = 0;
	for (size_t i = 0; i < r.nrows; i++) {
		int64_t team = db_get_i64(&r, i, 0), n = db_get_i64(&r, i, ncol);
		bool won = db_get_i64(&r, i, 2) != 0;
		*(won ? &st->won : &st->lost) += n;
		if (db_get(&r, i, 1))
			sr[nsr++] = (struct stage_row){team, (int)db_get_i64(&r, i, 1), won ? n : 0, won ? 0 : n};
		for (int v = SV_COUNTRY; v <= SV_LANG; v++) {
			const char *val = db_get(&r, i, 3 + (size_t)(v - SV_COUNTRY));
			if (val)
				lcounts_add(a, &lc, team, v, val, won ? n : 0, won ? 0 : n);
		}
	}
	/* Stages reached: per team, won leads with a stage, lost ones per
	 * sequence of the stage they were lost in. */
	qsort(sr, nsr, sizeof *sr, cmp_stage_row);
	for (size_t i = 0; i < nsr;) {
		int64_t team = sr[i].team;
		size_t j = i;
		int64_t won = 0;
		while (j < nsr && sr[j].team == team)
			won += sr[j++].won;
		for (size_t s = 0; s < nstages; s++) {
			int64_t lost = 0;
			for (size_t k = i; k < j; k++)
				if (sr[k].seq >= stages[s].seq)
					lost += sr[k].lost;
			char id[24];
			snprintf(id, sizeof id, "%lld", (long long)stages[s].id);
			learn_add(&L, team, SV_STAGE, id, won, lost);
		}
		i = j;
	}
	for (int v = SV_COUNTRY; v <= SV_LANG; v++) {
		if (!(cfg->vars & (1u << v)))
			continue;
		size_t ne;
		struct lcount **e = lcounts_sorted(a, &lc, v, &ne);
		for (size_t i = 0; i < ne; i++)
			if (*e[i]->val && strlen(e[i]->val) <= 128)
				learn_add(&L, e[i]->team, v, e[i]->val, e[i]->won, e[i]->lost);
	}
	if (cfg->vars & (1u << SV_TAG)) {
		if ((rc = db_query(db, a, &r,
				   "SELECT COALESCE(l.team_id, 0) t, CAST(lt.tag_id AS CHAR) v, SUM(l.probability = 100), "
				   "SUM(l.probability = 0) FROM crm_lead l JOIN lead_tag lt ON lt.lead_id = l.id WHERE " CLOSED
				   " AND (? = '' OR l.create_date >= ?) GROUP BY t, lt.tag_id",
				   "ss", sd, sd)))
			goto out;
		for (size_t i = 0; i < r.nrows; i++) {
			const char *val = db_get(&r, i, 1);
			if (val && *val && strlen(val) <= 128)
				learn_add(&L, db_get_i64(&r, i, 0), SV_TAG, val, db_get_i64(&r, i, 2),
					  db_get_i64(&r, i, 3));
		}
	}
	buf_adds(&L.json, L.n ? "]" : "[]");
	int64_t x = db_exec(db, "DELETE FROM scoring_frequency", "");
	if (x >= 0 && L.n)
		x = db_exec(db,
			    "INSERT INTO scoring_frequency (team_id, variable, value, won_count, lost_count) "
			    "SELECT j.t, j.var, j.val, j.w + 0.1, j.l + 0.1 FROM JSON_TABLE(?, '$[*]' COLUMNS ("
			    "t BIGINT PATH '$[0]', var VARCHAR(16) PATH '$[1]', val VARCHAR(128) PATH '$[2]', "
			    "w BIGINT PATH '$[3]', l BIGINT PATH '$[4]')) j",
			    "s", L.json.p);
	rc = x < 0 ? (int)x : 0;
	st->rows = (int64_t)L.n;
out:
	buf_free(&L.json);
	return rc;
}

struct learn_arg {
	struct arena *a;
	const struct scoring_config *cfg;
	struct scoring_stats *st;
};

static int learn_tx(struct db *db, void *arg)
{
	struct learn_arg *la = arg;
	return learn_phase(db, la->a, la->cfg, la->st);
}

/* The rescoring phase, shared by its workers (one per connection). */
struct rescore {
	const struct scoring_model *m;
	const char *sql;         /* one batch: ids in (after, hi), LIMIT batch */
	const char *sd;
	size_t batch;
	int64_t lo, hi, width;   /* candidate ids, and the chunk each worker takes */
	int64_t next;            /* next chunk's first id */
	int64_t done, total;
	double t0;
	struct scoring_stats *st;
	scoring_progress_fn progress;
	void *arg;
	pthread_mutex_t mu;
	int rc;
};

struct rescore_worker {
	struct rescore *rs;
	struct db *db;
	int rc;
};

/* Rescore the candidates with ids in (after, hi), batch by batch. */
static int rescore_range(struct db *db, struct rescore *rs, int64_t after, int64_t hi, struct buf *j)
{
	int rc = 0;
	for (;;) {
		struct arena ba;
		arena_init(&ba, 1 << 20);
		struct db_rows r;
		rc = db_query(db, &ba, &r, rs->sql, "iissi", after, hi, rs->sd, rs->sd, (int64_t)rs->batch);
		if (rc || r.nrows == 0) {
			arena_free(&ba);
			break;
		}
		buf_reset(j);
		buf_addc(j, '[');
		size_t nj = 0;
		int64_t unscored = 0, updated = 0;
		for (size_t i = 0; i < r.nrows; i++) {
			struct scoring_lead l;
			lead_from_row(&ba, &r, i, 4, &l);
			int64_t e2 = scoring_model_probability(rs->m, &l, NULL);
			if (e2 < 0) {
				unscored++;
				continue;
			}
			int64_t aut = db_get_i64(&r, i, 1), prob = db_get_i64(&r, i, 2);
			bool manual = db_get_i64(&r, i, 3) != 0;
			if (aut == e2 && (manual || prob == e2))
				continue;
			buf_printf(j, "%s[%lld,%lld,%lld]", nj++ ? "," : "", (long long)db_get_i64(&r, i, 0),
				   (long long)e2, (long long)l.stage_id);
		}
		buf_addc(j, ']');
		after = db_get_i64(&r, r.nrows - 1, 0);
		int64_t nrows = (int64_t)r.nrows;
		arena_free(&ba);
		if (nj) {
			/* One short statement per batch; a lead changed meanwhile
			 * (lost, won, moved) is left to the path that changed it.
			 * Retried when chosen as a deadlock victim (connections
			 * whose lead_rev shards coincide). */
			int64_t x = ERR_RETRY;
			for (int attempt = 0; attempt < 5 && x == ERR_RETRY; attempt++)
				x = db_exec(db,
					    "UPDATE crm_lead l JOIN JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT PATH '$[0]', "
					    "e2 INT PATH '$[1]', s BIGINT PATH '$[2]')) b ON b.id = l.id "
					    "SET l.automated_probability = b.e2 / 100, "
					    "l.probability = IF(l.probability_manual = 1, l.probability, b.e2 / 100) "
					    "WHERE l.active = 1 AND l.probability < 100 AND l.stage_id = b.s",
					    "s", j->p);
			if (x < 0) {
				rc = (int)x;
				break;
			}
			updated = x;
		}
		pthread_mutex_lock(&rs->mu);
		rs->done += nrows;
		rs->st->candidates += nrows;
		rs->st->unscored += unscored;
		rs->st->updated += updated;
		rs->st->score_s = now_s() - rs->t0;
		if (rs->progress)
			rs->progress(rs->arg, rs->st, rs->done, rs->total);
		pthread_mutex_unlock(&rs->mu);
	}
	return rc;
}

/* A worker takes chunks of ids until none is left (or another failed). */
static void *rescore_worker(void *arg)
{
	struct rescore_worker *w = arg;
	struct rescore *rs = w->rs;
	struct buf j;
	buf_init(&j);
	for (;;) {
		pthread_mutex_lock(&rs->mu);
		int64_t lo = rs->next;
		bool stop = rs->rc != 0 || lo > rs->hi;
		rs->next = lo + rs->width;
		pthread_mutex_unlock(&rs->mu);
		if (stop)
			break;
		int rc = rescore_range(w->db, rs, lo - 1, lo + rs->width, &j);
		if (rc) {
			w->rc = rc;
			pthread_mutex_lock(&rs->mu);
			rs->rc = rc;
			pthread_mutex_unlock(&rs->mu);
			break;
		}
	}
	buf_free(&j);
	return NULL;
}

int scoring_rebuild(struct db *db, size_t batch, scoring_progress_fn progress, void *arg,
		    struct scoring_stats *st)
{
	return scoring_rebuild_on(&db, 1, batch, progress, arg, st);
}

int scoring_rebuild_on(struct db *const *dbs, size_t ndb, size_t batch, scoring_progress_fn progress,
		       void *arg, struct scoring_stats *st)
{
	memset(st, 0, sizeof *st);
	struct db *db = dbs[0];
	if (ndb < 1)
		ndb = 1;
	if (ndb > SCORING_MAX_CONNECTIONS)
		ndb = SCORING_MAX_CONNECTIONS;
	if (batch == 0)
		batch = 5000;
	struct scoring_config cfg;
	int rc = scoring_config_load(db, &cfg);
	if (rc)
		return rc;
	struct arena a;
	arena_init(&a, 256 * 1024);
	struct scoring_model *m = NULL;
	double t0 = now_s();
	struct learn_arg la = {&a, &cfg, st};
	if ((rc = db_tx(db, learn_tx, &la)))
		goto out;
	st->learn_s = now_s() - t0;
	if ((rc = scoring_model_load(db, &cfg, &m)))
		goto out;
	t0 = now_s();
	const char *sd = cfg.start_date;
	struct db_rows cr;
	if ((rc = db_query1(db, &a, &cr,
			    "SELECT COUNT(*), COALESCE(MIN(l.id), 0), COALESCE(MAX(l.id), 0) FROM crm_lead l "
			    "WHERE l.active = 1 AND l.stage_id IS NOT NULL "
			    "AND l.probability < 100 AND (? = '' OR l.create_date >= ?)",
			    "ss", sd, sd)))
		goto out;
	struct rescore rs = {
		.m = m, .sd = sd, .batch = batch, .total = db_get_i64(&cr, 0, 0), .lo = db_get_i64(&cr, 0, 1),
		.hi = db_get_i64(&cr, 0, 2), .t0 = t0, .st = st, .progress = progress, .arg = arg,
	};
	rs.sql = arena_printf(&a,
			      "SELECT l.id, ROUND(l.automated_probability * 100), ROUND(l.probability * 100), "
			      "l.probability_manual, COALESCE(l.team_id, 0), l.stage_id%s FROM crm_lead l "
			      "WHERE l.id > ? AND l.id < ? AND l.active = 1 AND l.stage_id IS NOT NULL AND l.probability < 100 "
			      "AND (? = '' OR l.create_date >= ?) ORDER BY l.id LIMIT ?",
			      lead_columns(&a, cfg.vars));
	pthread_mutex_init(&rs.mu, NULL);
	/* A million probability updates would each update the report sums
	 * and the team's lead revision through triggers: switch both off for
	 * these sessions, recompute the sums and bump the revisions once at
	 * the end. */
	size_t nw = 0;
	for (; nw < ndb; nw++) {
		int64_t off = db_exec(dbs[nw], "SET @piste_report_sum_off = 1, @piste_lead_rev_off = 1", "");
		if (off < 0) {
			rc = (int)off;
			break;
		}
	}
	if (!rc && ndb == 1) {
		/* One connection: every candidate in one range, in id order. */
		struct buf j;
		buf_init(&j);
		rc = rescore_range(db, &rs, 0, INT64_MAX, &j);
		buf_free(&j);
	} else if (!rc) {
		/* Several connections (a server with several cores): each
		 * takes chunks of ids in turn, the slowest never waits for a
		 * fixed share. */
		int64_t span = rs.hi - rs.lo + 1;
		rs.width = span / (int64_t)(ndb * 16) + 1;
		if (rs.width < (int64_t)batch)
			rs.width = (int64_t)batch;
		rs.next = rs.lo;
		pthread_t th[SCORING_MAX_CONNECTIONS];
		struct rescore_worker w[SCORING_MAX_CONNECTIONS];
		size_t started = 0;
		for (size_t i = 1; i < ndb; i++) {
			w[i] = (struct rescore_worker){&rs, dbs[i], 0};
			if (pthread_create(&th[i], NULL, rescore_worker, &w[i]) != 0)
				break;
			started = i;
		}
		w[0] = (struct rescore_worker){&rs, db, 0};
		rescore_worker(&w[0]);
		for (size_t i = 1; i <= started; i++)
			pthread_join(th[i], NULL);
		rc = rs.rc;
	}
	/* Left set, the flag would keep these sessions' triggers off: report
	 * it (a lost connection clears it, the reconnect opens a new one). */
	for (size_t i = 0; i < nw; i++) {
		int64_t off = db_exec(dbs[i], "SET @piste_report_sum_off = NULL, @piste_lead_rev_off = NULL", "");
		if (off < 0 && !rc)
			rc = (int)off;
	}
	pthread_mutex_destroy(&rs.mu);
	if (!rc && st->updated)
		rc = lead_rev_bump_all(db);
	if (!rc && st->updated)
		rc = report_sum_rebuild(db);
	st->score_s = now_s() - t0;
	if (!rc) {
		struct db_rows r;
		if (db_query1(db, &a, &r, "SELECT DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s')", "") == 0)
			settings_set(db, "scoring_last_rebuild", db_get(&r, 0, 0));
	}
out:
	scoring_model_free(m);
	arena_free(&a);
	return rc;
}

/* ---- explanation ------------------------------------------------------------------------------- */

int scoring_explain_lead(struct db *db, struct arena *a, int64_t lead_id, struct scoring_explain *out)
{
	memset(out, 0, sizeof *out);
	struct scoring_config cfg;
	int rc = scoring_config_load(db, &cfg);
	if (rc)
		return rc;
	struct lead_state ls;
	if ((rc = read_lead(db, a, &cfg, lead_id, &ls)))
		return rc;
	if (!ls.found)
		return ERR_NOTFOUND;
	struct scoring_model *m;
	if ((rc = scoring_model_load(db, &cfg, &m)))
		return rc;
	scoring_model_probability(m, &ls.sl, out);
	/* Copy values out of the model's and the stack's memory; name stages
	 * and tags. */
	for (size_t i = 0; i < out->nf; i++) {
		struct scoring_factor *f = &out->f[i];
		f->value = arena_strdup(a, f->value);
		/* A tag row under 50 closed leads is not in the model: say so. */
		if (f->var == SV_TAG && str_eq(f->skipped, "no_row")) {
			struct db_rows r;
			if (db_query1(db, a, &r, "SELECT won_count, lost_count FROM scoring_frequency WHERE variable = 'tag_id' "
						 "AND value = ? AND (team_id = ? OR ? < 0) LIMIT 1",
				      "sii", f->value, out->partition, out->partition) == 0) {
				f->skipped = "few_closed";
				f->won = strtod(db_get(&r, 0, 0), NULL);
				f->lost = strtod(db_get(&r, 0, 1), NULL);
			}
		}
		if (f->var == SV_STAGE || f->var == SV_TAG) {
			struct db_rows r;
			int64_t id = strtoll(f->value, NULL, 10);
			if (db_query1(db, a, &r, f->var == SV_STAGE ? "SELECT name FROM stage WHERE id = ?"
								    : "SELECT name FROM tag WHERE id = ?",
				      "i", id) == 0)
				f->value = db_get(&r, 0, 0);
		}
	}
	scoring_model_free(m);
	return 0;
}

bool scoring_lead_visible(struct db *db, int64_t lead_id, int64_t viewer_id, bool all)
{
	int64_t n = 0;
	/* On failure answer "not visible": fails closed (the caller answers 404). */
	if (db_int(db, &n, 0,
		   "SELECT COUNT(*) FROM crm_lead WHERE id = ? AND (? = 1 OR user_id = ? OR user_id IS NULL)", "iii",
		   lead_id, (int64_t)all, viewer_id) < 0)
		log_warnx("scoring_lead_visible: %s", db_error(db));
	return n > 0;
}

int scoring_rebuild_or_schedule(struct db *db, int64_t max_leads, bool *scheduled,
				struct scoring_stats *st)
{
	memset(st, 0, sizeof *st);
	*scheduled = false;
	int64_t n = 0;
	int rc = db_int(db, &n, 0, "SELECT COUNT(*) FROM crm_lead", "");
	if (rc)
		return rc;
	if (n > max_leads) {
		*scheduled = true;
		return settings_set(db, "scoring_rebuild_requested", "1");
	}
	return scoring_rebuild(db, 0, NULL, NULL, st);
}

int scoring_lead_summary(struct db *db, struct arena *a, int64_t lead_id, struct db_rows *out)
{
	return db_query1(db, a, out,
			 "SELECT name, probability, automated_probability, probability_manual, active FROM crm_lead "
			 "WHERE id = ?", "i", lead_id);
}

int scoring_team_totals(struct db *db, struct arena *a, struct db_rows *out)
{
	return db_query(db, a, out,
			"SELECT f.team_id, t.name AS team_name, ROUND(f.won_count - 0.1) AS won, "
			"ROUND(f.lost_count - 0.1) AS lost FROM scoring_frequency f "
			"JOIN (SELECT id FROM stage WHERE team_id IS NULL ORDER BY sequence, id LIMIT 1) s "
			"ON f.variable = 'stage_id' AND f.value = CAST(s.id AS CHAR) "
			"LEFT JOIN team t ON t.id = f.team_id ORDER BY f.team_id = 0, t.name", "");
}
