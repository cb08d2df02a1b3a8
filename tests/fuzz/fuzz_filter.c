/* libFuzzer target: the filter language (assignment rules, report filters).
 * Any input either compiles to SQL whose every value is a bound parameter
 * (so the SQL text never contains a quote, a semicolon or a comment) or is
 * refused with a position inside the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "crm/filter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	struct arena a;
	arena_init(&a, 4096);
	struct filter_sql f;
	struct err_info e = {0};
	int rc = filter_compile(&a, s, "filter", &f, &e);
	if (rc == 0) {
		/* Shape from the whitelist only: the literal quotes it contains
		 * are the fixed ones of e-mail/phone state and NULL tests. */
		if (strchr(f.sql, ';') || strstr(f.sql, "--") || strstr(f.sql, "/*") || strchr(f.sql, '"'))
			abort();
		size_t q = 0;
		for (const char *p = f.sql; *p; p++)
			q += *p == '?';
		if (q != f.np)
			abort();
	} else if (rc != ERR_INVALID || f.pos < 1 || (size_t)f.pos > size + 1) {
		abort();
	}
	arena_free(&a);
	free(s);
	return 0;
}
