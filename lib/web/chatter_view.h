/* chatter_view.h - fills the data of templates/layout/chatter.cs (the history
 * panel every record page shows) from crm/chatter: messages newest first,
 * dates in the user's time zone, tracking changes decoded. */
#ifndef PISTE_CHATTER_VIEW_H
#define PISTE_CHATTER_VIEW_H

#include <stdint.h>

#include "web/ctx.h"

/* post_url: where the note form posts (NULL: no form). */
int chatter_view_fill(struct ctx *c, const char *res_model, int64_t res_id, const char *post_url);

#endif
