#include "crm/qr.h"

#include <qrencode.h>
#include <stdbool.h>
#include <stdint.h>
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
	/* One pixel per module, painted scaled without smoothing: in a PDF it
	 * is a tiny image instead of hundreds of rectangles, and it stays
	 * sharp at any zoom. */
	int w = q->width, full = w + 2 * QUIET;
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, full, full);
	if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(img);
		QRcode_free(q);
		return -1;
	}
	cairo_surface_flush(img);
	unsigned char *px = cairo_image_surface_get_data(img);
	int stride = cairo_image_surface_get_stride(img);
	for (int row = 0; row < full; row++) {
		uint32_t *line = (uint32_t *)(void *)(px + (size_t)row * (size_t)stride);
		for (int col = 0; col < full; col++) {
			int r = row - QUIET, c = col - QUIET;
			bool dark = r >= 0 && c >= 0 && r < w && c < w && (q->data[r * w + c] & 1);
			line[col] = dark ? 0x000000 : 0xffffff;
		}
	}
	cairo_surface_mark_dirty(img);
	QRcode_free(q);
	cairo_save(cr);
	cairo_translate(cr, x, y);
	cairo_scale(cr, size / full, size / full);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
	cairo_paint(cr);
	cairo_restore(cr);
	cairo_surface_destroy(img);
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
