/* ratelimit.h - per-client limits shared by every worker process and thread
 * (SPEC I3), without the database: a fixed-size table in a file mapped by
 * each thread (var/run/intake-ratelimit.shm), updated under an open-file-
 * description lock (fcntl F_OFD_SETLKW), so the limit holds across the
 * prefork workers and keeps working while MariaDB is down (the spool must not
 * be floodable).
 *
 * Counting is a fixed window per key: at most `limit` hits per `window`
 * seconds. IPv6 clients are counted per /64 (one subscriber's block), IPv4
 * per address. The table has RATELIMIT_SLOTS entries; when a neighbourhood
 * is full the oldest window is recycled, so a flood of addresses can only
 * make the limit more lenient for others, never lock anyone out.
 *
 * The same file carries a few counters waiting to be written to the database
 * (rejections counted while it was down). */
#ifndef PISTE_RATELIMIT_H
#define PISTE_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

#define RATELIMIT_SLOTS 16384
#define RATELIMIT_PENDING 32

struct ratelimit;

/* Open (creating if needed, mode 0600) the table file. One handle per
 * thread. Returns 0 or ERR_IO. */
int ratelimit_open(struct ratelimit **out, const char *path);
void ratelimit_close(struct ratelimit *rl);

/* Count one hit for client (an IP address or any string). Returns 0 when it
 * is within the limit, ERR_LOCKED when over it (the hit is not counted) with
 * *retry_after = seconds until the window ends. limit <= 0 disables the
 * check. */
int ratelimit_hit(struct ratelimit *rl, const char *client, int64_t limit, int64_t window,
		  int64_t now, int64_t *retry_after);

/* Without counting a hit: ERR_LOCKED (with *retry_after) when client has
 * already used up `limit` hits in its current window of `window` seconds,
 * else 0. For a limit on failures that, once reached, also refuses the
 * attempts that would have succeeded (the portal). */
int ratelimit_check(struct ratelimit *rl, const char *client, int64_t limit, int64_t window,
		    int64_t now, int64_t *retry_after);
/* The hits counted for client (any window; 0 when none): a cheap test before
 * reading the limit that applies. */
int64_t ratelimit_count(struct ratelimit *rl, const char *client);

/* Pending counters (index < RATELIMIT_PENDING). take returns the value and
 * resets it to 0 atomically. */
void ratelimit_pending_add(struct ratelimit *rl, unsigned idx, int64_t n);
int64_t ratelimit_pending_take(struct ratelimit *rl, unsigned idx);

/* The key a client address is counted under (IPv6 -> /64). out: 64 bytes. */
void ratelimit_client_key(const char *addr, char out[64]);

#endif
