/* merge.h - merging leads / opportunities and undoing it (SPEC P7, P7b;
 * reference/odoo_behaviour.md section 5), and merging contacts (P11).
 *
 * Part of the lead module for crm_lead and lead_tag (a merge rewrites whole
 * rows); owns lead_merge, lead_merge_row, lead_merge_tag, lead_merge_move.
 * Messages, attachments, activities, quotations and followers are moved by
 * their owners (chatter, activity, quote, follower) on its behalf.
 *
 * A merge is one transaction. Its records are locked (SELECT ... FOR
 * UPDATE, in id order) before anything is read, so of two merges sharing a
 * record one waits for the other and then finds that record merged: it
 * fails with ERR_CONFLICT and a message naming it, and changes nothing.
 * Nothing selected is dropped silently: a won or already merged record makes
 * the merge fail with a message naming it. */
#ifndef PISTE_MERGE_H
#define PISTE_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct access;
struct arena;
struct db;
struct db_rows;
struct err_info;

#define MERGE_MAX 50          /* records in one merge */
#define MERGE_UNDO_DAYS 30    /* P7b */

/* The order that picks the kept record (master): not lost (active) first,
 * opportunity over lead, furthest stage (sequence), highest probability,
 * then the oldest (lowest id). */
struct merge_cand {
	int64_t id;
	bool active, opportunity;
	int64_t stage_sequence;   /* 0: no stage */
	int64_t probability_e2;   /* probability x 100 */
};
/* Sort cands best first (in place); cands[0] is the master. */
void merge_sort(struct merge_cand *cands, size_t n);

struct merge_opts {
	int64_t author_id;        /* who merges (0: the system) */
	int64_t user_id, team_id; /* explicit salesperson / team (wizard): override */
	bool set_user, set_team;  /* user_id / team_id given (0 clears) */
	/* Chatter texts in the actor's language; NULL: English. {name} and {id}
	 * are replaced in line_tmpl ("Merged {name} (#{id}) into this one."). */
	const char *subject, *line_tmpl, *from_word;
	/* The label of a field in the note ("expected_revenue" -> "Expected
	 * revenue"); NULL or a NULL answer: the field's name. */
	const char *(*label)(void *arg, const char *field);
	void *label_arg;
};

/* Merge ids[0..n) (2 <= n <= MERGE_MAX, every id visible to ac) into the
 * best of them. *master receives the kept id, *merge_id (may be NULL) the
 * merge to undo it. */
int merge_leads(struct db *db, struct arena *a, const struct access *ac, const struct merge_opts *o,
		const int64_t *ids, size_t n, int64_t *master, int64_t *merge_id, struct err_info *e);

/* Which record merge_leads would keep (same order), without changing
 * anything; ERR_* like merge_leads for records that cannot be merged. */
int merge_preview(struct db *db, struct arena *a, const struct access *ac, const int64_t *ids,
		  size_t n, int64_t *master, struct err_info *e);

/* Undo merge merge_id (0: the latest one still undoable) of master_id: every
 * merged record gets back its exact row and tags, and what moved from it;
 * the master's fields and tags return to their values before the merge,
 * except those edited since, which are kept and listed in a chatter note
 * (*kept receives their names, comma-separated, or ""; may be NULL).
 * ERR_GONE after MERGE_UNDO_DAYS days or when already undone; ERR_CONFLICT
 * when a later merge of the master (or of the master into another record)
 * must be undone first. */
struct merge_undo_opts {
	int64_t author_id;
	const char *subject;      /* NULL: "Merge undone" */
	const char *kept_tmpl;    /* NULL: "Kept the values edited since the merge: {fields}" */
	/* Field labels in the note, as merge_opts.label (*kept keeps names). */
	const char *(*label)(void *arg, const char *field);
	void *label_arg;
};
int merge_undo(struct db *db, struct arena *a, const struct access *ac,
	       const struct merge_undo_opts *o, int64_t master_id, int64_t merge_id,
	       const char **kept, struct err_info *e);

/* Merges of master_id that can still be undone, newest first: id,
 * created_at, author_name, merged_ids (comma-separated). */
int merge_undoable(struct db *db, struct arena *a, int64_t master_id, struct db_rows *out);

/* The assignment's merge hook (assign_merge_fn, see assign.h): merges an
 * exact-e-mail duplicate group as the system. arg: unused. */
int merge_assign_hook(struct db *db, const int64_t *ids, size_t n, int64_t *kept, void *arg);

/* P11: merge contacts ids (2..MERGE_MAX, including dest) into dest: the
 * leads, quotations, child contacts and messages of the others move to dest,
 * their empty fields fill dest's, and they are archived with
 * merged_into_id = dest. One transaction. */
int merge_partners(struct db *db, struct arena *a, int64_t author_id, int64_t dest,
		   const int64_t *ids, size_t n, struct err_info *e);

#endif
