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
struct db;
struct err_info;

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

/* ---- ids named in a request ------------------------------------------------
 * Every id a user names in a form or a JSON body (a customer to link, a
 * salesperson, a team, a product...) is checked here, by the crm module that
 * writes it, before anything is written: an id that does not exist, is
 * archived where only active records may be picked, or names a record the
 * user may not see is ERR_INVALID with the request's field name and the same
 * "unknown ..." message, so a refused id tells nothing about a record the
 * user cannot see. 0 means "none" and is always accepted (callers that
 * require a value say so themselves). */
enum access_ref {
	ACCESS_REF_PARTNER,        /* customer the user may see (archived too) */
	ACCESS_REF_PARTNER_ACTIVE, /* active customer the user may see (new links) */
	ACCESS_REF_COMPANY,        /* active company the user may see (parent) */
	ACCESS_REF_USER,           /* active user */
	ACCESS_REF_TEAM,           /* existing team */
	ACCESS_REF_STAGE,          /* existing stage */
	ACCESS_REF_LEAD,           /* lead or opportunity the user may see */
	ACCESS_REF_LOST_REASON,    /* active lost reason */
	ACCESS_REF_ACTIVITY_TYPE,  /* active activity type */
	ACCESS_REF_ACTIVITY_TYPE_ANY, /* activity type, archived too (history) */
	ACCESS_REF_PRODUCT,        /* active product */
	ACCESS_REF_TAX,            /* active tax */
	ACCESS_REF_QUOTE_TEMPLATE, /* active quotation template */
};

/* 0 if id is 0 or names a record of kind the user (ac; NULL: the system)
 * may use; ERR_INVALID naming field otherwise; ERR_DB on a database error. */
int access_check_ref(struct db *db, const struct access *ac, enum access_ref kind, int64_t id,
		     const char *field, struct err_info *e);

#endif
