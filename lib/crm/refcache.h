/* refcache.h - reference data read once per worker thread and reused until
 * it changes (issue: the data path, item 3).
 *
 * Domains: users, teams (with their members), stages, tags, activity types,
 * lost reasons, settings and taxes. (The scoring tables are not among them:
 * scoring_frequency changes with every lead write.) Each is a snapshot of the whole (small) table,
 * loaded by one statement (teams: two) into the domain's own arena, tagged
 * with the revision it was loaded at.
 *
 * Invalidation works across application machines: the table cache_rev
 * (schema/0090_cache_rev.sql) holds one revision per domain, bumped by
 * triggers in the writer's transaction. The session check (web/session.c)
 * and the API-key check (crm/apikey.c) read every revision in their own
 * statement (REFCACHE_REVS_SQL), so knowing them costs no round trip; the
 * server hands them to refcache_sync(). A domain whose revision moved is
 * reloaded at its first use in the request, the others are not read at all.
 * Anonymous requests (no session statement) read the revisions at their
 * first use of the cache, one statement.
 *
 * Requests that change data (POST, PUT, PATCH, DELETE) may write reference
 * data and then read it: there the revisions are read again before a use of
 * the cache whenever statements ran since they were last read. Inside a
 * transaction the cache is bypassed (a snapshot of uncommitted rows must not
 * outlive a rollback): the domain is read into the caller's arena.
 *
 * A revision is read before the data it covers, so a snapshot is at least as
 * new as its tag; a write between the two only costs one more reload.
 *
 * Snapshots are immutable and reference-counted. A process holds one
 * struct refcache_shared (created before its threads start, passed to each
 * thread's cache): a domain is loaded once per process per revision, by the
 * first thread that needs it, and the others take a reference under the
 * mutex. Each thread's struct refcache (on struct ctx) holds its references
 * and the request's revisions; a request whose snapshots are current takes
 * no lock at all. Without a shared object (CLI, tests) a cache keeps private
 * snapshots.
 *
 * Results are filled into *out with cells that point into the snapshot (or
 * the caller's arena): valid until the next refcache_begin(), i.e. for the
 * rest of the request. */
#ifndef PISTE_REFCACHE_H
#define PISTE_REFCACHE_H

#include <stdbool.h>
#include <stdint.h>

struct arena;
struct db;
struct db_rows;
struct refcache;

/* A scalar subquery giving "domain=rev,domain=rev,..." for a SELECT list. */
#define REFCACHE_REVS_SQL \
	"(SELECT GROUP_CONCAT(CONCAT(domain, '=', rev) ORDER BY domain SEPARATOR ',') FROM cache_rev)"

struct refcache_shared;

/* The process's snapshots; NULL when out of memory. Free it after every
 * cache using it. Both free functions accept NULL. */
struct refcache_shared *refcache_shared_new(void);
void refcache_shared_free(struct refcache_shared *sh);
/* A thread's cache, using sh (or private snapshots when sh is NULL); NULL
 * when out of memory. */
struct refcache *refcache_new(struct refcache_shared *sh);
void refcache_free(struct refcache *rc);

/* Start of a request: the revisions are unknown until refcache_sync or the
 * first use. changes: the request may write (see above). */
void refcache_begin(struct refcache *rc, bool changes);
/* The revisions read by the session or API-key statement (NULL: unknown). */
void refcache_sync(struct refcache *rc, const char *revs);
/* Number of domain loads since refcache_new (tests). */
uint64_t refcache_loads(const struct refcache *rc);

/* All users: id, login, name, email, role, active, lang, tz; by name. */
int refcache_users(struct refcache *rc, struct db *db, struct arena *a, struct db_rows *out);
/* All teams: id, name, alias, leader_id, use_leads, use_opportunities,
 * active, sequence; by sequence. */
int refcache_teams(struct refcache *rc, struct db *db, struct arena *a, struct db_rows *out);
/* The user's default team (is_default first, then sequence) among active
 * teams, else (or_first) the first active team, else 0. */
int refcache_team_for_user(struct refcache *rc, struct db *db, struct arena *a, int64_t user_id,
			   bool or_first, int64_t *team_id);
/* Global stages plus the team's: id, name, sequence, is_won, folded,
 * requirements, team_id; by sequence, name. */
int refcache_stages_for_team(struct refcache *rc, struct db *db, struct arena *a, int64_t team_id,
			     struct db_rows *out);
/* id, name, color; by name. */
int refcache_tags(struct refcache *rc, struct db *db, struct arena *a, struct db_rows *out);
/* The columns of activity_type_list(). */
int refcache_activity_types(struct refcache *rc, struct db *db, struct arena *a, bool with_inactive,
			    struct db_rows *out);
/* Active reasons: id, name (and active); by name. */
int refcache_lost_reasons(struct refcache *rc, struct db *db, struct arena *a, struct db_rows *out);
/* A setting (not the signing secret) or dflt; settings_get() semantics. */
const char *refcache_setting(struct refcache *rc, struct db *db, struct arena *a, const char *key,
			     const char *dflt);
bool refcache_setting_bool(struct refcache *rc, struct db *db, struct arena *a, const char *key,
			   bool dflt);
/* Taxes: id, name, description, rate, price_include, active; active first,
 * by name. */
int refcache_taxes(struct refcache *rc, struct db *db, struct arena *a, bool with_inactive,
		   struct db_rows *out);

#endif
