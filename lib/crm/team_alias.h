/* team_alias.h - the e-mail alias of each sales team (SPEC I5, P12; column
 * team.alias, unique). Part of the team module (crm/team.c owns the table),
 * kept in its own file: the mail gateway routes on it and the contact-form
 * settings page edits it.
 *
 * An alias is either a full address ("sales@example.com") or a local part
 * ("sales", any domain routed to Piste). Matching ignores case and a
 * "+tag" suffix of the local part. */
#ifndef PISTE_TEAM_ALIAS_H
#define PISTE_TEAM_ALIAS_H

#include <stdint.h>

struct arena;
struct err_info;

struct db;

/* Set (or clear, with NULL or "") a team's alias. ERR_INVALID when the
 * syntax is wrong (field "alias"), ERR_CONFLICT when another team has it,
 * ERR_NOTFOUND for an unknown team. The alias is stored lower-cased. */
int team_alias_set(struct db *db, struct arena *a, int64_t team_id, const char *alias,
		   struct err_info *e);
/* Split an address into its alias form: "Sales+Expo@Example.COM" ->
 * base "sales@example.com", local "sales", tag "Expo" (NULL without +tag).
 * Returns 0 or ERR_INVALID when it is not an address. */
int team_alias_split(struct arena *a, const char *address, const char **base,
		     const char **local, const char **tag);
/* The active team whose alias matches address (full address first, then the
 * local part). *team_id = 0 and ERR_NOTFOUND when none; *tag receives the
 * +tag or NULL. */
int team_alias_find(struct db *db, struct arena *a, const char *address, int64_t *team_id,
		    const char **tag);
/* Syntax check of an alias as typed in settings (local part or address). */
int team_alias_valid(const char *alias);

#endif
