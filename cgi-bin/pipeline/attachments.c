/* attachments.c - the files of a lead's chatter (e-mail attachments): GET
 * /crm/leads/<id>/attachments/<id>, checked against the lead's access rules. */
#include "pipeline.h"

#include "crm/lead.h"
#include "db/db.h"
#include "web/chatter_view.h"

/* GET /crm/leads/<id>/attachments/<id>: a file of the lead's chatter (e-mail
 * attachments), for those who may see the lead. */
int lead_attachment_get(struct ctx *c)
{
	struct access ac = pl_access(c);
	struct db_rows r;
	int rc = lead_get(c->db, c->a, &ac, c->req.id[0], &r);
	return rc ? rc : chatter_attachment_send(c, "lead", c->req.id[0], c->req.id[1]);
}
