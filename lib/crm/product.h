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

#endif
