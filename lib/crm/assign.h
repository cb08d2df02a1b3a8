/* assign.h - rule-based lead assignment (SPEC S3; reference/odoo_behaviour.md
 * section 9, Odoo 18 rules). Writes the team/salesperson of the leads it
 * assigns (conditional updates: a lead is never assigned twice), and through
 * their owners their tracking messages and followers (chatter_track_pairs,
 * follower_add_pairs: every salesperson of a team in one statement each) and
 * the summary in each team's chatter.
 *
 * Phase 1: unassigned leads without a team (active, stage empty or not won)
 * go to the teams whose filter matches, one at a time, each to a team drawn
 * at random in proportion to its capacity (sum of its non-skipped members'
 * capacities); leads taken are removed from every team's list. A lead whose
 * exact normalised e-mail is shared by other active, not-won leads is merged
 * with them first (merge hook below), the result goes to the team.
 * Phase 2: per team, its unassigned leads by probability (highest first) go
 * round-robin to the members (not skipped, ordered by quota) whose filter
 * matches; quota = min(round(capacity / 30) - leads received in the last 24
 * h, capacity - leads received in the last 30 days). Assignment sets the
 * salesperson, date_open, converts a lead into an opportunity (conversion
 * date, first stage of the team when it has none).
 *
 * Runs are serialised by a named lock (a second run waits, then finds the
 * leads taken and the quotas used); inside a run, leads are locked with
 * SELECT ... FOR UPDATE SKIP LOCKED and written with UPDATE ... WHERE
 * user_id IS NULL, so even runs without the lock never assign a lead twice. */
#ifndef PISTE_ASSIGN_H
#define PISTE_ASSIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct db_rows;
struct err_info;

/* Merge exact-e-mail duplicates (issue 5's merge). ids[0..n) are the group;
 * on success *kept is the record that remains. Return ERR_UNAVAILABLE when
 * merging is not available: the run then counts 0 merged and assigns the
 * leads as they are. */
typedef int (*assign_merge_fn)(struct db *db, const int64_t *ids, size_t n, int64_t *kept,
			       void *arg);

struct assign_opts {
	int64_t team_id;          /* 0: every team not opted out; else that team only */
	bool cron;                /* run by `piste cron` (repeated mode) */
	int64_t author_id;        /* who runs it (0: the system) */
	assign_merge_fn merge;    /* NULL: not available (issue 5 not wired yet) */
	void *merge_arg;
	uint64_t seed;            /* random draw of phase 1 (0: from the clock) */
	/* Summary logged in each team's chatter, with {n} {m} {k} replaced;
	 * NULL: "{n} leads assigned to {m} salespersons, {k} duplicates merged". */
	const char *summary_tmpl;
	bool no_run_lock;         /* tests: check the row-level protections alone */
};

#define ASSIGN_MAX_TEAMS 64

struct assign_team_result {
	int64_t team_id;
	char name[129];
	int64_t allocated;        /* phase 1: leads given to the team */
	int64_t assigned;         /* phase 2: leads given to salespersons */
	int64_t salespersons;
	int64_t merged;
	bool bad_filter;          /* the team's or a member's filter is invalid */
};

struct assign_result {
	int64_t allocated, assigned, salespersons, merged;
	size_t nteams;
	struct assign_team_result teams[ASSIGN_MAX_TEAMS];
	char summary[256];        /* the global summary, from summary_tmpl */
};

int assign_run(struct db *db, const struct assign_opts *o, struct assign_result *out,
	       struct err_info *e);

/* Settings: assignment_mode "manual" | "repeated", assignment_interval 1-99,
 * assignment_interval_unit minutes | hours | days | weeks. */
int assign_settings_save(struct db *db, const char *mode, int64_t interval, const char *unit,
			 struct err_info *e);
/* Repeated mode and the interval elapsed since the last run. */
bool assign_due(struct db *db);

/* For the settings page. teams: id, name, assignment_filter,
 * assignment_optout, capacity, unassigned (leads of the team without a
 * salesperson), members; members: team_id, user_id, name, capacity,
 * skip_assignment, assignment_filter, month_count, day_count. */
int assign_overview(struct db *db, struct arena *a, struct db_rows *teams, struct db_rows *members);

/* Replace {n} {m} {k} in tmpl. */
void assign_summary(const char *tmpl, int64_t n, int64_t m, int64_t k, char *out, size_t len);

#endif
