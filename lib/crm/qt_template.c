#include "crm/qt_template.h"

#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "crm/quote.h"
#include "db/db.h"

static int check(const struct qt_input *in, struct err_info *e)
{
	if (str_empty(in->name) || str_utf8_len(in->name) > 128)
		return err_set(e, ERR_INVALID, "name", "Required", "the template name is required (at most 128 characters)");
	if (in->validity_days < 0 || in->validity_days > 3650)
		return err_set(e, ERR_INVALID, "validity_days", "OutOfRange", "validity: 0 to 3650 days");
	if (in->terms && str_utf8_len(in->terms) > 20000)
		return err_set(e, ERR_INVALID, "terms", "TooLong", "the terms are too long");
	if (in->payment_terms && str_utf8_len(in->payment_terms) > 255)
		return err_set(e, ERR_INVALID, "payment_terms", "TooLong", "payment terms: at most 255 characters");
	return 0;
}

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

int qt_create(struct db *db, const struct qt_input *in, int64_t *id, struct err_info *e)
{
	int rc = check(in, e);
	if (rc)
		return rc;
	int64_t r = db_exec(db,
			    "INSERT INTO quote_template (name, validity_days, require_signature, payment_terms, terms) "
			    "VALUES (?, ?, ?, ?, ?)",
			    "siiss", in->name, in->validity_days, (int64_t)in->require_signature,
			    nz(in->payment_terms), nz(in->terms));
	if (r < 0)
		return (int)r;
	if (id)
		*id = db_last_id(db);
	return 0;
}

int qt_update(struct db *db, int64_t id, const struct qt_input *in, struct err_info *e)
{
	int rc = check(in, e);
	if (rc)
		return rc;
	int64_t exists = 0;
	if ((rc = db_int(db, &exists, 0, "SELECT COUNT(*) FROM quote_template WHERE id = ?", "i", id)))
		return rc;
	if (!exists)
		return err_set(e, ERR_NOTFOUND, "", "", "no such template");
	int64_t r = db_exec(db,
			    "UPDATE quote_template SET name = ?, validity_days = ?, require_signature = ?, "
			    "payment_terms = ?, terms = ? WHERE id = ?",
			    "siissi", in->name, in->validity_days, (int64_t)in->require_signature,
			    nz(in->payment_terms), nz(in->terms), id);
	return r < 0 ? (int)r : 0;
}

int qt_set_active(struct db *db, int64_t id, bool active)
{
	int64_t r = db_exec(db, "UPDATE quote_template SET active = ? WHERE id = ?", "ii", (int64_t)active, id);
	return r < 0 ? (int)r : 0;
}

#define QT_COLS                                                                              \
	"t.id, t.name, t.validity_days, t.require_signature, t.payment_terms, t.terms, t.active, " \
	"(SELECT COUNT(*) FROM quote_template_line l WHERE l.template_id = t.id) AS nlines "

int qt_get(struct db *db, struct arena *a, int64_t id, struct db_rows *out)
{
	return db_query1(db, a, out, "SELECT " QT_COLS "FROM quote_template t WHERE t.id = ?", "i", id);
}

int qt_list(struct db *db, struct arena *a, bool archived, struct db_rows *out)
{
	return db_query(db, a, out,
			"SELECT " QT_COLS "FROM quote_template t WHERE (? = 1 OR t.active = 1) "
			"ORDER BY t.active DESC, t.name, t.id LIMIT 500",
			"i", (int64_t)archived);
}

int qt_lines(struct db *db, struct arena *a, int64_t id, struct db_rows *out)
{
	return db_query(db, a, out,
			"SELECT l.id, l.sequence, l.display_type, l.product_id, p.name AS product_name, l.name, "
			"l.quantity_e3 FROM quote_template_line l LEFT JOIN product p ON p.id = l.product_id "
			"WHERE l.template_id = ? ORDER BY l.sequence, l.id",
			"i", id);
}

int qt_line_add(struct db *db, int64_t template_id, const char *display_type, int64_t product_id,
		const char *name, int64_t qty_e3, struct err_info *e)
{
	const char *type = display_type && *display_type ? display_type : "line";
	if (!str_eq(type, "line") && !str_eq(type, "section") && !str_eq(type, "note"))
		return err_set(e, ERR_INVALID, "display_type", "QBadLineType", "display_type must be line, section or note");
	if (name && str_utf8_len(name) > 5000)
		return err_set(e, ERR_INVALID, "description", "TooLong", "the description is too long");
	if (str_eq(type, "line")) {
		int64_t ok = 0;
		int rc = db_int(db, &ok, 0, "SELECT COUNT(*) FROM product WHERE id = ? AND active = 1", "i",
				product_id);
		if (rc)
			return rc;
		if (!ok)
			return err_set(e, ERR_INVALID, "product_id", "QUnknownProduct", "unknown product");
		if (qty_e3 < 0 || qty_e3 > QUOTE_QTY_MAX_E3)
			return err_set(e, ERR_INVALID, "quantity", "QNegativeQty", "the quantity cannot be negative");
	} else {
		if (str_empty(name))
			return err_set(e, ERR_INVALID, "description", "Required", "a section or note needs a text");
		product_id = 0;
		qty_e3 = 0;
	}
	int64_t exists = 0;
	int rc = db_int(db, &exists, 0, "SELECT COUNT(*) FROM quote_template WHERE id = ?", "i", template_id);
	if (rc)
		return rc;
	if (!exists)
		return err_set(e, ERR_NOTFOUND, "", "", "no such template");
	int64_t r = db_exec(db,
			    "INSERT INTO quote_template_line (template_id, sequence, display_type, product_id, name, "
			    "quantity_e3) SELECT ?, COALESCE(MAX(sequence), 0) + 10, ?, NULLIF(?, 0), ?, ? "
			    "FROM quote_template_line WHERE template_id = ?",
			    "isisii", template_id, type, product_id, nz(name), qty_e3, template_id);
	return r < 0 ? (int)r : 0;
}

int qt_line_delete(struct db *db, int64_t template_id, int64_t line_id)
{
	int64_t r = db_exec(db, "DELETE FROM quote_template_line WHERE id = ? AND template_id = ?", "ii", line_id,
			    template_id);
	if (r < 0)
		return (int)r;
	return r == 0 ? ERR_NOTFOUND : 0;
}
