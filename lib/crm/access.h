/* access.h - who may see and change which record (SPEC X1): a salesperson
 * sees and edits their own records and unassigned ones; managers and
 * administrators see everything. A record outside the rules is reported as
 * not found (404), never as forbidden, so ids cannot be probed. Used by every
 * pipeline module that reads or writes a record on behalf of a user. */
#ifndef PISTE_ACCESS_H
#define PISTE_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

struct user;
struct qb;

struct access {
	int64_t user_id; /* who acts (0: the system, e.g. the CLI) */
	bool all;        /* manager, admin or system: every record */
};

/* Rules for a user (NULL: the system, which sees everything). */
struct access access_for(const struct user *u);
/* Whether a record owned by owner_id (0: unassigned) is visible. */
bool access_owner_ok(const struct access *ac, int64_t owner_id);
/* Append " AND (<col> = ? OR <col> IS NULL)" for a restricted user; nothing
 * for managers. col is a literal column name. */
void access_sql(const struct access *ac, struct qb *q, const char *col);

#endif
