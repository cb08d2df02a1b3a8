#include "crm/stage.h"

#include "core/err.h"
#include "core/str.h"
#include "db/db.h"

int stage_create(struct db *db, const char *name, int sequence, bool is_won, bool folded,
		 int64_t team_id, int64_t *id, struct err_info *e)
{
	if (str_empty(name) || str_utf8_len(name) > 128)
		return err_set(e, ERR_INVALID, "name", "Required", "the stage name is required (at most 128 characters)");
	int64_t r = db_exec(db,
			    "INSERT INTO stage (name, sequence, is_won, folded, team_id) VALUES (?, ?, ?, ?, NULLIF(?, 0))",
			    "siiii", name, (int64_t)sequence, (int64_t)is_won, (int64_t)folded, team_id);
	if (r < 0)
		return (int)r;
	if (id)
		*id = db_last_id(db);
	return 0;
}

int stage_default_for_team(struct db *db, int64_t team_id, int64_t *stage_id)
{
	return db_int(db, stage_id, 0,
		      "SELECT id FROM stage WHERE folded = 0 AND (team_id IS NULL OR team_id = ?) "
		      "ORDER BY sequence, id LIMIT 1",
		      "i", team_id);
}

int stage_list_for_team(struct db *db, struct arena *a, int64_t team_id, struct db_rows *out)
{
	return db_query(db, a, out,
			"SELECT id, name, sequence, is_won, folded, requirements, team_id FROM stage "
			"WHERE team_id IS NULL OR team_id = ? ORDER BY sequence, name, id",
			"i", team_id);
}

bool stage_is_won(struct db *db, int64_t stage_id)
{
	int64_t v = 0;
	db_int(db, &v, 0, "SELECT is_won FROM stage WHERE id = ?", "i", stage_id);
	return v != 0;
}

bool stage_valid_for_team(struct db *db, int64_t stage_id, int64_t team_id)
{
	int64_t v = 0;
	db_int(db, &v, 0, "SELECT COUNT(*) FROM stage WHERE id = ? AND (team_id IS NULL OR team_id = ?)",
	       "ii", stage_id, team_id);
	return v != 0;
}
