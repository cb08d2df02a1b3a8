/* partner.h - customers: companies and individuals (SPEC P11; tables
 * partner, partner_tag). */
#ifndef PISTE_PARTNER_H
#define PISTE_PARTNER_H

#include <stdbool.h>
#include <stdint.h>

struct arena;
struct db;
struct db_rows;
struct err_info;

struct partner_input {
	const char *name, *email, *phone, *mobile, *street, *street2, *zip, *city, *state,
		*country_code, *website, *vat, *function, *lang, *comment;
	bool is_company;
	int64_t parent_id, user_id;
};

int partner_create(struct db *db, struct arena *a, const struct partner_input *in, int64_t *id,
		   struct err_info *e);
int partner_get(struct db *db, struct arena *a, int64_t id, struct db_rows *out);

#endif
