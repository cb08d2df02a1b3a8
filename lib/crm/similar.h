/* similar.h - similar leads (SPEC P6; reference/odoo_behaviour.md 4.1, Odoo
 * 17+ rules): records sharing with a lead its e-mail domain criterion (the
 * full address for public mail providers, else "@domain", see normalize.h),
 * its phone in E.164, its company (same customer company: the commercial
 * entity of its customer or one of its contacts; or the same company name).
 * Archived records are included. A criterion that matches SIMILAR_CAP or
 * more other records says nothing about this lead and is ignored. Every
 * criterion is an indexed equality lookup bounded by LIMIT, never a scan.
 * The cap counts every record (how discriminant a criterion is is a property
 * of the data), but the ids returned, and so every count shown, are only
 * those the viewer may see (access.h): the count and the list agree.
 * Reads crm_lead and partner; writes nothing. */
#ifndef PISTE_SIMILAR_H
#define PISTE_SIMILAR_H

#include <stddef.h>
#include <stdint.h>

struct access;
struct arena;
struct db;
struct db_rows;

#define SIMILAR_CAP 21

/* The keys of a lead that similar_find compares. */
struct similar_keys {
	int64_t id;                    /* the lead itself (excluded) */
	const char *domain_criterion;  /* crm_lead.email_domain_criterion */
	const char *phone_e164;        /* crm_lead.phone_sanitized */
	const char *company_name;      /* crm_lead.partner_name */
	int64_t partner_id;            /* crm_lead.partner_id */
};

/* Ids of the similar records (the lead excluded) that ac may see (NULL: the
 * system, every record), ascending, without duplicates, into an arena array;
 * *n their number (at most 4 * 20). */
int similar_find(struct db *db, struct arena *a, const struct access *ac, const struct similar_keys *k,
		 int64_t **ids, size_t *n);
/* The same from a lead id (reads its keys first). ERR_NOTFOUND when the
 * lead does not exist; the lead's own access is the caller's to check. */
int similar_of(struct db *db, struct arena *a, const struct access *ac, int64_t lead_id, int64_t **ids,
	       size_t *n);
/* The same from a row that has the columns id, email_normalized,
 * phone_sanitized, partner_name and partner_id (e.g. lead_get's): no extra
 * read of the lead. */
struct db_rows;
int similar_of_row(struct db *db, struct arena *a, const struct access *ac, const struct db_rows *r,
		   size_t row, int64_t **ids, size_t *n);
/* The records of ids (plus the lead itself when self > 0) the user may
 * see, for the list: id, name, type, active, contact_name, partner_name,
 * email_from, phone, stage_name, user_id, user_name, expected_revenue,
 * probability, create_date, merged_into_id, is_won, is_lost, is_self. */
int similar_list(struct db *db, struct arena *a, const struct access *ac, int64_t self,
		 const int64_t *ids, size_t n, struct db_rows *out);

#endif
