/* buf.h - growable byte buffer (malloc-backed, reusable across requests).
 *
 * Used for response bodies and anything built incrementally. buf_reset keeps
 * the capacity so a worker thread does not reallocate on every request. The
 * content is always NUL-terminated. Allocation failure aborts. */
#ifndef PISTE_BUF_H
#define PISTE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *p;
	size_t len, cap;
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
void buf_reserve(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Hand the content to the caller (malloc'd, NUL-terminated); b is emptied. */
char *buf_detach(struct buf *b, size_t *len);

#endif
