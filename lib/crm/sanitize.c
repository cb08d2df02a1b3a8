#include "crm/sanitize.h"

#include <ctype.h>
#include <gumbo.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"

enum action {
	DROP,   /* the element and everything inside */
	UNWRAP, /* the element goes, its content stays */
	KEEP,   /* the element (allowed attributes only) and its content */
};

static enum action action_of(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_A: case GUMBO_TAG_ABBR: case GUMBO_TAG_B: case GUMBO_TAG_BLOCKQUOTE:
	case GUMBO_TAG_BR: case GUMBO_TAG_CAPTION: case GUMBO_TAG_CITE: case GUMBO_TAG_CODE:
	case GUMBO_TAG_DD: case GUMBO_TAG_DEL: case GUMBO_TAG_DIV: case GUMBO_TAG_DL:
	case GUMBO_TAG_DT: case GUMBO_TAG_EM: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
	case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
	case GUMBO_TAG_HR: case GUMBO_TAG_I: case GUMBO_TAG_INS: case GUMBO_TAG_KBD:
	case GUMBO_TAG_LI: case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PRE:
	case GUMBO_TAG_Q: case GUMBO_TAG_S: case GUMBO_TAG_SMALL: case GUMBO_TAG_SPAN:
	case GUMBO_TAG_STRIKE: case GUMBO_TAG_STRONG: case GUMBO_TAG_SUB: case GUMBO_TAG_SUP:
	case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_TD: case GUMBO_TAG_TFOOT:
	case GUMBO_TAG_TH: case GUMBO_TAG_THEAD: case GUMBO_TAG_TR: case GUMBO_TAG_U:
	case GUMBO_TAG_UL:
		return KEEP;
	case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE:
	case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_NOSCRIPT:
	case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_APPLET:
	case GUMBO_TAG_FRAME: case GUMBO_TAG_FRAMESET: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_BASE:
	case GUMBO_TAG_LINK: case GUMBO_TAG_META: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA:
	case GUMBO_TAG_INPUT: case GUMBO_TAG_BUTTON: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO:
	case GUMBO_TAG_SOURCE: case GUMBO_TAG_TRACK: case GUMBO_TAG_CANVAS: case GUMBO_TAG_MAP:
	case GUMBO_TAG_PARAM: case GUMBO_TAG_DATALIST: case GUMBO_TAG_KEYGEN:
		return DROP;
	default:
		return UNWRAP;
	}
}

static bool is_void(GumboTag t)
{
	return t == GUMBO_TAG_BR || t == GUMBO_TAG_HR;
}

static void esc(struct buf *b, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep = NULL;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\0': rep = ""; break;
		}
		if (rep) {
			buf_add(b, s + start, i - start);
			buf_adds(b, rep);
			start = i + 1;
		}
	}
	buf_add(b, s + start, n - start);
}

/* http, https and mailto links only; anything else (javascript:, data:,
 * vbscript:, relative links that would point into the intranet) is dropped.
 * Browsers ignore ASCII whitespace and control characters inside a scheme,
 * so they are refused outright rather than stripped. */
static bool safe_href(const char *h)
{
	while (*h == ' ' || *h == '\t' || *h == '\n' || *h == '\r' || *h == '\f')
		h++;
	for (const char *p = h; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	return strncasecmp(h, "http://", 7) == 0 || strncasecmp(h, "https://", 8) == 0 ||
	       strncasecmp(h, "mailto:", 7) == 0;
}

static bool small_number(const char *v)
{
	size_t n = strlen(v);
	if (n == 0 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)v[i]))
			return false;
	return true;
}

static void attr(struct buf *b, const char *name, const char *value)
{
	buf_addc(b, ' ');
	buf_adds(b, name);
	buf_adds(b, "=\"");
	esc(b, value, strlen(value));
	buf_addc(b, '"');
}

static void open_tag(struct buf *b, const GumboElement *el)
{
	buf_addc(b, '<');
	buf_adds(b, gumbo_normalized_tagname(el->tag));
	const GumboVector *at = &el->attributes;
	GumboAttribute *x;
	switch (el->tag) {
	case GUMBO_TAG_A:
		if ((x = gumbo_get_attribute(at, "href")) && safe_href(x->value)) {
			attr(b, "href", x->value);
			buf_adds(b, " rel=\"nofollow noopener noreferrer\" target=\"_blank\"");
		}
		if ((x = gumbo_get_attribute(at, "title")))
			attr(b, "title", x->value);
		break;
	case GUMBO_TAG_ABBR:
		if ((x = gumbo_get_attribute(at, "title")))
			attr(b, "title", x->value);
		break;
	case GUMBO_TAG_TD:
	case GUMBO_TAG_TH:
		if ((x = gumbo_get_attribute(at, "colspan")) && small_number(x->value))
			attr(b, "colspan", x->value);
		if ((x = gumbo_get_attribute(at, "rowspan")) && small_number(x->value))
			attr(b, "rowspan", x->value);
		break;
	case GUMBO_TAG_OL:
		if ((x = gumbo_get_attribute(at, "start")) && small_number(x->value))
			attr(b, "start", x->value);
		break;
	default:
		break;
	}
	buf_addc(b, '>');
}

/* Depth-first walk with an explicit stack (no recursion: the input decides
 * how deep the tree is). A frame is a node plus the index of the next child
 * to visit; an element is closed when its frame is popped. */
struct frame {
	const GumboNode *node;
	unsigned next;
	bool emitted;
};

static void walk(struct arena *a, const GumboNode *root, struct buf *out, bool text_only)
{
	size_t cap = 64, n = 0;
	struct frame *st = arena_alloc(a, cap * sizeof *st);
	st[n++] = (struct frame){root, 0, false};
	while (n > 0) {
		struct frame *f = &st[n - 1];
		const GumboNode *node = f->node;
		const GumboVector *kids = NULL;
		if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE)
			kids = &node->v.element.children;
		else if (node->type == GUMBO_NODE_DOCUMENT)
			kids = &node->v.document.children;
		if (!kids || f->next >= kids->length) {
			if (f->emitted && !text_only && !is_void(node->v.element.tag)) {
				buf_adds(out, "</");
				buf_adds(out, gumbo_normalized_tagname(node->v.element.tag));
				buf_addc(out, '>');
			}
			if (text_only && node->type == GUMBO_NODE_ELEMENT) {
				GumboTag t = node->v.element.tag;
				if (t == GUMBO_TAG_P || t == GUMBO_TAG_DIV || t == GUMBO_TAG_BR ||
				    t == GUMBO_TAG_LI || t == GUMBO_TAG_TR || (t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6))
					buf_addc(out, '\n');
			}
			n--;
			continue;
		}
		const GumboNode *child = kids->data[f->next++];
		switch (child->type) {
		case GUMBO_NODE_TEXT:
		case GUMBO_NODE_WHITESPACE:
		case GUMBO_NODE_CDATA: {
			const char *t = child->v.text.text;
			if (text_only)
				buf_adds(out, t);
			else
				esc(out, t, strlen(t));
			break;
		}
		case GUMBO_NODE_ELEMENT:
		case GUMBO_NODE_TEMPLATE: {
			const GumboElement *el = &child->v.element;
			enum action act = action_of(el->tag);
			if (act == DROP)
				break;
			if (el->tag == GUMBO_TAG_IMG) {
				GumboAttribute *alt = gumbo_get_attribute(&el->attributes, "alt");
				if (alt && *alt->value) {
					buf_addc(out, '[');
					if (text_only)
						buf_adds(out, alt->value);
					else
						esc(out, alt->value, strlen(alt->value));
					buf_addc(out, ']');
				}
				break;
			}
			bool emit = act == KEEP && !text_only;
			if (emit)
				open_tag(out, el);
			if (n == cap) {
				st = arena_realloc(a, st, cap * sizeof *st, cap * 2 * sizeof *st);
				cap *= 2;
			}
			st[n++] = (struct frame){child, 0, emit};
			break;
		}
		default: /* comments, documents */
			break;
		}
	}
}

/* Cut to at most SANITIZE_MAX_INPUT bytes without splitting a character. */
static size_t bounded(const char *s, size_t len)
{
	if (len <= SANITIZE_MAX_INPUT)
		return len;
	size_t n = SANITIZE_MAX_INPUT;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* HTML5 tree building is quadratic in the nesting depth (scope checks walk
 * the stack of open elements): 50 000 nested <div> cost seconds. No real
 * message nests deeper than a few dozen levels, so the input is cut where a
 * rough count of open tags passes SANITIZE_MAX_DEPTH. */
#define SANITIZE_MAX_DEPTH 1000

static bool void_tag(const char *p, size_t n)
{
	static const char *const voids[] = {"br", "hr", "img", "input", "meta", "link", "area", "base",
					    "col", "embed", "param", "source", "track", "wbr", NULL};
	for (size_t i = 0; voids[i]; i++)
		if (strlen(voids[i]) == n && strncasecmp(p, voids[i], n) == 0)
			return true;
	return false;
}

static size_t shallow(const char *s, size_t len)
{
	long depth = 0;
	for (size_t i = 0; i + 1 < len; i++) {
		if (s[i] != '<')
			continue;
		if (s[i + 1] == '/') {
			if (depth > 0)
				depth--;
			continue;
		}
		if (!isalpha((unsigned char)s[i + 1]))
			continue;
		size_t n = 0;
		while (i + 1 + n < len && isalnum((unsigned char)s[i + 1 + n]))
			n++;
		if (!void_tag(s + i + 1, n) && ++depth > SANITIZE_MAX_DEPTH)
			return i;
	}
	return len;
}

static char *run(struct arena *a, const char *html, size_t len, bool text_only)
{
	if (!html || len == 0)
		return arena_strdup(a, "");
	len = bounded(html, len);
	len = shallow(html, len);
	/* gumbo wants UTF-8 without NUL bytes inside the given length. */
	char *copy = arena_strndup(a, html, len);
	len = strlen(copy);
	GumboOptions opt = kGumboDefaultOptions;
	opt.max_errors = 0; /* do not collect parse errors: memory and time */
	GumboOutput *g = gumbo_parse_with_options(&opt, copy, len);
	struct buf out;
	buf_init(&out);
	if (g)
		walk(a, g->root, &out, text_only);
	char *res = arena_strndup(a, out.p ? out.p : "", out.len);
	buf_free(&out);
	if (g)
		gumbo_destroy_output(&opt, g);
	if (text_only)
		str_trim(res);
	return res;
}

char *sanitize_html(struct arena *a, const char *html, size_t len)
{
	return run(a, html, len, false);
}

char *sanitize_html_text(struct arena *a, const char *html, size_t len)
{
	return run(a, html, len, true);
}
