/* qt_template.h - quotation templates (SPEC Q4; tables quote_template and
 * quote_template_line): default lines, validity in days (> 0 wins over the
 * quotation_validity_days setting), whether the customer must sign
 * (default on), payment terms and terms and conditions. quote_create()
 * copies them into a new quotation. */
#ifndef PISTE_QT_TEMPLATE_H
#define PISTE_QT_TEMPLATE_H

#include <stdbool.h>
#include <stdint.h>

struct arena;
struct db;
struct db_rows;
struct err_info;

struct qt_input {
	const char *name, *terms, *payment_terms;
	int64_t validity_days;
	bool require_signature;
};

int qt_create(struct db *db, const struct qt_input *in, int64_t *id, struct err_info *e);
int qt_update(struct db *db, int64_t id, const struct qt_input *in, struct err_info *e);
int qt_set_active(struct db *db, int64_t id, bool active);
/* id, name, validity_days, require_signature, payment_terms, terms, active, nlines. */
int qt_get(struct db *db, struct arena *a, int64_t id, struct db_rows *out);
int qt_list(struct db *db, struct arena *a, bool archived, struct db_rows *out);
/* id, sequence, display_type, product_id, product_name, name, quantity_e3. */
int qt_lines(struct db *db, struct arena *a, int64_t id, struct db_rows *out);
/* display_type line (product required), section or note (name required). */
int qt_line_add(struct db *db, int64_t template_id, const char *display_type, int64_t product_id,
		const char *name, int64_t qty_e3, struct err_info *e);
int qt_line_delete(struct db *db, int64_t template_id, int64_t line_id);

#endif
