/* pipeline.h - handlers of the pipeline program (the staff intranet under
 * /crm and the JSON API under /api/v1). One file per page or resource. */
#ifndef PIPELINE_H
#define PIPELINE_H

#include "web/ctx.h"

/* login.c */
int login_get(struct ctx *c);
int login_post(struct ctx *c);
int logout_post(struct ctx *c);
int password_get(struct ctx *c);
int password_post(struct ctx *c);
int lang_post(struct ctx *c);

/* api_users.c */
int api_me(struct ctx *c);
int api_users(struct ctx *c);

#endif
