/* libFuzzer target: the small text parsers - configuration file, money
 * amounts, e-mail and phone normalisation, Accept-Language, UTF-8 checks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/money.h"
#include "core/str.h"
#include "crm/normalize.h"
#include "web/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	struct arena a;
	arena_init(&a, 4096);
	str_utf8_valid(s, size);
	int64_t cents;
	money_parse(s, &cents);
	char *e = norm_email(&a, s);
	norm_email_domain_criterion(&a, e);
	norm_phone_e164(&a, s, "FR");
	norm_phone_e164(&a, s, "US");
	req_pick_lang(s);
	struct config *c = config_new_defaults();
	int bad;
	config_parse(c, s, &bad);
	config_free(c);
	size_t n;
	str_url_decode(&a, s, strlen(s), true, &n);
	arena_free(&a);
	free(s);
	return 0;
}
