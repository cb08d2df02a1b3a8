/* common.c - helpers the quotes pages share. */
#include <string.h>

#include "core/fmt.h"
#include "core/money.h"
#include "crm/product.h"
#include "db/db.h"
#include "quotes.h"
#include "web/view.h"

struct quote_acl quotes_acl(const struct ctx *c)
{
	return (struct quote_acl){c->user ? c->user->id : 0, ctx_is_manager(c)};
}

const char *quotes_money(struct ctx *c, const char *decimal)
{
	int64_t cents = 0;
	if (decimal)
		money_parse(decimal, &cents);
	char b[64];
	money_format(cents, c->lang, b, sizeof b);
	return arena_strdup(c->a, b);
}

const char *quotes_date(struct ctx *c, const char *iso)
{
	if (!iso)
		return "";
	char b[64];
	fmt_date(c->lang, iso, b, sizeof b);
	return arena_strdup(c->a, b);
}

int quotes_fill_catalogue(struct ctx *c)
{
	struct db_rows t, p;
	int rc = tax_list(c->db, c->a, false, &t);
	if (rc)
		return rc;
	if ((rc = product_choices(c->db, c->a, &p)))
		return rc;
	view_set_rows(c->view, "Taxes", &t);
	view_set_rows(c->view, "Products", &p);
	for (size_t i = 0; i < p.nrows; i++)
		view_setk(c->view, quotes_money(c, db_getn(&p, i, "list_price")), "Products.%zu.Price", i);
	return 0;
}
