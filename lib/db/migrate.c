#include "db/migrate.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/err.h"
#include "db/db.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

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

static int create_database(const struct config *cfg, char *errbuf, size_t errlen)
{
	const char *name = config_get(cfg, "db.name");
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_') {
			snprintf(errbuf, errlen, "invalid database name '%s'", name);
			return ERR_INVALID;
		}
	if (!*name) {
		snprintf(errbuf, errlen, "db.name is empty");
		return ERR_INVALID;
	}
	struct db *db;
	int rc = db_open(&db, cfg, false);
	if (rc != 0) {
		snprintf(errbuf, errlen, "cannot connect to MariaDB: %s", db ? db_error(db) : "");
		db_close(db);
		return rc;
	}
	char sql[256];
	/* The name was checked above: identifiers cannot be bound parameters. */
	snprintf(sql, sizeof sql,
		 "CREATE DATABASE IF NOT EXISTS `%s` CHARACTER SET utf8mb4 "
		 "COLLATE utf8mb4_unicode_ci",
		 name);
	rc = db_script(db, sql, errbuf, errlen);
	db_close(db);
	return rc;
}

int migrate_run(const struct config *cfg, int verbose, char *errbuf, size_t errlen)
{
	int rc = create_database(cfg, errbuf, errlen);
	if (rc != 0)
		return rc;
	struct db *db;
	if ((rc = db_open(&db, cfg, true)) != 0) {
		snprintf(errbuf, errlen, "cannot connect: %s", db_error(db));
		db_close(db);
		return rc;
	}
	rc = db_script(db,
		       "CREATE TABLE IF NOT EXISTS schema_version ("
		       " version VARCHAR(190) NOT NULL PRIMARY KEY,"
		       " applied_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP"
		       ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
		       errbuf, errlen);
	if (rc != 0)
		goto out;

	const char *dir = config_get(cfg, "schema_dir");
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(errbuf, errlen, "cannot open schema directory %s", dir);
		rc = ERR_IO;
		goto out;
	}
	char **files = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l < 5 || strcmp(de->d_name + l - 4, ".sql") != 0 || !isdigit((unsigned char)de->d_name[0]))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			files = realloc(files, cap * sizeof *files);
			if (!files)
				abort();
		}
		files[n++] = strdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(files, n, sizeof *files, cmp_str);

	struct arena a;
	arena_init(&a, 8192);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct db_rows r;
		rc = db_query(db, &a, &r, "SELECT 1 FROM schema_version WHERE version = ?", "s",
			      files[i]);
		if (rc != 0) {
			snprintf(errbuf, errlen, "schema_version: %s", db_error(db));
			break;
		}
		if (r.nrows)
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		char *sql = slurp(path);
		if (!sql) {
			snprintf(errbuf, errlen, "cannot read %s", path);
			rc = ERR_IO;
			break;
		}
		char eb[512] = "";
		rc = db_script(db, sql, eb, sizeof eb);
		free(sql);
		if (rc != 0) {
			snprintf(errbuf, errlen, "%s: %s", files[i], eb);
			break;
		}
		int64_t ins = db_exec(db, "INSERT INTO schema_version (version) VALUES (?)", "s",
				      files[i]);
		if (ins < 0) {
			rc = (int)ins;
			snprintf(errbuf, errlen, "recording %s: %s", files[i], db_error(db));
			break;
		}
		if (verbose)
			printf("applied %s\n", files[i]);
	}
	arena_free(&a);
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
out:
	db_close(db);
	return rc;
}
