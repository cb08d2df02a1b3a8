/* qr.h - QR codes with libqrencode (error correction M, 8-bit mode):
 * an SVG string for web pages (the portal shows the page's own URL), a
 * vector drawing on a cairo context for PDFs, and a PNG (tests, e-mails).
 * Every form keeps the 4-module quiet zone scanners need. */
#ifndef PISTE_QR_H
#define PISTE_QR_H

#include <cairo.h>
#include <stddef.h>

struct arena;
struct buf;

/* `<svg ...>` of the code, size x size CSS pixels (0: 4 px per module),
 * dark modules as one path; NULL when the text cannot be encoded. */
char *qr_svg(struct arena *a, const char *text, int size);
/* Draw the code (quiet zone included) in the square (x, y, size, size) of
 * cr, in black on white. Returns 0 or -1. */
int qr_draw(cairo_t *cr, const char *text, double x, double y, double size);
/* PNG with `scale` pixels per module into out. Returns 0 or -1. */
int qr_png(const char *text, int scale, struct buf *out);

#endif
