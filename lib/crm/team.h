/* team.h - sales teams and their members (SPEC P12; tables team and
 * team_member). */
#ifndef PISTE_TEAM_H
#define PISTE_TEAM_H

#include <stdbool.h>
#include <stdint.h>

struct arena;
struct db;
struct db_rows;
struct err_info;

struct team_input {
	const char *name, *alias;
	int64_t leader_id;       /* 0: none */
	bool use_leads, use_opportunities;
};

int team_create(struct db *db, const struct team_input *in, int64_t *id, struct err_info *e);
/* Add or update a membership. */
int team_add_member(struct db *db, int64_t team_id, int64_t user_id, int capacity,
		    bool skip_assignment, struct err_info *e);
/* Assignment rules (S3): the team's filter (the filter language of
 * crm/filter.h, validated: ERR_INVALID names the position) and opt-out; a
 * member's capacity per 30 days, skip flag and filter. ERR_NOTFOUND when the
 * team / membership does not exist. */
int team_set_assignment(struct db *db, int64_t team_id, const char *filter, bool optout,
			struct err_info *e);
int team_member_set_assignment(struct db *db, int64_t team_id, int64_t user_id, int capacity,
			       bool skip_assignment, const char *filter, struct err_info *e);
/* The user's default team: the one flagged default, else the first team
 * they belong to, else 0. */
int team_default_for_user(struct db *db, int64_t user_id, int64_t *team_id);
/* The first active team (by sequence, id), 0 when there is none. */
int team_first(struct db *db, int64_t *team_id);
/* use_leads of a team (false when the team does not exist). */
bool team_uses_leads(struct db *db, int64_t team_id);
int team_list(struct db *db, struct arena *a, struct db_rows *out);
int team_find_by_name(struct db *db, const char *name, int64_t *id);

/* ---- issue 4: the teams settings page and API ---------------------------- */
/* id, name, alias, leader_id, leader_name, use_leads, use_opportunities,
 * active, sequence, member_count; every team (active first). */
int team_list_full(struct db *db, struct arena *a, struct db_rows *out);
int team_get(struct db *db, struct arena *a, int64_t id, struct db_rows *out);
int team_update(struct db *db, int64_t id, const struct team_input *in, bool active,
		struct err_info *e);
/* Add or update a membership with the multi-team setting (P12): when it is
 * off, joining a team ends the user's other memberships. The first team of a
 * user becomes their default. */
int team_join(struct db *db, int64_t team_id, int64_t user_id, int capacity,
	      bool skip_assignment, const char *filter, struct err_info *e);
int team_leave(struct db *db, int64_t team_id, int64_t user_id);
/* Make team_id the user's default team (they must be a member). */
int team_set_default(struct db *db, int64_t user_id, int64_t team_id, struct err_info *e);
/* Members: user_id, name, login, role, capacity, skip_assignment,
 * assignment_filter, is_default. */
int team_members(struct db *db, struct arena *a, int64_t team_id, struct db_rows *out);

#endif
