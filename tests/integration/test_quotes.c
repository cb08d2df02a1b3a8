/* Integration tests (real MariaDB): quotations from opportunities, gapless
 * numbering under concurrency and after a rollback, customer creation (odoo
 * 3.3), templates, access rules, lines and totals, confirmation and the
 * opportunity's revenue, smart button figures, e-mail building and the
 * outbox. */
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/err.h"
#include "crm/lead.h"
#include "crm/mail.h"
#include "crm/product.h"
#include "crm/qt_template.h"
#include "crm/quote.h"
#include "crm/team.h"
#include "crm/user.h"
#include "db/db.h"
#include "support/testutil.h"

static struct config *cfg;
static struct db *db;
static struct arena a;
static int64_t sales1, sales2, team, tax20, prod;
static const struct quote_acl mgr = {0, true};

static void setup(void)
{
	db = test_db_fresh(&cfg);
	arena_init(&a, 0);
	struct err_info e = {0};
	struct team_input ti = {"Direct", NULL, 0, true, true};
	ck_assert_int_eq(team_create(db, &ti, &team, &e), 0);
	ck_assert_int_eq(user_create(db, "s1", "Sales One", "s1@piste.example", "sales", "quill-harbor-kettle-42", &sales1, &e), 0);
	ck_assert_int_eq(user_create(db, "s2", "Sales Two", NULL, "sales", "quill-harbor-kettle-42", &sales2, &e), 0);
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

static int64_t opportunity(const char *type, int64_t user, const char *contact, const char *company,
			   const char *email, bool lost)
{
	struct lead_input li;
	lead_input_init(&li);
	li.name = "Projet rénovation";
	li.type = type;
	li.user_id = user;
	li.team_id = team;
	li.contact_name = contact;
	li.partner_name = company;
	li.email = email;
	li.campaign = "Printemps";
	li.source = "Salon";
	li.lost = lost;
	const char *tags[] = {"VIP"};
	li.tags = tags;
	li.ntags = 1;
	int64_t id;
	struct err_info e = {0};
	ck_assert_msg(lead_create(db, &a, &li, &id, &e) == 0, "%s", e.msg);
	return id;
}

static int64_t quote(int64_t opp, const char *customer, const struct quote_line_input *lines, size_t n)
{
	struct quote_new in = {.opportunity_id = opp, .customer = customer, .author_id = sales1, .lines = lines,
			       .nlines = n};
	int64_t id = 0;
	struct err_info e = {0};
	int rc = quote_create(db, &a, &mgr, &in, &id, &e);
	ck_assert_msg(rc == 0, "quote_create: %d %s", rc, e.msg);
	return id;
}

START_TEST(create_copies_the_opportunity_and_creates_the_customer)
{
	int64_t opp = opportunity("opportunity", sales1, "Zoé Mercier", "Boulangerie Lumière", "zoe@lumiere.example", false);
	int64_t id = quote(opp, NULL, NULL, 0);
	struct db_rows q;
	ck_assert_int_eq(quote_get(db, &a, &mgr, id, &q), 0);
	ck_assert_str_eq(db_getn(&q, 0, "number"), "S00001");
	ck_assert_str_eq(db_getn(&q, 0, "state"), "draft");
	ck_assert_str_eq(db_getn(&q, 0, "partner_name"), "Zoé Mercier");
	ck_assert_str_eq(db_getn(&q, 0, "origin"), "Projet rénovation");
	ck_assert_str_eq(db_getn(&q, 0, "campaign"), "Printemps");
	ck_assert_str_eq(db_getn(&q, 0, "tags"), "VIP");
	ck_assert_int_eq(db_getn_i64(&q, 0, "user_id"), sales1);
	ck_assert_int_eq(db_getn_i64(&q, 0, "team_id"), team);
	ck_assert_uint_eq(strlen(db_getn(&q, 0, "access_token")), 43);
	/* Person under the company; the opportunity now has the customer. */
	int64_t parent_company = 0, lead_partner = 0;
	ck_assert_int_eq(
		db_int(db, &parent_company, 0,
		       "SELECT c.is_company FROM partner p JOIN partner c ON c.id = p.parent_id WHERE p.id = ?", "i",
		       db_getn_i64(&q, 0, "partner_id")),
		0);
	ck_assert_int_eq(db_int(db, &lead_partner, 0, "SELECT partner_id FROM crm_lead WHERE id = ?", "i", opp), 0);
	ck_assert_int_eq(parent_company, 1);
	ck_assert_int_eq(lead_partner, db_getn_i64(&q, 0, "partner_id"));
	/* A second quotation reuses the customer: no new partner. */
	int64_t before = 0, after = 0;
	ck_assert_int_eq(db_int(db, &before, 0, "SELECT COUNT(*) FROM partner", ""), 0);
	quote(opp, NULL, NULL, 0);
	ck_assert_int_eq(db_int(db, &after, 0, "SELECT COUNT(*) FROM partner", ""), 0);
	ck_assert_int_eq(before, after);
	/* Portal URL from base_url. */
	char *url = quote_portal_url(&a, cfg, id, "tok");
	ck_assert(strstr(url, "/my/quotes/") && strstr(url, "?token=tok"));
}
END_TEST

START_TEST(leads_lost_and_invisible_opportunities_are_refused)
{
	struct err_info e = {0};
	int64_t lead = opportunity("lead", sales1, "A", NULL, NULL, false);
	struct quote_new in = {.opportunity_id = lead, .author_id = sales1};
	int64_t id;
	ck_assert_int_eq(quote_create(db, &a, &mgr, &in, &id, &e), ERR_INVALID);
	ck_assert_str_eq(e.field, "opportunity_id");
	err_clear(&e);
	in.opportunity_id = opportunity("opportunity", sales1, "B", NULL, NULL, true);
	ck_assert_int_eq(quote_create(db, &a, &mgr, &in, &id, &e), ERR_INVALID);
	ck_assert(strstr(e.msg, "lost") != NULL);
	err_clear(&e);
	struct quote_acl other = {sales2, false};
	in.opportunity_id = opportunity("opportunity", sales1, "C", NULL, NULL, false);
	ck_assert_int_eq(quote_create(db, &a, &other, &in, &id, &e), ERR_INVALID);
	int64_t n = -1;
	ck_assert_int_eq(db_int(db, &n, 0, "SELECT COUNT(*) FROM quote", ""), 0);
	ck_assert_int_eq(n, 0);
}
END_TEST

struct par {
	int64_t opp;
	int64_t id;
	int rc;
};

static void *create_in_thread(void *arg)
{
	struct par *p = arg;
	struct db *d;
	db_open(&d, cfg, true);
	struct arena ta;
	arena_init(&ta, 0);
	struct quote_line_input li = {.product_id = prod, .has_qty = true, .qty_e3 = 1000};
	struct quote_new in = {.opportunity_id = p->opp, .customer = "none", .author_id = sales1, .lines = &li,
			       .nlines = 1};
	p->rc = quote_create(d, &ta, &mgr, &in, &p->id, NULL);
	arena_free(&ta);
	db_close(d);
	return NULL;
}

START_TEST(numbers_are_gapless_under_concurrency_and_rollback)
{
	int64_t opp = opportunity("opportunity", sales1, "Num", NULL, NULL, false);
	struct par p[20];
	pthread_t th[20];
	for (int i = 0; i < 20; i++) {
		p[i] = (struct par){opp, 0, -1};
		pthread_create(&th[i], NULL, create_in_thread, &p[i]);
	}
	for (int i = 0; i < 20; i++)
		pthread_join(th[i], NULL);
	bool seen[21] = {false};
	for (int i = 0; i < 20; i++) {
		ck_assert_int_eq(p[i].rc, 0);
		struct db_rows q;
		ck_assert_int_eq(quote_get(db, &a, &mgr, p[i].id, &q), 0);
		int n = atoi(db_getn(&q, 0, "number") + 1);
		ck_assert_msg(n >= 1 && n <= 20 && !seen[n], "number %d", n);
		seen[n] = true;
	}
	/* A creation that fails after taking S00021 (unknown product on the
	 * second line) rolls back: the next quotation is S00021. */
	struct quote_line_input bad[2] = {{.product_id = prod}, {.product_id = 999999}};
	struct quote_new in = {.opportunity_id = opp, .customer = "none", .author_id = sales1, .lines = bad, .nlines = 2};
	int64_t id;
	struct err_info e = {0};
	ck_assert_int_eq(quote_create(db, &a, &mgr, &in, &id, &e), ERR_INVALID);
	ck_assert_str_eq(e.field, "product_id");
	id = quote(opp, "none", NULL, 0);
	struct db_rows q;
	ck_assert_int_eq(quote_get(db, &a, &mgr, id, &q), 0);
	ck_assert_str_eq(db_getn(&q, 0, "number"), "S00021");
	/* Per-year numbering. */
	struct db_rows y;
	ck_assert_int_eq(db_query1(db, &a, &y, "SELECT YEAR(UTC_DATE())", ""), 0);
	ck_assert_int_ge(db_exec(db, "UPDATE setting SET v = 'year' WHERE k = 'quote_numbering'", ""), 0);
	id = quote(opp, "none", NULL, 0);
	ck_assert_int_eq(quote_get(db, &a, &mgr, id, &q), 0);
	char want[32];
	snprintf(want, sizeof want, "S%s-00001", db_get(&y, 0, 0));
	ck_assert_str_eq(db_getn(&q, 0, "number"), want);
}
END_TEST

START_TEST(lines_totals_and_states)
{
	int64_t opp = opportunity("opportunity", sales1, "Tot", NULL, NULL, false);
	struct quote_line_input l1 = {.product_id = prod, .has_qty = true, .qty_e3 = 2500, .has_discount = true,
				      .discount_e2 = 1500};
	int64_t id = quote(opp, "none", &l1, 1);
	struct db_rows q, lines;
	ck_assert_int_eq(quote_get(db, &a, &mgr, id, &q), 0);
	/* 2.5 x 950.00 - 15 % = 2018.75; 20 % = 403.75 */
	ck_assert_str_eq(db_getn(&q, 0, "amount_untaxed"), "2018.75");
	ck_assert_str_eq(db_getn(&q, 0, "amount_tax"), "403.75");
	ck_assert_str_eq(db_getn(&q, 0, "amount_total"), "2422.50");
	struct err_info e = {0};
	struct quote_line_input sec = {.display_type = "section", .name = "Options"};
	int64_t lsec, l2;
	ck_assert_int_eq(quote_line_add(db, &a, &mgr, id, &sec, &lsec, &e), 0);
	struct quote_line_input free_line = {.name = "Remise", .has_price = true, .price_unit = -1875, .has_qty = true,
					     .qty_e3 = 1000, .has_taxes = true, .tax_ids = &tax20, .ntax = 1};
	ck_assert_int_eq(quote_line_add(db, &a, &mgr, id, &free_line, &l2, &e), 0);
	ck_assert_int_eq(quote_get(db, &a, &mgr, id, &q), 0);
	ck_assert_str_eq(db_getn(&q, 0, "amount_total"), "2400.00");
	ck_assert_int_eq(quote_line_move(db, &a, &mgr, id, l2, -1, &e), 0);
	ck_assert_int_eq(quote_lines(db, &a, id, &lines), 0);
	ck_assert_int_eq(db_getn_i64(&lines, 1, "id"), l2);
	/* Access: the other salesperson sees nothing and changes nothing. */
	struct quote_acl other = {sales2, false}, owner = {sales1, false};
	ck_assert_int_eq(quote_get(db, &a, &other, id, &q), ERR_NOTFOUND);
	ck_assert_int_eq(quote_line_delete(db, &a, &other, id, l2, &e), ERR_NOTFOUND);
	ck_assert_int_eq(quote_get(db, &a, &owner, id, &q), 0);
	/* Confirm: locked, revenue raised, smart buttons. */
	int64_t nq, no, amount;
	ck_assert_int_eq(quote_confirm(db, &a, &owner, id, sales1, &e), 0);
	err_clear(&e);
	ck_assert_int_eq(quote_line_delete(db, &a, &owner, id, l2, &e), ERR_CONFLICT);
	ck_assert_str_eq(e.key, "QQuoteLocked");
	ck_assert_int_eq(quote_lead_summary(db, opp, &nq, &no, &amount), 0);
	ck_assert_int_eq(nq, 0);
	ck_assert_int_eq(no, 1);
	ck_assert_int_eq(amount, 200000);
	struct db_rows l;
	ck_assert_int_eq(db_query1(db, &a, &l, "SELECT expected_revenue FROM crm_lead WHERE id = ?", "i", opp), 0);
	ck_assert_str_eq(db_get(&l, 0, 0), "2000.00");
	err_clear(&e);
	ck_assert_int_eq(quote_cancel(db, &a, &owner, id, sales1, &e), ERR_CONFLICT);
}
END_TEST

START_TEST(template_lines_validity_and_signature)
{
	struct err_info e = {0};
	struct qt_input ti = {"Maintenance", "Paiement à 30 jours", "30 jours fin de mois", 60, false};
	int64_t tid;
	ck_assert_int_eq(qt_create(db, &ti, &tid, &e), 0);
	ck_assert_int_eq(qt_line_add(db, tid, "section", 0, "Matériel", 0, &e), 0);
	ck_assert_int_eq(qt_line_add(db, tid, "line", prod, NULL, 3000, &e), 0);
	ck_assert_int_eq(qt_line_add(db, tid, "line", 999999, NULL, 1000, &e), ERR_INVALID);
	int64_t opp = opportunity("opportunity", sales1, "Tpl", NULL, NULL, false);
	struct quote_new in = {.opportunity_id = opp, .customer = "none", .template_id = tid, .author_id = sales1};
	int64_t id;
	ck_assert_int_eq(quote_create(db, &a, &mgr, &in, &id, &e), 0);
	int64_t ok = 0;
	ck_assert_int_eq(
		db_int(db, &ok, 0,
		       "SELECT validity_date = UTC_DATE() + INTERVAL 60 DAY AND require_signature = 0 AND "
		       "note = 'Paiement à 30 jours' AND payment_terms = '30 jours fin de mois' FROM quote WHERE id = ?",
		       "i", id),
		0);
	ck_assert_int_eq(ok, 1);
	struct db_rows lines;
	ck_assert_int_eq(quote_lines(db, &a, id, &lines), 0);
	ck_assert_uint_eq(lines.nrows, 2);
	ck_assert_str_eq(db_getn(&lines, 0, "display_type"), "section");
	ck_assert_str_eq(db_getn(&lines, 1, "price_subtotal"), "2850.00");
}
END_TEST

START_TEST(mail_is_proper_mime_and_lands_in_the_outbox)
{
	char dir[] = "/tmp/piste-mail-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	config_set(cfg, "var_dir", dir);
	config_set(cfg, "smtp.url", "");
	mail_init();
	static const char pdf[] = "%PDF-1.4 fake";
	struct mail_attachment att = {"Devis - S00001.pdf", "application/pdf", pdf, sizeof pdf - 1};
	struct mail_msg m = {.to = "Zoé Mercier <zoe@lumiere.example>", .subject = "Devis S00001 — été",
			     .text = "Bonjour Zoé,\nvoici le devis.", .att = &att, .natt = 1,
			     .res_model = "quote", .res_id = 1, .idem_key = "k1"};
	char *raw;
	size_t len;
	struct err_info e = {0};
	ck_assert_int_eq(mail_build(&a, cfg, &m, "<abc@piste.example>", &raw, &len, &e), 0);
	ck_assert(strstr(raw, "Content-Type: multipart/mixed") != NULL);
	ck_assert(strstr(raw, "Message-Id: <abc@piste.example>") != NULL);
	/* Headers stay 7-bit: the subject's accented words are RFC 2047 words. */
	const char *subj = strstr(raw, "Subject: ");
	ck_assert_ptr_nonnull(subj);
	ck_assert(strstr(subj, "=?") != NULL && strstr(subj, "=?") < strstr(subj, "\r\n"));
	for (const char *p = raw; p < strstr(raw, "\r\n\r\n"); p++)
		ck_assert_msg((unsigned char)*p < 0x80, "8-bit byte in the headers");
	ck_assert(strstr(raw, "filename=\"Devis - S00001.pdf\"") != NULL);
	ck_assert(strstr(raw, "\r\n") != NULL);
	const char *mid;
	bool already;
	ck_assert_int_eq(mail_send(db, &a, cfg, &m, &mid, &already, &e), 0);
	ck_assert(!already);
	const char *mid2;
	ck_assert_int_eq(mail_send(db, &a, cfg, &m, &mid2, &already, &e), 0);
	ck_assert(already);
	ck_assert_str_eq(mid, mid2);
	struct mail_outbox_entry *ent;
	size_t n;
	ck_assert_int_eq(mail_outbox_list(&a, cfg, 10, &ent, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(ent[0].subject, "Devis S00001 — été");
	struct mail_outbox_message om;
	ck_assert_int_eq(mail_outbox_read(&a, cfg, ent[0].name, &om), 0);
	ck_assert(strstr(om.text, "Bonjour Zoé") != NULL);
	ck_assert_uint_eq(om.nattachments, 1);
	ck_assert_uint_eq(om.attachment_sizes[0], sizeof pdf - 1);
	ck_assert_int_eq(mail_outbox_read(&a, cfg, "../x.eml", &om), ERR_NOTFOUND);
	/* Bad recipients never reach a transport. */
	struct mail_msg bad = m;
	bad.to = "x@y.example\r\nBcc: z@evil.example";
	bad.idem_key = NULL;
	err_clear(&e);
	ck_assert_int_eq(mail_send(db, &a, cfg, &bad, &mid, &already, &e), ERR_INVALID);
	ck_assert_str_eq(e.field, "to");
	/* SMTP down: a clear error, nothing logged as sent. */
	config_set(cfg, "smtp.url", "smtp://127.0.0.1:1");
	m.idem_key = "k2";
	err_clear(&e);
	ck_assert_int_eq(mail_send(db, &a, cfg, &m, &mid, &already, &e), ERR_UNAVAILABLE);
	ck_assert(strstr(e.msg, "could not be reached") != NULL);
	int64_t logged = 0;
	ck_assert_int_eq(db_int(db, &logged, 0, "SELECT COUNT(*) FROM mail_out WHERE idem_key = 'k2'", ""), 0);
	ck_assert_int_eq(logged, 0);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("quotes");
	TCase *t = tcase_create("quotes");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 60);
	tcase_add_test(t, create_copies_the_opportunity_and_creates_the_customer);
	tcase_add_test(t, leads_lost_and_invisible_opportunities_are_refused);
	tcase_add_test(t, numbers_are_gapless_under_concurrency_and_rollback);
	tcase_add_test(t, lines_totals_and_states);
	tcase_add_test(t, template_lines_validity_and_signature);
	tcase_add_test(t, mail_is_proper_mime_and_lands_in_the_outbox);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
