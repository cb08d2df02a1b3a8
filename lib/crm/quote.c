#include "crm/quote.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/crypt.h"
#include "core/err.h"
#include "core/money.h"
#include "core/str.h"
#include "crm/access.h"
#include "crm/chatter.h"
#include "crm/follower.h"
#include "crm/partner.h"
#include "crm/settings.h"
#include "db/db.h"

/* ---- money ------------------------------------------------------------- */

typedef __int128 i128;

/* Round-half-up (away from zero) of num/den, den > 0. */
static i128 div_round(i128 num, i128 den)
{
	if (num >= 0)
		return (num + den / 2) / den;
	return -((-num + den / 2) / den);
}

static bool fits(i128 v)
{
	return v > -(i128)QUOTE_AMOUNT_MAX && v < (i128)QUOTE_AMOUNT_MAX;
}

int quote_line_compute(int64_t qty_e3, int64_t price_unit, int64_t discount_e2,
		       const struct quote_tax *taxes, size_t ntax, struct quote_amounts *out,
		       int64_t *per_tax)
{
	memset(out, 0, sizeof *out);
	if (qty_e3 < 0 || qty_e3 > QUOTE_QTY_MAX_E3)
		return ERR_INVALID;
	if (discount_e2 < 0 || discount_e2 > 10000)
		return ERR_INVALID;
	if (price_unit <= -QUOTE_AMOUNT_MAX || price_unit >= QUOTE_AMOUNT_MAX)
		return ERR_INVALID;
	/* qty/1000 x price x (10000 - d)/10000 */
	i128 gross = div_round((i128)qty_e3 * price_unit * (10000 - discount_e2), (i128)10000000);
	if (!fits(gross))
		return ERR_INVALID;
	int64_t incl_rate = 0;
	size_t last_incl = (size_t)-1;
	for (size_t i = 0; i < ntax; i++) {
		if (taxes[i].rate_e4 < 0 || taxes[i].rate_e4 > 1000000)
			return ERR_INVALID;
		if (taxes[i].included) {
			incl_rate += taxes[i].rate_e4;
			last_incl = i;
		}
	}
	i128 subtotal = gross;
	if (incl_rate > 0)
		subtotal = div_round(gross * 1000000, (i128)1000000 + incl_rate);
	i128 tax = 0, incl_done = 0;
	for (size_t i = 0; i < ntax; i++) {
		i128 t;
		if (taxes[i].included && i == last_incl)
			t = gross - subtotal - incl_done;
		else
			t = div_round(subtotal * taxes[i].rate_e4, (i128)1000000);
		if (taxes[i].included)
			incl_done += t;
		if (per_tax)
			per_tax[i] = (int64_t)t;
		tax += t;
	}
	if (!fits(subtotal + tax))
		return ERR_INVALID;
	out->subtotal = (int64_t)subtotal;
	out->tax = (int64_t)tax;
	out->total = (int64_t)(subtotal + tax);
	return 0;
}

bool quote_parse_fixed(const char *s, int decimals, int64_t *out)
{
	if (!s)
		return false;
	while (isspace((unsigned char)*s))
		s++;
	bool neg = false;
	if (*s == '-') {
		neg = true;
		s++;
	}
	int64_t v = 0;
	int nd = 0, frac = -1;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s)) {
			if (frac >= 0 && ++frac > decimals)
				return false;
			v = v * 10 + (*s - '0');
			if (++nd > 18 || v > 1000000000000000LL)
				return false;
		} else if ((*s == '.' || *s == ',') && frac < 0 && nd > 0) {
			frac = 0;
		} else if (isspace((unsigned char)*s)) {
			const char *t = s;
			while (isspace((unsigned char)*t))
				t++;
			if (*t)
				return false;
			break;
		} else {
			return false;
		}
	}
	if (nd == 0 || frac == 0)
		return false;
	for (int i = frac < 0 ? 0 : frac; i < decimals; i++) {
		v *= 10;
		if (v > 1000000000000000000LL / 10)
			return false;
	}
	*out = neg ? -v : v;
	return true;
}

void quote_format_fixed(int64_t v, int decimals, const char *lang, char *out, size_t n)
{
	int64_t p = 1;
	for (int i = 0; i < decimals; i++)
		p *= 10;
	uint64_t a = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
	char frac[24] = "";
	if (decimals > 0 && decimals < 19) {
		uint64_t f = a % (uint64_t)p;
		for (int i = decimals - 1; i >= 0; i--) {
			frac[i] = (char)('0' + f % 10);
			f /= 10;
		}
		frac[decimals] = '\0';
		size_t l = strlen(frac);
		while (l > 0 && frac[l - 1] == '0')
			frac[--l] = '\0';
	}
	snprintf(out, n, "%s%llu%s%s", v < 0 ? "-" : "", (unsigned long long)(a / (uint64_t)p),
		 frac[0] ? (str_eq(lang, "fr") ? "," : ".") : "", frac);
}

static int64_t cents_of(const char *dec)
{
	int64_t c = 0;
	if (dec)
		money_parse(dec, &c);
	return c;
}

static int64_t rate_of(const char *dec)
{
	int64_t r = 0;
	if (dec)
		quote_parse_fixed(dec, 4, &r);
	return r;
}

static void dec2(int64_t cents, char out[32])
{
	money_to_decimal(cents, out, 32);
}

/* ---- access ------------------------------------------------------------ */

/* Appended to "FROM quote q LEFT JOIN crm_lead l ON l.id = q.opportunity_id
 * WHERE ...": parameters manager, user, user. */
#define ACL_SQL                                                                              \
	" AND (? = 1 OR q.user_id = ? OR l.user_id = ? OR (l.id IS NOT NULL AND l.user_id IS NULL) " \
	"OR (l.id IS NULL AND q.user_id IS NULL))"

static int64_t acl_mgr(const struct quote_acl *acl)
{
	return acl && acl->manager ? 1 : 0;
}

static int64_t acl_uid(const struct quote_acl *acl)
{
	return acl ? acl->user_id : 0;
}

/* The pipeline's visibility rules (access.h) for the ids a request names:
 * a salesperson links only the customers they may see. */
static struct access acl_access(const struct quote_acl *acl)
{
	return (struct access){acl_uid(acl), acl_mgr(acl) == 1};
}

/* Lock a quotation for a change (inside a transaction), checking access and
 * that it can still be edited (editable == true) or just exists. */
static int lock_quote(struct db *db, struct arena *a, const struct quote_acl *acl, int64_t id,
		      bool editable, struct db_rows *r, struct err_info *e)
{
	int rc = db_query1(db, a, r,
			   "SELECT q.id, q.state, q.number, q.opportunity_id, q.user_id, q.signed_on, "
			   "q.amount_untaxed, q.partner_id FROM quote q "
			   "LEFT JOIN crm_lead l ON l.id = q.opportunity_id WHERE q.id = ?" ACL_SQL
			   " FOR UPDATE",
			   "iiii", id, acl_mgr(acl), acl_uid(acl), acl_uid(acl));
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "", "", "no such quotation");
	if (rc)
		return rc;
	if (!editable)
		return 0;
	const char *st = db_get(r, 0, 1);
	if (db_get(r, 0, 5))
		return err_set(e, ERR_CONFLICT, "state", "QQuoteLocked",
			       "this quotation is signed: it can no longer be changed");
	if (str_eq(st, "confirmed"))
		return err_set(e, ERR_CONFLICT, "state", "QQuoteLocked",
			       "this quotation is confirmed (sales order): it can no longer be changed");
	if (str_eq(st, "cancelled"))
		return err_set(e, ERR_CONFLICT, "state", "QQuoteCancelled",
			       "this quotation is cancelled: set it back to draft to change it");
	return 0;
}

/* ---- lines ------------------------------------------------------------- */

static int load_taxes(struct db *db, struct arena *a, const int64_t *ids, size_t n,
		      struct quote_tax *out, struct err_info *e)
{
	for (size_t i = 0; i < n; i++) {
		struct db_rows r;
		int rc = db_query1(db, a, &r, "SELECT id, rate, price_include FROM tax WHERE id = ? AND active = 1",
				   "i", ids[i]);
		if (rc == ERR_NOTFOUND)
			return err_set(e, ERR_INVALID, "tax_ids", "QUnknownTax", "unknown tax %lld",
				       (long long)ids[i]);
		if (rc)
			return rc;
		out[i].id = ids[i];
		out[i].rate_e4 = rate_of(db_get(&r, 0, 1));
		out[i].included = db_get_i64(&r, 0, 2) != 0;
		for (size_t k = 0; k < i; k++)
			if (out[k].id == ids[i])
				return err_set(e, ERR_INVALID, "tax_ids", "QDuplicateTax", "a tax is listed twice");
	}
	return 0;
}

struct line_values {
	const char *type, *name, *uom;
	int64_t product_id, qty_e3, price, disc_e2;
	struct quote_tax taxes[16];
	size_t ntax;
	struct quote_amounts amt;
};

static bool valid_type(const char *t)
{
	return str_eq(t, "line") || str_eq(t, "section") || str_eq(t, "note");
}

/* Resolve a line input against its product (defaults) and compute it. base
 * (may be NULL) holds the current values for an update. */
static int resolve_line(struct db *db, struct arena *a, const struct quote_line_input *in,
			const struct line_values *base, struct line_values *v, struct err_info *e)
{
	int rc;
	if (base)
		*v = *base;
	else {
		memset(v, 0, sizeof *v);
		v->type = "line";
		v->qty_e3 = 1000;
	}
	if (in->display_type && *in->display_type) {
		if (!valid_type(in->display_type))
			return err_set(e, ERR_INVALID, "display_type", "QBadLineType",
				       "display_type must be line, section or note");
		v->type = in->display_type;
	}
	if (in->name) {
		if (str_utf8_len(in->name) > 5000)
			return err_set(e, ERR_INVALID, "description", "TooLong",
				       "the description is too long (at most 5000 characters)");
		v->name = in->name;
	}
	if (!str_eq(v->type, "line")) {
		if (str_empty(v->name))
			return err_set(e, ERR_INVALID, "description", "Required",
				       "a section or note needs a text");
		v->product_id = 0;
		v->qty_e3 = 0;
		v->price = 0;
		v->disc_e2 = 0;
		v->ntax = 0;
		v->uom = NULL;
		memset(&v->amt, 0, sizeof v->amt);
		return 0;
	}
	bool product_changed = in->product_id && (!base || in->product_id != base->product_id);
	if (in->product_id < 0)
		return err_set(e, ERR_INVALID, "product_id", "QUnknownProduct", "unknown product");
	if (product_changed) {
		struct db_rows p;
		rc = db_query1(db, a, &p,
			       "SELECT name, description, list_price, uom FROM product WHERE id = ? AND active = 1",
			       "i", in->product_id);
		if (rc == ERR_NOTFOUND)
			return err_set(e, ERR_INVALID, "product_id", "QUnknownProduct",
				       "unknown product %lld", (long long)in->product_id);
		if (rc)
			return rc;
		v->product_id = in->product_id;
		v->uom = db_get(&p, 0, 3);
		if (!in->name) {
			const char *d = db_get(&p, 0, 1);
			v->name = d && *d ? arena_printf(a, "%s\n%s", db_get(&p, 0, 0), d) : db_get(&p, 0, 0);
		}
		if (!in->has_price)
			v->price = cents_of(db_get(&p, 0, 2));
		if (!in->has_taxes) {
			struct db_rows t;
			rc = db_query(db, a, &t,
				      "SELECT t.id, t.rate, t.price_include FROM product_tax pt "
				      "JOIN tax t ON t.id = pt.tax_id WHERE pt.product_id = ? AND t.active = 1 "
				      "ORDER BY t.id LIMIT 16",
				      "i", in->product_id);
			if (rc)
				return rc;
			v->ntax = t.nrows;
			for (size_t i = 0; i < t.nrows; i++) {
				v->taxes[i].id = db_get_i64(&t, i, 0);
				v->taxes[i].rate_e4 = rate_of(db_get(&t, i, 1));
				v->taxes[i].included = db_get_i64(&t, i, 2) != 0;
			}
		}
	}
	if (!v->product_id && str_empty(v->name))
		return err_set(e, ERR_INVALID, "description", "Required",
			       "a line needs a product or a description");
	if (in->has_qty) {
		if (in->qty_e3 < 0)
			return err_set(e, ERR_INVALID, "quantity", "QNegativeQty",
				       "the quantity cannot be negative");
		if (in->qty_e3 > QUOTE_QTY_MAX_E3)
			return err_set(e, ERR_INVALID, "quantity", "OutOfRange", "the quantity is too large");
		v->qty_e3 = in->qty_e3;
	}
	if (in->has_price) {
		if (in->price_unit <= -QUOTE_AMOUNT_MAX / 1000 || in->price_unit >= QUOTE_AMOUNT_MAX / 1000)
			return err_set(e, ERR_INVALID, "price_unit", "OutOfRange", "the unit price is too large");
		v->price = in->price_unit;
	}
	if (in->has_discount) {
		if (in->discount_e2 < 0 || in->discount_e2 > 10000)
			return err_set(e, ERR_INVALID, "discount", "QBadDiscount",
				       "the discount must be between 0 and 100 %%");
		v->disc_e2 = in->discount_e2;
	}
	if (in->has_taxes) {
		if (in->ntax > 16)
			return err_set(e, ERR_INVALID, "tax_ids", "QTooMany", "at most 16 taxes per line");
		if ((rc = load_taxes(db, a, in->tax_ids, in->ntax, v->taxes, e)))
			return rc;
		v->ntax = in->ntax;
	}
	if (quote_line_compute(v->qty_e3, v->price, v->disc_e2, v->taxes, v->ntax, &v->amt, NULL))
		return err_set(e, ERR_INVALID, "quantity", "OutOfRange",
			       "the line amount is too large");
	return 0;
}

static int write_line_taxes(struct db *db, int64_t line_id, const struct line_values *v)
{
	int64_t r = db_exec(db, "DELETE FROM quote_line_tax WHERE line_id = ?", "i", line_id);
	for (size_t i = 0; r >= 0 && i < v->ntax; i++)
		r = db_exec(db, "INSERT INTO quote_line_tax (line_id, tax_id) VALUES (?, ?)", "ii", line_id,
			    v->taxes[i].id);
	return r < 0 ? (int)r : 0;
}

static int insert_line(struct db *db, int64_t quote_id, const struct line_values *v,
		       int64_t *line_id)
{
	int64_t seq = 0;
	int rc = db_int(db, &seq, 0, "SELECT COALESCE(MAX(sequence), 0) FROM quote_line WHERE quote_id = ?",
			"i", quote_id);
	if (rc)
		return rc;
	char price[32], sub[32], tax[32], tot[32];
	dec2(v->price, price);
	dec2(v->amt.subtotal, sub);
	dec2(v->amt.tax, tax);
	dec2(v->amt.total, tot);
	int64_t r = db_exec(db,
			    "INSERT INTO quote_line (quote_id, sequence, display_type, product_id, name, "
			    "quantity_e3, uom, price_unit, discount_e2, price_subtotal, price_tax, price_total) "
			    "VALUES (?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?)",
			    "iisisississs", quote_id, seq + 10, v->type, v->product_id, v->name,
			    v->qty_e3, v->uom, price, v->disc_e2, sub, tax, tot);
	if (r < 0)
		return (int)r;
	int64_t lid = db_last_id(db);
	if (line_id)
		*line_id = lid;
	return write_line_taxes(db, lid, v);
}

static int recompute_totals(struct db *db, int64_t quote_id)
{
	int64_t r = db_exec(db,
			    "UPDATE quote q JOIN (SELECT COALESCE(SUM(price_subtotal), 0) AS s, "
			    "COALESCE(SUM(price_tax), 0) AS t FROM quote_line WHERE quote_id = ?) x "
			    "SET q.amount_untaxed = x.s, q.amount_tax = x.t, q.amount_total = x.s + x.t "
			    "WHERE q.id = ?",
			    "ii", quote_id, quote_id);
	return r < 0 ? (int)r : 0;
}

static int count_lines(struct db *db, int64_t quote_id, int64_t *n)
{
	return db_int(db, n, 0, "SELECT COUNT(*) FROM quote_line WHERE quote_id = ?", "i", quote_id);
}

/* ---- creation ---------------------------------------------------------- */

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

/* Customer from the opportunity (odoo_behaviour 3.3): a company partner
 * from partner_name, the contact as a person under it; else the company;
 * else a person named after the opportunity. */
static int create_customer(struct db *db, struct arena *a, const struct db_rows *l,
			   int64_t *partner_id, struct err_info *e)
{
	struct partner_input pi = {0};
	pi.email = nz(db_getn(l, 0, "email_from"));
	pi.phone = nz(db_getn(l, 0, "phone"));
	pi.mobile = nz(db_getn(l, 0, "mobile"));
	pi.street = nz(db_getn(l, 0, "street"));
	pi.street2 = nz(db_getn(l, 0, "street2"));
	pi.zip = nz(db_getn(l, 0, "zip"));
	pi.city = nz(db_getn(l, 0, "city"));
	pi.state = nz(db_getn(l, 0, "state"));
	pi.country_code = nz(db_getn(l, 0, "country_code"));
	pi.website = nz(db_getn(l, 0, "website"));
	pi.lang = nz(db_getn(l, 0, "lang"));
	pi.user_id = db_getn_i64(l, 0, "user_id");
	const char *company = nz(db_getn(l, 0, "partner_name"));
	const char *contact = nz(db_getn(l, 0, "contact_name"));
	int64_t company_id = 0;
	int rc;
	if (company) {
		struct partner_input cp = pi;
		cp.name = company;
		cp.is_company = true;
		if ((rc = partner_create(db, a, &cp, &company_id, e)))
			return rc;
	}
	if (contact) {
		struct partner_input pp = pi;
		pp.name = contact;
		pp.function = nz(db_getn(l, 0, "function"));
		pp.parent_id = company_id;
		return partner_create(db, a, &pp, partner_id, e);
	}
	if (company_id) {
		*partner_id = company_id;
		return 0;
	}
	pi.name = db_getn(l, 0, "name");
	return partner_create(db, a, &pi, partner_id, e);
}

struct create_tx {
	struct arena *a;
	const struct quote_acl *acl;
	const struct quote_new *in;
	struct err_info *e;
	int64_t id;
};

static int allocate_number(struct db *db, struct arena *a, char *out, size_t n)
{
	const char *mode = settings_get(db, a, "quote_numbering", "global");
	char scope[8] = "global";
	struct db_rows r;
	int rc;
	if (str_eq(mode, "year")) {
		if ((rc = db_query1(db, a, &r, "SELECT YEAR(UTC_DATE())", "")))
			return rc;
		snprintf(scope, sizeof scope, "%.4s", db_get(&r, 0, 0));
	}
	/* The upsert takes the row's exclusive lock until commit: concurrent
	 * creations queue here, and a rollback gives the number back. */
	int64_t x = db_exec(db,
			    "INSERT INTO quote_sequence (scope, next_number) VALUES (?, 2) "
			    "ON DUPLICATE KEY UPDATE next_number = next_number + 1",
			    "s", scope);
	if (x < 0)
		return (int)x;
	int64_t num = 0;
	if ((rc = db_int(db, &num, 0, "SELECT next_number - 1 FROM quote_sequence WHERE scope = ?", "s",
			 scope)))
		return rc;
	if (str_eq(scope, "global"))
		snprintf(out, n, "S%05lld", (long long)num);
	else
		snprintf(out, n, "S%s-%05lld", scope, (long long)num);
	return 0;
}

static int do_create(struct db *db, void *arg)
{
	struct create_tx *t = arg;
	const struct quote_new *in = t->in;
	struct arena *a = t->a;
	struct err_info *e = t->e;
	err_clear(e);
	int rc;
	struct db_rows l;
	rc = db_query1(db, a, &l,
		       "SELECT id, name, type, active, contact_name, partner_name, email_from, "
		       "email_normalized, phone, mobile, website, function, street, street2, zip, city, "
		       "state, country_code, lang, partner_id, user_id, team_id, campaign, medium, source "
		       "FROM crm_lead WHERE id = ? AND (? = 1 OR user_id = ? OR user_id IS NULL) FOR UPDATE",
		       "iii", in->opportunity_id, acl_mgr(t->acl), acl_uid(t->acl));
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_INVALID, "opportunity_id", "QUnknownOpportunity",
			       "unknown opportunity");
	if (rc)
		return rc;
	if (!str_eq(db_getn(&l, 0, "type"), "opportunity"))
		return err_set(e, ERR_INVALID, "opportunity_id", "QNotOpportunity",
			       "quotations are made from opportunities: convert this lead first");
	if (!db_getn_i64(&l, 0, "active"))
		return err_set(e, ERR_INVALID, "opportunity_id", "QLostOpportunity",
			       "this opportunity is lost or archived: restore it before quoting");

	/* Customer (Q2). */
	struct access ac = acl_access(t->acl);
	int64_t partner = db_getn_i64(&l, 0, "partner_id");
	const char *choice = in->customer;
	if (choice && !str_eq(choice, "create") && !str_eq(choice, "link") && !str_eq(choice, "none"))
		return err_set(e, ERR_INVALID, "customer", "QBadCustomerChoice",
			       "customer must be create, link or none");
	if (str_eq(choice, "link") || (!choice && in->partner_id)) {
		if (!in->partner_id)
			return err_set(e, ERR_INVALID, "partner_id", "Required", "choose the customer to link");
		if ((rc = access_check_ref(db, &ac, ACCESS_REF_PARTNER_ACTIVE, in->partner_id, "partner_id", e)))
			return rc;
		partner = in->partner_id;
	} else if (!partner && !str_eq(choice, "none")) {
		if (!choice) {
			/* Like Odoo's wizard: an existing customer with exactly the
			 * same e-mail, else create one when there is a name. */
			const char *en = db_getn(&l, 0, "email_normalized");
			if (en && (rc = db_int(db, &partner, 0,
					       "SELECT id FROM partner WHERE email_normalized = ? AND active = 1 "
					       "AND (? = 1 OR user_id = ? OR user_id IS NULL) "
					       "ORDER BY is_company, id LIMIT 1",
					       "sii", en, acl_mgr(t->acl), acl_uid(t->acl))))
				return rc;
			if (!partner && (nz(db_getn(&l, 0, "contact_name")) || nz(db_getn(&l, 0, "partner_name"))))
				choice = "create";
		}
		if (str_eq(choice, "create") && (rc = create_customer(db, a, &l, &partner, e)))
			return rc;
	}
	if (partner && partner != db_getn_i64(&l, 0, "partner_id")) {
		/* The opportunity gets its customer too, like Odoo's wizard.
		 * (crm_lead belongs to lead.c: to move there with the pipeline.) */
		int64_t r = db_exec(db, "UPDATE crm_lead SET partner_id = ? WHERE id = ?", "ii", partner,
				    in->opportunity_id);
		if (r < 0)
			return (int)r;
	}

	/* Template (Q4). */
	int64_t validity = settings_int(db, "quotation_validity_days", 30);
	int64_t req_sig = settings_bool(db, "quote_require_signature", true) ? 1 : 0;
	const char *terms = NULL, *payment_terms = NULL;
	if ((rc = access_check_ref(db, &ac, ACCESS_REF_QUOTE_TEMPLATE, in->template_id, "template_id", e)))
		return rc;
	if (in->template_id) {
		struct db_rows tp;
		rc = db_query1(db, a, &tp,
			       "SELECT validity_days, require_signature, terms, payment_terms FROM quote_template "
			       "WHERE id = ? AND active = 1",
			       "i", in->template_id);
		if (rc == ERR_NOTFOUND)
			return err_set(e, ERR_INVALID, "template_id", "QUnknownTemplate", "unknown quotation template");
		if (rc)
			return rc;
		if (db_get_i64(&tp, 0, 0) > 0)
			validity = db_get_i64(&tp, 0, 0);
		req_sig = db_get_i64(&tp, 0, 1);
		terms = db_get(&tp, 0, 2);
		payment_terms = db_get(&tp, 0, 3);
	}
	if (validity < 0)
		validity = 0;
	if (validity > 3650)
		validity = 3650;

	char number[32];
	if ((rc = allocate_number(db, a, number, sizeof number)))
		return rc;
	char token[48];
	crypt_token(token, sizeof token, 32);
	int64_t user = db_getn_i64(&l, 0, "user_id");
	if (!user)
		user = in->author_id;
	int64_t r = db_exec(
		db,
		"INSERT INTO quote (number, state, opportunity_id, partner_id, partner_invoice_id, "
		"partner_shipping_id, user_id, team_id, template_id, date_order, validity_date, "
		"payment_terms, note, campaign, medium, source, origin, require_signature, access_token, "
		"create_uid) VALUES (?, 'draft', ?, NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, 0), "
		"NULLIF(?, 0), NULLIF(?, 0), UTC_DATE(), IF(? > 0, UTC_DATE() + INTERVAL ? DAY, NULL), ?, ?, "
		"?, ?, ?, ?, ?, ?, NULLIF(?, 0))",
		"siiiiiiiiissssssisi", number, in->opportunity_id, partner, partner, partner, user,
		db_getn_i64(&l, 0, "team_id"), in->template_id, validity, validity, payment_terms, terms,
		db_getn(&l, 0, "campaign"), db_getn(&l, 0, "medium"), db_getn(&l, 0, "source"),
		db_getn(&l, 0, "name"), req_sig, token, in->author_id);
	if (r == ERR_CONFLICT)
		return err_set(e, ERR_INVALID, "", "QRefMissing", "a referenced record does not exist");
	if (r < 0)
		return (int)r;
	t->id = db_last_id(db);
	r = db_exec(db, "INSERT INTO quote_tag (quote_id, tag_id) SELECT ?, tag_id FROM lead_tag WHERE lead_id = ?",
		    "ii", t->id, in->opportunity_id);
	if (r < 0)
		return (int)r;

	if (in->template_id) {
		struct db_rows tl;
		if ((rc = db_query(db, a, &tl,
				   "SELECT display_type, product_id, name, quantity_e3 FROM quote_template_line "
				   "WHERE template_id = ? ORDER BY sequence, id",
				   "i", in->template_id)))
			return rc;
		for (size_t i = 0; i < tl.nrows; i++) {
			struct quote_line_input li = {0};
			li.display_type = db_get(&tl, i, 0);
			li.product_id = db_get_i64(&tl, i, 1);
			li.name = nz(db_get(&tl, i, 2));
			li.has_qty = true;
			li.qty_e3 = db_get_i64(&tl, i, 3);
			struct line_values v;
			if ((rc = resolve_line(db, a, &li, NULL, &v, e)) || (rc = insert_line(db, t->id, &v, NULL)))
				return rc;
		}
	}
	if (in->nlines > QUOTE_MAX_LINES)
		return err_set(e, ERR_INVALID, "lines", "QTooMany", "too many lines");
	for (size_t i = 0; i < in->nlines; i++) {
		struct line_values v;
		if ((rc = resolve_line(db, a, &in->lines[i], NULL, &v, e)) ||
		    (rc = insert_line(db, t->id, &v, NULL)))
			return rc;
	}
	if ((rc = recompute_totals(db, t->id)))
		return rc;
	struct chatter_msg m = {0};
	m.res_model = "quote";
	m.res_id = t->id;
	m.kind = "system";
	m.author_id = in->author_id;
	m.subject = arena_printf(a, "Quotation %s created", number);
	m.body = arena_printf(a, "Quotation %s created from the opportunity \"%s\".", number,
			      db_getn(&l, 0, "name"));
	if ((rc = chatter_post(db, &m, NULL)))
		return rc;
	m.res_model = "lead";
	m.res_id = in->opportunity_id;
	return chatter_post(db, &m, NULL);
}

int quote_create(struct db *db, struct arena *a, const struct quote_acl *acl,
		 const struct quote_new *in, int64_t *id, struct err_info *e)
{
	struct err_info local = {0};
	struct create_tx t = {a, acl, in, e ? e : &local, 0};
	if (in->opportunity_id <= 0)
		return err_set(e, ERR_INVALID, "opportunity_id", "Required", "opportunity_id is required");
	int rc = db_tx(db, do_create, &t);
	if (rc == 0 && id)
		*id = t.id;
	return rc;
}

/* ---- reading ------------------------------------------------------------ */

#define QUOTE_COLS                                                                                 \
	"q.id, q.number, q.state, "                                                                \
	"(q.state IN ('draft','sent') AND q.validity_date IS NOT NULL AND q.validity_date < UTC_DATE()) AS expired, " \
	"q.opportunity_id, l.name AS opportunity_name, q.partner_id, p.name AS partner_name, "    \
	"p.email AS partner_email, p.lang AS partner_lang, q.partner_invoice_id, q.partner_shipping_id, " \
	"q.user_id, u.name AS user_name, u.email AS user_email, q.team_id, tm.name AS team_name, "  \
	"q.template_id, qt.name AS template_name, q.date_order, q.validity_date, q.payment_terms, " \
	"q.note, q.currency, q.campaign, q.medium, q.source, q.origin, q.amount_untaxed, "         \
	"q.amount_tax, q.amount_total, q.require_signature, q.access_token, q.signed_by, "         \
	"q.signed_on, q.signature_hash, (q.signature IS NOT NULL) AS has_signature, q.sent_at, "   \
	"q.confirmed_at, q.created_at, q.decline_reason, "                                          \
	"(SELECT COUNT(*) FROM quote o WHERE o.opportunity_id = q.opportunity_id "                 \
	"AND o.state IN ('draft','sent')) AS opp_quotations, "                                      \
	"(SELECT COUNT(*) FROM quote o WHERE o.opportunity_id = q.opportunity_id "                 \
	"AND o.state = 'confirmed') AS opp_orders, "                                                \
	"(SELECT COALESCE(SUM(o.amount_untaxed), 0) FROM quote o WHERE o.opportunity_id = "         \
	"q.opportunity_id AND o.state = 'confirmed') AS opp_order_amount, "                         \
	"(SELECT GROUP_CONCAT(g.name ORDER BY g.name SEPARATOR ', ') FROM quote_tag qg "            \
	"JOIN tag g ON g.id = qg.tag_id WHERE qg.quote_id = q.id) AS tags "

int quote_get(struct db *db, struct arena *a, const struct quote_acl *acl, int64_t id,
	      struct db_rows *out)
{
	return db_query1(db, a, out,
			 "SELECT " QUOTE_COLS
			 "FROM quote q LEFT JOIN crm_lead l ON l.id = q.opportunity_id "
			 "LEFT JOIN partner p ON p.id = q.partner_id LEFT JOIN app_user u ON u.id = q.user_id "
			 "LEFT JOIN team tm ON tm.id = q.team_id LEFT JOIN quote_template qt ON qt.id = q.template_id "
			 "WHERE q.id = ?" ACL_SQL,
			 "iiii", id, acl_mgr(acl), acl_uid(acl), acl_uid(acl));
}

int quote_lines(struct db *db, struct arena *a, int64_t quote_id, struct db_rows *out)
{
	/* Two indexed queries, merged here: the lines, then every tax of every
	 * line (a join with GROUP BY over rows carrying a TEXT column would
	 * make MariaDB build an on-disk temporary table; per-line subqueries
	 * cost two executions per line). */
	struct db_rows l, t;
	int rc = db_query(db, a, &l,
			  "SELECT ql.id, ql.sequence, ql.display_type, ql.product_id, pr.name AS product_name, "
			  "pr.default_code, ql.name, ql.quantity_e3, ql.uom, ql.price_unit, ql.discount_e2, "
			  "ql.price_subtotal, ql.price_tax, ql.price_total "
			  "FROM quote_line ql LEFT JOIN product pr ON pr.id = ql.product_id "
			  "WHERE ql.quote_id = ? ORDER BY ql.sequence, ql.id",
			  "i", quote_id);
	if (rc)
		return rc;
	if ((rc = db_query(db, a, &t,
			   "SELECT lt.line_id, t.id, t.name FROM quote_line ql "
			   "JOIN quote_line_tax lt ON lt.line_id = ql.id JOIN tax t ON t.id = lt.tax_id "
			   "WHERE ql.quote_id = ? ORDER BY lt.line_id, t.id",
			   "i", quote_id)))
		return rc;
	size_t nc = l.ncols + 2, nr = l.nrows;
	out->nrows = nr;
	out->ncols = nc;
	out->cells = arena_alloc(a, (nr * nc + 1) * sizeof *out->cells);
	out->lens = arena_alloc(a, (nr * nc + 1) * sizeof *out->lens);
	out->names = arena_alloc(a, nc * sizeof *out->names);
	for (size_t c = 0; c < l.ncols; c++)
		out->names[c] = l.names[c];
	out->names[nc - 2] = "tax_ids";
	out->names[nc - 1] = "tax_names";
	for (size_t r = 0; r < nr; r++) {
		for (size_t c = 0; c < l.ncols; c++) {
			out->cells[r * nc + c] = l.cells[r * l.ncols + c];
			out->lens[r * nc + c] = l.lens[r * l.ncols + c];
		}
		int64_t lid = db_get_i64(&l, r, 0);
		char *ids = NULL, *names = NULL;
		/* t is sorted by line id: binary search for the line's first tax. */
		size_t lo = 0, hi = t.nrows;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (db_get_i64(&t, mid, 0) < lid)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t k = lo; k < t.nrows && db_get_i64(&t, k, 0) == lid; k++) {
			ids = ids ? arena_printf(a, "%s,%s", ids, db_get(&t, k, 1)) : arena_strdup(a, db_get(&t, k, 1));
			names = names ? arena_printf(a, "%s, %s", names, db_get(&t, k, 2)) : arena_strdup(a, db_get(&t, k, 2));
		}
		out->cells[r * nc + nc - 2] = ids;
		out->lens[r * nc + nc - 2] = ids ? strlen(ids) : 0;
		out->cells[r * nc + nc - 1] = names;
		out->lens[r * nc + nc - 1] = names ? strlen(names) : 0;
	}
	return 0;
}

int quote_list(struct db *db, struct arena *a, const struct quote_acl *acl,
	       const struct quote_filter *f, struct db_rows *out, int64_t *total)
{
	/* One fixed SQL shape; unused filters are neutralised by their flags. */
	const char *state = f->state && *f->state ? f->state : NULL;
	int64_t expired = str_eq(state, "expired");
	const char *like = NULL;
	if (f->q && *f->q)
		like = arena_printf(a, "%%%s%%", f->q);
	int64_t limit = f->limit > 0 && f->limit <= 500 ? f->limit : 50;
	int64_t offset = f->offset > 0 ? f->offset : 0;
#define LIST_WHERE                                                                                \
	"FROM quote q LEFT JOIN crm_lead l ON l.id = q.opportunity_id "                            \
	"LEFT JOIN partner p ON p.id = q.partner_id LEFT JOIN app_user u ON u.id = q.user_id "      \
	"WHERE (? IS NULL OR (? = 1 AND q.state IN ('draft','sent') AND q.validity_date < UTC_DATE()) " \
	"OR (? = 0 AND q.state = ?)) AND (? IS NULL OR q.number LIKE ? OR p.name LIKE ? OR q.origin LIKE ?) " \
	"AND (? = 0 OR q.user_id = ?) AND (? = 0 OR q.opportunity_id = ?)" ACL_SQL
	struct db_param p[] = {
		{'s', .s = state},  {'i', .i = expired}, {'i', .i = expired}, {'s', .s = state},
		{'s', .s = like},   {'s', .s = like},    {'s', .s = like},    {'s', .s = like},
		{'i', .i = f->mine}, {'i', .i = acl_uid(acl)}, {'i', .i = f->opportunity_id},
		{'i', .i = f->opportunity_id}, {'i', .i = acl_mgr(acl)}, {'i', .i = acl_uid(acl)},
		{'i', .i = acl_uid(acl)}, {'i', .i = limit}, {'i', .i = offset},
	};
	for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
		if (p[i].type == 's')
			p[i].len = p[i].s ? strlen(p[i].s) : 0;
	int rc = db_queryv(db, a, out,
			   "SELECT q.id, q.number, q.state, "
			   "(q.state IN ('draft','sent') AND q.validity_date IS NOT NULL AND q.validity_date < UTC_DATE()) AS expired, "
			   "p.name AS partner_name, q.origin, q.opportunity_id, u.name AS user_name, "
			   "q.date_order, q.validity_date, q.amount_untaxed, q.amount_total " LIST_WHERE
			   " ORDER BY q.id DESC LIMIT ? OFFSET ?",
			   p, sizeof p / sizeof p[0]);
	if (rc || !total)
		return rc;
	struct db_rows c;
	rc = db_queryv(db, a, &c, "SELECT COUNT(*) " LIST_WHERE, p, sizeof p / sizeof p[0] - 2);
	if (rc == 0)
		*total = db_get_i64(&c, 0, 0);
	return rc;
#undef LIST_WHERE
}

int quote_lead_summary(struct db *db, int64_t lead_id, int64_t *quotations, int64_t *orders,
		       int64_t *order_amount)
{
	struct arena a;
	arena_init(&a, 1024);
	struct db_rows r;
	int rc = db_query1(db, &a, &r,
			   "SELECT COALESCE(SUM(state IN ('draft','sent')), 0), "
			   "COALESCE(SUM(state = 'confirmed'), 0), "
			   "COALESCE(SUM(IF(state = 'confirmed', amount_untaxed, 0)), 0) "
			   "FROM quote WHERE opportunity_id = ?",
			   "i", lead_id);
	if (rc == 0) {
		if (quotations)
			*quotations = db_get_i64(&r, 0, 0);
		if (orders)
			*orders = db_get_i64(&r, 0, 1);
		if (order_amount)
			*order_amount = cents_of(db_get(&r, 0, 2));
	}
	arena_free(&a);
	return rc;
}

char *quote_portal_url(struct arena *a, const struct config *cfg, int64_t id, const char *token)
{
	const char *base = config_get(cfg, "base_url");
	size_t bl = strlen(base);
	while (bl > 0 && base[bl - 1] == '/')
		bl--;
	return arena_printf(a, "%.*s/my/quotes/%lld?token=%s", (int)bl, base, (long long)id,
			    token ? token : "");
}

/* ---- changes ------------------------------------------------------------ */

struct op_tx {
	struct arena *a;
	const struct quote_acl *acl;
	int64_t id, line_id, author_id;
	const struct quote_update *u;
	const struct quote_line_input *in;
	const struct quote_line_input *lines;
	size_t n;
	const int64_t *ids;
	int dir;
	struct err_info *e;
};

/* A customer named by the request: one the user may see (access.h), unless
 * it is the one already there (a form saved again as it was shown). */
static int check_partner(struct db *db, const struct quote_acl *acl, int64_t id, int64_t current,
			 const char *field, struct err_info *e)
{
	struct access ac = acl_access(acl);
	if (id == current)
		return 0;
	return access_check_ref(db, &ac, ACCESS_REF_PARTNER_ACTIVE, id, field, e);
}

static int do_update(struct db *db, void *arg)
{
	struct op_tx *t = arg;
	const struct quote_update *u = t->u;
	err_clear(t->e);
	struct db_rows q;
	int rc = lock_quote(db, t->a, t->acl, t->id, true, &q, t->e);
	if (rc)
		return rc;
	struct chatter_change ch[4];
	size_t nch = 0;
	struct db_rows cur; /* the addresses as they were, for check_partner */
	if ((rc = db_query1(db, t->a, &cur,
			    "SELECT partner_invoice_id, partner_shipping_id FROM quote WHERE id = ?", "i", t->id)))
		return rc;
	if (u->has_partner) {
		if ((rc = check_partner(db, t->acl, u->partner_id, db_get_i64(&q, 0, 7), "partner_id", t->e)))
			return rc;
		int64_t old = db_get_i64(&q, 0, 7);
		if (old != u->partner_id) {
			struct db_rows names;
			if ((rc = db_query1(db, t->a, &names,
					    "SELECT (SELECT name FROM partner WHERE id = ?), "
					    "(SELECT name FROM partner WHERE id = ?)",
					    "ii", old, u->partner_id)))
				return rc;
			ch[nch++] = (struct chatter_change){"quote_customer", db_get(&names, 0, 0), db_get(&names, 0, 1)};
		}
		int64_t r = db_exec(db,
				    "UPDATE quote SET partner_id = NULLIF(?, 0), "
				    "partner_invoice_id = IF(? = 1, partner_invoice_id, NULLIF(?, 0)), "
				    "partner_shipping_id = IF(? = 1, partner_shipping_id, NULLIF(?, 0)) WHERE id = ?",
				    "iiiiii", u->partner_id, (int64_t)u->has_invoice, u->partner_id,
				    (int64_t)u->has_shipping, u->partner_id, t->id);
		if (r < 0)
			return (int)r;
	}
	if (u->has_invoice) {
		if ((rc = check_partner(db, t->acl, u->partner_invoice_id, db_get_i64(&cur, 0, 0),
					 "partner_invoice_id", t->e)))
			return rc;
		int64_t r = db_exec(db, "UPDATE quote SET partner_invoice_id = NULLIF(?, 0) WHERE id = ?", "ii",
				    u->partner_invoice_id, t->id);
		if (r < 0)
			return (int)r;
	}
	if (u->has_shipping) {
		if ((rc = check_partner(db, t->acl, u->partner_shipping_id, db_get_i64(&cur, 0, 1),
					 "partner_shipping_id", t->e)))
			return rc;
		int64_t r = db_exec(db, "UPDATE quote SET partner_shipping_id = NULLIF(?, 0) WHERE id = ?", "ii",
				    u->partner_shipping_id, t->id);
		if (r < 0)
			return (int)r;
	}
	if (u->date_order) {
		int64_t r = db_exec(db, "UPDATE quote SET date_order = ? WHERE id = ?", "si", u->date_order, t->id);
		if (r < 0)
			return (int)r;
	}
	if (u->has_validity) {
		int64_t bad = 0;
		if (u->validity_date &&
		    (rc = db_int(db, &bad, 0, "SELECT ? < date_order FROM quote WHERE id = ?", "si",
				 u->validity_date, t->id)))
			return rc;
		if (bad)
			return err_set(t->e, ERR_INVALID, "validity_date", "QValidityBeforeDate",
				       "the expiration date is before the quotation date");
		int64_t r = db_exec(db, "UPDATE quote SET validity_date = ? WHERE id = ?", "si", u->validity_date,
				    t->id);
		if (r < 0)
			return (int)r;
		ch[nch++] = (struct chatter_change){"quote_validity", NULL, u->validity_date};
	}
	if (u->has_payment_terms) {
		int64_t r = db_exec(db, "UPDATE quote SET payment_terms = ? WHERE id = ?", "si",
				    nz(u->payment_terms), t->id);
		if (r < 0)
			return (int)r;
	}
	if (u->has_note) {
		int64_t r = db_exec(db, "UPDATE quote SET note = ? WHERE id = ?", "si", nz(u->note), t->id);
		if (r < 0)
			return (int)r;
	}
	if (u->has_require_signature) {
		int64_t r = db_exec(db, "UPDATE quote SET require_signature = ? WHERE id = ?", "ii",
				    (int64_t)u->require_signature, t->id);
		if (r < 0)
			return (int)r;
	}
	if (u->has_user) {
		struct access ac = acl_access(t->acl);
		if (u->user_id != db_get_i64(&q, 0, 4) &&
		    (rc = access_check_ref(db, &ac, ACCESS_REF_USER, u->user_id, "user_id", t->e)))
			return rc;
		int64_t r = db_exec(db, "UPDATE quote SET user_id = NULLIF(?, 0) WHERE id = ?", "ii", u->user_id,
				    t->id);
		if (r < 0)
			return (int)r;
	}
	/* Validity "date" tracking: old value is not worth a query. */
	if (nch && ch[nch - 1].field && str_eq(ch[nch - 1].field, "quote_validity"))
		nch--;
	return chatter_track(db, t->a, "quote", t->id, t->author_id, NULL, ch, nch);
}

int quote_update(struct db *db, struct arena *a, const struct quote_acl *acl, int64_t id,
		 const struct quote_update *u, int64_t author_id, struct err_info *e)
{
	struct err_info local = {0};
	struct op_tx t = {.a = a, .acl = acl, .id = id, .u = u, .author_id = author_id, .e = e ? e : &local};
	if (u->has_payment_terms && u->payment_terms && str_utf8_len(u->payment_terms) > 255)
		return err_set(e, ERR_INVALID, "payment_terms", "TooLong", "payment terms: at most 255 characters");
	if (u->has_note && u->note && str_utf8_len(u->note) > 20000)
		return err_set(e, ERR_INVALID, "note", "TooLong", "terms: at most 20000 characters");
	return db_tx(db, do_update, &t);
}

static int do_line_add(struct db *db, void *arg)
{
	struct op_tx *t = arg;
	err_clear(t->e);
	struct db_rows q;
	int rc = lock_quote(db, t->a, t->acl, t->id, true, &q, t->e);
	if (rc)
		return rc;
	int64_t n = 0;
	if ((rc = count_lines(db, t->id, &n)))
		return rc;
	if (n >= QUOTE_MAX_LINES)
		return err_set(t->e, ERR_INVALID, "lines", "QTooMany", "too many lines");
	struct line_values v;
	if ((rc = resolve_line(db, t->a, t->in, NULL, &v, t->e)) ||
	    (rc = insert_line(db, t->id, &v, &t->line_id)))
		return rc;
	return recompute_totals(db, t->id);
}

int quote_line_add(struct db *db, struct arena *a, const struct quote_acl *acl, int64_t quote_id,
		   const struct quote_line_input *in, int64_t *line_id, struct err_info *e)
{
	struct err_info local = {0};
	struct op_tx t = {.a = a, .acl = acl, .id = quote_id, .in = in, .e = e ? e : &local};
	int rc = db_tx(db, do_line_add, &t);
	if (rc == 0 && line_id)
		*line_id = t.line_id;
	return rc;
}

static int load_line(struct db *db, struct arena *a, int64_t quote_id, int64_t line_id,
		     struct line_values *v, struct err_info *e)
{
	struct db_rows r;
	int rc = db_query1(db, a, &r,
			   "SELECT display_type, product_id, name, quantity_e3, uom, price_unit, discount_e2 "
			   "FROM quote_line WHERE id = ? AND quote_id = ? FOR UPDATE",
			   "ii", line_id, quote_id);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "", "", "no such line");
	if (rc)
		return rc;
	memset(v, 0, sizeof *v);
	v->type = db_get(&r, 0, 0);
	v->product_id = db_get_i64(&r, 0, 1);
	v->name = db_get(&r, 0, 2);
	v->qty_e3 = db_get_i64(&r, 0, 3);
	v->uom = db_get(&r, 0, 4);
	v->price = cents_of(db_get(&r, 0, 5));
	v->disc_e2 = db_get_i64(&r, 0, 6);
	struct db_rows tx;
	if ((rc = db_query(db, a, &tx,
			   "SELECT t.id, t.rate, t.price_include FROM quote_line_tax lt JOIN tax t ON t.id = lt.tax_id "
			   "WHERE lt.line_id = ? ORDER BY t.id LIMIT 16",
			   "i", line_id)))
		return rc;
	v->ntax = tx.nrows;
	for (size_t i = 0; i < tx.nrows; i++) {
		v->taxes[i].id = db_get_i64(&tx, i, 0);
		v->taxes[i].rate_e4 = rate_of(db_get(&tx, i, 1));
		v->taxes[i].included = db_get_i64(&tx, i, 2) != 0;
	}
	return 0;
}

static int do_line_update(struct db *db, void *arg)
{
	struct op_tx *t = arg;
	err_clear(t->e);
	struct db_rows q;
	int rc = lock_quote(db, t->a, t->acl, t->id, true, &q, t->e);
	if (rc)
		return rc;
	struct line_values base, v;
	if ((rc = load_line(db, t->a, t->id, t->line_id, &base, t->e)) ||
	    (rc = resolve_line(db, t->a, t->in, &base, &v, t->e)))
		return rc;
	char price[32], sub[32], tax[32], tot[32];
	dec2(v.price, price);
	dec2(v.amt.subtotal, sub);
	dec2(v.amt.tax, tax);
	dec2(v.amt.total, tot);
	int64_t r = db_exec(db,
			    "UPDATE quote_line SET display_type = ?, product_id = NULLIF(?, 0), name = ?, "
			    "quantity_e3 = ?, uom = ?, price_unit = ?, discount_e2 = ?, price_subtotal = ?, "
			    "price_tax = ?, price_total = ? WHERE id = ?",
			    "sisississsi", v.type, v.product_id, v.name, v.qty_e3, v.uom, price, v.disc_e2, sub,
			    tax, tot, t->line_id);
	if (r < 0)
		return (int)r;
	if ((rc = write_line_taxes(db, t->line_id, &v)))
		return rc;
	return recompute_totals(db, t->id);
}

int quote_line_update(struct db *db, struct arena *a, const struct quote_acl *acl,
		      int64_t quote_id, int64_t line_id, const struct quote_line_input *in,
		      struct err_info *e)
{
	struct err_info local = {0};
	struct op_tx t = {.a = a, .acl = acl, .id = quote_id, .line_id = line_id, .in = in,
			  .e = e ? e : &local};
	return db_tx(db, do_line_update, &t);
}

static int do_line_delete(struct db *db, void *arg)
{
	struct op_tx *t = arg;
	err_clear(t->e);
	struct db_rows q;
	int rc = lock_quote(db, t->a, t->acl, t->id, true, &q, t->e);
	if (rc)
		return rc;
	int64_t r = db_exec(db, "DELETE FROM quote_line WHERE id = ? AND quote_id = ?", "ii", t->line_id, t->id);
	if (r < 0)
		return (int)r;
	if (r == 0)
		return err_set(t->e, ERR_NOTFOUND, "", "", "no such line");
	return recompute_totals(db, t->id);
}

int quote_line_delete(struct db *db, struct arena *a, const struct quote_acl *acl,
		      int64_t quote_id, int64_t line_id, struct err_info *e)
{
	struct err_info local = {0};
	struct op_tx t = {.a = a, .acl = acl, .id = quote_id, .line_id = line_id, .e = e ? e : &local};
	return db_tx(db, do_line_delete, &t);
}

static int write_order(struct db *db, const int64_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int64_t r = db_exec(db, "UPDATE quote_line SET sequence = ? WHERE id = ?", "ii",
				    (int64_t)(i + 1) * 10, ids[i]);
		if (r < 0)
			return (int)r;
	}
	return 0;
}

static int do_reorder(struct db *db, void *arg)
{
	struct op_tx *t = arg;
	err_clear(t->e);
	struct db_rows q, cur;
	int rc = lock_quote(db, t->a, t->acl, t->id, true, &q, t->e);
	if (rc)
		return rc;
	if ((rc = db_query(db, t->a, &cur,
			   "SELECT id FROM quote_line WHERE quote_id = ? ORDER BY sequence, id FOR UPDATE", "i",
			   t->id)))
		return rc;
	int64_t *ids = arena_alloc(t->a, (cur.nrows + 1) * sizeof *ids);
	for (size_t i = 0; i < cur.nrows; i++)
		ids[i] = db_get_i64(&cur, i, 0);
	if (t->ids) {
		/* A permutation of the current lines, nothing else. */
		if (t->n != cur.nrows)
			return err_set(t->e, ERR_INVALID, "ids", "QBadOrder", "give every line of the quotation once");
		for (size_t i = 0; i < t->n; i++) {
			bool found = false;
			for (size_t k = 0; k < cur.nrows && !found; k++)
				found = ids[k] == t->ids[i];
			for (size_t k = 0; k < i && found; k++)
				if (t->ids[k] == t->ids[i])
					found = false;
			if (!found)
				return err_set(t->e, ERR_INVALID, "ids", "QBadOrder",
					       "give every line of the quotation once");
		}
		return write_order(db, t->ids, t->n);
	}
	size_t pos = cur.nrows;
	for (size_t i = 0; i < cur.nrows; i++)
		if (ids[i] == t->line_id)
			pos = i;
	if (pos == cur.nrows)
		return err_set(t->e, ERR_NOTFOUND, "", "", "no such line");
	size_t other = t->dir < 0 ? pos - 1 : pos + 1;
	if ((t->dir < 0 && pos == 0) || (t->dir > 0 && pos + 1 >= cur.nrows))
		return 0; /* already first / last */
	int64_t tmp = ids[pos];
	ids[pos] = ids[other];
	ids[other] = tmp;
	return write_order(db, ids, cur.nrows);
}

int quote_line_move(struct db *db, struct arena *a, const struct quote_acl *acl,
		    int64_t quote_id, int64_t line_id, int dir, struct err_info *e)
{
	struct err_info local = {0};
	struct op_tx t = {.a = a, .acl = acl, .id = quote_id, .line_id = line_id, .dir = dir,
			  .e = e ? e : &local};
	return db_tx(db, do_reorder, &t);
}

int quote_lines_reorder(struct db *db, struct arena *a, const struct quote_acl *acl,
			int64_t quote_id, const int64_t *ids, size_t n, struct err_info *e)
{
	struct err_info local = {0};
	static const int64_t none[1] = {0};
	struct op_tx t = {.a = a, .acl = acl, .id = quote_id, .ids = n ? ids : none, .n = n,
			  .e = e ? e : &local};
	return db_tx(db, do_reorder, &t);
}

static int do_replace(struct db *db, void *arg)
{
	struct op_tx *t = arg;
	err_clear(t->e);
	struct db_rows q;
	int rc = lock_quote(db, t->a, t->acl, t->id, true, &q, t->e);
	if (rc)
		return rc;
	int64_t r = db_exec(db, "DELETE FROM quote_line WHERE quote_id = ?", "i", t->id);
	if (r < 0)
		return (int)r;
	for (size_t i = 0; i < t->n; i++) {
		struct line_values v;
		if ((rc = resolve_line(db, t->a, &t->lines[i], NULL, &v, t->e)) ||
		    (rc = insert_line(db, t->id, &v, NULL)))
			return rc;
	}
	return recompute_totals(db, t->id);
}

int quote_lines_replace(struct db *db, struct arena *a, const struct quote_acl *acl,
			int64_t quote_id, const struct quote_line_input *lines, size_t n,
			struct err_info *e)
{
	struct err_info local = {0};
	if (n > QUOTE_MAX_LINES)
		return err_set(e, ERR_INVALID, "lines", "QTooMany", "too many lines");
	struct op_tx t = {.a = a, .acl = acl, .id = quote_id, .lines = lines, .n = n, .e = e ? e : &local};
	return db_tx(db, do_replace, &t);
}

/* ---- states ------------------------------------------------------------- */

static int track_state(struct db *db, struct arena *a, int64_t id, int64_t author, const char *old,
		       const char *new_state)
{
	struct chatter_change ch = {"state", old, new_state};
	return chatter_track(db, a, "quote", id, author, NULL, &ch, 1);
}

/* Raise the opportunity's expected revenue to the order's untaxed amount
 * when higher (Q7), with a tracking message. (crm_lead belongs to lead.c:
 * to move there when the pipeline module lands.) */
static int raise_lead_revenue(struct db *db, struct arena *a, int64_t lead_id, int64_t amount,
			      int64_t author)
{
	struct db_rows r;
	int rc = db_query1(db, a, &r, "SELECT expected_revenue FROM crm_lead WHERE id = ? FOR UPDATE", "i",
			   lead_id);
	if (rc == ERR_NOTFOUND)
		return 0;
	if (rc)
		return rc;
	int64_t old = cents_of(db_get(&r, 0, 0));
	if (amount <= old)
		return 0;
	char olds[32], news[32];
	dec2(old, olds);
	dec2(amount, news);
	int64_t x = db_exec(db, "UPDATE crm_lead SET expected_revenue = ? WHERE id = ?", "si", news, lead_id);
	if (x < 0)
		return (int)x;
	struct chatter_change ch = {"expected_revenue", olds, news};
	return chatter_track(db, a, "lead", lead_id, author,
			     "Expected revenue has been updated based on the linked sales orders.", &ch, 1);
}

struct state_tx {
	struct arena *a;
	const struct quote_acl *acl;
	int64_t id, author;
	const char *to;
	struct err_info *e;
};

static int do_state(struct db *db, void *arg)
{
	struct state_tx *t = arg;
	err_clear(t->e);
	struct db_rows q;
	int rc = lock_quote(db, t->a, t->acl, t->id, false, &q, t->e);
	if (rc)
		return rc;
	const char *st = db_get(&q, 0, 1);
	bool signed_ = db_get(&q, 0, 5) != NULL;
	if (str_eq(t->to, "confirmed")) {
		if (!str_eq(st, "draft") && !str_eq(st, "sent"))
			return err_set(t->e, ERR_CONFLICT, "state", "QCannotConfirm",
				       "only a draft or sent quotation can be confirmed");
		int64_t r = db_exec(db, "UPDATE quote SET state = 'confirmed', confirmed_at = UTC_TIMESTAMP() WHERE id = ?",
				    "i", t->id);
		if (r < 0)
			return (int)r;
		if ((rc = track_state(db, t->a, t->id, t->author, st, "confirmed")))
			return rc;
		int64_t lead = db_get_i64(&q, 0, 3);
		if (lead) {
			struct chatter_msg m = {.res_model = "lead", .res_id = lead, .kind = "system",
						.author_id = t->author};
			m.body = arena_printf(t->a, "Quotation %s confirmed: sales order for %s.", db_get(&q, 0, 2),
					      db_get(&q, 0, 6));
			if ((rc = chatter_post(db, &m, NULL)))
				return rc;
			return raise_lead_revenue(db, t->a, lead, cents_of(db_get(&q, 0, 6)), t->author);
		}
		return 0;
	}
	if (str_eq(t->to, "cancelled")) {
		if (signed_ || (!str_eq(st, "draft") && !str_eq(st, "sent")))
			return err_set(t->e, ERR_CONFLICT, "state", "QCannotCancel",
				       "only a draft or sent quotation can be cancelled");
	} else if (str_eq(t->to, "draft")) {
		if (!str_eq(st, "cancelled"))
			return err_set(t->e, ERR_CONFLICT, "state", "QCannotDraft",
				       "only a cancelled quotation can be set back to draft");
	}
	int64_t r = db_exec(db, "UPDATE quote SET state = ? WHERE id = ?", "si", t->to, t->id);
	if (r < 0)
		return (int)r;
	return track_state(db, t->a, t->id, t->author, st, t->to);
}

static int set_state(struct db *db, struct arena *a, const struct quote_acl *acl, int64_t id,
		     int64_t author, const char *to, struct err_info *e)
{
	struct err_info local = {0};
	struct state_tx t = {a, acl, id, author, to, e ? e : &local};
	return db_tx(db, do_state, &t);
}

int quote_confirm(struct db *db, struct arena *a, const struct quote_acl *acl, int64_t id,
		  int64_t author_id, struct err_info *e)
{
	return set_state(db, a, acl, id, author_id, "confirmed", e);
}

int quote_cancel(struct db *db, struct arena *a, const struct quote_acl *acl, int64_t id,
		 int64_t author_id, struct err_info *e)
{
	return set_state(db, a, acl, id, author_id, "cancelled", e);
}

int quote_set_draft(struct db *db, struct arena *a, const struct quote_acl *acl, int64_t id,
		    int64_t author_id, struct err_info *e)
{
	return set_state(db, a, acl, id, author_id, "draft", e);
}

static int do_token(struct db *db, void *arg)
{
	struct state_tx *t = arg;
	err_clear(t->e);
	struct db_rows q;
	int rc = lock_quote(db, t->a, t->acl, t->id, false, &q, t->e);
	if (rc)
		return rc;
	char token[48];
	crypt_token(token, sizeof token, 32);
	int64_t r = db_exec(db, "UPDATE quote SET access_token = ? WHERE id = ?", "si", token, t->id);
	if (r < 0)
		return (int)r;
	struct chatter_msg m = {.res_model = "quote", .res_id = t->id, .kind = "system", .author_id = t->author,
				.body = "The customer link was renewed: the previous link no longer works."};
	return chatter_post(db, &m, NULL);
}

int quote_regenerate_token(struct db *db, struct arena *a, const struct quote_acl *acl,
			   int64_t id, int64_t author_id, struct err_info *e)
{
	struct err_info local = {0};
	struct state_tx t = {a, acl, id, author_id, NULL, e ? e : &local};
	return db_tx(db, do_token, &t);
}

int quote_opportunity_info(struct db *db, struct arena *a, const struct quote_acl *acl,
			   int64_t lead_id, struct db_rows *out)
{
	return db_query1(db, a, out,
			 "SELECT l.id, l.name, l.type, l.active, l.partner_id, p.name AS partner_display, "
			 "l.contact_name, l.partner_name, l.email_from, m.id AS match_id, m.name AS match_name "
			 "FROM crm_lead l LEFT JOIN partner p ON p.id = l.partner_id "
			 "LEFT JOIN partner m ON m.id = (SELECT id FROM partner x WHERE x.email_normalized = "
			 "l.email_normalized AND x.active = 1 AND (? = 1 OR x.user_id = ? OR x.user_id IS NULL) "
			 "ORDER BY x.is_company, x.id LIMIT 1) "
			 "WHERE l.id = ? AND (? = 1 OR l.user_id = ? OR l.user_id IS NULL)",
			 "iiiii", acl_mgr(acl), acl_uid(acl), lead_id, acl_mgr(acl), acl_uid(acl));
}

int quote_partner_choices(struct db *db, struct arena *a, const struct quote_acl *acl, int64_t current,
			  struct db_rows *out)
{
	/* Bounded and indexed (name index, LIMIT): the current customer, then
	 * the first active ones by name that the user may see (access.h). */
	return db_query(db, a, out,
			"(SELECT p.id, p.name, p.email, p.is_company, c.name AS company FROM partner p "
			"LEFT JOIN partner c ON c.id = p.parent_id WHERE p.id = ?) UNION ALL "
			"(SELECT p.id, p.name, p.email, p.is_company, c.name AS company FROM partner p "
			"LEFT JOIN partner c ON c.id = p.parent_id WHERE p.active = 1 AND p.id <> ? "
			"AND (? = 1 OR p.user_id = ? OR p.user_id IS NULL) ORDER BY p.name LIMIT 300)",
			"iiii", current, current, acl_mgr(acl), acl_uid(acl));
}

int quote_user_choices(struct db *db, struct arena *a, struct db_rows *out)
{
	return db_query(db, a, out, "SELECT id, name FROM app_user WHERE active = 1 ORDER BY name LIMIT 500", "");
}

/* ---- customer portal (C1, C3-C5) ---------------------------------------- */

/* Hash both sides so that the comparison does not depend on the length of
 * what the visitor sent, then compare the hashes in constant time. */
static bool token_matches(const char *stored, const char *given)
{
	/* An unknown quotation costs the same hashing as a known one. */
	static const char no_token[] = "0000000000000000000000000000000000000000000";
	char hs[65], hg[65];
	crypt_token_hash(stored ? stored : no_token, hs);
	crypt_token_hash(given ? given : "", hg);
	bool ok = crypt_streq(hs, hg);
	return ok && stored && given && *given;
}

int quote_portal_get(struct db *db, struct arena *a, int64_t id, const char *token,
		     struct db_rows *out)
{
	if (token && strlen(token) > 128)
		token = ""; /* hashed anyway; keeps the work bounded */
	/* One lean query: what the handlers decide on, and a stamp of
	 * everything the page shows, so that a cached page can be reused. */
	int rc = db_query1(db, a, out,
			   "SELECT q.id, q.number, q.state, "
			   "(q.state IN ('draft','sent') AND q.validity_date IS NOT NULL AND q.validity_date < UTC_DATE()) AS expired, "
			   "COALESCE(JSON_VALUE(q.signed_snapshot, '$.lang'), p.lang) AS partner_lang, p.name AS partner_name, "
			   "q.currency, q.require_signature, q.signed_on, "
			   "(q.signature IS NOT NULL) AS has_signature, "
			   "q.decline_reason, q.access_token, CONCAT_WS('/', q.write_date, p.updated_at, UTC_DATE(), "
			   "(SELECT CONCAT(COUNT(*), ':', COALESCE(SUM(CRC32(CONCAT_WS('|', ql.id, ql.sequence, ql.display_type, "
			   "ql.product_id, ql.name, ql.quantity_e3, ql.uom, ql.price_unit, ql.discount_e2, ql.price_subtotal, "
			   "ql.price_tax))), 0)) FROM quote_line ql WHERE ql.quote_id = q.id), "
			   "(SELECT COALESCE(MAX(m.id), 0) FROM message m WHERE m.res_model = 'quote' AND m.res_id = q.id "
			   "AND m.is_public = 1), "
			   "(SELECT GROUP_CONCAT(s.k, '=', s.v ORDER BY s.k) FROM setting s WHERE s.k IN "
			   "('company_iban', 'company_bic'))) AS stamp "
			   "FROM quote q LEFT JOIN partner p ON p.id = q.partner_id WHERE q.id = ?",
			   "i", id > 0 ? id : 0);
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	const char *stored = rc == 0 ? db_getn(out, 0, "access_token") : NULL;
	if (!token_matches(stored, token))
		return ERR_NOTFOUND;
	return 0;
}

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The content hash as computed before snapshots were kept (schema 0070):
 * SHA-256 of the canonical JSON of the quotation's number, currency,
 * customer (id, name, e-mail), lines, totals and terms. Only
 * quote_verify uses it, to tell whether an old signed quotation still
 * matches what was signed. */
static int legacy_content_hash(struct db *db, struct arena *a, int64_t id, char out[65], const char **text)
{
	struct db_rows q, lines;
	int rc = db_query1(db, a, &q,
			   "SELECT q.number, q.currency, q.partner_id, p.name, p.email, q.amount_untaxed, "
			   "q.amount_tax, q.amount_total, q.payment_terms, q.note FROM quote q "
			   "LEFT JOIN partner p ON p.id = q.partner_id WHERE q.id = ?",
			   "i", id);
	if (rc)
		return rc;
	if ((rc = quote_lines(db, a, id, &lines)))
		return rc;
	json_t *o = json_object(), *cust = json_object(), *arr = json_array();
	json_object_set_new(o, "number", jstr(db_get(&q, 0, 0)));
	json_object_set_new(o, "currency", jstr(db_get(&q, 0, 1)));
	json_object_set_new(cust, "id", db_get(&q, 0, 2) ? json_integer(db_get_i64(&q, 0, 2)) : json_null());
	json_object_set_new(cust, "name", jstr(db_get(&q, 0, 3)));
	json_object_set_new(cust, "email", jstr(db_get(&q, 0, 4)));
	json_object_set_new(o, "customer", cust);
	json_object_set_new(o, "untaxed", jstr(db_get(&q, 0, 5)));
	json_object_set_new(o, "tax", jstr(db_get(&q, 0, 6)));
	json_object_set_new(o, "total", jstr(db_get(&q, 0, 7)));
	json_object_set_new(o, "payment_terms", jstr(db_get(&q, 0, 8)));
	json_object_set_new(o, "terms", jstr(db_get(&q, 0, 9)));
	for (size_t i = 0; i < lines.nrows; i++) {
		json_t *l = json_object(), *taxes = json_array();
		json_object_set_new(l, "type", jstr(db_getn(&lines, i, "display_type")));
		const char *pid = db_getn(&lines, i, "product_id");
		json_object_set_new(l, "product_id", pid ? json_integer(strtoll(pid, NULL, 10)) : json_null());
		json_object_set_new(l, "name", jstr(db_getn(&lines, i, "name")));
		json_object_set_new(l, "quantity_e3", json_integer(db_getn_i64(&lines, i, "quantity_e3")));
		json_object_set_new(l, "uom", jstr(db_getn(&lines, i, "uom")));
		json_object_set_new(l, "price_unit", jstr(db_getn(&lines, i, "price_unit")));
		json_object_set_new(l, "discount_e2", json_integer(db_getn_i64(&lines, i, "discount_e2")));
		json_object_set_new(l, "subtotal", jstr(db_getn(&lines, i, "price_subtotal")));
		json_object_set_new(l, "tax", jstr(db_getn(&lines, i, "price_tax")));
		json_object_set_new(l, "total", jstr(db_getn(&lines, i, "price_total")));
		const char *ids = db_getn(&lines, i, "tax_ids");
		while (ids && *ids) {
			json_array_append_new(taxes, json_integer(strtoll(ids, NULL, 10)));
			ids += strcspn(ids, ",");
			if (*ids == ',')
				ids++;
		}
		json_object_set_new(l, "tax_ids", taxes);
		json_array_append_new(arr, l);
	}
	json_object_set_new(o, "lines", arr);
	char *js = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	if (!js)
		return ERR_NOMEM;
	crypt_sha256_hex(js, strlen(js), out);
	if (text)
		*text = arena_strdup(a, js);
	free(js);
	return 0;
}

/* Append to v->changed the paths under which a and b differ (recursing
 * into objects, and arrays of the same length). */
static void diff_json(struct arena *a, const char *path, const json_t *x, const json_t *y,
		      struct quote_verification *v)
{
	if (v->nchanged >= 64 || json_equal((json_t *)x, (json_t *)y))
		return;
	if (json_is_object(x) && json_is_object(y)) {
		const char *k;
		json_t *val;
		json_object_foreach((json_t *)x, k, val)
			diff_json(a, *path ? arena_printf(a, "%s.%s", path, k) : k, val, json_object_get(y, k), v);
		json_object_foreach((json_t *)y, k, val)
			if (!json_object_get(x, k))
				diff_json(a, *path ? arena_printf(a, "%s.%s", path, k) : k, NULL, val, v);
		return;
	}
	if (json_is_array(x) && json_is_array(y) && json_array_size(x) == json_array_size(y) &&
	    !(json_array_size(x) && json_is_integer(json_array_get(x, 0)))) {
		for (size_t i = 0; i < json_array_size(x); i++)
			diff_json(a, arena_printf(a, "%s[%zu]", path, i), json_array_get(x, i), json_array_get(y, i), v);
		return;
	}
	if (!v->changed)
		v->changed = arena_alloc(a, 64 * sizeof *v->changed);
	v->changed[v->nchanged++] = *path ? path : "(all)";
}

int quote_verify(struct db *db, struct arena *a, const struct config *cfg, int64_t id,
		 struct quote_verification *v)
{
	memset(v, 0, sizeof *v);
	struct db_rows q;
	int rc = db_query1(db, a, &q, "SELECT signed_on IS NOT NULL, signature_hash FROM quote WHERE id = ?", "i", id);
	if (rc)
		return rc;
	v->is_signed = db_get_i64(&q, 0, 0) != 0;
	v->stored_hash = db_get(&q, 0, 1);
	const char *stored = NULL, *live = NULL;
	rc = quote_snapshot_stored(db, a, id, &stored, NULL);
	if (rc == ERR_NOTFOUND) {
		char h[65];
		if (v->is_signed && v->stored_hash && legacy_content_hash(db, a, id, h, NULL) == 0)
			v->legacy_match = crypt_streq(h, v->stored_hash);
		return 0;
	}
	if (rc)
		return rc;
	v->has_snapshot = true;
	char h[65];
	crypt_sha256_hex(stored, strlen(stored), h);
	v->computed_hash = arena_strdup(a, h);
	v->valid = v->stored_hash && crypt_streq(h, v->stored_hash);
	if ((rc = quote_snapshot(db, a, cfg, id, &live)))
		return rc;
	json_t *x = json_loads(stored, 0, NULL), *y = json_loads(live, 0, NULL);
	diff_json(a, "", x, y, v);
	json_decref(x);
	json_decref(y);
	return 0;
}

struct portal_tx {
	struct arena *a;
	const struct config *cfg;
	int64_t id;
	const struct quote_signature *s;
	const char *token, *reason;
	struct err_info *e;
};

/* Lock the quotation, check the token again under the lock (a regeneration
 * may have happened since the page was shown) and that it still waits for
 * the customer's answer today. */
static int portal_lock(struct db *db, struct portal_tx *t, const char *verb, struct db_rows *r)
{
	/* Lock order: the opportunity first, then the quotation, as the
	 * confirmation does (lock_quote joins the opportunity; the revenue
	 * update locks it): two customers signing quotations of the same
	 * opportunity at once then wait for each other instead of deadlocking. */
	struct db_rows o;
	int rc = db_query1(db, t->a, &o, "SELECT opportunity_id FROM quote WHERE id = ?", "i", t->id);
	if (rc == 0 && db_get(&o, 0, 0) &&
	    (rc = db_query(db, t->a, &o, "SELECT id FROM crm_lead WHERE id = ? FOR UPDATE", "i",
			   db_get_i64(&o, 0, 0))))
		return rc;
	rc = db_query1(db, t->a, r,
			   "SELECT q.state, q.signed_on, (q.validity_date IS NOT NULL AND q.validity_date < UTC_DATE()), "
			   "q.access_token, q.user_id, q.number, q.validity_date FROM quote q WHERE q.id = ? FOR UPDATE",
			   "i", t->id);
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	if (!token_matches(rc == 0 ? db_get(r, 0, 3) : NULL, t->token))
		return err_set(t->e, ERR_NOTFOUND, "", "", "no such quotation");
	const char *st = db_get(r, 0, 0);
	if (db_get(r, 0, 1))
		return err_set(t->e, ERR_CONFLICT, "state", "QPortalSigned",
			       "this quotation is already signed: it cannot be %s again", verb);
	if (!str_eq(st, "draft") && !str_eq(st, "sent"))
		return err_set(t->e, ERR_CONFLICT, "state", "QPortalClosed",
			       "this quotation is %s: it can no longer be %s", st, verb);
	if (db_get_i64(r, 0, 2))
		return err_set(t->e, ERR_GONE, "state", "QPortalExpired",
			       "this quotation expired on %s: it can no longer be %s", db_get(r, 0, 6), verb);
	return 0;
}

static int do_portal_sign(struct db *db, void *arg)
{
	struct portal_tx *t = arg;
	const struct quote_signature *s = t->s;
	err_clear(t->e);
	struct db_rows r;
	int rc = portal_lock(db, t, "signed", &r);
	if (rc)
		return rc;
	/* The snapshot is taken under the lock: exactly what is checked
	 * against the page's hash is what is stored. */
	char hash[65];
	const char *snap;
	if ((rc = quote_content_hash(db, t->a, t->cfg, t->id, hash, &snap)))
		return rc;
	if (!s->content_hash || !crypt_streq(hash, s->content_hash))
		return err_set(t->e, ERR_CONFLICT, "content_hash", "QPortalChanged",
			       "this quotation was changed since you opened it: reload the page, check it and sign again");
	const char *ua = s->user_agent ? s->user_agent : "";
	struct db_param p[] = {
		{'s', .s = s->name, .len = strlen(s->name)},
		{'s', .s = s->png, .len = s->png_len},
		{'s', .s = hash, .len = 64},
		{'s', .s = snap, .len = strlen(snap)},
		{'s', .s = s->ip, .len = s->ip ? strlen(s->ip) : 0},
		{'s', .s = ua, .len = strlen(ua)},
		{'i', .i = t->id},
	};
	int64_t x = db_execv(db,
			     "UPDATE quote SET signed_by = ?, signed_on = UTC_TIMESTAMP(), signature = ?, "
			     "signature_hash = ?, signed_snapshot = ?, signer_ip = ?, signer_ua = LEFT(?, 255) "
			     "WHERE id = ?",
			     p, sizeof p / sizeof p[0]);
	if (x < 0)
		return (int)x;
	/* The usual confirmation (state, tracking, opportunity revenue). */
	static const struct quote_acl all = {0, true};
	struct state_tx st = {t->a, &all, t->id, 0, "confirmed", t->e};
	if ((rc = do_state(db, &st)))
		return rc;
	struct buf pdf;
	buf_init(&pdf);
	rc = quote_pdf(db, t->a, t->cfg, t->id, NULL, &pdf, t->e);
	int64_t mid = 0;
	if (rc == 0) {
		/* Internal: the page itself shows the signature block. */
		struct chatter_msg m = {.res_model = "quote", .res_id = t->id, .kind = "customer",
					.author_name = s->name};
		m.body = arena_printf(t->a, "Signed by %s%s (content SHA-256 %s).", s->name,
				      s->png ? "" : " (typed name, no drawn signature)", hash);
		rc = chatter_post(db, &m, &mid);
	}
	if (rc == 0)
		rc = chatter_attach(db, "quote", t->id, mid,
				    arena_printf(t->a, "%s - signed.pdf", db_get(&r, 0, 5)), "application/pdf",
				    pdf.p, pdf.len, NULL);
	buf_free(&pdf);
	if (rc == 0 && db_get(&r, 0, 4))
		rc = notify_user(db, db_get_i64(&r, 0, 4), "quote", t->id, "signed",
				 arena_printf(t->a, "%s signed by %s", db_get(&r, 0, 5), s->name), mid);
	return rc;
}

int quote_portal_sign(struct db *db, struct arena *a, const struct config *cfg, int64_t id,
		      const struct quote_signature *s, struct err_info *e)
{
	struct err_info local = {0};
	struct portal_tx t = {a, cfg, id, s, s->token, NULL, e ? e : &local};
	if (!s->name || !*s->name)
		return err_set(t.e, ERR_INVALID, "name", "QPortalName", "type your full name to sign");
	return db_tx(db, do_portal_sign, &t);
}

static int do_portal_decline(struct db *db, void *arg)
{
	struct portal_tx *t = arg;
	err_clear(t->e);
	struct db_rows r;
	int rc = portal_lock(db, t, "declined", &r);
	if (rc)
		return rc;
	int64_t x = db_exec(db, "UPDATE quote SET state = 'cancelled', decline_reason = ? WHERE id = ?", "si",
			    t->reason, t->id);
	if (x < 0)
		return (int)x;
	if ((rc = track_state(db, t->a, t->id, 0, db_get(&r, 0, 0), "cancelled")))
		return rc;
	struct db_rows c;
	const char *who = "Customer";
	if (db_query1(db, t->a, &c, "SELECT p.name FROM quote q JOIN partner p ON p.id = q.partner_id WHERE q.id = ?",
		      "i", t->id) == 0 && db_get(&c, 0, 0))
		who = db_get(&c, 0, 0);
	struct chatter_msg m = {.res_model = "quote", .res_id = t->id, .kind = "customer", .author_name = who,
				.is_public = true, .subject = "Quotation declined by the customer",
				.body = t->reason};
	int64_t mid = 0;
	if ((rc = chatter_post(db, &m, &mid)))
		return rc;
	if (db_get(&r, 0, 4))
		rc = notify_user(db, db_get_i64(&r, 0, 4), "quote", t->id, "declined",
				 arena_printf(t->a, "%s declined by %s", db_get(&r, 0, 5), who), mid);
	return rc;
}

int quote_portal_decline(struct db *db, struct arena *a, int64_t id, const char *token,
			 const char *reason, struct err_info *e)
{
	struct err_info local = {0};
	struct portal_tx t = {a, NULL, id, NULL, token, reason, e ? e : &local};
	if (!reason || !*reason)
		return err_set(t.e, ERR_INVALID, "reason", "QPortalReason", "tell us why you decline");
	return db_tx(db, do_portal_decline, &t);
}

int quote_move_opportunity(struct db *db, int64_t from_id, int64_t to_id)
{
	int64_t r = db_exec(db, "UPDATE quote SET opportunity_id = ? WHERE opportunity_id = ?", "ii", to_id, from_id);
	return r < 0 ? (int)r : 0;
}

int quote_unmove_merge(struct db *db, int64_t merge_id)
{
	int64_t r = db_exec(db,
			    "UPDATE quote q JOIN lead_merge_move mv ON mv.merge_id = ? AND mv.kind = 'quote' "
			    "AND mv.obj_id = q.id SET q.opportunity_id = mv.from_id",
			    "i", merge_id);
	return r < 0 ? (int)r : 0;
}

int quote_signature_png(struct db *db, struct arena *a, int64_t id, struct db_rows *out)
{
	return db_query1(db, a, out, "SELECT signature FROM quote WHERE id = ? AND signature IS NOT NULL", "i", id);
}
