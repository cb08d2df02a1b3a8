/* partner.h - customers: companies and individuals (SPEC P11; tables
 * partner, partner_tag). */
#ifndef PISTE_PARTNER_H
#define PISTE_PARTNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct db_rows;
struct err_info;

struct access;

struct partner_input {
	const char *name, *email, *phone, *mobile, *street, *street2, *zip, *city, *state,
		*country_code, *website, *vat, *function, *lang, *comment;
	bool is_company;
	int64_t parent_id, user_id;
	/* Who names parent_id (NULL: the system): the parent company must be
	 * one they may see (access.h), and user_id an active user; otherwise
	 * ERR_INVALID on that field, nothing written. */
	const struct access *ac;
};

int partner_create(struct db *db, struct arena *a, const struct partner_input *in, int64_t *id,
		   struct err_info *e);
int partner_get(struct db *db, struct arena *a, int64_t id, struct db_rows *out);

/* ---- issue 4: customers pages and API ------------------------------------ */

/* Like partner_get, plus parent_name, and ERR_NOTFOUND when the user may not
 * see it (X1: salesperson's own customers and those without salesperson). */
int partner_get_for(struct db *db, struct arena *a, const struct access *ac, int64_t id,
		    struct db_rows *out);
/* Replace every field of the form (same validation as partner_create; a
 * parent company or salesperson left as it was is not checked again). */
int partner_update(struct db *db, struct arena *a, const struct access *ac, int64_t id,
		   const struct partner_input *in, struct err_info *e);
/* Write a lead's new e-mail and/or phone to its customer (NULL: unchanged). */
int partner_update_contact(struct db *db, struct arena *a, int64_t id, const char *email,
			   const char *phone);
/* Customers by name (q: prefix of name or e-mail), keyset on (name, id):
 * id, name, is_company, parent_name, email, phone, city, country_code,
 * opportunity_count. */
int partner_list(struct db *db, struct arena *a, const struct access *ac, const char *q,
		 bool companies_only, const char *after_name, int64_t after_id, size_t limit,
		 struct db_rows *out);
/* id, name of the customers a user may pick (form selectors), by name. */
int partner_options(struct db *db, struct arena *a, const struct access *ac, bool companies_only,
		    size_t limit, struct db_rows *out);
/* Number of opportunities (active, and lost/won) linked to the customer and
 * its contacts. */
int partner_opportunity_count(struct db *db, int64_t id, int64_t *n);
/* Tags of a customer (id, name, color) and replacing them. */
int partner_tags(struct db *db, struct arena *a, int64_t id, struct db_rows *out);
int partner_set_tags(struct db *db, struct arena *a, int64_t id, const char *const *tags,
		     size_t n, struct err_info *e);

#endif
