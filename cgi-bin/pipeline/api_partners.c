/* api_partners.c - JSON API for customers: /api/v1/partners (list with q,
 * create), /api/v1/partners/:id (get, patch). */
#include "pipeline.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "crm/partner.h"
#include "db/db.h"
#include "web/request.h"
#include "web/response.h"

static json_t *js(const struct db_rows *r, size_t i, const char *col)
{
	const char *v = db_col(r, col) >= 0 ? db_getn(r, i, col) : NULL;
	return v ? json_string(v) : json_null();
}

static json_t *ji(const struct db_rows *r, size_t i, const char *col)
{
	const char *v = db_col(r, col) >= 0 ? db_getn(r, i, col) : NULL;
	return v ? json_integer(atoll(v)) : json_null();
}

static json_t *partner_json(const struct db_rows *r, size_t i)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", ji(r, i, "id"));
	const char *const text[] = {"name", "email", "phone", "mobile", "street", "street2", "zip", "city",
				    "state", "country_code", "website", "vat", "function", "lang", "comment",
				    "parent_name"};
	for (size_t k = 0; k < sizeof text / sizeof text[0]; k++)
		json_object_set_new(o, text[k], js(r, i, text[k]));
	json_object_set_new(o, "is_company", json_boolean(db_getn_i64(r, i, "is_company") != 0));
	json_object_set_new(o, "parent_id", ji(r, i, "parent_id"));
	json_object_set_new(o, "user_id", ji(r, i, "user_id"));
	json_object_set_new(o, "opportunity_count", ji(r, i, "opportunity_count"));
	return o;
}

int api_partners(struct ctx *c)
{
	const char *q = NULL;
	int64_t after = 0, limit = 80;
	int rc = req_text(c, "q", &q, 100, false, &c->err);
	if (!rc)
		rc = req_int(c, "limit", &limit, 1, 500, false, NULL, &c->err);
	if (!rc)
		rc = req_int(c, "after", &after, 0, INT64_MAX, false, NULL, &c->err);
	if (rc)
		return rc;
	struct access ac = pl_access(c);
	struct db_rows r;
	if ((rc = partner_list(c->db, c->a, &ac, q, req_bool(c, "companies"), after ? req_get(c, "after_name") : NULL,
			       after, (size_t)limit, &r)) != 0)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < r.nrows; i++)
		json_array_append_new(items, partner_json(&r, i));
	return http_json(c, 200, json_pack("{s:o}", "items", items));
}

static int send_partner(struct ctx *c, int status, int64_t id)
{
	struct access ac = pl_access(c);
	struct db_rows r;
	int rc = partner_get_for(c->db, c->a, &ac, id, &r);
	if (rc)
		return rc;
	json_t *o = partner_json(&r, 0);
	int64_t n = 0;
	partner_opportunity_count(c->db, id, &n);
	json_object_set_new(o, "opportunity_count", json_integer(n));
	return http_json(c, status, o);
}

/* JSON types of a customer's members: tags is a list, is_company a boolean,
 * everything else one value (read-only members included). */
static const char *const partner_lists[] = {"tags", NULL};
static const char *const partner_flags[] = {"is_company", NULL};

/* Fields of the request over base (NULL: a new customer). */
static int read_partner(struct ctx *c, struct partner_input *in, const struct db_rows *base)
{
	struct err_info *e = &c->err;
	memset(in, 0, sizeof *in);
	int rc = req_json_types(c, partner_lists, partner_flags, e);
	if (rc)
		return rc;
	const struct {
		const char *f;
		const char **dst;
		size_t max;
	} t[] = {{"name", &in->name, 255},       {"phone", &in->phone, 64},     {"mobile", &in->mobile, 64},
		 {"street", &in->street, 255},   {"street2", &in->street2, 255}, {"zip", &in->zip, 24},
		 {"city", &in->city, 128},       {"state", &in->state, 128},    {"country_code", &in->country_code, 2},
		 {"website", &in->website, 255}, {"vat", &in->vat, 32},         {"function", &in->function, 128},
		 {"lang", &in->lang, 8},         {"comment", &in->comment, 20000}, {"email", &in->email, 254}};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (base)
			*t[i].dst = db_getn(base, 0, t[i].f);
		if (req_has(c, t[i].f) || !base) {
			if (!strcmp(t[i].f, "email"))
				rc = req_email(c, "email", t[i].dst, false, e);
			else
				rc = req_text(c, t[i].f, t[i].dst, t[i].max, i == 0, e);
			if (rc)
				return rc;
		}
	}
	in->is_company = base ? db_getn_i64(base, 0, "is_company") != 0 : false;
	in->parent_id = base ? db_getn_i64(base, 0, "parent_id") : 0;
	in->user_id = base ? db_getn_i64(base, 0, "user_id") : 0;
	if (req_has(c, "is_company") && (rc = req_flag(c, "is_company", &in->is_company, e)) != 0)
		return rc;
	if (req_has(c, "parent_id") && (rc = req_int(c, "parent_id", &in->parent_id, 0, INT64_MAX, false, NULL, e)) != 0)
		return rc;
	if (req_has(c, "user_id") && (rc = req_int(c, "user_id", &in->user_id, 0, INT64_MAX, false, NULL, e)) != 0)
		return rc;
	if (!in->name)
		return err_set(e, ERR_INVALID, "name", "Required", "the name is required");
	return 0; /* parent_id and user_id: checked by partner_create / partner_update */
}

int api_partner_create(struct ctx *c)
{
	struct partner_input in;
	int64_t id = 0;
	struct access ac = pl_access(c);
	const char **tags = NULL;
	size_t n = 0;
	int rc = read_partner(c, &in, NULL);
	in.ac = &ac;
	/* The tags are read (and checked) before the customer is written. */
	if (!rc)
		rc = pl_tags_input(c, "tags", &tags, &n);
	if (!rc)
		rc = partner_create(c->db, c->a, &in, &id, &c->err);
	if (!rc && req_has(c, "tags"))
		rc = partner_set_tags(c->db, c->a, id, tags, n, &c->err);
	return rc ? rc : send_partner(c, 201, id);
}

int api_partner_get(struct ctx *c)
{
	return send_partner(c, 200, c->req.id[0]);
}

int api_partner_patch(struct ctx *c)
{
	struct access ac = pl_access(c);
	struct db_rows r;
	int rc = partner_get_for(c->db, c->a, &ac, c->req.id[0], &r);
	if (rc)
		return rc;
	struct partner_input in;
	if ((rc = read_partner(c, &in, &r)) != 0)
		return rc;
	if ((rc = partner_update(c->db, c->a, &ac, c->req.id[0], &in, &c->err)) != 0)
		return rc;
	return send_partner(c, 200, c->req.id[0]);
}
