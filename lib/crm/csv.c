#include "crm/csv.h"

#include <string.h>

#include "core/buf.h"

void csv_cell(struct buf *b, const char *v, bool first)
{
	if (!first)
		buf_addc(b, ',');
	if (!v || !*v)
		return;
	bool formula = strchr("=+-@\t\r", v[0]) != NULL;
	bool quote = formula || strpbrk(v, ",\"\r\n") != NULL || v[0] == ' ';
	if (quote)
		buf_addc(b, '"');
	if (formula)
		buf_addc(b, '\'');
	for (const char *p = v; *p; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	if (quote)
		buf_addc(b, '"');
}

void csv_end(struct buf *b)
{
	buf_adds(b, "\r\n");
}
