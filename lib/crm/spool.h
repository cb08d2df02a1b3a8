/* spool.h - a durable on-disk queue of small documents (SPEC I4: nothing
 * a visitor was thanked for is lost while the database is down).
 *
 * Each entry is one file `<microseconds>-<key>.json` in the spool directory,
 * written to a temporary name, fsync'd, renamed into place, and the
 * directory fsync'd: once spool_write returns 0 the entry survives a crash or
 * a power cut. Replay takes entries in the order they were written; each is
 * processed under an exclusive flock() taken without waiting, so concurrent
 * replays (every worker thread on reconnect, `piste cron`, `piste spool
 * replay`) never work on the same entry at the same time, and an entry
 * another replay has already removed is skipped. The callback must itself be
 * idempotent by the entry's key (a crash between its commit and the removal
 * of the file replays the entry once more): the intake uses the lead's unique
 * intake_key for that. */
#ifndef PISTE_SPOOL_H
#define PISTE_SPOOL_H

#include <stddef.h>

/* Keys are 1-64 characters of [A-Za-z0-9_-]. Returns 0, ERR_INVALID (bad
 * key) or ERR_IO (logged). Creates the directory if needed. */
int spool_write(const char *dir, const char *key, const char *data, size_t len);

/* Called for each entry: return 0 when the entry is done (it is removed),
 * ERR_UNAVAILABLE to stop the replay and keep it (retried later), any other
 * negative code to set it aside in dir/failed/ (logged; never retried). */
typedef int (*spool_fn)(void *arg, const char *key, const char *data, size_t len);

struct spool_stats {
	int done, failed, skipped, left;
};

/* Replay every entry. Returns 0, or ERR_UNAVAILABLE when the callback asked
 * to stop; st (may be NULL) receives the counts. */
int spool_replay(const char *dir, spool_fn fn, void *arg, struct spool_stats *st);

/* Number of entries waiting (0 when the directory does not exist). */
int spool_count(const char *dir);

#endif
