#include "crm/team.h"

#include <string.h>

#include "core/err.h"
#include "core/log.h"
#include "core/str.h"
#include "crm/filter.h"
#include "crm/team_alias.h"
#include "db/db.h"

int team_create(struct db *db, const struct team_input *in, int64_t *id, struct err_info *e)
{
	if (str_empty(in->name) || str_utf8_len(in->name) > 128)
		return err_set(e, ERR_INVALID, "name", "Required", "the team name is required (at most 128 characters)");
	/* Same rule as the gateway's: an address or a local part, no '+'
	 * (that separates the tag in sales+fair@...). */
	if (in->alias && *in->alias && !team_alias_valid(in->alias))
		return err_set(e, ERR_INVALID, "alias", "BadEmail", "the alias must be an e-mail address or its local part");
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
	int rc = db_int(db, &has, 0, "SELECT COUNT(*) FROM team_member WHERE user_id = ?", "i", user_id);
	if (rc)
		return rc;
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
	rc = db_int(db, &n, 0, "SELECT COUNT(*) FROM team WHERE id = ?", "i", team_id);
	if (rc)
		return rc;
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
	rc = db_int(db, &n, 0, "SELECT COUNT(*) FROM team_member WHERE team_id = ? AND user_id = ?", "ii", team_id,
		    user_id);
	if (rc)
		return rc;
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
	/* A yes/no answer has no room for an error: on failure answer "no"
	 * (the pipeline-only view) and let the caller's next statement fail. */
	if (db_int(db, &v, 0, "SELECT use_leads FROM team WHERE id = ?", "i", team_id) < 0)
		log_warnx("team_uses_leads: %s", db_error(db));
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

/* ---- issue 4 -------------------------------------------------------------- */

#include "crm/settings.h"

int team_list_full(struct db *db, struct arena *a, struct db_rows *out)
{
	return db_query(db, a, out,
			"SELECT t.id, t.name, t.alias, t.leader_id, u.name AS leader_name, t.use_leads, "
			"t.use_opportunities, t.active, t.sequence, "
			"(SELECT COUNT(*) FROM team_member m WHERE m.team_id = t.id) AS member_count "
			"FROM team t LEFT JOIN app_user u ON u.id = t.leader_id "
			"ORDER BY t.active DESC, t.sequence, t.id",
			"");
}

int team_get(struct db *db, struct arena *a, int64_t id, struct db_rows *out)
{
	return db_query1(db, a, out,
			 "SELECT t.id, t.name, t.alias, t.leader_id, u.name AS leader_name, t.use_leads, "
			 "t.use_opportunities, t.active, t.sequence FROM team t "
			 "LEFT JOIN app_user u ON u.id = t.leader_id WHERE t.id = ?",
			 "i", id);
}

int team_update(struct db *db, int64_t id, const struct team_input *in, bool active,
		struct err_info *e)
{
	if (str_empty(in->name) || str_utf8_len(in->name) > 128)
		return err_set(e, ERR_INVALID, "name", "Required", "the team name is required (at most 128 characters)");
	if (in->alias && *in->alias && !team_alias_valid(in->alias))
		return err_set(e, ERR_INVALID, "alias", "BadEmail", "the alias must be an e-mail address or its local part");
	if (in->leader_id) {
		int64_t ok = 0;
		int rc = db_int(db, &ok, 0, "SELECT COUNT(*) FROM app_user WHERE id = ?", "i", in->leader_id);
		if (rc)
			return rc;
		if (!ok)
			return err_set(e, ERR_INVALID, "leader_id", "NotFound", "unknown user");
	}
	/* Odoo: a team that uses neither leads nor pipeline has no alias. */
	const char *alias = in->alias && *in->alias && (in->use_leads || in->use_opportunities) ? in->alias : NULL;
	int64_t r = db_exec(db,
			    "UPDATE team SET name = ?, alias = ?, leader_id = NULLIF(?, 0), use_leads = ?, "
			    "use_opportunities = ?, active = ? WHERE id = ?",
			    "ssiiiii", in->name, alias, in->leader_id, (int64_t)in->use_leads,
			    (int64_t)in->use_opportunities, (int64_t)active, id);
	if (r == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "alias", "AliasTaken", "this alias is already used by another team");
	if (r < 0)
		return (int)r;
	if (r == 0) {
		int64_t ok = 0;
		int rc = db_int(db, &ok, 0, "SELECT COUNT(*) FROM team WHERE id = ?", "i", id);
		if (rc)
			return rc;
		if (!ok)
			return ERR_NOTFOUND;
	}
	return 0;
}

int team_join(struct db *db, int64_t team_id, int64_t user_id, int capacity,
	      bool skip_assignment, const char *filter, struct err_info *e)
{
	if (capacity < 0 || capacity > 100000)
		return err_set(e, ERR_INVALID, "capacity", "OutOfRange", "capacity must be between 0 and 100000");
	if (filter && strlen(filter) > 2000)
		return err_set(e, ERR_INVALID, "filter", "TooLong", "the filter is too long");
	int64_t ok = 0;
	int rc = db_int(db, &ok, 0, "SELECT COUNT(*) FROM app_user WHERE id = ? AND active = 1", "i", user_id);
	if (rc)
		return rc;
	if (!ok)
		return err_set(e, ERR_INVALID, "user_id", "NotFound", "unknown user");
	rc = db_int(db, &ok, 0, "SELECT COUNT(*) FROM team WHERE id = ?", "i", team_id);
	if (rc)
		return rc;
	if (!ok)
		return ERR_NOTFOUND;
	int64_t r;
	if (!settings_bool(db, "multi_team", false)) {
		r = db_exec(db, "DELETE FROM team_member WHERE user_id = ? AND team_id <> ?", "ii", user_id, team_id);
		if (r < 0)
			return (int)r;
	}
	int64_t has_default = 0;
	rc = db_int(db, &has_default, 0, "SELECT COUNT(*) FROM team_member WHERE user_id = ? AND is_default = 1", "i",
		    user_id);
	if (rc)
		return rc;
	r = db_exec(db,
		    "INSERT INTO team_member (team_id, user_id, capacity, skip_assignment, assignment_filter, is_default) "
		    "VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE capacity = VALUES(capacity), "
		    "skip_assignment = VALUES(skip_assignment), assignment_filter = VALUES(assignment_filter)",
		    "iiiisi", team_id, user_id, (int64_t)capacity, (int64_t)skip_assignment,
		    filter ? filter : "", (int64_t)(has_default == 0));
	return r < 0 ? (int)r : 0;
}

int team_leave(struct db *db, int64_t team_id, int64_t user_id)
{
	int64_t r = db_exec(db, "DELETE FROM team_member WHERE team_id = ? AND user_id = ?", "ii", team_id, user_id);
	if (r < 0)
		return (int)r;
	if (r == 0)
		return ERR_NOTFOUND;
	/* Another team becomes the default when the default one was left. */
	int64_t has = 0;
	int rc = db_int(db, &has, 0, "SELECT COUNT(*) FROM team_member WHERE user_id = ? AND is_default = 1", "i",
			user_id);
	if (rc)
		return rc;
	if (!has) {
		r = db_exec(db, "UPDATE team_member SET is_default = 1 WHERE user_id = ? ORDER BY id LIMIT 1", "i",
			    user_id);
		if (r < 0)
			return (int)r;
	}
	return 0;
}

int team_set_default(struct db *db, int64_t user_id, int64_t team_id, struct err_info *e)
{
	int64_t ok = 0;
	int rc = db_int(db, &ok, 0, "SELECT COUNT(*) FROM team_member WHERE user_id = ? AND team_id = ?", "ii", user_id,
			team_id);
	if (rc)
		return rc;
	if (!ok)
		return err_set(e, ERR_INVALID, "team_id", "NotMember", "the user is not a member of this team");
	int64_t r = db_exec(db, "UPDATE team_member SET is_default = (team_id = ?) WHERE user_id = ?", "ii", team_id, user_id);
	return r < 0 ? (int)r : 0;
}

int team_members(struct db *db, struct arena *a, int64_t team_id, struct db_rows *out)
{
	return db_query(db, a, out,
			"SELECT m.user_id, u.name, u.login, u.role, m.capacity, m.skip_assignment, "
			"m.assignment_filter, m.is_default FROM team_member m JOIN app_user u ON u.id = m.user_id "
			"WHERE m.team_id = ? ORDER BY u.name",
			"i", team_id);
}
