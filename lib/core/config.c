#include "core/config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/str.h"

const struct config *piste_config;

struct config_entry {
	char *key, *value;
};

struct config {
	struct config_entry *e;
	size_t n, cap;
};

/* Built-in defaults. Paths are relative to PISTE_VAR / the source tree; the
 * stack script passes absolute ones through the environment. */
static const char *const defaults[][2] = {
	{"var_dir", "var"},
	{"templates_dir", "templates"},
	{"htdocs_dir", "htdocs"},
	{"schema_dir", "schema"},
	{"db.socket", ""},
	{"db.host", ""},
	{"db.port", "3306"},
	{"db.user", "root"},
	{"db.password", ""},
	{"db.name", "piste"},
	{"base_url", "http://127.0.0.1:8080"},
	{"port", "8080"},
	{"workers", "2"},
	{"threads", "8"},
	{"log.syslog", "0"},
	{"log.requests", "1"},
	{"https", "0"},
	{"proxy.trusted", ""},
	{"smtp.url", ""},
	{"smtp.user", ""},
	{"smtp.password", ""},
	{"smtp.from", "Piste <noreply@localhost>"},
	{"company.name", "Piste Demo SARL"},
	{"company.address", "12 rue des Lilas\n69001 Lyon\nFrance"},
	{"company.email", "contact@piste.example"},
	{"company.phone", "+33 4 72 00 00 00"},
	{"company.iban", ""},
	{"company.bic", ""},
	{"company.logo", ""},
	{"form.allowed_origins", ""},
	{"limits.body", "1048576"},
	{"limits.upload", "10485760"},
	{"limits.field", "65536"},
	{"session.idle_hours", "8"},
	{"session.absolute_days", "7"},
	{"argon2.mem_kib", "19456"},
	{"argon2.ops", "2"},
};

static struct config_entry *find(const struct config *c, const char *key)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->e[i].key, key) == 0)
			return &c->e[i];
	return NULL;
}

void config_set(struct config *c, const char *key, const char *value)
{
	struct config_entry *e = find(c, key);
	if (e) {
		free(e->value);
		e->value = strdup(value);
		return;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->e = realloc(c->e, c->cap * sizeof *c->e);
		if (!c->e)
			abort();
	}
	c->e[c->n].key = strdup(key);
	c->e[c->n].value = strdup(value);
	if (!c->e[c->n].key || !c->e[c->n].value)
		abort();
	c->n++;
}

struct config *config_new_defaults(void)
{
	struct config *c = calloc(1, sizeof *c);
	if (!c)
		abort();
	for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
		config_set(c, defaults[i][0], defaults[i][1]);
	return c;
}

void config_free(struct config *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->e[i].key);
		free(c->e[i].value);
	}
	free(c->e);
	free(c);
}

/* Values may use \n for a newline (company address). */
static void unescape(char *s)
{
	char *o = s;
	for (char *p = s; *p; p++) {
		if (p[0] == '\\' && p[1] == 'n') {
			*o++ = '\n';
			p++;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
}

int config_parse(struct config *c, const char *text, int *bad_line)
{
	int lineno = 0;
	const char *p = text;
	while (*p) {
		lineno++;
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char line[4096];
		if (len >= sizeof line) {
			*bad_line = lineno;
			return -1;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		p += len + (eol ? 1 : 0);
		str_trim(line);
		if (line[0] == '\0' || line[0] == '#')
			continue;
		char *eq = strchr(line, '=');
		if (!eq) {
			*bad_line = lineno;
			return -1;
		}
		*eq = '\0';
		char *key = str_trim(line), *val = str_trim(eq + 1);
		if (!*key) {
			*bad_line = lineno;
			return -1;
		}
		for (char *k = key; *k; k++)
			if (!isalnum((unsigned char)*k) && *k != '.' && *k != '_') {
				*bad_line = lineno;
				return -1;
			}
		size_t vl = strlen(val);
		if (vl >= 2 && val[0] == '"' && val[vl - 1] == '"') {
			val[vl - 1] = '\0';
			val++;
		}
		unescape(val);
		config_set(c, key, val);
	}
	return 0;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t n = 0, cap = 0;
	char chunk[4096];
	size_t r;
	while ((r = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (n + r + 1 > cap) {
			cap = (n + r + 1) * 2;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		memcpy(buf + n, chunk, r);
		n += r;
	}
	fclose(f);
	if (!buf)
		buf = calloc(1, 1);
	else
		buf[n] = '\0';
	return buf;
}

/* PISTE_DB_SOCKET -> db.socket, PISTE_COMPANY_NAME -> company.name: the first
 * underscore after a known section name becomes a dot. */
static void apply_env(struct config *c)
{
	extern char **environ;
	static const char *const sections[] = {"db", "log", "smtp", "company", "form",
					       "limits", "session", "argon2", "workers",
					       "threads", "debug", NULL};
	for (char **env = environ; *env; env++) {
		if (strncmp(*env, "PISTE_", 6) != 0)
			continue;
		const char *eq = strchr(*env, '=');
		if (!eq)
			continue;
		char key[128];
		size_t kl = (size_t)(eq - (*env + 6));
		if (kl == 0 || kl >= sizeof key)
			continue;
		for (size_t i = 0; i < kl; i++)
			key[i] = (char)tolower((unsigned char)(*env)[6 + i]);
		key[kl] = '\0';
		if (strcmp(key, "config") == 0)
			continue;
		for (int s = 0; sections[s]; s++) {
			size_t sl = strlen(sections[s]);
			if (strncmp(key, sections[s], sl) == 0 && key[sl] == '_') {
				key[sl] = '.';
				break;
			}
		}
		if (strcmp(key, "var") == 0)
			strcpy(key, "var_dir");
		config_set(c, key, eq + 1);
	}
}

struct config *config_load(char *errbuf, size_t errlen)
{
	struct config *c = config_new_defaults();
	const char *path = getenv("PISTE_CONFIG");
	char pbuf[1024];
	if (!path || !*path) {
		const char *var = getenv("PISTE_VAR");
		snprintf(pbuf, sizeof pbuf, "%s/piste.conf", var && *var ? var : "var");
		path = pbuf;
	}
	char *text = read_file(path);
	if (text) {
		int bad = 0;
		if (config_parse(c, text, &bad) < 0) {
			snprintf(errbuf, errlen, "%s:%d: expected `key = value`", path, bad);
			free(text);
			config_free(c);
			return NULL;
		}
		free(text);
	} else if (getenv("PISTE_CONFIG") && *getenv("PISTE_CONFIG")) {
		snprintf(errbuf, errlen, "%s: cannot read", path);
		config_free(c);
		return NULL;
	}
	apply_env(c);
	return c;
}

const char *config_get(const struct config *c, const char *key)
{
	if (!c)
		return "";
	struct config_entry *e = find(c, key);
	return e ? e->value : "";
}

int64_t config_int(const struct config *c, const char *key, int64_t dflt)
{
	int64_t v;
	return str_to_i64(config_get(c, key), &v) ? v : dflt;
}

bool config_bool(const struct config *c, const char *key)
{
	const char *v = config_get(c, key);
	return strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0 ||
	       strcasecmp(v, "on") == 0;
}
