#include "web/view.h"

#include <ClearSilver.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"

#define TMPL_CACHE 128

struct tmpl {
	char *name;
	CSPARSE *cs;
};

struct view {
	HDF *hdf;
	char dir[512];
	struct tmpl cache[TMPL_CACHE];
	size_t ncache;
	char lang[8];
};

/* Consume a NEOERR: log it (never shown to users) and report failure. */
static int neo_fail(NEOERR *err, const char *what)
{
	if (err == STATUS_OK)
		return 0;
	STRING s;
	string_init(&s);
	nerr_error_string(err, &s);
	log_warnx("clearsilver: %s: %s", what, s.buf ? s.buf : "?");
	string_clear(&s);
	nerr_ignore(&err);
	return -1;
}

static int load_lang_dir(struct view *v, const char *code, char *errbuf, size_t errlen)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/lang/%s", v->dir, code);
	DIR *d = opendir(path);
	if (!d) {
		snprintf(errbuf, errlen, "missing language directory %s", path);
		return -1;
	}
	char *names[256];
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < 256) {
		size_t l = strlen(de->d_name);
		if (l > 4 && strcmp(de->d_name + l - 4, ".hdf") == 0)
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	/* Sorted so that load order (and overrides) is the same everywhere. */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	char node[64];
	snprintf(node, sizeof node, "LangSet.%s", code);
	HDF *set;
	int rc = 0;
	if (neo_fail(hdf_get_node(v->hdf, node, &set), "lang node") != 0)
		rc = -1;
	for (size_t i = 0; i < n; i++) {
		char file[1400];
		snprintf(file, sizeof file, "%s/%s", path, names[i]);
		if (rc == 0 && neo_fail(hdf_read_file(set, file), file) != 0) {
			snprintf(errbuf, errlen, "cannot load %s", file);
			rc = -1;
		}
		free(names[i]);
	}
	return rc;
}

int view_open(struct view **out, const char *templates_dir, char *errbuf, size_t errlen)
{
	struct view *v = calloc(1, sizeof *v);
	if (!v)
		return ERR_NOMEM;
	*out = v;
	char *abs = realpath(templates_dir, NULL);
	snprintf(v->dir, sizeof v->dir, "%s", abs ? abs : templates_dir);
	free(abs);
	if (neo_fail(hdf_init(&v->hdf), "hdf_init") != 0)
		return ERR_NOMEM;
	/* Must be set before cs_init: escaping is decided at parse time. */
	hdf_set_value(v->hdf, "Config.VarEscapeMode", "html");
	hdf_set_value(v->hdf, "hdf.loadpaths.0", v->dir);
	if (load_lang_dir(v, "en", errbuf, errlen) != 0 ||
	    load_lang_dir(v, "fr", errbuf, errlen) != 0)
		return ERR_INVALID;
	view_lang(v, "en");
	return 0;
}

void view_close(struct view *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->ncache; i++) {
		cs_destroy(&v->cache[i].cs);
		free(v->cache[i].name);
	}
	hdf_destroy(&v->hdf);
	free(v);
}

void view_lang(struct view *v, const char *lang)
{
	if (strcmp(lang, "fr") != 0)
		lang = "en";
	if (strcmp(v->lang, lang) == 0)
		return;
	snprintf(v->lang, sizeof v->lang, "%s", lang);
	char dest[32];
	snprintf(dest, sizeof dest, "LangSet.%s", lang);
	neo_fail(hdf_set_symlink(v->hdf, "Lang", dest), "lang symlink");
	hdf_set_value(v->hdf, "LangCode", lang);
}

const char *view_tr(struct view *v, const char *key)
{
	char k[256];
	snprintf(k, sizeof k, "LangSet.%s.%s", v->lang, key);
	return hdf_get_value(v->hdf, k, NULL);
}

void view_set(struct view *v, const char *key, const char *val)
{
	if (val)
		neo_fail(hdf_set_value(v->hdf, key, val), key);
}

void view_set_int(struct view *v, const char *key, int64_t n)
{
	char b[32];
	snprintf(b, sizeof b, "%lld", (long long)n);
	view_set(v, key, b);
}

void view_setk(struct view *v, const char *val, const char *keyfmt, ...)
{
	if (!val)
		return;
	char key[512];
	va_list ap;
	va_start(ap, keyfmt);
	vsnprintf(key, sizeof key, keyfmt, ap);
	va_end(ap);
	view_set(v, key, val);
}

void view_setk_int(struct view *v, int64_t n, const char *keyfmt, ...)
{
	char key[512];
	va_list ap;
	va_start(ap, keyfmt);
	vsnprintf(key, sizeof key, keyfmt, ap);
	va_end(ap);
	view_set_int(v, key, n);
}

const char *view_get(struct view *v, const char *key)
{
	return hdf_get_value(v->hdf, key, NULL);
}

void view_set_row(struct view *v, const char *prefix, const struct db_rows *r, size_t row)
{
	HDF *node;
	if (neo_fail(hdf_get_node(v->hdf, prefix, &node), prefix) != 0)
		return;
	for (size_t c = 0; c < r->ncols; c++) {
		const char *val = db_get(r, row, c);
		if (val)
			neo_fail(hdf_set_value(node, r->names[c], val), r->names[c]);
	}
}

void view_set_rows(struct view *v, const char *prefix, const struct db_rows *r)
{
	HDF *node;
	if (neo_fail(hdf_get_node(v->hdf, prefix, &node), prefix) != 0)
		return;
	for (size_t i = 0; i < r->nrows; i++) {
		char idx[24];
		snprintf(idx, sizeof idx, "%zu", i);
		HDF *rn;
		if (neo_fail(hdf_get_node(node, idx, &rn), prefix) != 0)
			return;
		for (size_t c = 0; c < r->ncols; c++) {
			const char *val = db_get(r, i, c);
			if (val)
				neo_fail(hdf_set_value(rn, r->names[c], val), r->names[c]);
		}
	}
}

void view_set_error(struct view *v, const struct err_info *e)
{
	if (!e || !e->code)
		return;
	const char *msg = NULL;
	if (e->key[0]) {
		char k[96];
		snprintf(k, sizeof k, "Err.%s", e->key);
		msg = view_tr(v, k);
	}
	if (!msg)
		msg = e->msg;
	char key[128];
	snprintf(key, sizeof key, "Errors.%s", e->field[0] ? e->field : "_form");
	view_set(v, key, msg);
	view_set(v, "Errors._any", "1");
}

static NEOERR *out_cb(void *ctx, char *s)
{
	buf_adds(ctx, s);
	return STATUS_OK;
}

static CSPARSE *new_parser(struct view *v, int *rc)
{
	CSPARSE *cs = NULL;
	if (neo_fail(cs_init(&cs, v->hdf), "cs_init") != 0) {
		*rc = ERR_NOMEM;
		return NULL;
	}
	if (neo_fail(cgi_register_strfuncs(cs), "strfuncs") != 0) {
		cs_destroy(&cs);
		*rc = ERR_NOMEM;
		return NULL;
	}
	return cs;
}

int view_render(struct view *v, const char *tmpl, struct buf *out)
{
	CSPARSE *cs = NULL;
	for (size_t i = 0; i < v->ncache; i++)
		if (strcmp(v->cache[i].name, tmpl) == 0) {
			cs = v->cache[i].cs;
			break;
		}
	if (!cs) {
		int rc = 0;
		if (strstr(tmpl, ".."))
			return ERR_NOTFOUND;
		if (!(cs = new_parser(v, &rc)))
			return rc;
		/* Relative to hdf.loadpaths (the templates directory), like the
		 * templates' own include: commands. */
		NEOERR *err = cs_parse_file(cs, tmpl);
		if (err != STATUS_OK) {
			int nf = nerr_match(err, NERR_NOT_FOUND);
			neo_fail(err, tmpl);
			cs_destroy(&cs);
			return nf ? ERR_NOTFOUND : ERR_INVALID;
		}
		if (v->ncache < TMPL_CACHE) {
			v->cache[v->ncache].name = strdup(tmpl);
			v->cache[v->ncache].cs = cs;
			v->ncache++;
		}
		/* else: render once and drop (more templates than slots). */
		int r2 = neo_fail(cs_render(cs, out, out_cb), tmpl) ? ERR_INVALID : 0;
		if (v->ncache == 0 || v->cache[v->ncache - 1].cs != cs)
			cs_destroy(&cs);
		return r2;
	}
	/* The tree was parsed against this same HDF; rendering reads the current
	 * request data. */
	return neo_fail(cs_render(cs, out, out_cb), tmpl) ? ERR_INVALID : 0;
}

int view_render_string(struct view *v, const char *text, struct buf *out)
{
	int rc = 0;
	CSPARSE *cs = new_parser(v, &rc);
	if (!cs)
		return rc;
	char *copy = strdup(text); /* cs_parse_string takes ownership */
	if (!copy) {
		cs_destroy(&cs);
		return ERR_NOMEM;
	}
	if (neo_fail(cs_parse_string(cs, copy, strlen(copy)), "string template") != 0 ||
	    neo_fail(cs_render(cs, out, out_cb), "string template") != 0)
		rc = ERR_INVALID;
	cs_destroy(&cs);
	return rc;
}

void view_reset(struct view *v)
{
	HDF *child = hdf_obj_child(v->hdf);
	char *drop[256];
	size_t n = 0;
	while (child && n < 256) {
		const char *name = hdf_obj_name(child);
		if (strcmp(name, "Lang") != 0 && strcmp(name, "LangSet") != 0 &&
		    strcmp(name, "Config") != 0 && strcmp(name, "hdf") != 0 &&
		    strcmp(name, "LangCode") != 0)
			drop[n++] = strdup(name);
		child = hdf_obj_next(child);
	}
	for (size_t i = 0; i < n; i++) {
		neo_fail(hdf_remove_tree(v->hdf, drop[i]), "reset");
		free(drop[i]);
		/* ClearSilver 0.10.5 leaves its lookup cache pointing into the
		 * removed subtree (a use-after-free on the next set/get that
		 * valgrind shows): forget it. */
		v->hdf->last_hp = NULL;
		v->hdf->last_hs = NULL;
	}
	/* Same library: removing the first child does not update last_child. */
	HDF *last = v->hdf->child;
	while (last && last->next)
		last = last->next;
	v->hdf->last_child = last;
}
