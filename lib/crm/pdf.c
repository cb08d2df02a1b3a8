#include "crm/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/fmt.h"
#include "core/money.h"
#include "core/str.h"
#include "crm/qr.h"
#include "crm/quote.h"

/* cairo compresses every PDF stream at zlib's default level (6); a
 * quotation is mostly font subsets and text operators, where level 1 gives
 * files a few percent larger for a third of the time. Defined here, this
 * deflateInit_ takes the place of zlib's for cairo (the only caller in the
 * programs that link the PDF generator). */
int deflateInit_(z_streamp strm, int level, const char *version, int stream_size)
{
	(void)level;
	return deflateInit2_(strm, 1, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY, version, stream_size);
}

/* A4 in points, margins of 15 mm. */
#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN 42.5
#define CONTENT_W (PAGE_W - 2 * MARGIN)
#define FOOTER_H 34.0
#define BOTTOM (PAGE_H - MARGIN - FOOTER_H)
#define CELL_PAD 4.0

enum font { F_REG, F_BOLD, F_SMALL, F_SMALL_BOLD, F_ITALIC, F_TITLE, F_BIG, F_MONO, F_NFONTS };

enum label {
	L_QUOTATION, L_ORDER, L_CANCELLED, L_DATE, L_EXPIRATION, L_SALESPERSON, L_REFERENCE,
	L_CUSTOMER, L_DESCRIPTION, L_QTY, L_PRICE, L_DISC, L_TAXES, L_AMOUNT, L_UNTAXED, L_TOTAL,
	L_PAYMENT_TERMS, L_TERMS, L_SCAN, L_PAGE, L_SIGNED_BY, L_SIGNED_ON, L_HASH, L_EXPIRED,
	L_NO_EXPIRY, L_SIGNATURE, L_IBAN, L_NLABELS
};

static const char *const labels[2][L_NLABELS] = {
	{"Quotation", "Sales order", "Cancelled quotation", "Quotation date", "Expiration",
	 "Salesperson", "Reference", "Customer", "Description", "Qty", "Unit price", "Disc.",
	 "Taxes", "Amount", "Untaxed amount", "Total", "Payment terms", "Terms and conditions",
	 "Scan to view, download and sign online", "Page %d / %d", "Signed by", "Signed on",
	 "Verification hash (SHA-256)", "Expired", "None", "Signature", "IBAN"},
	{"Devis", "Bon de commande", "Devis annulé", "Date du devis", "Expiration", "Commercial",
	 "Référence", "Client", "Description", "Qté", "Prix unit.", "Rem.", "Taxes",
	 "Montant HT", "Montant HT", "Total TTC", "Conditions de paiement", "Conditions générales",
	 "Scannez pour consulter, télécharger et signer en ligne", "Page %d / %d", "Signé par",
	 "Signé le", "Empreinte de vérification (SHA-256)", "Expiré", "Aucune", "Signature", "IBAN"},
};

/* Layouts are cached per document: the counting pass and the drawing pass
 * lay out the same texts, and shaping (pango + harfbuzz) is the costly
 * part, so each distinct (text, font, width, alignment) is shaped once. */
#define LCACHE 4096

struct lentry {
	uint64_t key;
	PangoLayout *layout;
};

struct pctx {
	const struct pdf_quote *q;
	cairo_t *cr;
	PangoLayout *layout;
	struct lentry *cache;
	PangoFontDescription *fonts[F_NFONTS];
	int lang; /* 0 en, 1 fr */
	int page, pages;
	double y;
	bool draw;
	bool measure; /* lay out only, even in the drawing pass */
};

static const char *L(const struct pctx *p, enum label l)
{
	return labels[p->lang][l];
}

/* Columns of the lines table: x offsets from MARGIN and widths. */
static const double col_w[6] = {196.0, 56.0, 72.0, 44.0, 58.0, 84.28};
enum { C_DESC, C_QTY, C_PRICE, C_DISC, C_TAX, C_AMOUNT };

static double col_x(int c)
{
	double x = MARGIN;
	for (int i = 0; i < c; i++)
		x += col_w[i];
	return x;
}

enum align { A_LEFT, A_RIGHT, A_CENTER };

/* Lay out (and draw when p->draw) text in a box of width w at (x, y).
 * Returns its height. */
static double text(struct pctx *p, const char *s, double x, double y, double w, enum font f,
		   enum align al)
{
	if (!s || !*s)
		return 0;
	int wi = w > 0 ? (int)(w * PANGO_SCALE) : -1;
	/* FNV-1a over the text and the layout parameters. */
	uint64_t k = 1469598103934665603ULL;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		k = (k ^ *c) * 1099511628211ULL;
	k = (k ^ (uint64_t)f) * 1099511628211ULL;
	k = (k ^ (uint64_t)(uint32_t)wi) * 1099511628211ULL;
	k = (k ^ (uint64_t)al) * 1099511628211ULL;
	k |= 1;
	PangoLayout *l = NULL;
	size_t slot = (size_t)(k % LCACHE);
	for (size_t n = 0; n < LCACHE; n++, slot = (slot + 1) % LCACHE) {
		struct lentry *en = &p->cache[slot];
		if (en->key == k && strcmp(pango_layout_get_text(en->layout), s) == 0) {
			l = en->layout;
			break;
		}
		if (!en->key) {
			l = pango_cairo_create_layout(p->cr);
			pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
			pango_layout_set_font_description(l, p->fonts[f]);
			pango_layout_set_width(l, wi);
			pango_layout_set_alignment(l, al == A_RIGHT	? PANGO_ALIGN_RIGHT
						      : al == A_CENTER ? PANGO_ALIGN_CENTER
								       : PANGO_ALIGN_LEFT);
			pango_layout_set_text(l, s, -1);
			en->key = k;
			en->layout = l;
			break;
		}
	}
	if (!l) { /* full table: lay out in the shared layout */
		l = p->layout;
		pango_layout_set_font_description(l, p->fonts[f]);
		pango_layout_set_width(l, wi);
		pango_layout_set_alignment(l, al == A_RIGHT ? PANGO_ALIGN_RIGHT : al == A_CENTER ? PANGO_ALIGN_CENTER
												    : PANGO_ALIGN_LEFT);
		pango_layout_set_text(l, s, -1);
	}
	int lw, lh;
	pango_layout_get_size(l, &lw, &lh);
	if (p->draw && !p->measure) {
		/* Glyph runs one by one: cairo_show_glyphs, without the text
		 * clusters pango_cairo_show_layout() adds (the PDF still maps
		 * glyphs to text through the font's ToUnicode table). */
		PangoLayoutIter *it = pango_layout_get_iter(l);
		do {
			PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
			if (!run)
				continue;
			PangoRectangle logical;
			pango_layout_iter_get_run_extents(it, NULL, &logical);
			int base = pango_layout_iter_get_baseline(it);
			cairo_move_to(p->cr, x + (double)logical.x / PANGO_SCALE, y + (double)base / PANGO_SCALE);
			pango_cairo_show_glyph_string(p->cr, run->item->analysis.font, run->glyphs);
		} while (pango_layout_iter_next_run(it));
		pango_layout_iter_free(it);
	}
	return (double)lh / PANGO_SCALE;
}

static void rgb(struct pctx *p, unsigned hex)
{
	cairo_set_source_rgb(p->cr, ((hex >> 16) & 255) / 255.0, ((hex >> 8) & 255) / 255.0,
			     (hex & 255) / 255.0);
}

static void fill_rect(struct pctx *p, double x, double y, double w, double h, unsigned hex)
{
	if (!p->draw)
		return;
	cairo_save(p->cr);
	rgb(p, hex);
	cairo_rectangle(p->cr, x, y, w, h);
	cairo_fill(p->cr);
	cairo_restore(p->cr);
}

static void hline(struct pctx *p, double x, double y, double w, double width, unsigned hex)
{
	if (!p->draw)
		return;
	cairo_save(p->cr);
	rgb(p, hex);
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, x, y);
	cairo_line_to(p->cr, x + w, y);
	cairo_stroke(p->cr);
	cairo_restore(p->cr);
}

#define BRAND 0x714b67
#define TEXT 0x1d2330
#define MUTED 0x5b6475
#define LINE 0xdde1e8

static void money(const struct pctx *p, int64_t cents, char *out, size_t n)
{
	money_format(cents, p->lang ? "fr" : "en", out, n);
}

static const char *title_of(const struct pctx *p)
{
	if (str_eq(p->q->state, "confirmed"))
		return L(p, L_ORDER);
	if (str_eq(p->q->state, "cancelled"))
		return L(p, L_CANCELLED);
	return L(p, L_QUOTATION);
}

static void footer(struct pctx *p)
{
	if (!p->draw)
		return;
	const struct pdf_quote *q = p->q;
	double y = PAGE_H - MARGIN - FOOTER_H + 12;
	hline(p, MARGIN, y - 6, CONTENT_W, 0.5, LINE);
	char left[768];
	snprintf(left, sizeof left, "%s%s%s%s%s%s%s%s", q->company_name ? q->company_name : "",
		 q->company_email && *q->company_email ? " · " : "", q->company_email ? q->company_email : "",
		 q->company_phone && *q->company_phone ? " · " : "", q->company_phone ? q->company_phone : "",
		 q->company_iban && *q->company_iban ? " · IBAN " : "", q->company_iban ? q->company_iban : "",
		 q->company_bic && *q->company_bic ? (p->lang ? " · BIC " : " · BIC ") : "");
	if (q->company_bic && *q->company_bic)
		strncat(left, q->company_bic, sizeof left - strlen(left) - 1);
	rgb(p, MUTED);
	text(p, left, MARGIN, y, CONTENT_W - 80, F_SMALL, A_LEFT);
	char pg[64];
	snprintf(pg, sizeof pg, L(p, L_PAGE), p->page, p->pages);
	text(p, pg, PAGE_W - MARGIN - 80, y, 80, F_SMALL, A_RIGHT);
	rgb(p, TEXT);
}

static void table_header(struct pctx *p)
{
	static const enum label heads[6] = {L_DESCRIPTION, L_QTY, L_PRICE, L_DISC, L_TAXES, L_AMOUNT};
	double h = 0;
	p->measure = true;
	for (int c = 0; c < 6; c++) {
		double t = text(p, L(p, heads[c]), 0, 0, col_w[c] - 2 * CELL_PAD, F_SMALL_BOLD, A_LEFT);
		h = t > h ? t : h;
	}
	p->measure = false;
	h += 8;
	fill_rect(p, MARGIN, p->y, CONTENT_W, h, 0xf1ecf0);
	if (p->draw)
		rgb(p, BRAND);
	for (int c = 0; c < 6; c++)
		text(p, L(p, heads[c]), col_x(c) + CELL_PAD, p->y + 4, col_w[c] - 2 * CELL_PAD, F_SMALL_BOLD,
		     c == C_DESC || c == C_TAX ? A_LEFT : A_RIGHT);
	if (p->draw)
		rgb(p, TEXT);
	p->y += h + 2;
}

static void new_page(struct pctx *p, bool with_table_header)
{
	footer(p);
	if (p->draw)
		cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN;
	/* Continuation header: who and which document. */
	char h[256];
	snprintf(h, sizeof h, "%s · %s %s", p->q->company_name ? p->q->company_name : "", title_of(p),
		 p->q->number ? p->q->number : "");
	if (p->draw)
		rgb(p, MUTED);
	p->y += text(p, h, MARGIN, p->y, CONTENT_W, F_SMALL, A_LEFT) + 10;
	if (p->draw)
		rgb(p, TEXT);
	if (with_table_header)
		table_header(p);
}

static void ensure(struct pctx *p, double h, bool table)
{
	if (p->y + h > BOTTOM)
		new_page(p, table);
}

static cairo_status_t read_mem(void *closure, unsigned char *data, unsigned int len)
{
	struct {
		const unsigned char *p;
		size_t n, off;
	} *m = closure;
	if (m->off + len > m->n)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, m->p + m->off, len);
	m->off += len;
	return CAIRO_STATUS_SUCCESS;
}

/* Draw a PNG surface scaled into at most (w, h) at (x, y); returns the height. */
static double image(struct pctx *p, cairo_surface_t *img, double x, double y, double w, double h)
{
	if (!img || cairo_surface_status(img) != CAIRO_STATUS_SUCCESS)
		return 0;
	double iw = cairo_image_surface_get_width(img), ih = cairo_image_surface_get_height(img);
	if (iw <= 0 || ih <= 0)
		return 0;
	double s = w / iw < h / ih ? w / iw : h / ih;
	if (p->draw) {
		cairo_save(p->cr);
		cairo_translate(p->cr, x, y);
		cairo_scale(p->cr, s, s);
		cairo_set_source_surface(p->cr, img, 0, 0);
		cairo_paint(p->cr);
		cairo_restore(p->cr);
	}
	return ih * s;
}

static void first_page_header(struct pctx *p, cairo_surface_t *logo)
{
	const struct pdf_quote *q = p->q;
	double y = MARGIN;
	/* Left: company. */
	if (logo)
		y += image(p, logo, MARGIN, y, 160, 48) + 6;
	rgb(p, BRAND);
	y += text(p, q->company_name, MARGIN, y, 260, F_BIG, A_LEFT) + 2;
	rgb(p, MUTED);
	y += text(p, q->company_address, MARGIN, y, 260, F_SMALL, A_LEFT);
	char contact[512];
	snprintf(contact, sizeof contact, "%s%s%s", q->company_email ? q->company_email : "",
		 q->company_email && *q->company_email && q->company_phone && *q->company_phone ? " · " : "",
		 q->company_phone ? q->company_phone : "");
	y += text(p, contact, MARGIN, y, 260, F_SMALL, A_LEFT);
	/* Right: title and number. */
	double ry = MARGIN;
	rgb(p, BRAND);
	ry += text(p, title_of(p), PAGE_W - MARGIN - 250, ry, 250, F_TITLE, A_RIGHT);
	rgb(p, TEXT);
	ry += text(p, q->number, PAGE_W - MARGIN - 250, ry, 250, F_BIG, A_RIGHT);
	if (q->expired && (str_eq(q->state, "draft") || str_eq(q->state, "sent"))) {
		rgb(p, 0xc0392b);
		ry += text(p, L(p, L_EXPIRED), PAGE_W - MARGIN - 250, ry + 2, 250, F_BOLD, A_RIGHT) + 2;
		rgb(p, TEXT);
	}
	p->y = (y > ry ? y : ry) + 18;

	/* Customer box (left) and dates + QR code (right). */
	double top = p->y, bx = MARGIN, bw = 250;
	double by = top + 8;
	rgb(p, MUTED);
	by += text(p, L(p, L_CUSTOMER), bx + 10, by, bw - 20, F_SMALL_BOLD, A_LEFT) + 2;
	rgb(p, TEXT);
	by += text(p, q->customer_name ? q->customer_name : "—", bx + 10, by, bw - 20, F_BOLD, A_LEFT);
	by += text(p, q->customer_address, bx + 10, by, bw - 20, F_REG, A_LEFT);
	by += text(p, q->customer_email, bx + 10, by, bw - 20, F_REG, A_LEFT);
	by += 8;

	char d1[64] = "", d2[64] = "";
	fmt_date(p->lang ? "fr" : "en", q->date_order, d1, sizeof d1);
	if (q->validity_date)
		fmt_date(p->lang ? "fr" : "en", q->validity_date, d2, sizeof d2);
	else
		snprintf(d2, sizeof d2, "%s", L(p, L_NO_EXPIRY));
	const char *rows[4][2] = {{L(p, L_DATE), d1},
				  {L(p, L_EXPIRATION), d2},
				  {L(p, L_SALESPERSON), q->salesperson},
				  {L(p, L_REFERENCE), q->origin}};
	double qr = q->portal_url ? 90 : 0;
	double dx = MARGIN + bw + 12, dw = CONTENT_W - bw - 12 - (qr ? qr + 6 : 0);
	double dy = top + 6;
	for (int i = 0; i < 4; i++) {
		if (!rows[i][1] || !*rows[i][1])
			continue;
		rgb(p, MUTED);
		double h1 = text(p, rows[i][0], dx, dy, dw * 0.42 - 4, F_SMALL, A_LEFT);
		rgb(p, TEXT);
		double h2 = text(p, rows[i][1], dx + dw * 0.42, dy - 1, dw * 0.58, F_REG, A_LEFT);
		dy += (h1 > h2 ? h1 : h2) + 3;
	}
	if (qr) {
		double qx = PAGE_W - MARGIN - qr;
		if (p->draw)
			qr_draw(p->cr, q->portal_url, qx, top, qr);
		rgb(p, MUTED);
		double ch = text(p, L(p, L_SCAN), qx - 6, top + qr + 1, qr + 12, F_SMALL, A_CENTER);
		rgb(p, TEXT);
		if (top + qr + ch + 4 > dy)
			dy = top + qr + ch + 4;
	}
	double bottom = by > dy ? by : dy;
	if (p->draw) {
		cairo_save(p->cr);
		rgb(p, LINE);
		cairo_set_line_width(p->cr, 0.7);
		cairo_rectangle(p->cr, bx, top, bw, by - top);
		cairo_stroke(p->cr);
		cairo_restore(p->cr);
	}
	p->y = bottom + 16;
}

static void line_row(struct pctx *p, const struct pdf_line *ln)
{
	const char *lang = p->lang ? "fr" : "en";
	if (str_eq(ln->type, "section") || str_eq(ln->type, "note")) {
		bool sec = str_eq(ln->type, "section");
		p->measure = true;
		double h = text(p, ln->name, MARGIN + CELL_PAD, 0, CONTENT_W - 2 * CELL_PAD, sec ? F_BOLD : F_ITALIC,
				A_LEFT) + 2 * CELL_PAD;
		p->measure = false;
		ensure(p, h, true);
		if (sec)
			fill_rect(p, MARGIN, p->y, CONTENT_W, h, 0xf6f7f9);
		text(p, ln->name, MARGIN + CELL_PAD, p->y + CELL_PAD, CONTENT_W - 2 * CELL_PAD,
		     sec ? F_BOLD : F_ITALIC, A_LEFT);
		p->y += h;
		hline(p, MARGIN, p->y, CONTENT_W, 0.4, LINE);
		return;
	}
	char desc[8192];
	if (ln->code && *ln->code)
		snprintf(desc, sizeof desc, "[%s] %s", ln->code, ln->name ? ln->name : "");
	else
		snprintf(desc, sizeof desc, "%s", ln->name ? ln->name : "");
	p->measure = true;
	double h = text(p, desc, col_x(C_DESC) + CELL_PAD, 0, col_w[C_DESC] - 2 * CELL_PAD, F_REG, A_LEFT);
	double th = text(p, ln->taxes, col_x(C_TAX) + CELL_PAD, 0, col_w[C_TAX] - 2 * CELL_PAD, F_SMALL, A_LEFT);
	p->measure = false;
	if (th > h)
		h = th;
	if (h < 11)
		h = 11;
	h += 2 * CELL_PAD;
	ensure(p, h, true);
	double y = p->y + CELL_PAD;
	text(p, desc, col_x(C_DESC) + CELL_PAD, y, col_w[C_DESC] - 2 * CELL_PAD, F_REG, A_LEFT);
	char qty[64], price[64], disc[32], amount[64];
	quote_format_fixed(ln->qty_e3, 3, lang, qty, sizeof qty);
	if (ln->uom && *ln->uom && !str_eq(ln->uom, "Unit")) {
		size_t l = strlen(qty);
		snprintf(qty + l, sizeof qty - l, " %s", ln->uom);
	}
	money(p, ln->price_unit, price, sizeof price);
	quote_format_fixed(ln->discount_e2, 2, lang, disc, sizeof disc);
	strncat(disc, "\xE2\x80\xAF%", sizeof disc - strlen(disc) - 1);
	money(p, ln->subtotal, amount, sizeof amount);
	text(p, qty, col_x(C_QTY), y, col_w[C_QTY] - CELL_PAD, F_REG, A_RIGHT);
	text(p, price, col_x(C_PRICE), y, col_w[C_PRICE] - CELL_PAD, F_REG, A_RIGHT);
	if (ln->discount_e2)
		text(p, disc, col_x(C_DISC), y, col_w[C_DISC] - CELL_PAD, F_REG, A_RIGHT);
	rgb(p, MUTED);
	text(p, ln->taxes, col_x(C_TAX) + CELL_PAD, y + 1, col_w[C_TAX] - 2 * CELL_PAD, F_SMALL, A_LEFT);
	rgb(p, TEXT);
	text(p, amount, col_x(C_AMOUNT), y, col_w[C_AMOUNT] - CELL_PAD, F_REG, A_RIGHT);
	p->y += h;
	hline(p, MARGIN, p->y, CONTENT_W, 0.4, LINE);
}

static void totals(struct pctx *p)
{
	const struct pdf_quote *q = p->q;
	double rowh = 15, h = rowh * (2 + (double)q->ntaxes) + 12;
	p->y += 10;
	ensure(p, h, false);
	double x = PAGE_W - MARGIN - 230, w = 230;
	char v[64];
	money(p, q->untaxed, v, sizeof v);
	text(p, L(p, L_UNTAXED), x, p->y, w * 0.55, F_REG, A_LEFT);
	text(p, v, x + w * 0.45, p->y, w * 0.55 - CELL_PAD, F_REG, A_RIGHT);
	p->y += rowh;
	for (size_t i = 0; i < q->ntaxes; i++) {
		money(p, q->taxes[i].amount, v, sizeof v);
		rgb(p, MUTED);
		text(p, q->taxes[i].name, x, p->y, w * 0.55, F_REG, A_LEFT);
		rgb(p, TEXT);
		text(p, v, x + w * 0.45, p->y, w * 0.55 - CELL_PAD, F_REG, A_RIGHT);
		p->y += rowh;
	}
	hline(p, x, p->y + 1, w, 1.0, BRAND);
	p->y += 5;
	money(p, q->total, v, sizeof v);
	rgb(p, BRAND);
	text(p, L(p, L_TOTAL), x, p->y, w * 0.5, F_BIG, A_LEFT);
	double th = text(p, v, x + w * 0.35, p->y, w * 0.65 - CELL_PAD, F_BIG, A_RIGHT);
	rgb(p, TEXT);
	p->y += th + 14;
}

/* A titled paragraph block, split by lines of text so that long terms flow
 * over pages. */
static void paragraph(struct pctx *p, const char *title, const char *body)
{
	if (!body || !*body)
		return;
	p->measure = true;
	double th = text(p, title, MARGIN, 0, CONTENT_W, F_BOLD, A_LEFT);
	p->measure = false;
	ensure(p, th + 24, false);
	rgb(p, BRAND);
	p->y += text(p, title, MARGIN, p->y, CONTENT_W, F_BOLD, A_LEFT) + 3;
	rgb(p, TEXT);
	const char *s = body;
	char line[4096];
	while (*s) {
		size_t n = strcspn(s, "\n");
		snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line - 1 ? n : sizeof line - 1), s);
		if (!*line)
			snprintf(line, sizeof line, " ");
		p->measure = true;
		double h = text(p, line, MARGIN, 0, CONTENT_W, F_SMALL, A_LEFT);
		p->measure = false;
		ensure(p, h, false);
		text(p, line, MARGIN, p->y, CONTENT_W, F_SMALL, A_LEFT);
		p->y += h;
		s += n;
		if (*s == '\n')
			s++;
	}
	p->y += 10;
}

static void signature(struct pctx *p, cairo_surface_t *sig)
{
	const struct pdf_quote *q = p->q;
	if (!q->signed_by || !*q->signed_by)
		return;
	ensure(p, 120, false);
	rgb(p, BRAND);
	p->y += text(p, L(p, L_SIGNATURE), MARGIN, p->y, CONTENT_W, F_BOLD, A_LEFT) + 4;
	rgb(p, TEXT);
	double top = p->y;
	if (sig)
		image(p, sig, MARGIN, top, 180, 60);
	double x = MARGIN + 200, w = CONTENT_W - 200, y = top;
	char when[64] = "";
	fmt_datetime(p->lang ? "fr" : "en", "UTC", q->signed_on, when, sizeof when);
	char s1[512], s2[128];
	snprintf(s1, sizeof s1, "%s %s", L(p, L_SIGNED_BY), q->signed_by);
	snprintf(s2, sizeof s2, "%s %s UTC", L(p, L_SIGNED_ON), when);
	y += text(p, s1, x, y, w, F_BOLD, A_LEFT) + 2;
	y += text(p, s2, x, y, w, F_REG, A_LEFT) + 4;
	if (q->signature_hash) {
		rgb(p, MUTED);
		y += text(p, L(p, L_HASH), x, y, w, F_SMALL, A_LEFT);
		/* In a monospace font (no "ff" ligature) and in groups of 16, so that
		 * it wraps at a space, never with a hyphen: a reader must be able
		 * to copy it and compare it character for character. */
		char grouped[96] = "";
		size_t n = strlen(q->signature_hash), o = 0;
		for (size_t i = 0; i < n && o + 2 < sizeof grouped; i++) {
			if (i && i % 16 == 0)
				grouped[o++] = ' ';
			grouped[o++] = q->signature_hash[i];
		}
		grouped[o] = 0;
		y += text(p, grouped, x, y, w, F_MONO, A_LEFT);
		rgb(p, TEXT);
	}
	p->y = (y > top + 64 ? y : top + 64) + 10;
}

/* The whole document; called twice: once without drawing to count pages,
 * then to draw. */
static void layout_document(struct pctx *p, cairo_surface_t *logo, cairo_surface_t *sig)
{
	p->page = 1;
	p->y = MARGIN;
	first_page_header(p, logo);
	table_header(p);
	for (size_t i = 0; i < p->q->nlines; i++) {
		line_row(p, &p->q->lines[i]);
	}
	totals(p);
	paragraph(p, L(p, L_PAYMENT_TERMS), p->q->payment_terms);
	paragraph(p, L(p, L_TERMS), p->q->note);
	signature(p, sig);
	footer(p);
}

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	buf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* line_row() and paragraph() measure with drawing off, then draw; in the
 * counting pass they must not draw at all. */
static void set_draw_mode(struct pctx *p, bool on);

int pdf_render_quote(const struct pdf_quote *q, struct buf *out, int *pages)
{
	struct pctx p = {0};
	p.q = q;
	p.lang = str_eq(q->lang, "fr") ? 1 : 0;
	cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(write_buf, out, PAGE_W, PAGE_H);
	if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surf);
		return ERR_IO;
	}
	/* PDF 1.4: no compressed object streams (a second deflate pass over
	 * every object for a few hundred bytes saved). */
	cairo_pdf_surface_restrict_to_version(surf, CAIRO_PDF_VERSION_1_4);
	char title[160];
	snprintf(title, sizeof title, "%s %s", p.lang ? "Devis" : "Quotation", q->number ? q->number : "");
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, title);
	if (q->company_name)
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR, q->company_name);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "Piste");
	if (q->created && strlen(q->created) >= 19) {
		char iso[32];
		snprintf(iso, sizeof iso, "%.10sT%.8sZ", q->created, q->created + 11);
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, iso);
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, iso);
	}
	p.cr = cairo_create(surf);
	p.layout = pango_cairo_create_layout(p.cr);
	p.cache = calloc(LCACHE, sizeof *p.cache);
	if (!p.cache)
		abort();
	pango_layout_set_wrap(p.layout, PANGO_WRAP_WORD_CHAR);
	static const struct {
		const char *desc;
	} fdesc[F_NFONTS] = {{"DejaVu Sans 8.5"}, {"DejaVu Sans Bold 8.5"}, {"DejaVu Sans 7"},
			     {"DejaVu Sans Bold 7"}, {"DejaVu Sans Oblique 8.5"}, {"DejaVu Sans Bold 18"},
			     {"DejaVu Sans Bold 11.5"}, {"DejaVu Sans Mono 7"}};
	for (int i = 0; i < F_NFONTS; i++)
		p.fonts[i] = pango_font_description_from_string(fdesc[i].desc);
	cairo_surface_t *logo = NULL, *sig = NULL;
	if (q->company_logo && *q->company_logo) {
		logo = cairo_image_surface_create_from_png(q->company_logo);
		if (cairo_surface_status(logo) != CAIRO_STATUS_SUCCESS) {
			cairo_surface_destroy(logo);
			logo = NULL;
		}
	}
	if (q->signature_png && q->signature_len > 8) {
		struct {
			const unsigned char *p;
			size_t n, off;
		} m = {q->signature_png, q->signature_len, 0};
		sig = cairo_image_surface_create_from_png_stream(read_mem, &m);
		if (cairo_surface_status(sig) != CAIRO_STATUS_SUCCESS) {
			cairo_surface_destroy(sig);
			sig = NULL;
		}
	}
	/* Pass 1: count pages. Pass 2: draw. */
	set_draw_mode(&p, false);
	layout_document(&p, logo, sig);
	p.pages = p.page;
	set_draw_mode(&p, true);
	rgb(&p, TEXT);
	layout_document(&p, logo, sig);
	cairo_show_page(p.cr);
	if (pages)
		*pages = p.pages;
	for (int i = 0; i < F_NFONTS; i++)
		pango_font_description_free(p.fonts[i]);
	g_object_unref(p.layout);
	for (size_t i = 0; i < LCACHE; i++)
		if (p.cache[i].layout)
			g_object_unref(p.cache[i].layout);
	free(p.cache);
	cairo_destroy(p.cr);
	cairo_surface_finish(surf);
	int rc = cairo_surface_status(surf) == CAIRO_STATUS_SUCCESS ? 0 : ERR_IO;
	cairo_surface_destroy(surf);
	if (logo)
		cairo_surface_destroy(logo);
	if (sig)
		cairo_surface_destroy(sig);
	return rc;
}

static void set_draw_mode(struct pctx *p, bool on)
{
	p->draw = on;
}
