#include "crm/tag.h"

#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "db/db.h"

int tag_ensure(struct db *db, const char *name, int64_t *id)
{
	if (str_empty(name) || str_utf8_len(name) > 64)
		return ERR_INVALID;
	unsigned h = 0;
	for (const char *p = name; *p; p++)
		h = h * 31 + (unsigned char)*p;
	/* INSERT IGNORE then SELECT: safe when two requests add the same tag. */
	int64_t r = db_exec(db, "INSERT IGNORE INTO tag (name, color) VALUES (?, ?)", "si", name,
			    (int64_t)(h % TAG_COLORS));
	if (r < 0)
		return (int)r;
	int rc = db_int(db, id, 0, "SELECT id FROM tag WHERE name = ?", "s", name);
	if (rc == 0 && *id == 0)
		return ERR_DB;
	return rc;
}

int tag_list(struct db *db, struct arena *a, struct db_rows *out)
{
	return db_query(db, a, out, "SELECT id, name, color FROM tag ORDER BY name", "");
}

int tag_update(struct db *db, int64_t id, const char *name, int color, struct err_info *e)
{
	if (str_empty(name) || str_utf8_len(name) > 64)
		return err_set(e, ERR_INVALID, "name", "Required", "the tag name is required (at most 64 characters)");
	if (color < 0 || color >= TAG_COLORS)
		return err_set(e, ERR_INVALID, "color", "OutOfRange", "the colour must be between 0 and 11");
	int64_t r = db_exec(db, "UPDATE tag SET name = ?, color = ? WHERE id = ?", "sii", name, (int64_t)color, id);
	if (r == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "name", "TagExists", "a tag with this name exists");
	if (r < 0)
		return (int)r;
	if (r == 0) {
		int64_t ok = 0;
		int rc = db_int(db, &ok, 0, "SELECT COUNT(*) FROM tag WHERE id = ?", "i", id);
		if (rc)
			return rc;
		if (!ok)
			return ERR_NOTFOUND;
	}
	return 0;
}

int tag_delete(struct db *db, int64_t id)
{
	int64_t r = db_exec(db, "DELETE FROM tag WHERE id = ?", "i", id);
	if (r < 0)
		return (int)r;
	return r == 0 ? ERR_NOTFOUND : 0;
}
