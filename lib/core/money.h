/* money.h - exact money: int64 cents in C, DECIMAL(15,2) strings in SQL.
 * Never a double. */
#ifndef PISTE_MONEY_H
#define PISTE_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parse "1234", "1234.5", "-12.30", "1 234,56", "1,234.56" into cents.
 * Rejects more than 2 decimals, garbage, and |value| >= 10^13. */
bool money_parse(const char *s, int64_t *cents);
/* "1234.56" (SQL/JSON form, '-' sign, always 2 decimals). out >= 32 bytes. */
void money_to_decimal(int64_t cents, char *out, size_t n);
/* Locale form: fr "1 234,56 €" (narrow no-break space U+202F between
 * thousands, no-break space before the symbol); en "€1,234.56". */
void money_format(int64_t cents, const char *lang, char *out, size_t n);
/* Round-half-up (away from zero) of num/den, den > 0. */
int64_t money_div_round(int64_t num, int64_t den);

#endif
