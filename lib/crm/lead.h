/* lead.h - leads and opportunities (SPEC P1; tables crm_lead, lead_tag).
 *
 * lead_create applies the defaults every entry point shares (team, type per
 * the leads setting X6, first non-folded stage, normalised keys, assignment
 * date); callers (contact form, mail gateway, API, UI, demo) add their own
 * (medium "Website", chatter message...). */
#ifndef PISTE_LEAD_H
#define PISTE_LEAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err_info;

/* Field limits (characters). */
#define LEAD_NAME_MAX 255
#define LEAD_TEXT_MAX 255
#define LEAD_DESCRIPTION_MAX 20000

struct lead_input {
	const char *name, *type, *contact_name, *partner_name, *email, *email_cc, *phone,
		*mobile, *website, *function, *street, *street2, *zip, *city, *state,
		*country_code, *lang, *description, *referred, *campaign, *medium, *source,
		*date_deadline, *origin, *intake_key, *create_date;
	int64_t partner_id, user_id, team_id, stage_id, create_uid;
	int64_t expected_revenue; /* cents */
	int priority;             /* 0..3 */
	const char *const *tags;
	size_t ntags;
	bool consent;
	const char *consent_version, *consent_ip;
	int64_t probability_e2;   /* probability x 100 (e.g. 2500 = 25%); -1: default */
	bool lost;                /* demo/import: create archived as lost */
	int64_t lost_reason_id;
	/* Set by a caller that resolved team_id (an existing team), stage_id
	 * (valid for that team, stage_won telling whether it is a won stage) and
	 * type itself, e.g. from a cache refreshed every few seconds (the
	 * contact form, SPEC I1): lead_create then looks nothing up. A stale
	 * reference still fails cleanly (ERR_INVALID, "NotFound"). */
	bool refs_checked, stage_won;
};

void lead_input_init(struct lead_input *in);
/* Validate and insert; *id receives the new id. When intake_key is set and a
 * lead with that key exists, returns ERR_CONFLICT with *id set to it (so a
 * replay is idempotent). */
int lead_create(struct db *db, struct arena *a, const struct lead_input *in, int64_t *id,
		struct err_info *e);
/* Whether new records of a team are leads (global switch AND the team's). */
bool lead_type_is_lead_for_team(struct db *db, int64_t team_id);

/* ---- pipeline (issue 4): reading, editing, won/lost, lists, kanban ------ */

struct access;
struct activity_today;
struct buf;
struct db_rows;

/* One record with its display columns: every crm_lead column, plus
 * stage_name, stage_is_won, team_name, user_name, customer_name,
 * customer_is_company, lost_reason_name, prorated_revenue, day_open,
 * day_close, is_won, is_lost. ERR_NOTFOUND when it does not exist or the
 * user may not see it (X1). */
int lead_get(struct db *db, struct arena *a, const struct access *ac, int64_t id,
	     struct db_rows *out);
/* Tags of one lead: id, name, color. */
int lead_tags(struct db *db, struct arena *a, int64_t id, struct db_rows *out);
/* Tags of many leads: lead_id, id, name, color. */
int lead_tags_for(struct db *db, struct arena *a, const int64_t *ids, size_t n,
		  struct db_rows *out);

/* A field change: field is a public field name (name, type, contact_name,
 * partner_name, email, email_cc, phone, mobile, website, function, street,
 * street2, zip, city, state, country_code, lang, description, referred,
 * campaign, medium, source, date_deadline, partner_id, user_id, team_id,
 * stage_id, expected_revenue, probability, priority); value NULL or "" clears
 * it. Unknown fields are refused. */
struct lead_val {
	const char *field, *value;
};
bool lead_field_known(const char *field);
/* Apply changes in one transaction, with the rules of SPEC P1/P4 and Odoo
 * 1.2-1.4: customer synchronisation, team from the salesperson, assignment
 * and closing dates, won stage -> probability 100, manual probability. A
 * tracking message lists the changes of stage, salesperson, team, expected
 * revenue, probability and type. tags (when tags_set) replaces the tags.
 * update_customer: also write a changed e-mail/phone to the customer. */
struct lead_update {
	const struct lead_val *vals;
	size_t nvals;
	const char *const *tags;
	size_t ntags;
	bool tags_set;
	bool update_customer;
};
int lead_update(struct db *db, struct arena *a, const struct access *ac, int64_t author_id,
		int64_t id, const struct lead_update *u, struct err_info *e);
/* P8. subject: the chatter subject for the event, in the actor's language. */
int lead_won(struct db *db, struct arena *a, const struct access *ac, int64_t author_id,
	     int64_t id, const char *subject, struct err_info *e);
int lead_lost(struct db *db, struct arena *a, const struct access *ac, int64_t author_id,
	      int64_t id, int64_t lost_reason_id, const char *note, const char *subject,
	      struct err_info *e);
int lead_restore(struct db *db, struct arena *a, const struct access *ac, int64_t author_id,
		 int64_t id, const char *subject, struct err_info *e);
/* The won stage Won moves to (Odoo 1.5): the first won stage visible to the
 * team after the current stage's sequence, else the last one before, else
 * the first; 0 when there is none. */
int lead_won_stage(struct db *db, int64_t team_id, int64_t current_stage, int64_t *stage_id);
/* After creating a record through the UI or API: the salesperson follows it
 * and a tracking message records the initial stage/salesperson/type. */
int lead_after_create(struct db *db, struct arena *a, int64_t author_id, int64_t id);
/* A note in the chatter; @login mentions make that user follow the record and
 * notify them. */
int lead_post_note(struct db *db, struct arena *a, const struct access *ac, int64_t author_id,
		   int64_t id, const char *body, int64_t *msg_id, struct err_info *e);
/* A stage became won (probability 100 for its open records) or stopped being
 * won (back to an open probability unless set by hand). */
int lead_stage_won_changed(struct db *db, int64_t stage_id, bool won);
/* Recompute activity_deadline / activity_user_id from the lead's activities. */
int lead_refresh_activity(struct db *db, int64_t id);

/* Lists (P2). */
enum lead_filter {
	LF_MINE = 1 << 0, LF_UNASSIGNED = 1 << 1, LF_MY_ACTIVITIES = 1 << 2,
	LF_LATE_ACTIVITIES = 1 << 3, LF_WON = 1 << 4, LF_LOST = 1 << 5, LF_ARCHIVED = 1 << 6,
	LF_OPEN = 1 << 7,
};
/* Filter names for URLs: "mine", "unassigned", "my_activities", "late_activities",
 * "won", "lost", "archived", "open". 0 when unknown. */
unsigned lead_filter_parse(const char *name);
struct lead_query {
	const char *type;          /* "lead", "opportunity", NULL: both */
	const char *q;             /* search: name, contact, company, e-mail, phone, tag */
	unsigned filters;
	int64_t stage_id, team_id, user_id, tag_id, partner_id, lost_reason_id;
	const char *created_from, *created_to, *closing_from, *closing_to; /* YYYY-MM-DD */
	const char *activity;      /* overdue | today | planned | none */
	const char *sort;          /* id (default), name, expected_revenue, probability,
				      date_deadline, create_date, priority */
	bool asc;
	int64_t after_id;          /* keyset page (sort = id): ids below it */
	int64_t offset;            /* other sorts */
	size_t limit;              /* default 80, at most 1000 */
	int64_t viewer_id;         /* for mine / my activities */
	const struct activity_today *today; /* for activity filters; NULL: UTC */
	int64_t after_priority;    /* kanban "more": cards after (priority, id) */
	bool kanban_cursor;
	bool explain;              /* tests: return the query plan (EXPLAIN) instead */
};
bool lead_sort_known(const char *sort);
/* Rows: id, name, type, contact_name, partner_name, customer_name, email_from,
 * phone, city, country_code, stage_id, stage_name, stage_is_won, user_id,
 * user_name, team_id, team_name, expected_revenue, probability, priority,
 * date_deadline, create_date, active, activity_deadline, activity_user_id,
 * activity_tz, lost_reason_name, source, medium, campaign. */
int lead_list(struct db *db, struct arena *a, const struct access *ac,
	      const struct lead_query *lq, struct db_rows *out);
/* Number of matching records, counting at most cap (0: no cap). */
int lead_count(struct db *db, struct arena *a, const struct access *ac,
	       const struct lead_query *lq, int64_t cap, int64_t *n);
/* Group by stage, user, team, tag, source, medium, campaign, country,
 * lost_reason, month: rows gkey, glabel, n, revenue (at most 500 groups). */
bool lead_group_known(const char *by);
int lead_group(struct db *db, struct arena *a, const struct access *ac,
	       const struct lead_query *lq, const char *by, struct db_rows *out);
/* Kanban (P3). Header aggregates of every column in one grouped query:
 * stage_id, n, revenue, overdue, today, planned. */
int lead_kanban_stats(struct db *db, struct arena *a, const struct access *ac,
		      const struct lead_query *lq, struct db_rows *out);
/* The first per_column cards of each stage, one statement: id, name,
 * customer_name, stage_id, user_id, user_name, expected_revenue, priority,
 * activity_deadline, activity_tz. */
int lead_kanban_cards(struct db *db, struct arena *a, const struct access *ac,
		      const struct lead_query *lq, const int64_t *stages, size_t nstages,
		      size_t per_column, struct db_rows *out);
/* The revision of a team's leads (changes with every write; 0: no team). */
int64_t lead_rev(struct db *db, int64_t team_id);
/* Every team's revision moves on (bulk writers that switched the per-row
 * trigger off with @piste_lead_rev_off: the scoring rebuild). */
int lead_rev_bump_all(struct db *db);

/* Bulk actions on at most LEAD_BULK_MAX ids the user may see (others are
 * skipped); *done receives how many changed. */
#define LEAD_BULK_MAX 1000
int lead_bulk_assign(struct db *db, struct arena *a, const struct access *ac, int64_t author_id,
		     const int64_t *ids, size_t n, int64_t user_id, int64_t team_id, size_t *done,
		     struct err_info *e);
int lead_bulk_tag(struct db *db, struct arena *a, const struct access *ac, const int64_t *ids,
		  size_t n, const char *tag, size_t *done, struct err_info *e);
int lead_bulk_lost(struct db *db, struct arena *a, const struct access *ac, int64_t author_id,
		   const int64_t *ids, size_t n, int64_t lost_reason_id, const char *note,
		   const char *subject, size_t *done, struct err_info *e);
/* CSV (RFC 4180, formula cells neutralised) of the matching records, at most
 * max_rows; ids (n > 0) restricts it to those records. */
int lead_export_csv(struct db *db, struct arena *a, const struct access *ac,
		    const struct lead_query *lq, const int64_t *ids, size_t n, size_t max_rows,
		    struct buf *out);

#endif
