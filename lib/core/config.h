/* config.h - the configuration: built-in defaults, then one file, then
 * environment variables (PISTE_DB_SOCKET overrides db.socket, and so on).
 *
 * The file is `key = value` lines; `#` starts a comment. It is found at
 * $PISTE_CONFIG, else $PISTE_VAR/piste.conf, else only defaults and the
 * environment apply. Loaded once at start, immutable afterwards, so worker
 * threads read it without locking. Settings users change at run time live in
 * the database (crm/settings.h), not here. */
#ifndef PISTE_CONFIG_H
#define PISTE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct config;

/* Load defaults + file + environment. Returns NULL and fills errbuf on a
 * syntax error in the file. */
struct config *config_load(char *errbuf, size_t errlen);
/* Parse `key = value` text on top of the current values (used by
 * config_load and by the parser's fuzz target). Returns 0 or -1 with the line
 * number in *bad_line. */
int config_parse(struct config *c, const char *text, int *bad_line);
struct config *config_new_defaults(void);
void config_free(struct config *c);

const char *config_get(const struct config *c, const char *key); /* never NULL */
int64_t config_int(const struct config *c, const char *key, int64_t dflt);
bool config_bool(const struct config *c, const char *key);
/* Set (used by tests and by the CLI's --set). */
void config_set(struct config *c, const char *key, const char *value);

/* The process-wide configuration, set once at start by the program's main. */
extern const struct config *piste_config;

#endif
