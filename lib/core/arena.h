/* arena.h - bump allocator for per-request (and per-command) memory.
 *
 * Everything a request allocates comes from its arena and is released at once
 * by arena_reset() when the request ends, so handlers never free. Allocation
 * failure aborts: a worker that cannot get memory cannot answer anyway. */
#ifndef PISTE_ARENA_H
#define PISTE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;
struct arena {
	struct arena_chunk *head;
	size_t chunk_size;
	size_t total;    /* bytes handed out since the last reset */
};

void arena_init(struct arena *a, size_t chunk_size);
void *arena_alloc(struct arena *a, size_t n);      /* zeroed, 16-aligned */
void *arena_realloc(struct arena *a, void *old, size_t oldn, size_t n);
char *arena_strdup(struct arena *a, const char *s); /* NULL stays NULL */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);
/* Keep the first chunk, release the others. */
void arena_reset(struct arena *a);
void arena_free(struct arena *a);

#endif
