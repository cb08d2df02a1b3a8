/* chatter.h - the history of any record (SPEC P9): notes, e-mails in and out,
 * tracking messages (old -> new values), activity-done messages, customer
 * messages; and attachments. Owns tables message and attachment.
 *
 * Records are named by (res_model, res_id): "lead", "quote", "partner",
 * "team". Message bodies are either plain text (body_is_html = false; the
 * view escapes them) or HTML that the caller has already sanitised. */
#ifndef PISTE_CHATTER_H
#define PISTE_CHATTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct db_rows;

#define CHATTER_BODY_MAX (1 << 20)

struct chatter_msg {
	const char *res_model;
	int64_t res_id;
	const char *kind;        /* note, email_in, email_out, tracking, activity, system, customer */
	int64_t author_id;       /* staff user, 0 if none */
	const char *author_name; /* external author (e-mail sender, customer) */
	const char *subject;
	const char *body;
	bool body_is_html;
	const char *tracking;    /* JSON array from chatter_tracking_json(), or NULL */
	bool is_public;          /* visible to the customer on the portal */
	const char *message_id;  /* RFC 5322 Message-ID, or NULL */
	int64_t activity_type_id;
};

/* One tracked change for a tracking message. */
struct chatter_change {
	const char *field;       /* "stage", "user", "expected_revenue"... */
	const char *old_value, *new_value;
};

int chatter_post(struct db *db, const struct chatter_msg *m, int64_t *id);
/* Serialise changes to the JSON stored in message.tracking (arena string). */
char *chatter_tracking_json(struct arena *a, const struct chatter_change *c, size_t n);
/* Post a tracking message listing the changes (nothing when n == 0). */
int chatter_track(struct db *db, struct arena *a, const char *res_model, int64_t res_id,
		  int64_t author_id, const char *subject, const struct chatter_change *c, size_t n);
/* The same tracking message (JSON from chatter_tracking_json) on n records
 * of one model, in one statement (bulk actions, lead assignment). */
int chatter_track_many(struct db *db, const char *res_model, const int64_t *ids, size_t n,
		       int64_t author_id, const char *subject, const char *tracking);
/* Tracking messages on several records of one model, each its own change,
 * in one statement: pairs is a JSON array of [record id, tracking JSON]
 * (lead assignment: one salesperson per lead). */
int chatter_track_pairs(struct db *db, const char *res_model, int64_t author_id, const char *pairs);
int chatter_attach(struct db *db, const char *res_model, int64_t res_id, int64_t message_id,
		   const char *name, const char *mimetype, const void *data, size_t len,
		   int64_t *id);
/* Newest first: id, kind, author_id, author (staff name or external name),
 * subject, body, body_is_html, tracking, is_public, created_at, nattach. At most
 * limit rows with id < before_id (0: from the newest). */
int chatter_list(struct db *db, struct arena *a, const char *res_model, int64_t res_id,
		 size_t limit, int64_t before_id, struct db_rows *out);
/* id, name, mimetype, size, message_id of a record's attachments. */
int chatter_attachments(struct db *db, struct arena *a, const char *res_model, int64_t res_id,
			struct db_rows *out);
/* One attachment of a record, with its bytes: name, mimetype, size, data
 * (row 0). ERR_NOTFOUND unless it belongs to (res_model, res_id). */
int chatter_attachment_get(struct db *db, struct arena *a, const char *res_model, int64_t res_id,
			   int64_t id, struct db_rows *out);
/* The record a Message-ID belongs to (mail threading). ERR_NOTFOUND if none. */
int chatter_find_message_id(struct db *db, struct arena *a, const char *message_id,
			    const char **res_model, int64_t *res_id);

/* Merge (P7): move the messages and attachments of record from_id to to_id
 * (same model), subjects prefixed: "<prefix>" or "<prefix> : <subject>";
 * moved_from_id remembers from_id. The merge module records the previous
 * values in lead_merge_move before calling this. */
int chatter_move_record(struct db *db, const char *res_model, int64_t from_id, int64_t to_id,
			const char *prefix);
/* Unmerge (P7b): put back the messages and attachments that merge merge_id
 * moved, with their previous subject and moved_from_id (read from
 * lead_merge_move, owned by crm/merge.c). */
int chatter_unmove_merge(struct db *db, int64_t merge_id);

#endif
