#include "crm/team.h"

#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "crm/filter.h"
#include "db/db.h"

int team_create(struct db *db, const struct team_input *in, int64_t *id, struct err_info *e)
{
	if (str_empty(in->name) || str_utf8_len(in->name) > 128)
		return err_set(e, ERR_INVALID, "name", "Required", "the team name is required (at most 128 characters)");
	if (in->alias && *in->alias && strlen(in->alias) > 254)
		return err_set(e, ERR_INVALID, "alias", "TooLong", "the alias is too long");
	int64_t r = db_exec(db,
			    "INSERT INTO team (name, alias, leader_id, use_leads, use_opportunities) "
			    "VALUES (?, ?, NULLIF(?, 0), ?, ?)",
			    "ssiii", in->name, in->alias && *in->alias ? in->alias : NULL,
			    in->leader_id, (int64_t)in->use_leads, (int64_t)in->use_opportunities);
	if (r == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "alias", "AliasTaken", "this alias is already used by another team");
	if (r < 0)
		return (int)r;
	if (id)
		*id = db_last_id(db);
	return 0;
}

int team_add_member(struct db *db, int64_t team_id, int64_t user_id, int capacity,
		    bool skip_assignment, struct err_info *e)
{
	if (capacity < 0 || capacity > 100000)
		return err_set(e, ERR_INVALID, "capacity", "OutOfRange", "capacity must be between 0 and 100000");
	int64_t has = 0;
	db_int(db, &has, 0, "SELECT COUNT(*) FROM team_member WHERE user_id = ?", "i", user_id);
	int64_t r = db_exec(db,
			    "INSERT INTO team_member (team_id, user_id, capacity, skip_assignment, is_default) "
			    "VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE capacity = VALUES(capacity), "
			    "skip_assignment = VALUES(skip_assignment)",
			    "iiiii", team_id, user_id, (int64_t)capacity, (int64_t)skip_assignment,
			    (int64_t)(has == 0));
	if (r == ERR_CONFLICT)
		return err_set(e, ERR_INVALID, "user_id", "NotFound", "unknown team or user");
	return r < 0 ? (int)r : 0;
}

int team_set_assignment(struct db *db, int64_t team_id, const char *filter, bool optout,
			struct err_info *e)
{
	int rc = filter_validate(filter, "assignment_filter", e, NULL);
	if (rc)
		return rc;
	int64_t r = db_exec(db, "UPDATE team SET assignment_filter = ?, assignment_optout = ? WHERE id = ?",
			    "sii", filter ? filter : "", (int64_t)optout, team_id);
	if (r < 0)
		return (int)r;
	int64_t n = 0;
	db_int(db, &n, 0, "SELECT COUNT(*) FROM team WHERE id = ?", "i", team_id);
	return n ? 0 : ERR_NOTFOUND;
}

int team_member_set_assignment(struct db *db, int64_t team_id, int64_t user_id, int capacity,
			       bool skip_assignment, const char *filter, struct err_info *e)
{
	if (capacity < 0 || capacity > 100000)
		return err_set(e, ERR_INVALID, "capacity", "OutOfRange", "capacity must be between 0 and 100000");
	int rc = filter_validate(filter, "assignment_filter", e, NULL);
	if (rc)
		return rc;
	int64_t r = db_exec(db,
			    "UPDATE team_member SET capacity = ?, skip_assignment = ?, assignment_filter = ? "
			    "WHERE team_id = ? AND user_id = ?",
			    "iisii", (int64_t)capacity, (int64_t)skip_assignment, filter ? filter : "", team_id, user_id);
	if (r < 0)
		return (int)r;
	int64_t n = 0;
	db_int(db, &n, 0, "SELECT COUNT(*) FROM team_member WHERE team_id = ? AND user_id = ?", "ii", team_id, user_id);
	return n ? 0 : ERR_NOTFOUND;
}

int team_default_for_user(struct db *db, int64_t user_id, int64_t *team_id)
{
	return db_int(db, team_id, 0,
		      "SELECT tm.team_id FROM team_member tm JOIN team t ON t.id = tm.team_id "
		      "WHERE tm.user_id = ? AND t.active = 1 "
		      "ORDER BY tm.is_default DESC, t.sequence, t.id LIMIT 1",
		      "i", user_id);
}

int team_first(struct db *db, int64_t *team_id)
{
	return db_int(db, team_id, 0,
		      "SELECT id FROM team WHERE active = 1 ORDER BY sequence, id LIMIT 1", "");
}

bool team_uses_leads(struct db *db, int64_t team_id)
{
	int64_t v = 0;
	db_int(db, &v, 0, "SELECT use_leads FROM team WHERE id = ?", "i", team_id);
	return v != 0;
}

int team_list(struct db *db, struct arena *a, struct db_rows *out)
{
	return db_query(db, a, out,
			"SELECT id, name, alias, leader_id, use_leads, use_opportunities, active "
			"FROM team ORDER BY sequence, id",
			"");
}

int team_find_by_name(struct db *db, const char *name, int64_t *id)
{
	int rc = db_int(db, id, 0, "SELECT id FROM team WHERE name = ? ORDER BY id LIMIT 1", "s",
			name);
	if (rc == 0 && *id == 0)
		return ERR_NOTFOUND;
	return rc;
}
