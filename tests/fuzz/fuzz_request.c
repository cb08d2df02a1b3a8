/* libFuzzer target: request parsing (query string, urlencoded, multipart and
 * JSON bodies) and the typed getters on whatever it produced. The first byte
 * picks the content type. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "web/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static const char *const types[] = {
		"application/x-www-form-urlencoded", "multipart/form-data; boundary=XyZ",
		"multipart/form-data; boundary=\"a b\"", "application/json", "text/plain"};
	struct arena a;
	arena_init(&a, 4096);
	struct ctx c;
	memset(&c, 0, sizeof c);
	c.a = &a;
	c.req.content_type = types[data[0] % 5];
	struct req_limits lim = {4096, 8192, 1024, 64};
	struct err_info e = {0};
	char *body = malloc(size);
	memcpy(body, data + 1, size - 1);
	body[size - 1] = '\0';
	if (data[0] & 0x80) {
		req_parse_query(&c, body, &lim, &e);
	} else {
		req_parse_body(&c, body, size - 1, &lim, &e);
	}
	const char *s;
	int64_t n;
	err_clear(&e);
	req_text(&c, "name", &s, 100, false, &e);
	req_email(&c, "email", &s, false, &e);
	req_int(&c, "id", &n, 0, 1000, false, NULL, &e);
	req_money(&c, "amount", &n, false, NULL, &e);
	req_date(&c, "date", &s, false, &e);
	const char **all;
	req_all(&c, "tags", &all);
	req_cleanup(&c);
	arena_free(&a);
	free(body);
	return 0;
}
