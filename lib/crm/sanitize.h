/* sanitize.h - untrusted HTML (e-mail bodies) made safe to show in the
 * staff pages (SPEC I5, P9).
 *
 * The input is parsed with Google's HTML5 parser (libgumbo), exactly as a
 * browser would, and re-emitted from an allow-list: a small set of text
 * formatting tags (p, br, b, i, ul, li, table...), links only to http, https
 * and mailto (opened with rel="nofollow noopener noreferrer"), a few numeric
 * table attributes. Everything else is dropped: scripts, styles, event
 * handlers, style attributes, forms, frames, images (their alt text is kept),
 * comments. Unknown tags are unwrapped (their text is kept). Never regular
 * expressions. */
#ifndef PISTE_SANITIZE_H
#define PISTE_SANITIZE_H

#include <stddef.h>

struct arena;

/* Largest input parsed as HTML; longer input is cut (at a UTF-8 boundary). */
#define SANITIZE_MAX_INPUT (512 * 1024)

/* Safe HTML (arena string, never NULL) from html[0..len). */
char *sanitize_html(struct arena *a, const char *html, size_t len);
/* The visible text of html (for summaries and plain-text fallbacks). */
char *sanitize_html_text(struct arena *a, const char *html, size_t len);

#endif
