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
