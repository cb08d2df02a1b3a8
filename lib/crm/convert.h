/* convert.h - lead -> opportunity conversion (SPEC P5;
 * reference/odoo_behaviour.md section 3): the wizard's defaults, single
 * conversion (optionally merging the selected duplicates first), creating /
 * linking the customer, and mass conversion with round-robin salespersons.
 * Part of the lead module: records change through lead_update (tracking,
 * conversion date, team from the salesperson), customers through
 * partner_create, merges through merge_leads. */
#ifndef PISTE_CONVERT_H
#define PISTE_CONVERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct access;
struct arena;
struct db;
struct err_info;
struct merge_opts;

enum convert_customer {
	CONVERT_CUSTOMER_CREATE,  /* create one from the lead (company + contact) */
	CONVERT_CUSTOMER_LINK,    /* an existing partner (partner_id) */
	CONVERT_CUSTOMER_NONE,    /* leave the customer as it is */
	CONVERT_CUSTOMER_AUTO,    /* mass conversion: the matching partner, else create */
};
/* "create" | "link" | "none" | "auto"; -1 when unknown. */
int convert_customer_parse(const char *s);

#define CONVERT_DUP_MAX 50

struct convert_defaults {
	bool merge;               /* duplicates exist: merging is the default */
	int64_t *dup_ids;         /* the duplicates, the lead excluded (4.2, lost included) */
	size_t ndup;
	enum convert_customer customer;
	int64_t partner_id;       /* the matching partner (0: none) */
	int64_t user_id, team_id; /* the lead's */
};
/* Defaults of the wizard for lead id (visible to ac). */
int convert_defaults(struct db *db, struct arena *a, const struct access *ac, int64_t id,
		     struct convert_defaults *d, struct err_info *e);
/* The partner a lead matches: its customer; else the partner with exactly
 * its e-mail; else one named exactly as its company, contact or the lead
 * (case-insensitive, indexed). 0 when none. */
int convert_match_partner(struct db *db, struct arena *a, int64_t lead_id, int64_t *partner_id);

struct convert_opts {
	int64_t author_id;
	bool merge;                    /* merge id with merge_ids first */
	const int64_t *merge_ids;      /* the others (id itself may be listed) */
	size_t nmerge;
	enum convert_customer customer;
	int64_t partner_id;            /* for LINK */
	int64_t user_id, team_id;
	bool set_user, set_team;
	const struct merge_opts *mo;   /* chatter texts of the merge (may be NULL) */
};
/* Convert lead id (P5). *result: the resulting record (the merge's master
 * when merging). Refused (ERR_CONFLICT) for a record at 100 % or archived. */
int lead_convert(struct db *db, struct arena *a, const struct access *ac,
		 const struct convert_opts *o, int64_t id, int64_t *result, struct err_info *e);

struct convert_mass_opts {
	int64_t author_id;
	const int64_t *user_ids;       /* round-robin: the i-th result gets user_ids[i % n] */
	size_t nusers;
	int64_t team_id;               /* 0: keep */
	bool dedupe;                   /* merge each lead with its duplicates first */
	enum convert_customer customer; /* AUTO or NONE */
	const struct merge_opts *mo;
};
/* Convert ids (at most 1000; records the user may not see are skipped, as
 * are those at 100 %, archived or already opportunities); *done: how many
 * were converted, *merged: how many records were merged away. */
int lead_convert_mass(struct db *db, struct arena *a, const struct access *ac,
		      const struct convert_mass_opts *o, const int64_t *ids, size_t n, size_t *done,
		      size_t *merged, struct err_info *e);

#endif
