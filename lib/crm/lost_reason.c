#include "crm/lost_reason.h"

#include "core/err.h"
#include "core/str.h"
#include "db/db.h"

int lost_reason_list(struct db *db, struct arena *a, bool with_inactive, struct db_rows *out)
{
	return db_query(db, a, out,
			"SELECT r.id, r.name, r.active, (SELECT COUNT(*) FROM crm_lead l "
			"WHERE l.lost_reason_id = r.id) AS lead_count FROM lost_reason r "
			"WHERE r.active = 1 OR ? = 1 ORDER BY r.active DESC, r.name, r.id",
			"i", (int64_t)with_inactive);
}

int lost_reason_save(struct db *db, int64_t id, const char *name, bool active, int64_t *out_id,
		     struct err_info *e)
{
	if (str_empty(name) || str_utf8_len(name) > 128)
		return err_set(e, ERR_INVALID, "name", "Required", "the reason is required (at most 128 characters)");
	int64_t r;
	if (id == 0) {
		r = db_exec(db, "INSERT INTO lost_reason (name, active) VALUES (?, ?)", "si", name, (int64_t)active);
		if (r >= 0 && out_id)
			*out_id = db_last_id(db);
		return r < 0 ? (int)r : 0;
	}
	r = db_exec(db, "UPDATE lost_reason SET name = ?, active = ? WHERE id = ?", "sii", name, (int64_t)active, id);
	if (r < 0)
		return (int)r;
	if (r == 0) {
		int64_t ok = 0;
		int rc = db_int(db, &ok, 0, "SELECT COUNT(*) FROM lost_reason WHERE id = ?", "i", id);
		if (rc)
			return rc;
		if (!ok)
			return ERR_NOTFOUND;
	}
	if (out_id)
		*out_id = id;
	return 0;
}

int lost_reason_options(struct db *db, struct arena *a, struct db_rows *out)
{
	return db_query(db, a, out, "SELECT id, name FROM lost_reason WHERE active = 1 ORDER BY name, id", "");
}
