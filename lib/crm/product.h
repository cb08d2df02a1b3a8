/* product.h - the catalogue (SPEC Q1): products and taxes (tables product,
 * tax, product_tax). Prices are int64 cents; tax rates are stored as
 * DECIMAL(7,4) percent and handled in C as basis points x 100
 * (rate_e4: 20% = 200000) so that no float touches money. */
#ifndef PISTE_PRODUCT_H
#define PISTE_PRODUCT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct db_rows;
struct err_info;

struct product_input {
	const char *name, *default_code, *description, *uom;
	int64_t list_price; /* cents */
	const int64_t *tax_ids;
	size_t ntax;
};

int tax_create(struct db *db, const char *name, int64_t rate_e4, bool price_include, int64_t *id,
	       struct err_info *e);
int product_create(struct db *db, const struct product_input *in, int64_t *id,
		   struct err_info *e);
int product_find_by_code(struct db *db, const char *code, int64_t *id);

/* id, name, default_code, description, list_price, uom, active, tax_ids
 * (comma separated), tax_names. ERR_NOTFOUND when missing. */
int product_get(struct db *db, struct arena *a, int64_t id, struct db_rows *out);
/* Products by name (archived ones too when archived is true), with the
 * same columns; q filters on name or reference. */
int product_list(struct db *db, struct arena *a, const char *q, bool archived, int64_t limit,
		 int64_t offset, struct db_rows *out, int64_t *total);
/* Active products to pick on a quotation (id, name, default_code,
 * list_price, uom), by name, at most 500. */
int product_choices(struct db *db, struct arena *a, struct db_rows *out);
/* Replace every field and the taxes. */
int product_update(struct db *db, int64_t id, const struct product_input *in, struct err_info *e);
int product_set_active(struct db *db, int64_t id, bool active);

/* id, name, description, rate, price_include, active (rate as DECIMAL text). */
int tax_get(struct db *db, struct arena *a, int64_t id, struct db_rows *out);
int tax_list(struct db *db, struct arena *a, bool archived, struct db_rows *out);
int tax_update(struct db *db, int64_t id, const char *name, int64_t rate_e4, bool price_include,
	       const char *description, struct err_info *e);
int tax_set_active(struct db *db, int64_t id, bool active);
/* Rate e4 from the DECIMAL text ("20.0000" -> 200000). */
int64_t tax_rate_e4(const char *dec);

#endif
