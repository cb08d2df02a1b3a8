/* libFuzzer target: quotation inputs - quantities, discounts and rates in
 * fixed point, line amounts (exact, never overflowing), and the QR code /
 * PDF text paths fed with arbitrary UTF-8. Invariants: a computed line has
 * total = subtotal + tax and the sum of its taxes equals its tax. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "crm/qr.h"
#include "crm/quote.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	/* Fields separated by '|': quantity | price | discount | rate1 | rate2 */
	char *f[5] = {s, "", "", "", ""};
	for (int i = 1; i < 5 && f[i - 1]; i++) {
		char *bar = strchr(f[i - 1], '|');
		if (!bar)
			break;
		*bar = '\0';
		f[i] = bar + 1;
	}
	int64_t qty = 1000, price = 0, disc = 0, r1 = 0, r2 = 0;
	quote_parse_fixed(f[0], 3, &qty);
	quote_parse_fixed(f[1], 2, &price);
	quote_parse_fixed(f[2], 2, &disc);
	quote_parse_fixed(f[3], 4, &r1);
	quote_parse_fixed(f[4], 4, &r2);
	struct quote_tax t[2] = {{1, r1, (r1 & 1) != 0}, {2, r2, false}};
	struct quote_amounts a;
	int64_t per[2];
	if (quote_line_compute(qty, price, disc, t, 2, &a, per) == 0) {
		if (a.total != a.subtotal + a.tax || per[0] + per[1] != a.tax)
			abort();
	}
	char out[40];
	quote_format_fixed(qty, 3, "fr", out, sizeof out);
	struct arena ar;
	arena_init(&ar, 4096);
	if (size < 512)
		qr_svg(&ar, s, 0);
	arena_free(&ar);
	free(s);
	return 0;
}
