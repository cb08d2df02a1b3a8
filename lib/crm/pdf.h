/* pdf.h - printable documents (SPEC Q5): the quotation / sales order PDF,
 * drawn with cairo + pango in DejaVu Sans on A4.
 *
 * The generator takes a plain description of the document (struct
 * pdf_quote, filled by crm/quote from the database) so that it can be
 * tested and benchmarked alone. Output is deterministic: the same document
 * gives the same bytes (the PDF dates come from the document, not the
 * clock), so the attachment of an e-mail equals a later download.
 *
 * Look: company header (logo if configured, name, address, contacts) on the
 * left, the document title and number on the right; a customer box and the
 * dates (quotation date, expiration, salesperson, reference) with a QR code
 * to the customer's portal page; the lines table (description with
 * wrapping, quantity, unit price, discount, taxes, amount) with section and
 * note rows, whose header row is repeated on each new page; totals (untaxed,
 * each tax, total) in the document's language (fr: 1 234,56 € with thin
 * no-break spaces; en: €1,234.56); payment terms and terms and conditions;
 * the signature (image, signer, date, content hash) once signed; a footer
 * with the company's contacts and "Page n / N" on every page. */
#ifndef PISTE_PDF_H
#define PISTE_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

struct pdf_line {
	const char *type;        /* "line", "section", "note" */
	const char *code;        /* product reference, or NULL */
	const char *name;        /* description (may hold newlines) */
	int64_t qty_e3;
	const char *uom;
	int64_t price_unit, discount_e2, subtotal; /* cents, % x 100, cents */
	const char *taxes;       /* "TVA 20 %" (names, comma separated) */
};

struct pdf_tax_total {
	const char *name;
	int64_t amount;
};

struct pdf_quote {
	const char *lang;        /* "fr" | "en" */
	const char *company_name, *company_address, *company_email, *company_phone,
		*company_iban, *company_bic, *company_logo; /* logo: PNG path or NULL */
	const char *number, *state; /* state: draft, sent, confirmed, cancelled */
	bool expired;
	const char *date_order, *validity_date; /* ISO dates (validity may be NULL) */
	const char *customer_name, *customer_address, *customer_email; /* address: lines */
	const char *salesperson, *salesperson_email, *origin, *payment_terms, *note;
	const struct pdf_line *lines;
	size_t nlines;
	int64_t untaxed, tax, total;
	const struct pdf_tax_total *taxes;
	size_t ntaxes;
	const char *portal_url;  /* QR code target, or NULL */
	const char *signed_by, *signed_on, *signature_hash; /* signed_on: ISO datetime UTC */
	const void *signature_png;
	size_t signature_len;
	const char *created;     /* ISO datetime used as the PDF's creation date */
};

/* Render into out (appended). Returns 0, or ERR_IO when cairo fails. The
 * number of pages is stored in *pages when not NULL. */
int pdf_render_quote(const struct pdf_quote *q, struct buf *out, int *pages);

#endif
