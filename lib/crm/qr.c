#include "crm/qr.h"

#include <qrencode.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"

#define QUIET 4

static QRcode *encode(const char *text)
{
	if (!text || !*text || strlen(text) > 2000)
		return NULL;
	return QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
}

char *qr_svg(struct arena *a, const char *text, int size)
{
	QRcode *q = encode(text);
	if (!q)
		return NULL;
	int w = q->width, full = w + 2 * QUIET;
	if (size <= 0)
		size = full * 4;
	struct buf b;
	buf_init(&b);
	buf_printf(&b,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
		   "shape-rendering=\"crispEdges\" role=\"img\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
		   "<path fill=\"#000\" d=\"",
		   full, full, size, size, full, full);
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w; x++)
			if (q->data[y * w + x] & 1)
				buf_printf(&b, "M%d %dh1v1h-1z", x + QUIET, y + QUIET);
	buf_adds(&b, "\"/></svg>");
	QRcode_free(q);
	char *out = arena_strndup(a, b.p, b.len);
	buf_free(&b);
	return out;
}

int qr_draw(cairo_t *cr, const char *text, double x, double y, double size)
{
	QRcode *q = encode(text);
	if (!q)
		return -1;
	int w = q->width;
	double m = size / (w + 2 * QUIET);
	cairo_save(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, size, size);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
	/* Runs of dark modules per row: fewer, larger rectangles. */
	for (int row = 0; row < w; row++) {
		int col = 0;
		while (col < w) {
			if (!(q->data[row * w + col] & 1)) {
				col++;
				continue;
			}
			int start = col;
			while (col < w && (q->data[row * w + col] & 1))
				col++;
			cairo_rectangle(cr, x + (start + QUIET) * m, y + (row + QUIET) * m, (col - start) * m, m);
		}
	}
	cairo_fill(cr);
	cairo_restore(cr);
	QRcode_free(q);
	return 0;
}

static cairo_status_t png_write(void *closure, const unsigned char *data, unsigned int len)
{
	buf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

int qr_png(const char *text, int scale, struct buf *out)
{
	QRcode *q = encode(text);
	if (!q)
		return -1;
	int full = (q->width + 2 * QUIET) * (scale > 0 ? scale : 4);
	QRcode_free(q);
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, full, full);
	cairo_t *cr = cairo_create(s);
	int rc = qr_draw(cr, text, 0, 0, full);
	cairo_destroy(cr);
	if (rc == 0 && cairo_surface_write_to_png_stream(s, png_write, out) != CAIRO_STATUS_SUCCESS)
		rc = -1;
	cairo_surface_destroy(s);
	return rc;
}
