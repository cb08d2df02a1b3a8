#include "crm/partner.h"

#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "crm/normalize.h"
#include "db/db.h"

int partner_create(struct db *db, struct arena *a, const struct partner_input *in, int64_t *id,
		   struct err_info *e)
{
	if (str_empty(in->name) || str_utf8_len(in->name) > 255)
		return err_set(e, ERR_INVALID, "name", "Required", "the name is required (at most 255 characters)");
	if (in->email && *in->email && !norm_email(a, in->email))
		return err_set(e, ERR_INVALID, "email", "BadEmail", "invalid e-mail address");
	if (in->country_code && *in->country_code && strlen(in->country_code) != 2)
		return err_set(e, ERR_INVALID, "country_code", "BadCountry", "the country must be a 2-letter code");
	const char *en = in->email ? norm_email(a, in->email) : NULL;
	const char *ph = norm_phone_e164(a, in->mobile && *in->mobile ? in->mobile : in->phone,
					 in->country_code);
	struct db_param p[] = {
		{'s', .s = in->name},
		{'i', .i = in->is_company},
		{'i', .i = in->parent_id},
		{'s', .s = in->email && *in->email ? in->email : NULL},
		{'s', .s = en},
		{'s', .s = in->phone && *in->phone ? in->phone : NULL},
		{'s', .s = ph},
		{'s', .s = in->mobile && *in->mobile ? in->mobile : NULL},
		{'s', .s = in->street},
		{'s', .s = in->street2},
		{'s', .s = in->zip},
		{'s', .s = in->city},
		{'s', .s = in->state},
		{'s', .s = in->country_code},
		{'s', .s = in->website},
		{'s', .s = in->vat},
		{'s', .s = in->function},
		{'s', .s = in->lang},
		{'s', .s = in->comment},
		{'i', .i = in->user_id},
	};
	for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
		if (p[i].type == 's')
			p[i].len = p[i].s ? strlen(p[i].s) : 0;
	int64_t r = db_execv(db,
			     "INSERT INTO partner (name, is_company, parent_id, email, email_normalized, "
			     "phone, phone_sanitized, mobile, street, street2, zip, city, state, "
			     "country_code, website, vat, function, lang, comment, user_id) "
			     "VALUES (?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0))",
			     p, sizeof p / sizeof p[0]);
	if (r == ERR_CONFLICT)
		return err_set(e, ERR_INVALID, "parent_id", "NotFound", "unknown parent company");
	if (r < 0)
		return (int)r;
	if (id)
		*id = db_last_id(db);
	return 0;
}

int partner_get(struct db *db, struct arena *a, int64_t id, struct db_rows *out)
{
	return db_query1(db, a, out,
			 "SELECT id, name, is_company, parent_id, email, phone, mobile, street, street2, "
			 "zip, city, state, country_code, website, vat, function, lang, comment, user_id, "
			 "active FROM partner WHERE id = ?",
			 "i", id);
}
