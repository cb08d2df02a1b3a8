/* libFuzzer target: the contact form's parser (SPEC I1, I3) on whatever the
 * request parser makes of a body (urlencoded, multipart, JSON), plus the
 * pieces of a submission that come from headers (Accept-Language, Origin)
 * and the spool form read back from disk. The first byte picks the content
 * type. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/crypt.h"
#include "crm/intake.h"
#include "web/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	if (!init) {
		crypt_setup();
		init = 1;
	}
	if (size < 1)
		return 0;
	static const char *const types[] = {"application/x-www-form-urlencoded",
					    "multipart/form-data; boundary=XyZ", "application/json"};
	struct arena a;
	arena_init(&a, 4096);
	struct ctx c;
	memset(&c, 0, sizeof c);
	c.a = &a;
	c.req.content_type = types[data[0] % 3];
	struct req_limits lim = {INTAKE_BODY_MAX, 8192, 8192, 200};
	struct err_info e = {0};
	char *body = malloc(size);
	memcpy(body, data + 1, size - 1);
	body[size - 1] = '\0';
	if (req_parse_body(&c, body, size - 1, &lim, &e) == 0) {
		struct intake_kv *kv = arena_alloc(&a, (c.req.nform + 1) * sizeof *kv);
		for (size_t i = 0; i < c.req.nform; i++)
			kv[i] = (struct intake_kv){c.req.form[i].key, c.req.form[i].val};
		struct intake_form f;
		struct err_info errs[8];
		size_t nerr;
		if (intake_form_parse(&a, kv, c.req.nform, kv, c.req.nform, &f, errs, 8, &nerr) == 0) {
			/* What is spooled must read back the same. */
			char *j = intake_form_to_json(&f);
			struct intake_form g;
			if (j && intake_form_from_json(&a, j, strlen(j), &g) != 0)
				abort();
			if (j && strcmp(g.key, f.key) != 0)
				abort();
			free(j);
		}
	}
	intake_visitor_lang(&a, body);
	intake_origin_normalize(&a, body);
	struct intake_settings s;
	intake_settings_defaults(&s);
	memcpy(s.origins, body, size - 1 < sizeof s.origins - 1 ? size - 1 : sizeof s.origins - 1);
	intake_origin_allowed(&a, &s, body, "https://www.example.com");
	struct intake_form g;
	intake_form_from_json(&a, body, size - 1, &g);
	req_cleanup(&c);
	arena_free(&a);
	free(body);
	return 0;
}
