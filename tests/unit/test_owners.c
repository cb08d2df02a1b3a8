/* Unit test: each table is written (INSERT, REPLACE, UPDATE, DELETE) only by
 * the files its schema names on a `-- Written by:` line above its CREATE
 * TABLE. The C sources under lib/, cgi-bin/ and bin/ are scanned for write
 * statements in their string literals; a write anywhere else fails, like
 * raw output in a template. The writes that still live outside their owner
 * are listed below as known debt: the list may only shrink (an entry that is
 * no longer needed fails too, so it is removed when the write moves). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/config.h"
#include "support/testutil.h"

/* Writes outside the owner, to be moved behind the owner's functions. */
static const char *const known_debt[][2] = {
	{"crm_lead", "crm/assign.c"},    {"crm_lead", "crm/merge.c"},   {"crm_lead", "crm/quote.c"},
	{"crm_lead", "crm/report.c"},    {"crm_lead", "crm/scoring.c"}, {"lead_tag", "crm/merge.c"},
	{"partner", "crm/merge.c"},      {"partner_tag", "crm/merge.c"}, {"quote", "crm/merge.c"},
	{"stage", "bin/cmd_demo.c"},     {"team", "bin/cmd_demo.c"},    {"login_failure", "bin/cmd_cron.c"},
	{"login_lock", "bin/cmd_cron.c"},
};
#define NDEBT (sizeof known_debt / sizeof known_debt[0])

/* Tables that are not in schema/ (created by the migration runner itself). */
static const char *const outside_schema[][2] = {
	{"schema_version", "db/migrate.c"},
};

#define MAXT 128
static struct owner {
	char table[64];
	char files[256]; /* " crm/lead.c crm/lead_edit.c " */
} owners[MAXT];
static int nowners;
static bool debt_used[NDEBT];
static char root[1024], schema_dir_path[1024];

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	if (s)
		s[n] = '\0';
	fclose(f);
	return s;
}

static void load_owners(const char *schema_dir)
{
	DIR *d = opendir(schema_dir);
	ck_assert_ptr_nonnull(d);
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l < 5 || strcmp(de->d_name + l - 4, ".sql") != 0)
			continue;
		char path[2048];
		snprintf(path, sizeof path, "%s/%s", schema_dir, de->d_name);
		char *s = slurp(path);
		ck_assert_ptr_nonnull(s);
		for (char *p = s; (p = strstr(p, "CREATE TABLE ")) != NULL; p += 13) {
			char table[64] = "";
			sscanf(p + 13, "%63[a-z_0-9]", table);
			/* The line just above. */
			char *bol = p;
			if (bol > s)
				bol--;
			while (bol > s && bol[-1] != '\n')
				bol--;
			ck_assert_msg(strncmp(bol, "-- Written by: ", 15) == 0,
				      "%s: table %s has no `-- Written by:` line above its CREATE TABLE", de->d_name, table);
			ck_assert(nowners < MAXT);
			struct owner *o = &owners[nowners++];
			snprintf(o->table, sizeof o->table, "%s", table);
			size_t n = strcspn(bol + 15, "\n");
			snprintf(o->files, sizeof o->files, " %.*s ", (int)n, bol + 15);
			for (char *c = o->files; *c; c++)
				if (*c == ',')
					*c = ' ';
		}
		free(s);
	}
	closedir(d);
	ck_assert_int_gt(nowners, 30);
}

static const struct owner *owner_of(const char *table)
{
	for (int i = 0; i < nowners; i++)
		if (strcmp(owners[i].table, table) == 0)
			return &owners[i];
	return NULL;
}

/* The string literals of a C file, concatenated (adjacent literals form one
 * statement in C; unrelated ones are separated by a space). */
static char *literals(const char *src)
{
	size_t n = strlen(src);
	char *out = malloc(n + 1), *o = out;
	const char *p = src;
	while (*p) {
		if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");
			p = e ? e + 2 : p + strlen(p);
		} else if (p[0] == '/' && p[1] == '/') {
			p += strcspn(p, "\n");
		} else if (*p == '\'') {
			p++;
			while (*p && *p != '\'')
				p += (*p == '\\' && p[1]) ? 2 : 1;
			if (*p)
				p++;
		} else if (*p == '"') {
			p++;
			while (*p && *p != '"') {
				*o++ = *p;
				p += (*p == '\\' && p[1]) ? 2 : 1;
			}
			if (*p)
				p++;
			/* Only whitespace up to the next literal: the same statement. */
			const char *q = p + strspn(p, " \t\r\n");
			if (*q != '"')
				*o++ = ' ';
		} else {
			p++;
		}
	}
	*o = '\0';
	return out;
}

static void check_write(const char *rel, const char *table)
{
	const struct owner *o = owner_of(table);
	if (!o) {
		for (size_t i = 0; i < sizeof outside_schema / sizeof outside_schema[0]; i++)
			if (strcmp(outside_schema[i][0], table) == 0 && strcmp(outside_schema[i][1], rel) == 0)
				return;
		ck_abort_msg("%s writes table %s, which no schema file names an owner for", rel, table);
	}
	char needle[1100];
	snprintf(needle, sizeof needle, " %s ", rel);
	if (strstr(o->files, needle))
		return;
	for (size_t i = 0; i < NDEBT; i++)
		if (strcmp(known_debt[i][0], table) == 0 && strcmp(known_debt[i][1], rel) == 0) {
			debt_used[i] = true;
			return;
		}
	ck_abort_msg("%s writes %s, owned by%s: call the owner's function instead", rel, table, o->files);
}

static const char *const verbs[] = {"INSERT INTO ", "INSERT IGNORE INTO ", "REPLACE INTO ", "UPDATE ",
				    "DELETE FROM "};

static void scan_file(const char *path, const char *rel)
{
	char *src = slurp(path);
	ck_assert_ptr_nonnull(src);
	char *lit = literals(src);
	for (size_t v = 0; v < sizeof verbs / sizeof verbs[0]; v++) {
		size_t vl = strlen(verbs[v]);
		for (char *p = lit; (p = strstr(p, verbs[v])) != NULL; p += vl) {
			/* ON DUPLICATE KEY UPDATE col = ..., SELECT ... FOR UPDATE:
			 * not a statement of their own. */
			if (v == 3 && p - lit >= 4 && (strncmp(p - 4, "KEY ", 4) == 0 || strncmp(p - 4, "FOR ", 4) == 0))
				continue;
			if (p > lit && (p[-1] == '_' || (p[-1] >= 'A' && p[-1] <= 'Z')))
				continue;
			char table[64] = "";
			if (sscanf(p + vl, "%63[a-z_0-9]", table) != 1 || !*table)
				continue;
			check_write(rel, table);
		}
	}
	free(lit);
	free(src);
}

static void scan_dir(const char *dir, const char *rel)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char path[2048], r[1024];
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		snprintf(r, sizeof r, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			scan_dir(path, r);
		else if (strlen(de->d_name) > 2 && strcmp(de->d_name + strlen(de->d_name) - 2, ".c") == 0)
			scan_file(path, r);
	}
	closedir(d);
}

START_TEST(every_table_is_written_by_its_owner_only)
{
	load_owners(schema_dir_path);
	char dir[2048];
	/* lib/crm/x.c is named crm/x.c, as in the schema; cgi-bin and bin by
	 * their path from the root. */
	snprintf(dir, sizeof dir, "%s/lib", root);
	scan_dir(dir, "");
	snprintf(dir, sizeof dir, "%s/cgi-bin", root);
	scan_dir(dir, "cgi-bin");
	snprintf(dir, sizeof dir, "%s/bin", root);
	scan_dir(dir, "bin");
	for (size_t i = 0; i < NDEBT; i++)
		ck_assert_msg(debt_used[i], "%s no longer writes %s: remove it from known_debt", known_debt[i][1],
			      known_debt[i][0]);
}
END_TEST

static Suite *suite(void)
{
	struct config *cfg = test_config();
	const char *schema = config_get(cfg, "schema_dir");
	snprintf(schema_dir_path, sizeof schema_dir_path, "%s", schema);
	snprintf(root, sizeof root, "%s/..", schema);
	Suite *s = suite_create("owners");
	TCase *t = tcase_create("owners");
	tcase_add_test(t, every_table_is_written_by_its_owner_only);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
