#include "crm/stage.h"

#include "core/err.h"
#include "core/log.h"
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
	/* A yes/no answer has no room for an error: on failure answer "not
	 * won" and let the caller's next statement report the dead server. */
	if (db_int(db, &v, 0, "SELECT is_won FROM stage WHERE id = ?", "i", stage_id) < 0)
		log_warnx("stage_is_won: %s", db_error(db));
	return v != 0;
}

bool stage_valid_for_team(struct db *db, int64_t stage_id, int64_t team_id)
{
	int64_t v = 0;
	/* On failure answer "not valid": the caller refuses the stage. */
	if (db_int(db, &v, 0, "SELECT COUNT(*) FROM stage WHERE id = ? AND (team_id IS NULL OR team_id = ?)", "ii",
		   stage_id, team_id) < 0)
		log_warnx("stage_valid_for_team: %s", db_error(db));
	return v != 0;
}

/* ---- issue 4 -------------------------------------------------------------- */

#include "crm/lead.h"

int stage_list_all(struct db *db, struct arena *a, struct db_rows *out)
{
	return db_query(db, a, out,
			"SELECT s.id, s.name, s.sequence, s.is_won, s.folded, s.requirements, s.team_id, "
			"t.name AS team_name, s.require_lost_reason FROM stage s "
			"LEFT JOIN team t ON t.id = s.team_id ORDER BY s.sequence, s.name, s.id",
			"");
}

int stage_get(struct db *db, struct arena *a, int64_t id, struct db_rows *out)
{
	return db_query1(db, a, out,
			 "SELECT id, name, sequence, is_won, folded, requirements, team_id, "
			 "require_lost_reason FROM stage WHERE id = ?",
			 "i", id);
}

int stage_save(struct db *db, int64_t id, const struct stage_input *in, int64_t *out_id,
	       struct err_info *e)
{
	if (str_empty(in->name) || str_utf8_len(in->name) > 128)
		return err_set(e, ERR_INVALID, "name", "Required", "the stage name is required (at most 128 characters)");
	if (in->requirements && str_utf8_len(in->requirements) > 1000)
		return err_set(e, ERR_INVALID, "requirements", "TooLong", "the requirements are too long (at most 1000 characters)");
	if (in->sequence < 0 || in->sequence > 100000)
		return err_set(e, ERR_INVALID, "sequence", "OutOfRange", "the sequence must be between 0 and 100000");
	if (in->team_id) {
		int64_t ok = 0;
		int rc = db_int(db, &ok, 0, "SELECT COUNT(*) FROM team WHERE id = ?", "i", in->team_id);
		if (rc)
			return rc;
		if (!ok)
			return err_set(e, ERR_INVALID, "team_id", "NotFound", "unknown team");
	}
	int64_t was_won = -1;
	if (id) {
		if (db_int(db, &was_won, -1, "SELECT is_won FROM stage WHERE id = ?", "i", id) != 0 || was_won < 0)
			return ERR_NOTFOUND;
		int64_t r = db_exec(db,
				    "UPDATE stage SET name = ?, sequence = ?, is_won = ?, folded = ?, requirements = ?, "
				    "team_id = NULLIF(?, 0), require_lost_reason = ? WHERE id = ?",
				    "siiisiii", in->name, (int64_t)in->sequence, (int64_t)in->is_won,
				    (int64_t)in->folded, in->requirements ? in->requirements : "", in->team_id,
				    (int64_t)in->require_lost_reason, id);
		if (r < 0)
			return (int)r;
		if (out_id)
			*out_id = id;
		if ((was_won != 0) != in->is_won)
			return lead_stage_won_changed(db, id, in->is_won);
		return 0;
	}
	int64_t r = db_exec(db,
			    "INSERT INTO stage (name, sequence, is_won, folded, requirements, team_id, "
			    "require_lost_reason) VALUES (?, ?, ?, ?, ?, NULLIF(?, 0), ?)",
			    "siiisii", in->name, (int64_t)in->sequence, (int64_t)in->is_won,
			    (int64_t)in->folded, in->requirements ? in->requirements : "", in->team_id,
			    (int64_t)in->require_lost_reason);
	if (r < 0)
		return (int)r;
	if (out_id)
		*out_id = db_last_id(db);
	return 0;
}

int stage_move(struct db *db, struct arena *a, int64_t id, int dir)
{
	struct db_rows r;
	int rc = db_query(db, a, &r, "SELECT id, sequence FROM stage ORDER BY sequence, name, id", "");
	if (rc)
		return rc;
	size_t at = r.nrows;
	for (size_t i = 0; i < r.nrows; i++)
		if (db_get_i64(&r, i, 0) == id)
			at = i;
	if (at == r.nrows)
		return ERR_NOTFOUND;
	if ((dir < 0 && at == 0) || (dir > 0 && at + 1 >= r.nrows))
		return 0;
	size_t other = dir < 0 ? at - 1 : at + 1;
	int64_t s1 = db_get_i64(&r, at, 1), s2 = db_get_i64(&r, other, 1);
	if (s1 == s2) /* equal sequences: make the order explicit */
		s1 = dir < 0 ? s2 - 1 : s2 + 1;
	else {
		int64_t t = s1;
		s1 = s2;
		s2 = t;
	}
	int64_t x = db_exec(db, "UPDATE stage SET sequence = ? WHERE id = ?", "ii", s1 < 0 ? 0 : s1, id);
	if (x >= 0)
		x = db_exec(db, "UPDATE stage SET sequence = ? WHERE id = ?", "ii", s2, db_get_i64(&r, other, 0));
	return x < 0 ? (int)x : 0;
}

int stage_delete(struct db *db, int64_t id, struct err_info *e)
{
	int64_t used = 0;
	int rc = db_int(db, &used, 0, "SELECT COUNT(*) FROM crm_lead WHERE stage_id = ?", "i", id);
	if (rc)
		return rc;
	if (used)
		return err_set(e, ERR_CONFLICT, "id", "StageUsed", "%lld records are in this stage: move them first",
			       (long long)used);
	int64_t r = db_exec(db, "DELETE FROM stage WHERE id = ?", "i", id);
	if (r < 0)
		return (int)r;
	return r == 0 ? ERR_NOTFOUND : 0;
}
