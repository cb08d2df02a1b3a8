/* tag.h - coloured tags shared by leads and partners (table tag; the link
 * tables belong to lead.c and partner.c). */
#ifndef PISTE_TAG_H
#define PISTE_TAG_H

#include <stdint.h>

struct arena;
struct db;
struct db_rows;
struct err_info;

#define TAG_COLORS 12

/* Id of the tag with that name, created (with a colour derived from the
 * name) when missing. Names are trimmed, 1-64 characters. */
int tag_ensure(struct db *db, const char *name, int64_t *id);
int tag_list(struct db *db, struct arena *a, struct db_rows *out);
/* Rename / recolour (ERR_CONFLICT with field "name" when the name exists). */
int tag_update(struct db *db, int64_t id, const char *name, int color, struct err_info *e);
int tag_delete(struct db *db, int64_t id);

#endif
