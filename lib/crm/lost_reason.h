/* lost_reason.h - the managed list of reasons a deal is lost (SPEC P8; table
 * lost_reason), with the number of records lost for each. */
#ifndef PISTE_LOST_REASON_H
#define PISTE_LOST_REASON_H

#include <stdbool.h>
#include <stdint.h>

struct arena;
struct db;
struct db_rows;
struct err_info;

/* id, name, active, lead_count (archived records included); active first. */
int lost_reason_list(struct db *db, struct arena *a, bool with_inactive, struct db_rows *out);
/* id, name of the active reasons (selectors; no counting). */
int lost_reason_options(struct db *db, struct arena *a, struct db_rows *out);
/* id 0: create (*out_id set); else rename / (de)activate. */
int lost_reason_save(struct db *db, int64_t id, const char *name, bool active, int64_t *out_id,
		     struct err_info *e);

#endif
