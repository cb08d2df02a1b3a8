/* portal.h - handlers of the customer portal (/my/quotes/<id>?token=...,
 * SPEC C1-C8). Customers have no account: every route takes the
 * quotation's portal token, checked by crm/quote (quote_portal_get), and every
 * form carries a signed per-page token instead of a session CSRF token. */
#ifndef PORTAL_H
#define PORTAL_H

#include <stdint.h>

#include "web/ctx.h"

struct ratelimit;

#define PORTAL_QR_CACHE 64

/* Per worker thread: the failure rate limit table and a small cache of the
 * QR code SVGs (page URL and EPC payment payload) by quotation, so that the
 * page does not encode them on every request. */
struct portal_qr_slot {
	int64_t id;
	char *text; /* what was encoded (malloc) */
	char *svg;  /* malloc */
};

/* A rendered page, reused while the quotation's stamp (quote_portal_get)
 * is unchanged, for at most PORTAL_PAGE_TTL seconds. */
#define PORTAL_PAGE_TTL 60
struct portal_page_slot {
	int64_t id, at;
	char lang[4];
	char *token, *stamp, *body; /* malloc */
	size_t len;
};

struct portal_thread {
	struct portal_page_slot pages[PORTAL_QR_CACHE];
	struct ratelimit *rl;
	struct portal_qr_slot page_qr[PORTAL_QR_CACHE], epc_qr[PORTAL_QR_CACHE];
	int64_t viewed_id[PORTAL_QR_CACHE], viewed_day[PORTAL_QR_CACHE];
};

/* quote.c */
int portal_quote_get(struct ctx *c);
int portal_pdf_get(struct ctx *c);
int portal_signature_get(struct ctx *c);
int portal_sign_post(struct ctx *c);
int portal_decline_post(struct ctx *c);
int portal_message_post_h(struct ctx *c);

#endif
