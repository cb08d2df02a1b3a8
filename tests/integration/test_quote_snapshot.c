/* Integration tests (real MariaDB) of signed snapshots (crm/quote.h): the
 * canonical serialisation and its hash, what signing stores, documents drawn
 * from the snapshot after the live records changed, quote_verify on a
 * valid, a tampered and an unsigned quotation. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/crypt.h"
#include "core/err.h"
#include "crm/lead.h"
#include "crm/pdf.h"
#include "crm/product.h"
#include "crm/quote.h"
#include "crm/team.h"
#include "crm/user.h"
#include "db/db.h"
#include "support/testutil.h"

static struct config *cfg;
static struct db *db;
static struct arena a;
static int64_t sales1, team, tax20, prod;
static const struct quote_acl mgr = {0, true};

static void setup(void)
{
	db = test_db_fresh(&cfg);
	arena_init(&a, 0);
	struct err_info e = {0};
	struct team_input ti = {"Direct", NULL, 0, true, true};
	ck_assert_int_eq(team_create(db, &ti, &team, &e), 0);
	ck_assert_int_eq(user_create(db, "s1", "Sales One", "s1@piste.example", "sales", "quiet harbour lantern 42", &sales1, &e), 0);
	ck_assert_int_eq(tax_create(db, "TVA 20 %", 200000, false, &tax20, &e), 0);
	struct product_input pi = {"Audit", "AUD", "Sur site", "Day", 95000, &tax20, 1};
	ck_assert_int_eq(product_create(db, &pi, &prod, &e), 0);
}

static void teardown(void)
{
	arena_free(&a);
	db_close(db);
	config_free(cfg);
}

/* A draft quotation of "Boulangerie Lumière" (contact Zoé Mercier) with one
 * product line. */
static int64_t make_quote(void)
{
	struct lead_input li;
	lead_input_init(&li);
	li.name = "Projet four";
	li.type = "opportunity";
	li.user_id = sales1;
	li.team_id = team;
	li.contact_name = "Zoé Mercier";
	li.partner_name = "Boulangerie Lumière";
	li.email = "zoe@lumiere.example";
	int64_t opp, id;
	struct err_info e = {0};
	ck_assert_msg(lead_create(db, &a, &li, &opp, &e) == 0, "%s", e.msg);
	struct quote_line_input l1 = {.product_id = prod, .has_qty = true, .qty_e3 = 2000};
	struct quote_new in = {.opportunity_id = opp, .author_id = sales1, .lines = &l1, .nlines = 1};
	ck_assert_msg(quote_create(db, &a, &mgr, &in, &id, &e) == 0, "%s", e.msg);
	return id;
}

static bool changed(const struct quote_verification *v, const char *path)
{
	for (size_t i = 0; i < v->nchanged; i++)
		if (strcmp(v->changed[i], path) == 0)
			return true;
	return false;
}

START_TEST(snapshot_is_canonical_and_hashed)
{
	int64_t id = make_quote();
	char h[65], h2[65];
	const char *js;
	ck_assert_int_eq(quote_content_hash(db, &a, cfg, id, h, &js), 0);
	crypt_sha256_hex(js, strlen(js), h2);
	ck_assert_str_eq(h, h2);
	/* Canonical: parsing and dumping compact with sorted keys gives the
	 * same bytes; UTF-8 as is, not escaped. */
	json_t *s = json_loads(js, 0, NULL);
	ck_assert_ptr_nonnull(s);
	char *again = json_dumps(s, JSON_COMPACT | JSON_SORT_KEYS);
	ck_assert_str_eq(again, js);
	free(again);
	ck_assert_ptr_nonnull(strstr(js, "\"name\":\"Boulangerie Lumière\""));
	ck_assert_int_eq(json_integer_value(json_object_get(s, "v")), 1);
	json_t *l = json_array_get(json_object_get(s, "lines"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(l, "code")), "AUD");
	ck_assert_str_eq(json_string_value(json_object_get(l, "price_unit")), "950.00");
	ck_assert_int_eq(json_integer_value(json_object_get(l, "quantity_e3")), 2000);
	ck_assert_str_eq(json_string_value(json_object_get(s, "total")), "2280.00");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(s, "company"), "name")),
			 config_get(cfg, "company.name"));
	json_decref(s);
	/* The same quotation gives the same bytes. */
	ck_assert_int_eq(quote_content_hash(db, &a, cfg, id, h2, NULL), 0);
	ck_assert_str_eq(h, h2);
	/* Not signed: nothing stored, nothing valid. */
	struct quote_verification v;
	ck_assert_int_eq(quote_snapshot_stored(db, &a, id, NULL, NULL), ERR_NOTFOUND);
	ck_assert_int_eq(quote_verify(db, &a, cfg, id, &v), 0);
	ck_assert(!v.is_signed && !v.has_snapshot && !v.valid);
}
END_TEST

START_TEST(signing_freezes_the_documents)
{
	int64_t id = make_quote();
	struct db_rows q;
	ck_assert_int_eq(quote_get(db, &a, &mgr, id, &q), 0);
	char h[65];
	const char *before;
	ck_assert_int_eq(quote_content_hash(db, &a, cfg, id, h, &before), 0);
	struct quote_signature sig = {.token = db_getn(&q, 0, "access_token"), .content_hash = h,
				      .name = "Zoé Mercier", .ip = "127.0.0.1", .user_agent = "test"};
	struct err_info e = {0};
	ck_assert_msg(quote_portal_sign(db, &a, cfg, id, &sig, &e) == 0, "%s", e.msg);
	const char *stored, *hash;
	ck_assert_int_eq(quote_snapshot_stored(db, &a, id, &stored, &hash), 0);
	ck_assert_str_eq(stored, before);
	ck_assert_str_eq(hash, h);

	/* The customer and the product change after signing. */
	ck_assert_int_ge(db_exec(db, "UPDATE partner SET name = 'Minoterie', email = 'new@minoterie.example', "
				     "street = '1 rue Neuve'", ""), 1);
	ck_assert_int_ge(db_exec(db, "UPDATE product SET default_code = 'AUD2', list_price = 1.00 WHERE id = ?", "i",
				 prod), 1);
	struct pdf_quote d;
	ck_assert_int_eq(quote_pdf_doc(db, &a, cfg, id, NULL, &d, &e), 0);
	ck_assert_str_eq(d.customer_name, "Boulangerie Lumière");
	ck_assert_str_eq(d.customer_email, "zoe@lumiere.example");
	ck_assert_str_eq(d.lines[0].code, "AUD");
	ck_assert_int_eq(d.lines[0].price_unit, 95000);
	ck_assert_str_eq(d.signed_by, "Zoé Mercier");
	ck_assert_str_eq(d.signature_hash, h);
	ck_assert_str_eq(d.state, "confirmed");

	struct quote_verification v;
	ck_assert_int_eq(quote_verify(db, &a, cfg, id, &v), 0);
	ck_assert(v.is_signed && v.has_snapshot && v.valid);
	ck_assert_str_eq(v.computed_hash, h);
	ck_assert(changed(&v, "customer.name") && changed(&v, "customer.email") && changed(&v, "lines[0].code"));
	ck_assert(!changed(&v, "total"));

	/* One byte changed in the stored snapshot: no longer valid. */
	ck_assert_int_eq(db_exec(db, "UPDATE quote SET signed_snapshot = REPLACE(signed_snapshot, '950.00', '95.00') "
				     "WHERE id = ?", "i", id), 1);
	ck_assert_int_eq(quote_verify(db, &a, cfg, id, &v), 0);
	ck_assert(v.has_snapshot && !v.valid);
	ck_assert_str_ne(v.computed_hash, h);
	ck_assert_str_eq(v.stored_hash, h);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("quote_snapshot");
	TCase *t = tcase_create("quote_snapshot");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 60);
	tcase_add_test(t, snapshot_is_canonical_and_hashed);
	tcase_add_test(t, signing_freezes_the_documents);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
