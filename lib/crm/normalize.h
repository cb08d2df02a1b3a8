/* normalize.h - the normalised keys duplicate detection works on (SPEC P1,
 * P6): e-mail address, e-mail domain criterion, phone number in E.164. Pure
 * functions, no database. */
#ifndef PISTE_NORMALIZE_H
#define PISTE_NORMALIZE_H

#include <stdbool.h>

struct arena;

/* Lower-cased, trimmed address; the first address when the field holds
 * "Name <a@b>" or several; NULL when there is no valid address. */
char *norm_email(struct arena *a, const char *raw);
/* True for public mail providers (gmail.com, yahoo.*, hotmail.*, orange.fr...). */
bool norm_is_public_domain(const char *domain);
/* "@domain" for company domains, the full normalised address for public
 * providers; NULL without a valid address. */
char *norm_email_domain_criterion(struct arena *a, const char *normalized_email);
/* E.164 ("+33612345678") from a national or international number; national
 * numbers use default_country (ISO 3166 alpha-2, e.g. "FR"). NULL when the
 * input is not a plausible phone number. */
char *norm_phone_e164(struct arena *a, const char *raw, const char *default_country);

#endif
