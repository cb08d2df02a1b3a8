/* Unit tests: every template renders against an empty dataset (each in its own
 * forked test: a ClearSilver crash fails one test, not the run), in both
 * languages; raw-output commands appear only in reviewed templates; the
 * language files have the same keys. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/config.h"
#include "core/err.h"
#include "support/testutil.h"
#include "web/view.h"

/* Templates allowed to use raw output (uvar:, escape: "none"), each reviewed:
 * the value must be safe HTML by construction. Keep this list short. */
static const char *const raw_allowed[] = {
	/* m.Body when m.IsHtml: stored only after crm sanitising (allow-list of
	 * tags and attributes); plain-text bodies use var:. */
	"layout/chatter.cs",
	/* Portal.QrSvg and Pay.Svg: SVG built by crm/qr.c from libqrencode's
	 * modules (numbers and fixed attributes only, never the encoded text). */
	"portal/quote.cs",
	NULL,
};

static char *names[512];
static int nnames;
static const char *tdir;

static void scan(const char *dir, const char *rel)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d)) && nnames < 512) {
		if (de->d_name[0] == '.')
			continue;
		char path[1024], r[1024];
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		snprintf(r, sizeof r, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (strcmp(de->d_name, "lang") != 0)
				scan(path, r);
		} else if (strlen(de->d_name) > 3 && strcmp(de->d_name + strlen(de->d_name) - 3, ".cs") == 0) {
			names[nnames++] = strdup(r);
		}
	}
	closedir(d);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	static char buf[1 << 20];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

START_TEST(renders_empty_dataset)
{
	char eb[256];
	struct view *v;
	ck_assert_msg(view_open(&v, tdir, eb, sizeof eb) == 0, "%s", eb);
	for (int lang = 0; lang < 2; lang++) {
		view_lang(v, lang ? "fr" : "en");
		struct buf out;
		buf_init(&out);
		int rc = view_render(v, names[_i], &out);
		ck_assert_msg(rc == 0, "%s does not render (%d)", names[_i], rc);
		/* Pages (not fragments) must be complete documents. */
		if (strstr(names[_i], "layout/") == NULL && strstr(out.p ? out.p : "", "<!DOCTYPE html>"))
			ck_assert_msg(strstr(out.p, "</html>") != NULL, "%s: no </html>", names[_i]);
		buf_free(&out);
		view_reset(v);
	}
	view_close(v);
}
END_TEST

START_TEST(renders_twice_from_cache_with_data)
{
	char eb[256];
	struct view *v;
	ck_assert(view_open(&v, tdir, eb, sizeof eb) == 0);
	struct buf a, b;
	buf_init(&a);
	buf_init(&b);
	view_set(v, "User.Name", "<b>Zoé</b>");
	view_set(v, "User.Id", "1");
	ck_assert_int_eq(view_render(v, "core/shell.cs", &a), 0);
	view_reset(v);
	view_set(v, "User.Name", "Marc");
	view_set(v, "User.Id", "1");
	ck_assert_int_eq(view_render(v, "core/shell.cs", &b), 0);
	ck_assert_ptr_nonnull(strstr(a.p, "&lt;b&gt;Zoé&lt;/b&gt;"));
	ck_assert_ptr_null(strstr(a.p, "<b>Zoé"));
	ck_assert_ptr_nonnull(strstr(b.p, "Marc"));
	ck_assert_ptr_null(strstr(b.p, "Zoé"));
	ck_assert_int_eq(view_render(v, "no/such.cs", &b), ERR_NOTFOUND);
	buf_free(&a);
	buf_free(&b);
	view_close(v);
}
END_TEST

START_TEST(no_raw_output_outside_the_allowlist)
{
	for (int i = 0; i < nnames; i++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", tdir, names[i]);
		const char *t = slurp(path);
		ck_assert_ptr_nonnull(t);
		bool allowed = false;
		for (int k = 0; raw_allowed[k]; k++)
			if (strcmp(raw_allowed[k], names[i]) == 0)
				allowed = true;
		if (!allowed) {
			ck_assert_msg(!strstr(t, "uvar:"), "%s uses uvar:", names[i]);
			ck_assert_msg(!strstr(t, "escape: \"none\""), "%s disables escaping", names[i]);
		}
		/* alt: and name: print without escaping: alt: only for language
		 * strings (Lang.*, literal by construction), name: never (use
		 * var:name(x), which escapes). */
		for (const char *p = t; (p = strstr(p, "alt:")) != NULL; p += 4)
			ck_assert_msg(strncmp(p + 4, "Lang.", 5) == 0,
				      "%s prints data with alt: (not escaped): %.40s", names[i], p);
		ck_assert_msg(!strstr(t, "name:"), "%s uses name: (not escaped): use var:name(x)", names[i]);
		/* Never evaluate data as template code. */
		ck_assert_msg(!strstr(t, "lvar:") && !strstr(t, "evar:"), "%s uses lvar/evar", names[i]);
		ck_assert_msg(!strstr(t, "include:\""), "%s: use include! (fails loudly)", names[i]);
	}
}
END_TEST

/* Flat `Key = value` lines only; collect keys. */
static int load_keys(const char *lang, char keys[][96], int max)
{
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/lang/%s", tdir, lang);
	DIR *d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!strstr(de->d_name, ".hdf"))
			continue;
		char path[1400];
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		FILE *f = fopen(path, "r");
		char line[4096];
		while (f && fgets(line, sizeof line, f)) {
			if (line[0] == '#' || line[0] == '\n')
				continue;
			char *eq = strstr(line, " = ");
			ck_assert_msg(eq != NULL, "%s/%s: not a `Key = value` line: %s", lang, de->d_name, line);
			ck_assert_msg(!strstr(line, "<<"), "%s: multi-line values are not used", de->d_name);
			*eq = '\0';
			ck_assert(n < max);
			snprintf(keys[n++], 96, "%.95s", line);
		}
		if (f)
			fclose(f);
	}
	closedir(d);
	return n;
}

static int key_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

static char en_keys[8000][96], fr_keys[8000][96];

/* Sorted, then compared side by side: each key once per language, the same
 * keys in both (quadratic comparisons timed out on a loaded machine). */
START_TEST(languages_have_the_same_keys)
{
	int ne = load_keys("en", en_keys, 8000), nf = load_keys("fr", fr_keys, 8000);
	qsort(en_keys, (size_t)ne, sizeof en_keys[0], key_cmp);
	qsort(fr_keys, (size_t)nf, sizeof fr_keys[0], key_cmp);
	for (int i = 1; i < ne; i++)
		ck_assert_msg(strcmp(en_keys[i - 1], en_keys[i]) != 0, "en: key %s defined twice", en_keys[i]);
	for (int i = 1; i < nf; i++)
		ck_assert_msg(strcmp(fr_keys[i - 1], fr_keys[i]) != 0, "fr: key %s defined twice", fr_keys[i]);
	int i = 0, k = 0;
	while (i < ne || k < nf) {
		int c = i == ne ? 1 : k == nf ? -1 : strcmp(en_keys[i], fr_keys[k]);
		ck_assert_msg(c >= 0, "fr lacks %s", en_keys[i]);
		ck_assert_msg(c <= 0, "en lacks %s", fr_keys[k]);
		i++;
		k++;
	}
}
END_TEST

static Suite *suite(void)
{
	struct config *cfg = test_config();
	tdir = strdup(config_get(cfg, "templates_dir"));
	scan(tdir, "");
	Suite *s = suite_create("templates");
	TCase *t = tcase_create("templates");
	tcase_add_loop_test(t, renders_empty_dataset, 0, nnames);
	tcase_add_test(t, renders_twice_from_cache_with_data);
	tcase_add_test(t, no_raw_output_outside_the_allowlist);
	tcase_add_test(t, languages_have_the_same_keys);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
