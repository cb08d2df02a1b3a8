#include "crm/product.h"

#include <stdio.h>

#include "core/err.h"
#include "core/str.h"
#include "db/db.h"

int tax_create(struct db *db, const char *name, int64_t rate_e4, bool price_include, int64_t *id,
	       struct err_info *e)
{
	if (str_empty(name) || str_utf8_len(name) > 64)
		return err_set(e, ERR_INVALID, "name", "Required", "the tax name is required (at most 64 characters)");
	if (rate_e4 < 0 || rate_e4 > 1000000)
		return err_set(e, ERR_INVALID, "rate", "OutOfRange", "the rate must be between 0 and 100");
	char rate[32];
	snprintf(rate, sizeof rate, "%lld.%04lld", (long long)(rate_e4 / 10000),
		 (long long)(rate_e4 % 10000));
	int64_t r = db_exec(db, "INSERT INTO tax (name, rate, price_include) VALUES (?, ?, ?)", "ssi",
			    name, rate, (int64_t)price_include);
	if (r < 0)
		return (int)r;
	if (id)
		*id = db_last_id(db);
	return 0;
}

int product_create(struct db *db, const struct product_input *in, int64_t *id,
		   struct err_info *e)
{
	if (str_empty(in->name) || str_utf8_len(in->name) > 255)
		return err_set(e, ERR_INVALID, "name", "Required", "the product name is required (at most 255 characters)");
	if (in->list_price < 0)
		return err_set(e, ERR_INVALID, "price", "OutOfRange", "the price cannot be negative");
	char price[32];
	snprintf(price, sizeof price, "%lld.%02lld", (long long)(in->list_price / 100),
		 (long long)(in->list_price % 100));
	int64_t r = db_exec(db,
			    "INSERT INTO product (name, default_code, description, list_price, uom) "
			    "VALUES (?, ?, ?, ?, ?)",
			    "sssss", in->name, in->default_code, in->description, price,
			    in->uom ? in->uom : "Unit");
	if (r < 0)
		return (int)r;
	int64_t pid = db_last_id(db);
	for (size_t i = 0; i < in->ntax; i++) {
		r = db_exec(db, "INSERT IGNORE INTO product_tax (product_id, tax_id) VALUES (?, ?)", "ii",
			    pid, in->tax_ids[i]);
		if (r == ERR_CONFLICT)
			return err_set(e, ERR_INVALID, "tax_ids", "NotFound", "unknown tax");
		if (r < 0)
			return (int)r;
	}
	if (id)
		*id = pid;
	return 0;
}

int product_find_by_code(struct db *db, const char *code, int64_t *id)
{
	int rc = db_int(db, id, 0, "SELECT id FROM product WHERE default_code = ? LIMIT 1", "s", code);
	if (rc == 0 && *id == 0)
		return ERR_NOTFOUND;
	return rc;
}
