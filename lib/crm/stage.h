/* stage.h - pipeline stages (SPEC P4; table stage): global stages
 * (team_id NULL) and team-specific ones, ordered by sequence. */
#ifndef PISTE_STAGE_H
#define PISTE_STAGE_H

#include <stdbool.h>
#include <stdint.h>

struct arena;
struct db;
struct db_rows;
struct err_info;

int stage_create(struct db *db, const char *name, int sequence, bool is_won, bool folded,
		 int64_t team_id, int64_t *id, struct err_info *e);
/* First non-folded stage visible to the team (global or the team's), by
 * sequence then id; 0 when none. */
int stage_default_for_team(struct db *db, int64_t team_id, int64_t *stage_id);
/* Stages visible to a team (team_id 0: global only): id, name, sequence,
 * is_won, folded, requirements, team_id. */
int stage_list_for_team(struct db *db, struct arena *a, int64_t team_id, struct db_rows *out);
bool stage_is_won(struct db *db, int64_t stage_id);
/* True when the stage exists and is global or belongs to team_id. */
bool stage_valid_for_team(struct db *db, int64_t stage_id, int64_t team_id);

/* ---- issue 4: the stages settings page and API --------------------------- */
struct stage_input {
	const char *name, *requirements;
	int sequence;
	bool is_won, folded, require_lost_reason;
	int64_t team_id; /* 0: global */
};
/* Every stage: id, name, sequence, is_won, folded, requirements, team_id,
 * team_name, require_lost_reason; by sequence. */
int stage_list_all(struct db *db, struct arena *a, struct db_rows *out);
int stage_get(struct db *db, struct arena *a, int64_t id, struct db_rows *out);
/* id 0: create (*out_id set), else update. Turning is_won on or off updates
 * the probability of the records in the stage (lead_stage_won_changed). */
int stage_save(struct db *db, int64_t id, const struct stage_input *in, int64_t *out_id,
	       struct err_info *e);
/* Move one place up (dir < 0) or down in the order. */
int stage_move(struct db *db, struct arena *a, int64_t id, int dir);
/* Refused (ERR_CONFLICT) while records use the stage. */
int stage_delete(struct db *db, int64_t id, struct err_info *e);

#endif
