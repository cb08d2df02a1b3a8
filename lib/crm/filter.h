/* filter.h - the small, safe filter language of assignment rules and
 * reports (SPEC S3), e.g.
 *
 *   probability >= 50 and expected_revenue > 10000 and country = "FR"
 *   and tag in ("VIP", "Partner") and not (source = "Phone" or city contains "ly")
 *
 * Grammar: expr := and ("or" and)* ; and := unary ("and" unary)* ;
 * unary := "not" unary | "(" expr ")" | field op value | field ["not"] "in"
 * "(" value ("," value)* ")" | field "contains" string. Operators = != <> <
 * <= > >=; values are numbers, "double" or 'single' quoted strings (backslash
 * escapes \" \' \\), true/false, null. Keywords are case-insensitive.
 *
 * A filter compiles to a boolean SQL expression over the crm_lead alias `l`
 * whose shape comes only from the whitelist of fields below and whose values
 * are all bound parameters: no value is ever spliced into SQL text. Bounded:
 * 2000 bytes, nesting 16, 100 comparisons, 100 values per list, 255 bytes per
 * string. Errors name the 1-based character position. */
#ifndef PISTE_FILTER_H
#define PISTE_FILTER_H

#include <stddef.h>

#include "db/db.h"

struct arena;
struct err_info;

#define FILTER_MAX_LEN 2000
#define FILTER_MAX_DEPTH 16
#define FILTER_MAX_TERMS 100
#define FILTER_MAX_LIST 100
#define FILTER_MAX_STRING 255

struct filter_sql {
	const char *sql;       /* "(...)" boolean expression; "1" for an empty filter */
	struct db_param *p;    /* arena array of np bound values, in order */
	size_t np;
	int pos;               /* on error: 1-based character position (0: none) */
};

/* Compile text (NULL or blank: match everything). On error returns
 * ERR_INVALID, fills e (field = field_name, key one of FilterSyntax,
 * FilterUnknownField, FilterOperator, FilterValue, FilterTooDeep,
 * FilterTooLong, and an English message with the position) and out->pos. */
int filter_compile(struct arena *a, const char *text, const char *field_name,
		   struct filter_sql *out, struct err_info *e);
/* Only the check (for forms that save a filter): 0 or ERR_INVALID. */
int filter_validate(const char *text, const char *field_name, struct err_info *e, int *pos);
/* The field names users may write, NULL-terminated (for help texts). */
extern const char *const filter_field_names[];

#endif
