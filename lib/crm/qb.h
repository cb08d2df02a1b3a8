/* qb.h - building one SQL statement whose shape depends on the request
 * (filters, IN lists, sort) while every value stays a bound parameter.
 * Callers append SQL text only from literals or whitelists in their own
 * module; values go through qb_i / qb_s. The text is an arena string. */
#ifndef PISTE_QB_H
#define PISTE_QB_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

#define QB_MAXP 600

struct arena;

struct qb {
	struct arena *a;
	char *sql;
	size_t len, cap;
	struct db_param p[QB_MAXP];
	size_t np;
	int overflow; /* too many parameters: the statement must not run */
};

void qb_init(struct qb *q, struct arena *a);
/* Append literal SQL text (never user data). */
void qb_sql(struct qb *q, const char *text);
/* Append "?" and bind a value. */
void qb_i(struct qb *q, int64_t v);
void qb_s(struct qb *q, const char *v); /* NULL binds SQL NULL */
/* Bind without appending "?" (the caller wrote the placeholders). */
void qb_bind_i(struct qb *q, int64_t v);
void qb_bind_s(struct qb *q, const char *v);
/* "(?,?,?)" for n ids, padded to the next power of two (at least 4) by
 * repeating the last id, so few distinct statements get prepared; past
 * QB_IN_LIST_MAX ids, one JSON array parameter read by JSON_TABLE (any
 * length, one statement). n > 0. */
#define QB_IN_LIST_MAX 128
void qb_in(struct qb *q, const int64_t *ids, size_t n);
int qb_query(struct qb *q, struct db *db, struct db_rows *out) DB_MUST_CHECK;
int64_t qb_exec(struct qb *q, struct db *db) DB_MUST_CHECK;

#endif
