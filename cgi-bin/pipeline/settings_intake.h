/* settings_intake.h - /crm/settings/intake: the contact form and e-mail
 * alias settings (SPEC I1-I7), for managers. */
#ifndef PIPELINE_SETTINGS_INTAKE_H
#define PIPELINE_SETTINGS_INTAKE_H

#include "web/ctx.h"

int settings_intake_get(struct ctx *c);
int settings_intake_post(struct ctx *c);

#endif
