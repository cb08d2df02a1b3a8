/* view.h - the only user of ClearSilver.
 *
 * One struct view per worker thread. It owns an HDF dataset holding the
 * language strings of every language (LangSet.en, LangSet.fr, loaded once) and
 * a cache of parsed templates, so a template is read and parsed once per
 * thread and then rendered against each request's data. "Lang" is a symlink
 * to the request's language set. Request data goes under any other top-level
 * name and is removed by view_reset() after each request.
 *
 * HTML escaping is on by default (Config.VarEscapeMode = html): `var:` is
 * escaped; raw output (`uvar:`) is allowed only in the reviewed templates
 * listed in tests/unit/test_templates.c. */
#ifndef PISTE_VIEW_H
#define PISTE_VIEW_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct db_rows;
struct err_info;
struct view;

/* templates_dir holds the .cs files (subdirectories allowed) and lang/<code>/ with .hdf files. */
int view_open(struct view **out, const char *templates_dir, char *errbuf, size_t errlen);
void view_close(struct view *v);

/* Select the language for this request ("en" or "fr"). */
void view_lang(struct view *v, const char *lang);
/* A translated string: Lang.<key> in the current language, or NULL. */
const char *view_tr(struct view *v, const char *key);

void view_set(struct view *v, const char *key, const char *val);    /* NULL val: no-op */
void view_set_int(struct view *v, const char *key, int64_t n);
void view_setk(struct view *v, const char *val, const char *keyfmt, ...)
	__attribute__((format(printf, 3, 4)));
void view_setk_int(struct view *v, int64_t n, const char *keyfmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *view_get(struct view *v, const char *key);
/* prefix.<row>.<column> = value for every row and column. */
void view_set_rows(struct view *v, const char *prefix, const struct db_rows *r);
/* One row as prefix.<column>. */
void view_set_row(struct view *v, const char *prefix, const struct db_rows *r, size_t row);
/* Errors.<field> = translated message (Lang.Err.<key>, else the English one). */
void view_set_error(struct view *v, const struct err_info *e);

/* Render template (path relative to templates_dir) into out. Returns 0 or
 * ERR_NOTFOUND (no such template) / ERR_INVALID (template error, logged). */
int view_render(struct view *v, const char *tmpl, struct buf *out);
/* Render a template given as text (tests). */
int view_render_string(struct view *v, const char *text, struct buf *out);
/* Drop the request data (everything but Lang, LangSet, Config). */
void view_reset(struct view *v);

#endif
