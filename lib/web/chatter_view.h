/* chatter_view.h - fills the data of templates/layout/chatter.cs (the history
 * panel every record page shows) from crm/chatter: messages newest first,
 * dates in the user's time zone, tracking changes decoded. */
#ifndef PISTE_CHATTER_VIEW_H
#define PISTE_CHATTER_VIEW_H

#include <stdint.h>

#include "web/ctx.h"

/* post_url: where the note form posts (NULL: no form). */
int chatter_view_fill(struct ctx *c, const char *res_model, int64_t res_id, const char *post_url);
/* The staff page of a record (arena): /crm/leads/<id> or /quotes/<id>. */
const char *chatter_record_url(struct ctx *c, const char *res_model, int64_t res_id);
/* Send one attachment of the record (the caller has checked that the user
 * may see the record): PDFs, images and plain text inline, anything else
 * as a download, under a sandboxing CSP. ERR_NOTFOUND when it is not one of
 * the record's. */
int chatter_attachment_send(struct ctx *c, const char *res_model, int64_t res_id, int64_t id);

#endif
