/* migrate.h - applies schema/NNNN_name.sql files in numeric order, each once,
 * recording them in the schema_version table. A file that fails stops the
 * run (later files are not applied) and is not recorded. */
#ifndef PISTE_MIGRATE_H
#define PISTE_MIGRATE_H

#include <stddef.h>

struct config;

/* Create the database if missing, then apply pending migrations. Prints one
 * line per applied file to stdout when verbose. Returns 0 or a negative
 * error with a message in errbuf. */
int migrate_run(const struct config *cfg, int verbose, char *errbuf, size_t errlen);

#endif
