#include "crm/filter.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/str.h"

enum ftype { FT_NUM, FT_INT, FT_STR, FT_DATE, FT_TAG, FT_STAGE };

/* The whitelist: user-visible name -> SQL expression on alias l. */
static const struct field {
	const char *name, *sql;
	enum ftype type;
} fields[] = {
	{"probability", "l.probability", FT_NUM},
	{"automated_probability", "l.automated_probability", FT_NUM},
	{"expected_revenue", "l.expected_revenue", FT_NUM},
	{"priority", "l.priority", FT_INT},
	{"country", "l.country_code", FT_STR},
	{"state", "l.state", FT_STR},
	{"city", "l.city", FT_STR},
	{"zip", "l.zip", FT_STR},
	{"lang", "l.lang", FT_STR},
	{"source", "l.source", FT_STR},
	{"medium", "l.medium", FT_STR},
	{"campaign", "l.campaign", FT_STR},
	{"name", "l.name", FT_STR},
	{"contact_name", "l.contact_name", FT_STR},
	{"company", "l.partner_name", FT_STR},
	{"email", "l.email_normalized", FT_STR},
	{"email_domain", "l.email_domain_criterion", FT_STR},
	{"phone", "l.phone_sanitized", FT_STR},
	{"type", "l.type", FT_STR},
	{"email_state",
	 "(CASE WHEN l.email_normalized IS NOT NULL THEN 'correct' WHEN COALESCE(l.email_from, '') = '' "
	 "THEN NULL ELSE 'incorrect' END)",
	 FT_STR},
	{"phone_state",
	 "(CASE WHEN COALESCE(l.phone, '') = '' THEN NULL WHEN l.phone_sanitized IS NOT NULL "
	 "THEN 'correct' ELSE 'incorrect' END)",
	 FT_STR},
	{"team_id", "l.team_id", FT_INT},
	{"stage_id", "l.stage_id", FT_INT},
	{"user_id", "l.user_id", FT_INT},
	{"partner_id", "l.partner_id", FT_INT},
	{"created", "l.create_date", FT_DATE},
	{"expected_closing", "l.date_deadline", FT_DATE},
	{"stage", "l.stage_id", FT_STAGE},
	{"tag", "l.id", FT_TAG},
};

const char *const filter_field_names[] = {
	"probability", "automated_probability", "expected_revenue", "priority", "country", "state",
	"city", "zip", "lang", "source", "medium", "campaign", "name", "contact_name", "company",
	"email", "email_domain", "phone", "type", "email_state", "phone_state", "team_id",
	"stage_id", "user_id", "partner_id", "created", "expected_closing", "stage", "tag", NULL,
};

enum tok {
	T_END, T_IDENT, T_NUM, T_STR, T_LP, T_RP, T_COMMA, T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE,
	T_AND, T_OR, T_NOT, T_IN, T_CONTAINS, T_NULL, T_TRUE, T_FALSE, T_BAD,
};

struct parser {
	struct arena *a;
	const char *src;
	size_t len, at;       /* byte offset of the next character */
	enum tok t;           /* current token */
	size_t tstart;        /* its byte offset */
	char *tval;           /* identifier / number / decoded string */
	size_t tlen;
	int depth, terms;
	struct buf sql;
	struct db_param *p;
	size_t np, pcap;
	const char *field_name;
	struct err_info *e;
	int errpos;
};

static int char_pos(const struct parser *ps, size_t byte)
{
	int n = 1;
	for (size_t i = 0; i < byte && i < ps->len; i++)
		if (((unsigned char)ps->src[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static int fail_at(struct parser *ps, size_t byte, const char *key, const char *what)
{
	if (ps->errpos)
		return ERR_INVALID;
	ps->errpos = char_pos(ps, byte);
	err_set(ps->e, ERR_INVALID, ps->field_name ? ps->field_name : "filter", key,
		"%s at position %d", what, ps->errpos);
	return ERR_INVALID;
}

static int kw(const char *s, size_t n, const char *k)
{
	return strlen(k) == n && strncasecmp(s, k, n) == 0;
}

/* Read the next token into ps->t. */
static int next(struct parser *ps)
{
	const char *s = ps->src;
	while (ps->at < ps->len && isspace((unsigned char)s[ps->at]))
		ps->at++;
	ps->tstart = ps->at;
	ps->tval = NULL;
	ps->tlen = 0;
	if (ps->at >= ps->len) {
		ps->t = T_END;
		return 0;
	}
	char c = s[ps->at];
	if (isalpha((unsigned char)c) || c == '_') {
		size_t b = ps->at;
		while (ps->at < ps->len && (isalnum((unsigned char)s[ps->at]) || s[ps->at] == '_'))
			ps->at++;
		size_t n = ps->at - b;
		if (n > 64)
			return fail_at(ps, b, "FilterSyntax", "name too long");
		ps->tval = arena_strndup(ps->a, s + b, n);
		ps->tlen = n;
		ps->t = kw(s + b, n, "and")        ? T_AND
			: kw(s + b, n, "or")       ? T_OR
			: kw(s + b, n, "not")      ? T_NOT
			: kw(s + b, n, "in")       ? T_IN
			: kw(s + b, n, "contains") ? T_CONTAINS
			: kw(s + b, n, "null")     ? T_NULL
			: kw(s + b, n, "true")     ? T_TRUE
			: kw(s + b, n, "false")    ? T_FALSE
						   : T_IDENT;
		return 0;
	}
	if (isdigit((unsigned char)c) || (c == '-' && ps->at + 1 < ps->len && isdigit((unsigned char)s[ps->at + 1])) ||
	    (c == '.' && ps->at + 1 < ps->len && isdigit((unsigned char)s[ps->at + 1]))) {
		size_t b = ps->at;
		if (c == '-')
			ps->at++;
		int digits = 0, dots = 0, frac = 0;
		while (ps->at < ps->len && (isdigit((unsigned char)s[ps->at]) || s[ps->at] == '.')) {
			if (s[ps->at] == '.')
				dots++;
			else if (dots)
				frac++;
			else
				digits++;
			ps->at++;
		}
		if (dots > 1 || digits > 13 || frac > 6 || (dots && !frac) ||
		    (ps->at < ps->len && (isalpha((unsigned char)s[ps->at]) || s[ps->at] == '_')))
			return fail_at(ps, b, "FilterValue", "malformed number");
		ps->tval = arena_strndup(ps->a, s + b, ps->at - b);
		ps->tlen = ps->at - b;
		ps->t = T_NUM;
		return 0;
	}
	if (c == '"' || c == '\'') {
		size_t b = ps->at++;
		char *out = arena_alloc(ps->a, FILTER_MAX_STRING + 1);
		size_t n = 0;
		for (;;) {
			if (ps->at >= ps->len)
				return fail_at(ps, b, "FilterSyntax", "unterminated string");
			char d = s[ps->at++];
			if (d == c)
				break;
			if (d == '\\') {
				if (ps->at >= ps->len)
					return fail_at(ps, b, "FilterSyntax", "unterminated string");
				d = s[ps->at++];
				if (d != '"' && d != '\'' && d != '\\')
					return fail_at(ps, ps->at - 2, "FilterSyntax", "unknown escape in string");
			}
			if ((unsigned char)d < 0x20)
				return fail_at(ps, ps->at - 1, "FilterValue", "control character in string");
			if (n >= FILTER_MAX_STRING)
				return fail_at(ps, b, "FilterTooLong", "string too long");
			out[n++] = d;
		}
		out[n] = '\0';
		if (!str_utf8_valid(out, n))
			return fail_at(ps, b, "FilterValue", "invalid UTF-8 in string");
		ps->tval = out;
		ps->tlen = n;
		ps->t = T_STR;
		return 0;
	}
	ps->at++;
	char c2 = ps->at < ps->len ? s[ps->at] : '\0';
	switch (c) {
	case '(': ps->t = T_LP; return 0;
	case ')': ps->t = T_RP; return 0;
	case ',': ps->t = T_COMMA; return 0;
	case '=':
		if (c2 == '=')
			ps->at++;
		ps->t = T_EQ;
		return 0;
	case '!':
		if (c2 == '=') {
			ps->at++;
			ps->t = T_NE;
			return 0;
		}
		break;
	case '<':
		if (c2 == '=') {
			ps->at++;
			ps->t = T_LE;
		} else if (c2 == '>') {
			ps->at++;
			ps->t = T_NE;
		} else {
			ps->t = T_LT;
		}
		return 0;
	case '>':
		if (c2 == '=') {
			ps->at++;
			ps->t = T_GE;
		} else {
			ps->t = T_GT;
		}
		return 0;
	default:
		break;
	}
	ps->t = T_BAD;
	return fail_at(ps, ps->tstart, "FilterSyntax", "unexpected character");
}

static void bind(struct parser *ps, struct db_param v)
{
	if (ps->np == ps->pcap) {
		size_t nc = ps->pcap ? ps->pcap * 2 : 16;
		ps->p = arena_realloc(ps->a, ps->p, ps->pcap * sizeof *ps->p, nc * sizeof *ps->p);
		ps->pcap = nc;
	}
	ps->p[ps->np++] = v;
	buf_addc(&ps->sql, '?');
}

static void bind_s(struct parser *ps, const char *s)
{
	bind(ps, (struct db_param){.type = 's', .s = s, .len = strlen(s)});
}

static bool valid_date(const char *s)
{
	int y, m, d;
	char tail;
	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return false;
	if (s[4] != '-' || s[7] != '-' || y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1)
		return false;
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (d > mdays[m - 1])
		return false;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return false;
	return true;
}

/* One literal value of a comparison, checked against the field's type, bound. */
static int value(struct parser *ps, const struct field *f)
{
	size_t at = ps->tstart;
	switch (f->type) {
	case FT_NUM:
	case FT_INT:
		if (ps->t == T_TRUE || ps->t == T_FALSE) {
			bind(ps, (struct db_param){.type = 'i', .i = ps->t == T_TRUE});
			return next(ps);
		}
		if (ps->t != T_NUM)
			return fail_at(ps, at, "FilterValue", "a number is expected");
		if (f->type == FT_INT) {
			int64_t v;
			if (!str_to_i64(ps->tval, &v))
				return fail_at(ps, at, "FilterValue", "a whole number is expected");
			bind(ps, (struct db_param){.type = 'i', .i = v});
		} else {
			bind_s(ps, ps->tval); /* exact decimal text, compared numerically */
		}
		return next(ps);
	case FT_DATE:
		if (ps->t != T_STR || !valid_date(ps->tval))
			return fail_at(ps, at, "FilterValue", "a date \"YYYY-MM-DD\" is expected");
		bind_s(ps, ps->tval);
		return next(ps);
	default:
		if (ps->t != T_STR && ps->t != T_NUM)
			return fail_at(ps, at, "FilterValue", "a quoted text is expected");
		bind_s(ps, ps->tval);
		return next(ps);
	}
}

static const struct field *find_field(const char *name)
{
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (strcasecmp(fields[i].name, name) == 0)
			return &fields[i];
	return NULL;
}

/* The "subject" SQL a value is compared with: the column, or for tags and
 * stages a membership test opened here and closed by close_subject(). */
static void open_membership(struct parser *ps, const struct field *f, bool negate)
{
	if (f->type == FT_TAG)
		buf_adds(&ps->sql, negate ? "NOT EXISTS (SELECT 1 FROM lead_tag ft JOIN tag tg ON tg.id = ft.tag_id "
					    "WHERE ft.lead_id = l.id AND tg.name IN ("
					  : "EXISTS (SELECT 1 FROM lead_tag ft JOIN tag tg ON tg.id = ft.tag_id "
					    "WHERE ft.lead_id = l.id AND tg.name IN (");
	else
		buf_adds(&ps->sql, negate ? "(l.stage_id IS NULL OR l.stage_id NOT IN (SELECT sg.id FROM stage sg WHERE sg.name IN ("
					  : "l.stage_id IN (SELECT sg.id FROM stage sg WHERE sg.name IN (");
}

static int comparison(struct parser *ps)
{
	size_t fat = ps->tstart;
	if (ps->t != T_IDENT)
		return fail_at(ps, fat, "FilterSyntax", "a field name is expected");
	const struct field *f = find_field(ps->tval);
	if (!f) {
		char msg[128];
		snprintf(msg, sizeof msg, "unknown field '%.64s'", ps->tval);
		return fail_at(ps, fat, "FilterUnknownField", msg);
	}
	if (++ps->terms > FILTER_MAX_TERMS)
		return fail_at(ps, fat, "FilterTooLong", "too many conditions");
	int rc;
	if ((rc = next(ps)))
		return rc;
	bool member = f->type == FT_TAG || f->type == FT_STAGE;
	bool negate = false;
	size_t opat = ps->tstart;
	if (ps->t == T_NOT) {
		if ((rc = next(ps)))
			return rc;
		if (ps->t != T_IN)
			return fail_at(ps, ps->tstart, "FilterSyntax", "'in' is expected after 'not'");
		negate = true;
	}
	if (ps->t == T_IN) {
		if ((rc = next(ps)))
			return rc;
		if (ps->t != T_LP)
			return fail_at(ps, ps->tstart, "FilterSyntax", "'(' is expected after 'in'");
		if ((rc = next(ps)))
			return rc;
		if (member)
			open_membership(ps, f, negate);
		else if (negate)
			buf_printf(&ps->sql, "(%s IS NULL OR %s NOT IN (", f->sql, f->sql);
		else
			buf_printf(&ps->sql, "(%s IN (", f->sql);
		int n = 0;
		for (;;) {
			if (++n > FILTER_MAX_LIST)
				return fail_at(ps, ps->tstart, "FilterTooLong", "too many values in the list");
			if (n > 1)
				buf_addc(&ps->sql, ',');
			if ((rc = value(ps, f)))
				return rc;
			if (ps->t == T_COMMA) {
				if ((rc = next(ps)))
					return rc;
				continue;
			}
			if (ps->t == T_RP)
				break;
			return fail_at(ps, ps->tstart, "FilterSyntax", "',' or ')' is expected");
		}
		buf_adds(&ps->sql, "))");
		if (member && negate && f->type == FT_STAGE)
			buf_addc(&ps->sql, ')');
		return next(ps);
	}
	if (ps->t == T_CONTAINS) {
		if (f->type != FT_STR)
			return fail_at(ps, opat, "FilterOperator", "'contains' works on text fields only");
		if ((rc = next(ps)))
			return rc;
		if (ps->t != T_STR)
			return fail_at(ps, ps->tstart, "FilterValue", "a quoted text is expected");
		/* LIKE with the wildcards of the value escaped. */
		char *pat = arena_alloc(ps->a, ps->tlen * 2 + 3);
		size_t k = 0;
		pat[k++] = '%';
		for (size_t i = 0; i < ps->tlen; i++) {
			if (ps->tval[i] == '%' || ps->tval[i] == '_' || ps->tval[i] == '\\')
				pat[k++] = '\\';
			pat[k++] = ps->tval[i];
		}
		pat[k++] = '%';
		pat[k] = '\0';
		buf_printf(&ps->sql, "(%s LIKE ", f->sql);
		bind_s(ps, pat);
		buf_adds(&ps->sql, ")");
		return next(ps);
	}
	enum tok op = ps->t;
	if (op != T_EQ && op != T_NE && op != T_LT && op != T_LE && op != T_GT && op != T_GE)
		return fail_at(ps, opat, "FilterSyntax", "an operator (=, !=, <, <=, >, >=, in, contains) is expected");
	if ((rc = next(ps)))
		return rc;
	bool ordered = op != T_EQ && op != T_NE;
	if (ps->t == T_NULL) {
		if (ordered)
			return fail_at(ps, ps->tstart, "FilterOperator", "null can only be compared with = or !=");
		if (member)
			buf_printf(&ps->sql, f->type == FT_TAG
					     ? (op == T_EQ ? "NOT EXISTS (SELECT 1 FROM lead_tag ft WHERE ft.lead_id = l.id)"
							   : "EXISTS (SELECT 1 FROM lead_tag ft WHERE ft.lead_id = l.id)")
					     : (op == T_EQ ? "(l.stage_id IS NULL)" : "(l.stage_id IS NOT NULL)"));
		else if (f->type == FT_STR)
			buf_printf(&ps->sql, op == T_EQ ? "(COALESCE(%s, '') = '')" : "(COALESCE(%s, '') <> '')", f->sql);
		else
			buf_printf(&ps->sql, op == T_EQ ? "(%s IS NULL)" : "(%s IS NOT NULL)", f->sql);
		return next(ps);
	}
	if (ordered && (f->type == FT_STR || member))
		return fail_at(ps, opat, "FilterOperator", "this field can only be compared with =, !=, in or contains");
	if (member) {
		open_membership(ps, f, op == T_NE);
		if ((rc = value(ps, f)))
			return rc;
		buf_adds(&ps->sql, "))");
		if (op == T_NE && f->type == FT_STAGE)
			buf_addc(&ps->sql, ')');
		return 0;
	}
	static const char *const ops[] = {[T_EQ] = "=", [T_LT] = "<", [T_LE] = "<=", [T_GT] = ">", [T_GE] = ">="};
	if (op == T_NE)
		buf_printf(&ps->sql, "(NOT (%s <=> ", f->sql);
	else
		buf_printf(&ps->sql, "(%s %s ", f->sql, ops[op]);
	if ((rc = value(ps, f)))
		return rc;
	buf_adds(&ps->sql, op == T_NE ? "))" : ")");
	return 0;
}

static int expr(struct parser *ps);

static int unary(struct parser *ps)
{
	int rc;
	if (ps->t == T_NOT || ps->t == T_LP) {
		if (++ps->depth > FILTER_MAX_DEPTH)
			return fail_at(ps, ps->tstart, "FilterTooDeep", "too deeply nested");
		if (ps->t == T_NOT) {
			if ((rc = next(ps)))
				return rc;
			buf_adds(&ps->sql, "(NOT ");
			if ((rc = unary(ps)))
				return rc;
			buf_addc(&ps->sql, ')');
		} else {
			size_t open_at = ps->tstart;
			if ((rc = next(ps)))
				return rc;
			buf_addc(&ps->sql, '(');
			if ((rc = expr(ps)))
				return rc;
			if (ps->t != T_RP)
				return fail_at(ps, ps->t == T_END ? open_at : ps->tstart, "FilterSyntax",
					       ps->t == T_END ? "unclosed '('" : "')' is expected");
			buf_addc(&ps->sql, ')');
			if ((rc = next(ps)))
				return rc;
		}
		ps->depth--;
		return 0;
	}
	if (ps->t == T_END)
		return fail_at(ps, ps->tstart, "FilterSyntax", "the filter ends too early");
	return comparison(ps);
}

static int and_expr(struct parser *ps)
{
	int rc;
	buf_addc(&ps->sql, '(');
	if ((rc = unary(ps)))
		return rc;
	while (ps->t == T_AND) {
		if ((rc = next(ps)))
			return rc;
		buf_adds(&ps->sql, " AND ");
		if ((rc = unary(ps)))
			return rc;
	}
	buf_addc(&ps->sql, ')');
	return 0;
}

static int expr(struct parser *ps)
{
	int rc;
	buf_addc(&ps->sql, '(');
	if ((rc = and_expr(ps)))
		return rc;
	while (ps->t == T_OR) {
		if ((rc = next(ps)))
			return rc;
		buf_adds(&ps->sql, " OR ");
		if ((rc = and_expr(ps)))
			return rc;
	}
	buf_addc(&ps->sql, ')');
	return 0;
}

int filter_compile(struct arena *a, const char *text, const char *field_name,
		   struct filter_sql *out, struct err_info *e)
{
	memset(out, 0, sizeof *out);
	out->sql = "1";
	if (str_empty(text))
		return 0;
	struct parser ps = {.a = a, .src = text, .len = strlen(text), .field_name = field_name, .e = e};
	if (ps.len > FILTER_MAX_LEN) {
		out->pos = FILTER_MAX_LEN + 1;
		return err_set(e, ERR_INVALID, field_name ? field_name : "filter", "FilterTooLong",
			       "the filter is too long (at most %d characters)", FILTER_MAX_LEN);
	}
	if (!str_utf8_valid(text, ps.len)) {
		out->pos = 1;
		return err_set(e, ERR_INVALID, field_name ? field_name : "filter", "FilterSyntax",
			       "the filter is not valid UTF-8 at position 1");
	}
	buf_init(&ps.sql);
	int rc = next(&ps);
	if (!rc)
		rc = expr(&ps);
	if (!rc && ps.t != T_END)
		rc = fail_at(&ps, ps.tstart,
			     "FilterSyntax", ps.t == T_RP ? "unbalanced ')'" : "'and' or 'or' is expected");
	if (!rc) {
		out->sql = arena_strndup(a, ps.sql.p, ps.sql.len);
		out->p = ps.p;
		out->np = ps.np;
	} else {
		out->pos = ps.errpos;
	}
	buf_free(&ps.sql);
	return rc;
}

int filter_validate(const char *text, const char *field_name, struct err_info *e, int *pos)
{
	struct arena a;
	arena_init(&a, 4096);
	struct filter_sql f;
	int rc = filter_compile(&a, text, field_name, &f, e);
	if (pos)
		*pos = f.pos;
	arena_free(&a);
	return rc;
}
