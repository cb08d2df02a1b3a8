/* api_users.c - GET /api/v1/me and GET /api/v1/users. */
#include "pipeline.h"

#include <jansson.h>

#include "crm/user.h"
#include "db/db.h"
#include "web/response.h"

int api_me(struct ctx *c)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)c->user->id, "login",
			      c->user->login, "name", c->user->name, "role", c->user->role, "lang",
			      c->lang);
	return http_json(c, 200, j);
}

int api_users(struct ctx *c)
{
	struct db_rows r;
	int rc = user_list(c->db, c->a, &r);
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < r.nrows; i++)
		json_array_append_new(
			items, json_pack("{s:I, s:s, s:s, s:s, s:b}", "id",
					 (json_int_t)db_getn_i64(&r, i, "id"), "login",
					 db_getn(&r, i, "login"), "name", db_getn(&r, i, "name"),
					 "role", db_getn(&r, i, "role"), "active",
					 db_getn_i64(&r, i, "active") != 0));
	return http_json(c, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)r.nrows));
}
