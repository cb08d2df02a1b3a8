#include "crm/qb.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"

void qb_init(struct qb *q, struct arena *a)
{
	memset(q, 0, sizeof *q);
	q->a = a;
	q->cap = 1024;
	q->sql = arena_alloc(a, q->cap);
}

void qb_sql(struct qb *q, const char *text)
{
	size_t n = strlen(text);
	if (q->len + n + 1 > q->cap) {
		size_t nc = q->cap * 2;
		while (q->len + n + 1 > nc)
			nc *= 2;
		q->sql = arena_realloc(q->a, q->sql, q->cap, nc);
		q->cap = nc;
	}
	memcpy(q->sql + q->len, text, n + 1);
	q->len += n;
}

void qb_bind_i(struct qb *q, int64_t v)
{
	if (q->np >= QB_MAXP) {
		q->overflow = 1;
		return;
	}
	q->p[q->np++] = (struct db_param){.type = 'i', .i = v};
}

void qb_bind_s(struct qb *q, const char *v)
{
	if (q->np >= QB_MAXP) {
		q->overflow = 1;
		return;
	}
	q->p[q->np++] = (struct db_param){.type = 's', .s = v, .len = v ? strlen(v) : 0};
}

void qb_i(struct qb *q, int64_t v)
{
	qb_sql(q, "?");
	qb_bind_i(q, v);
}

void qb_s(struct qb *q, const char *v)
{
	qb_sql(q, "?");
	qb_bind_s(q, v);
}

void qb_in(struct qb *q, const int64_t *ids, size_t n)
{
	if (n > QB_IN_LIST_MAX) {
		/* A long list travels as one JSON array parameter: the statement
		 * shape stays the same whatever the length, and no list can
		 * exceed the parameter limit of db.c. */
		size_t cap = n * 21 + 3, len = 0;
		char *json = arena_alloc(q->a, cap);
		json[len++] = '[';
		for (size_t i = 0; i < n; i++)
			len += (size_t)snprintf(json + len, cap - len, i ? ",%lld" : "%lld", (long long)ids[i]);
		json[len++] = ']';
		json[len] = '\0';
		qb_sql(q, "(SELECT jt.id FROM JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT PATH '$')) AS jt)");
		qb_bind_s(q, json);
		return;
	}
	size_t m = 4;
	while (m < n)
		m *= 2;
	qb_sql(q, "(");
	for (size_t i = 0; i < m; i++) {
		qb_sql(q, i ? ",?" : "?");
		qb_bind_i(q, ids[i < n ? i : n - 1]);
	}
	qb_sql(q, ")");
}

int qb_query(struct qb *q, struct db *db, struct db_rows *out)
{
	if (q->overflow)
		return ERR_INVALID;
	return db_queryv(db, q->a, out, q->sql, q->p, q->np);
}

int64_t qb_exec(struct qb *q, struct db *db)
{
	if (q->overflow)
		return ERR_INVALID;
	return db_execv(db, q->sql, q->p, q->np);
}
