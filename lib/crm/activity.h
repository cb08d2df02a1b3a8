/* activity.h - activities planned on records and their types (SPEC P10;
 * tables activity and activity_type).
 *
 * An activity's state is computed, never stored: its deadline compared with
 * "today" in the assignee's time zone (overdue / today / planned). Marking
 * one done posts a chatter message carrying activity_type_id (reports count
 * those), creates the next activity when the type triggers one, and deletes
 * the activity. Each change refreshes the lead's next-activity columns
 * (lead_refresh_activity) that the kanban and the lists read. */
#ifndef PISTE_ACTIVITY_H
#define PISTE_ACTIVITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct db_rows;
struct err_info;
struct qb;
struct access;

#define ACTIVITY_SUMMARY_MAX 255
#define ACTIVITY_NOTE_MAX 10000

enum activity_state { ACT_NONE = 0, ACT_OVERDUE, ACT_TODAY, ACT_PLANNED };

/* Pure: state of a deadline "YYYY-MM-DD" against today "YYYY-MM-DD". */
enum activity_state activity_state_of(const char *deadline, const char *today);
const char *activity_state_name(enum activity_state s); /* "overdue"... "" */
/* Pure: state of a deadline for an assignee in time zone tz at UTC instant now. */
enum activity_state activity_state_at(const char *deadline, const char *tz, int64_t now);
/* Pure: base date + count days/weeks/months (month ends clamp: Jan 31 + 1
 * month = Feb 28/29). out: 11 bytes. Returns 0 or ERR_INVALID. */
int activity_add_delay(const char *base, int count, const char *unit, char out[11]);

/* "Today" per user for SQL: local dates are UTC's date, the day before or the
 * day after; users whose zone is not on UTC's date are listed. */
struct activity_today {
	char d[11], dm[11], dp[11];  /* UTC date, -1 day, +1 day */
	int64_t *minus, *plus;
	size_t nminus, nplus;
};
int activity_today_load(struct db *db, struct arena *a, int64_t now, struct activity_today *t);
/* The same from rows of users already read (columns id, tz, active: e.g. the
 * reference cache's, crm/refcache.h); inactive users are skipped. */
void activity_today_from(const struct db_rows *users, struct arena *a, int64_t now,
			 struct activity_today *t);
/* Append an SQL expression giving each row's "today" (DATE) for the user in
 * column ucol (a literal column name). */
void activity_today_sql(struct qb *q, const struct activity_today *t, const char *ucol);

/* Types. */
struct activity_type_input {
	const char *name, *summary, *default_note, *delay_unit, *delay_from, *chaining_type;
	int delay_count, sequence;
	int64_t next_type_id; /* 0: none */
	bool active;
};
int activity_type_list(struct db *db, struct arena *a, bool with_inactive, struct db_rows *out);
int activity_type_get(struct db *db, struct arena *a, int64_t id, struct db_rows *out);
/* id 0: create (*id set); else update. */
int activity_type_save(struct db *db, int64_t id, const struct activity_type_input *in,
		       int64_t *out_id, struct err_info *e);
/* An active type by id ("4") or by name or code, case-insensitive ("Call"). */
int activity_type_resolve(struct db *db, struct arena *a, const char *ref, int64_t *id);

struct activity_input {
	const char *res_model;     /* "lead", or "quote" (a quotation without opportunity) */
	int64_t res_id;
	int64_t type_id;
	const char *summary, *note;
	const char *date_deadline; /* NULL: today (assignee's zone) + delay_days, or
				    * + the type's delay when delay_days is 0 */
	int64_t user_id;           /* assignee */
	int64_t create_uid;
	int64_t previous_type_id;
	bool automated;
	int delay_days;
};
int activity_schedule(struct db *db, struct arena *a, const struct activity_input *in,
		      int64_t *id, struct err_info *e);
/* The activity if the user may act on it (assignee, or may see its record);
 * ERR_NOTFOUND otherwise. Columns: id, res_model, res_id, activity_type_id,
 * type_name, summary, note, date_deadline, user_id, user_name, tz. */
int activity_get(struct db *db, struct arena *a, const struct access *ac, int64_t id,
		 struct db_rows *out);
/* Mark done: chatter message (with feedback), triggered next activity
 * (*next_id, else 0), delete. *suggest_type receives the suggested next type
 * (0: none) for "done & schedule next". */
int activity_done(struct db *db, struct arena *a, const struct access *ac, int64_t id,
		  int64_t author_id, const char *feedback, int64_t *next_id,
		  int64_t *suggest_type, struct err_info *e);
int activity_cancel(struct db *db, struct arena *a, const struct access *ac, int64_t id);
/* Activities of a record, by deadline: id, activity_type_id, type_name,
 * summary, note, date_deadline, user_id, user_name, tz. */
int activity_list_record(struct db *db, struct arena *a, const char *res_model, int64_t res_id,
			 struct db_rows *out);
/* Activities assigned to a user (0: everyone's), by deadline, at most limit:
 * the columns above plus res_model, res_id, res_name. */
int activity_list_user(struct db *db, struct arena *a, int64_t user_id, size_t limit,
		       struct db_rows *out);

/* Merge (P7): move the activities of record from_id to to_id (moved_from_id
 * remembers from_id). Unmerge: put back those merge merge_id moved (read
 * from lead_merge_move, owned by crm/merge.c). */
int activity_move_record(struct db *db, const char *res_model, int64_t from_id, int64_t to_id);
int activity_unmove_merge(struct db *db, int64_t merge_id);

#endif
