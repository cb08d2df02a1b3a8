#include "crm/product.h"

#include <stdio.h>

#include "core/arena.h"
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

static int check_product(const struct product_input *in, struct err_info *e);
static int set_product_taxes(struct db *db, int64_t pid, const struct product_input *in,
			     struct err_info *e);

int product_create(struct db *db, const struct product_input *in, int64_t *id,
		   struct err_info *e)
{
	int rc0 = check_product(in, e);
	if (rc0)
		return rc0;
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
	int rc1 = set_product_taxes(db, pid, in, e);
	if (rc1)
		return rc1;
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

static int check_product(const struct product_input *in, struct err_info *e)
{
	if (str_empty(in->name) || str_utf8_len(in->name) > 255)
		return err_set(e, ERR_INVALID, "name", "Required", "the product name is required (at most 255 characters)");
	if (in->default_code && str_utf8_len(in->default_code) > 64)
		return err_set(e, ERR_INVALID, "default_code", "TooLong", "the reference is too long (at most 64 characters)");
	if (in->description && str_utf8_len(in->description) > 5000)
		return err_set(e, ERR_INVALID, "description", "TooLong", "the description is too long");
	if (in->uom && str_utf8_len(in->uom) > 32)
		return err_set(e, ERR_INVALID, "uom", "TooLong", "the unit is too long (at most 32 characters)");
	if (in->list_price < 0)
		return err_set(e, ERR_INVALID, "price", "OutOfRange", "the price cannot be negative");
	if (in->list_price >= 100000000000000LL)
		return err_set(e, ERR_INVALID, "price", "OutOfRange", "the price is too large");
	if (in->ntax > 16)
		return err_set(e, ERR_INVALID, "tax_ids", "QTooMany", "at most 16 taxes");
	return 0;
}

static int set_product_taxes(struct db *db, int64_t pid, const struct product_input *in, struct err_info *e)
{
	int64_t r = db_exec(db, "DELETE FROM product_tax WHERE product_id = ?", "i", pid);
	if (r < 0)
		return (int)r;
	for (size_t i = 0; i < in->ntax; i++) {
		int64_t ok = 0;
		int rc = db_int(db, &ok, 0, "SELECT COUNT(*) FROM tax WHERE id = ? AND active = 1", "i",
				in->tax_ids[i]);
		if (rc)
			return rc;
		if (!ok)
			return err_set(e, ERR_INVALID, "tax_ids", "QUnknownTax", "unknown tax");
		r = db_exec(db, "INSERT IGNORE INTO product_tax (product_id, tax_id) VALUES (?, ?)", "ii", pid,
			    in->tax_ids[i]);
		if (r < 0)
			return (int)r;
	}
	return 0;
}

#define PRODUCT_COLS                                                                                \
	"p.id, p.name, p.default_code, p.description, p.list_price, p.uom, p.active, "              \
	"(SELECT GROUP_CONCAT(t.id ORDER BY t.id) FROM product_tax pt JOIN tax t ON t.id = pt.tax_id " \
	"WHERE pt.product_id = p.id) AS tax_ids, "                                                   \
	"(SELECT GROUP_CONCAT(t.name ORDER BY t.id SEPARATOR ', ') FROM product_tax pt JOIN tax t "  \
	"ON t.id = pt.tax_id WHERE pt.product_id = p.id) AS tax_names "

int product_get(struct db *db, struct arena *a, int64_t id, struct db_rows *out)
{
	return db_query1(db, a, out, "SELECT " PRODUCT_COLS "FROM product p WHERE p.id = ?", "i", id);
}

int product_list(struct db *db, struct arena *a, const char *q, bool archived, int64_t limit,
		 int64_t offset, struct db_rows *out, int64_t *total)
{
	const char *like = q && *q ? arena_printf(a, "%%%s%%", q) : NULL;
	if (limit <= 0 || limit > 1000)
		limit = 200;
	if (offset < 0)
		offset = 0;
	int rc = db_query(db, a, out,
			  "SELECT " PRODUCT_COLS "FROM product p WHERE (? = 1 OR p.active = 1) "
			  "AND (? IS NULL OR p.name LIKE ? OR p.default_code LIKE ?) "
			  "ORDER BY p.active DESC, p.name, p.id LIMIT ? OFFSET ?",
			  "isssii", (int64_t)archived, like, like, like, limit, offset);
	if (rc || !total)
		return rc;
	return db_int(db, total, 0,
		      "SELECT COUNT(*) FROM product p WHERE (? = 1 OR p.active = 1) "
		      "AND (? IS NULL OR p.name LIKE ? OR p.default_code LIKE ?)",
		      "isss", (int64_t)archived, like, like, like);
}

int product_choices(struct db *db, struct arena *a, struct db_rows *out)
{
	return db_query(db, a, out,
			"SELECT id, name, default_code, list_price, uom FROM product WHERE active = 1 "
			"ORDER BY name, id LIMIT 500",
			"");
}

int product_update(struct db *db, int64_t id, const struct product_input *in, struct err_info *e)
{
	int rc = check_product(in, e);
	if (rc)
		return rc;
	char price[32];
	snprintf(price, sizeof price, "%lld.%02lld", (long long)(in->list_price / 100),
		 (long long)(in->list_price % 100));
	int64_t r = db_exec(db,
			    "UPDATE product SET name = ?, default_code = ?, description = ?, list_price = ?, "
			    "uom = ? WHERE id = ?",
			    "sssssi", in->name, in->default_code && *in->default_code ? in->default_code : NULL,
			    in->description && *in->description ? in->description : NULL, price,
			    in->uom && *in->uom ? in->uom : "Unit", id);
	if (r < 0)
		return (int)r;
	int64_t exists = 0;
	rc = db_int(db, &exists, 0, "SELECT COUNT(*) FROM product WHERE id = ?", "i", id);
	if (rc)
		return rc;
	if (!exists)
		return err_set(e, ERR_NOTFOUND, "", "", "no such product");
	return set_product_taxes(db, id, in, e);
}

int product_set_active(struct db *db, int64_t id, bool active)
{
	int64_t r = db_exec(db, "UPDATE product SET active = ? WHERE id = ?", "ii", (int64_t)active, id);
	return r < 0 ? (int)r : 0;
}

int tax_get(struct db *db, struct arena *a, int64_t id, struct db_rows *out)
{
	return db_query1(db, a, out,
			 "SELECT id, name, description, rate, price_include, active FROM tax WHERE id = ?", "i", id);
}

int tax_list(struct db *db, struct arena *a, bool archived, struct db_rows *out)
{
	return db_query(db, a, out,
			"SELECT id, name, description, rate, price_include, active FROM tax "
			"WHERE (? = 1 OR active = 1) ORDER BY active DESC, name, id LIMIT 500",
			"i", (int64_t)archived);
}

int tax_update(struct db *db, int64_t id, const char *name, int64_t rate_e4, bool price_include,
	       const char *description, struct err_info *e)
{
	if (str_empty(name) || str_utf8_len(name) > 64)
		return err_set(e, ERR_INVALID, "name", "Required", "the tax name is required (at most 64 characters)");
	if (rate_e4 < 0 || rate_e4 > 1000000)
		return err_set(e, ERR_INVALID, "rate", "OutOfRange", "the rate must be between 0 and 100");
	if (description && str_utf8_len(description) > 128)
		return err_set(e, ERR_INVALID, "description", "TooLong", "the label is too long (at most 128 characters)");
	char rate[32];
	snprintf(rate, sizeof rate, "%lld.%04lld", (long long)(rate_e4 / 10000), (long long)(rate_e4 % 10000));
	int64_t exists = 0;
	int rc = db_int(db, &exists, 0, "SELECT COUNT(*) FROM tax WHERE id = ?", "i", id);
	if (rc)
		return rc;
	if (!exists)
		return err_set(e, ERR_NOTFOUND, "", "", "no such tax");
	int64_t r = db_exec(db, "UPDATE tax SET name = ?, rate = ?, price_include = ?, description = ? WHERE id = ?",
			    "ssisi", name, rate, (int64_t)price_include,
			    description && *description ? description : NULL, id);
	return r < 0 ? (int)r : 0;
}

int tax_set_active(struct db *db, int64_t id, bool active)
{
	int64_t r = db_exec(db, "UPDATE tax SET active = ? WHERE id = ?", "ii", (int64_t)active, id);
	return r < 0 ? (int)r : 0;
}

int64_t tax_rate_e4(const char *dec)
{
	/* "20.0000" / "5.5" -> 200000 / 55000 */
	int64_t whole = 0, frac = 0;
	int nf = 0;
	const char *p = dec ? dec : "";
	for (; *p >= '0' && *p <= '9'; p++)
		whole = whole * 10 + (*p - '0');
	if (*p == '.' || *p == ',')
		for (p++; *p >= '0' && *p <= '9' && nf < 4; p++, nf++)
			frac = frac * 10 + (*p - '0');
	for (; nf < 4; nf++)
		frac *= 10;
	return whole * 10000 + frac;
}
