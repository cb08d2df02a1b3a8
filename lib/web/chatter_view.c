#include "web/chatter_view.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/fmt.h"
#include "crm/chatter.h"
#include "db/db.h"
#include "web/response.h"
#include "web/view.h"

int chatter_view_fill(struct ctx *c, const char *res_model, int64_t res_id, const char *post_url)
{
	struct db_rows r;
	int rc = chatter_list(c->db, c->a, res_model, res_id, 100, 0, &r);
	if (rc)
		return rc;
	struct view *v = c->view;
	view_set(v, "Chatter.Model", res_model);
	view_set_int(v, "Chatter.Id", res_id);
	view_set(v, "Chatter.PostUrl", post_url);
	view_set_int(v, "Chatter.Count", (int64_t)r.nrows);
	const char *tz = c->user && c->user->tz ? c->user->tz : "Europe/Paris";
	bool any_files = false;
	for (size_t i = 0; i < r.nrows; i++) {
		if (db_getn_i64(&r, i, "nattach") > 0)
			any_files = true;
		view_setk(v, db_getn(&r, i, "id"), "Chatter.Messages.%zu.Id", i);
		view_setk(v, db_getn(&r, i, "kind"), "Chatter.Messages.%zu.Kind", i);
		view_setk(v, db_getn(&r, i, "author"), "Chatter.Messages.%zu.Author", i);
		view_setk(v, db_getn(&r, i, "subject"), "Chatter.Messages.%zu.Subject", i);
		view_setk(v, db_getn(&r, i, "body"), "Chatter.Messages.%zu.Body", i);
		if (db_getn_i64(&r, i, "body_is_html"))
			view_setk(v, "1", "Chatter.Messages.%zu.IsHtml", i);
		if (db_getn_i64(&r, i, "is_public"))
			view_setk(v, "1", "Chatter.Messages.%zu.Public", i);
		view_setk_int(v, db_getn_i64(&r, i, "nattach"), "Chatter.Messages.%zu.Attachments", i);
		char date[64];
		fmt_datetime(c->lang, tz, db_getn(&r, i, "created_at"), date, sizeof date);
		view_setk(v, date, "Chatter.Messages.%zu.Date", i);
		const char *tr = db_getn(&r, i, "tracking");
		if (!tr)
			continue;
		json_t *arr = json_loads(tr, 0, NULL);
		size_t k;
		json_t *o;
		json_array_foreach(arr, k, o) {
			view_setk(v, json_string_value(json_object_get(o, "field")),
				  "Chatter.Messages.%zu.Tracking.%zu.Field", i, k);
			view_setk(v, json_string_value(json_object_get(o, "old")),
				  "Chatter.Messages.%zu.Tracking.%zu.Old", i, k);
			view_setk(v, json_string_value(json_object_get(o, "new")),
				  "Chatter.Messages.%zu.Tracking.%zu.New", i, k);
		}
		json_decref(arr);
	}
	/* The files, under their message: one query for the record, only when
	 * a shown message has some. */
	struct db_rows f;
	if (any_files && chatter_attachments(c->db, c->a, res_model, res_id, &f) == 0) {
		view_set(v, "Chatter.FileUrl", arena_printf(c->a, "%s/attachments/", chatter_record_url(c, res_model, res_id)));
		for (size_t k = 0; k < f.nrows; k++) {
			const char *mid = db_getn(&f, k, "message_id");
			for (size_t i = 0; mid && i < r.nrows; i++) {
				if (strcmp(mid, db_getn(&r, i, "id")) != 0)
					continue;
				view_setk(v, db_getn(&f, k, "id"), "Chatter.Messages.%zu.Files.%zu.Id", i, k);
				view_setk(v, db_getn(&f, k, "name"), "Chatter.Messages.%zu.Files.%zu.Name", i, k);
				char size[32];
				int64_t b = db_getn_i64(&f, k, "size");
				if (b >= 1024 * 1024)
					snprintf(size, sizeof size, "%.1f MB", (double)b / (1024 * 1024));
				else
					snprintf(size, sizeof size, "%lld KB", (long long)((b + 1023) / 1024));
				view_setk(v, size, "Chatter.Messages.%zu.Files.%zu.Size", i, k);
				break;
			}
		}
	}
	return 0;
}

const char *chatter_record_url(struct ctx *c, const char *res_model, int64_t res_id)
{
	if (strcmp(res_model, "quote") == 0)
		return arena_printf(c->a, "/quotes/%lld", (long long)res_id);
	return arena_printf(c->a, "/crm/leads/%lld", (long long)res_id);
}

/* Types a browser may show inline; anything else is downloaded as bytes
 * (an HTML or SVG file from an e-mail must never run in our origin). */
static const char *safe_type(const char *t)
{
	static const char *const ok[] = {"application/pdf", "image/png", "image/jpeg", "image/gif", "text/plain"};
	for (size_t i = 0; t && i < sizeof ok / sizeof ok[0]; i++)
		if (strcmp(t, ok[i]) == 0)
			return t;
	return NULL;
}

int chatter_attachment_send(struct ctx *c, const char *res_model, int64_t res_id, int64_t id)
{
	struct db_rows r;
	int rc = chatter_attachment_get(c->db, c->a, res_model, res_id, id, &r);
	if (rc)
		return rc;
	const char *name = db_get(&r, 0, 0);
	const char *type = safe_type(db_get(&r, 0, 1));
	/* RFC 6266 filename*: percent-encode everything but unreserved bytes. */
	struct buf fn;
	buf_init(&fn);
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~", *p))
			buf_addc(&fn, (char)*p);
		else
			buf_printf(&fn, "%%%02X", *p);
	}
	http_header(c, "Content-Disposition",
		    arena_printf(c->a, "%s; filename*=UTF-8''%s", type ? "inline" : "attachment", fn.p ? fn.p : "file"));
	buf_free(&fn);
	http_header(c, "Cache-Control", "private, no-store");
	http_header(c, "Content-Security-Policy", "default-src 'none'; sandbox");
	return http_body(c, 200, type ? type : "application/octet-stream", r.cells[3], r.lens[3]);
}
