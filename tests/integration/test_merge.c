/* Integration tests (real MariaDB): qualification at the library level -
 * similar leads (P6: public vs company domains, phone forms, company,
 * customer, archived, the 21-record cap), the merge (P7: master tie-breaks,
 * every field rule, the address block, salesperson/team override and stage
 * validity, refusals), its undo (P7b: exact rows back) and conversion (P5). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/err.h"
#include "crm/access.h"
#include "crm/assign.h"
#include "crm/convert.h"
#include "crm/lead.h"
#include "crm/merge.h"
#include "crm/similar.h"
#include "db/db.h"
#include "support/testutil.h"

static struct config *cfg;
static struct db *db;
static struct arena a;
static struct access sys;

static void setup(void)
{
	db = test_db_fresh(&cfg);
	arena_init(&a, 0);
	sys = access_for(NULL);
}

static void teardown(void)
{
	arena_free(&a);
	db_close(db);
	config_free(cfg);
}

static int64_t q1(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int64_t q1(const char *fmt, ...)
{
	char sql[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	int64_t v = -1;
	ck_assert_int_eq(db_int(db, &v, -1, sql, ""), 0);
	return v;
}

static const char *s1(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *s1(const char *fmt, ...)
{
	char sql[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	struct db_rows r;
	ck_assert_int_eq(db_query1(db, &a, &r, sql, ""), 0);
	return db_get(&r, 0, 0);
}

static int64_t mk(struct lead_input *in)
{
	int64_t id = 0;
	struct err_info e = {0};
	if (!in->name)
		in->name = "lead";
	ck_assert_msg(lead_create(db, &a, in, &id, &e) == 0, "lead_create: %s", e.msg);
	return id;
}

static int64_t lead_email(const char *email)
{
	struct lead_input in;
	lead_input_init(&in);
	in.email = email;
	return mk(&in);
}

static size_t nsimilar(int64_t id)
{
	int64_t *ids;
	size_t n = 99;
	ck_assert_int_eq(similar_of(db, &a, NULL, id, &ids, &n), 0);
	return n;
}

static bool similar_has(int64_t id, int64_t other)
{
	int64_t *ids;
	size_t n;
	ck_assert_int_eq(similar_of(db, &a, NULL, id, &ids, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (ids[i] == other)
			return true;
	return false;
}

START_TEST(master_tie_breaks)
{
	/* Each pair differs by one key only: the better one must sort first. */
	struct merge_cand c[2];
	struct merge_cand base = {10, true, false, 1, 1000};
	struct merge_cand better[5], worse[5];
	for (int k = 0; k < 5; k++)
		better[k] = worse[k] = base;
	worse[0].active = false;               /* not lost first */
	better[0].id = 20;
	better[1].opportunity = true;          /* opportunity over lead */
	better[1].id = 20;
	better[2].stage_sequence = 3;          /* furthest stage */
	better[2].id = 20;
	better[3].probability_e2 = 5000;       /* highest probability */
	better[3].id = 20;
	worse[4].id = 11;                      /* then the oldest */
	for (int k = 0; k < 5; k++) {
		if (k < 4)
			worse[k].id = 10;
		c[0] = worse[k];
		c[1] = better[k];
		merge_sort(c, 2);
		ck_assert_msg(c[0].id == better[k].id, "rule %d: kept %lld", k, (long long)c[0].id);
	}
	/* Order of the rules: an active lead beats an archived opportunity at a
	 * further stage; an opportunity beats a lead at a further stage. */
	struct merge_cand x[3] = {{1, false, true, 9, 9000}, {2, true, false, 1, 100}, {3, true, true, 0, 0}};
	merge_sort(x, 3);
	ck_assert_int_eq(x[0].id, 3);
	ck_assert_int_eq(x[1].id, 2);
	ck_assert_int_eq(x[2].id, 1);
}
END_TEST

START_TEST(similar_domains_phones_company_and_cap)
{
	/* Company domain: "@domain"; public provider: the full address. */
	int64_t c1 = lead_email("alice@acme-corp.example");
	int64_t c2 = lead_email("BOB@ACME-corp.example");
	int64_t g1 = lead_email("carol@gmail.com");
	int64_t g2 = lead_email("dave@gmail.com");
	int64_t g3 = lead_email("Carol@Gmail.com");
	int64_t o1 = lead_email("x@orange.fr");
	int64_t o2 = lead_email("y@orange.fr");
	ck_assert(similar_has(c1, c2) && similar_has(c2, c1));
	ck_assert(!similar_has(g1, g2));
	ck_assert(similar_has(g1, g3));
	ck_assert(!similar_has(o1, o2));
	ck_assert_int_eq(nsimilar(g2), 0);
	/* Phones: every form of one French number is one E.164 key. */
	static const struct {
		const char *phone, *mobile, *country;
	} forms[] = {
		{"01 45 67 89 10", NULL, "FR"}, {"+33 1 45 67 89 10", NULL, NULL}, {"0033145678910", NULL, NULL},
		{"(0)1.45.67.89.10", NULL, "FR"}, {NULL, "+33145678910", "BE"},
	};
	int64_t ph[5];
	for (size_t i = 0; i < 5; i++) {
		struct lead_input in;
		lead_input_init(&in);
		in.phone = forms[i].phone;
		in.mobile = forms[i].mobile;
		in.country_code = forms[i].country;
		ph[i] = mk(&in);
		ck_assert_str_eq(s1("SELECT phone_sanitized FROM crm_lead WHERE id = %lld", (long long)ph[i]), "+33145678910");
	}
	ck_assert_int_eq(nsimilar(ph[0]), 4);
	/* Company name, and the customer's commercial entity (company + contacts). */
	struct lead_input in;
	lead_input_init(&in);
	in.partner_name = "Société Générique";
	int64_t n1 = mk(&in);
	int64_t n2 = mk(&in);
	ck_assert(similar_has(n1, n2));
	ck_assert_int_eq(db_exec(db, "INSERT INTO partner (name, is_company) VALUES ('Entity', 1)", ""), 1);
	int64_t co = db_last_id(db);
	ck_assert_int_eq(db_exec(db, "INSERT INTO partner (name, parent_id) VALUES ('Person', ?)", "i", co), 1);
	int64_t person = db_last_id(db);
	lead_input_init(&in);
	in.partner_id = co;
	int64_t p1 = mk(&in);
	lead_input_init(&in);
	in.partner_id = person;
	int64_t p2 = mk(&in);
	ck_assert(similar_has(p1, p2) && similar_has(p2, p1));
	/* Archived records are included. */
	ck_assert_int_eq(db_exec(db, "UPDATE crm_lead SET active = 0 WHERE id = ?", "i", c2), 1);
	ck_assert(similar_has(c1, c2));
	/* 21 other records on one criterion: ignored; 20: counted. */
	int64_t cap = lead_email("first@big-domain.example");
	for (int i = 0; i < 20; i++) {
		char e[64];
		snprintf(e, sizeof e, "u%d@big-domain.example", i);
		lead_email(e);
	}
	ck_assert_int_eq(nsimilar(cap), 20);
	lead_email("last@big-domain.example");
	ck_assert_int_eq(nsimilar(cap), 0);
	/* ... while the other criteria of the same record still count. */
	ck_assert_int_eq(db_exec(db, "UPDATE crm_lead SET phone_sanitized = '+33145678910' WHERE id = ?", "i", cap), 1);
	ck_assert_int_eq(nsimilar(cap), 5);
	/* Indexed lookups only: no full scan in the plan. */
	struct db_rows plan;
	ck_assert_int_eq(db_query(db, &a, &plan,
				  "EXPLAIN SELECT id FROM crm_lead WHERE email_domain_criterion = '@x' AND id <> 1 LIMIT 21", ""),
			 0);
	ck_assert_str_ne(db_getn(&plan, 0, "type"), "ALL");
}
END_TEST

struct tagged {
	int64_t id;
};

static void tag(int64_t lead, const char *name)
{
	ck_assert_int_ge(db_exec(db, "INSERT IGNORE INTO tag (name) VALUES (?)", "s", name), 0);
	ck_assert_int_eq(db_exec(db, "INSERT INTO lead_tag (lead_id, tag_id) SELECT ?, id FROM tag WHERE name = ?", "is",
				 lead, name), 1);
}

START_TEST(field_rules_address_and_override)
{
	ck_assert_int_eq(db_exec(db, "INSERT INTO app_user (login, name, role, password_hash) VALUES ('u1', 'U1', 'sales', 'x'), "
				 "('u2', 'U2', 'sales', 'x')", ""), 2);
	int64_t u1 = q1("SELECT id FROM app_user WHERE login = 'u1'");
	int64_t u2 = q1("SELECT id FROM app_user WHERE login = 'u2'");
	int64_t qualified = q1("SELECT id FROM stage WHERE name = 'Qualified'");
	int64_t newst = q1("SELECT id FROM stage WHERE name = 'New'");
	/* head: opportunity at Qualified; no e-mail, 2 address fields. */
	struct lead_input in;
	lead_input_init(&in);
	in.name = "Head";
	in.type = "opportunity";
	in.stage_id = qualified;
	in.city = "Lyon";
	in.zip = "69001";
	in.description = "head note";
	in.priority = 1;
	in.user_id = u1;
	int64_t head = mk(&in);
	/* second: a lead with an e-mail, a full address, 3 stars. */
	lead_input_init(&in);
	in.name = "Second";
	in.type = "lead";
	in.stage_id = newst;
	in.email = "second@merge.example";
	in.street = "2 rue B";
	in.city = "Paris";
	in.zip = "75002";
	in.country_code = "FR";
	in.priority = 3;
	in.description = "second note";
	in.contact_name = "Sam";
	in.expected_revenue = 250000;
	int64_t second = mk(&in);
	/* third: lead, 3 address fields, a phone, a website. */
	lead_input_init(&in);
	in.name = "Third";
	in.type = "lead";
	in.stage_id = newst;
	in.street = "3 rue C";
	in.city = "Nice";
	in.zip = "06000";
	in.phone = "04 93 00 00 00";
	in.website = "https://third.example";
	in.contact_name = "Theo";
	in.expected_revenue = 990000;
	int64_t third = mk(&in);
	tag(head, "H");
	tag(second, "S");
	tag(third, "S");
	tag(third, "T");
	ck_assert_int_eq(db_exec(db, "UPDATE crm_lead SET probability = 30 WHERE id = ?", "i", third), 1);
	ck_assert_int_eq(db_exec(db, "UPDATE crm_lead SET probability = 10 WHERE id = ?", "i", second), 1);

	int64_t ids[] = {third, second, head};
	int64_t master = 0, mid = 0;
	struct merge_opts o = {0};
	struct err_info e = {0};
	ck_assert_msg(merge_leads(db, &a, &sys, &o, ids, 3, &master, &mid, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(master, head);
	struct db_rows r;
	ck_assert_int_eq(lead_get(db, &a, &sys, head, &r), 0);
#define F(col) db_getn(&r, 0, col)
	ck_assert_str_eq(F("name"), "Head");                       /* the master's own */
	ck_assert_str_eq(F("type"), "opportunity");
	ck_assert_str_eq(F("contact_name"), "Theo");               /* order: head, third (30 %), second (10 %) */
	ck_assert_str_eq(F("email_from"), "second@merge.example");  /* first non-empty */
	ck_assert_str_eq(F("email_normalized"), "second@merge.example");
	ck_assert_str_eq(F("website"), "https://third.example");
	ck_assert_str_eq(F("expected_revenue"), "9900.00");         /* head has none: third's */
	ck_assert_str_eq(F("priority"), "3");                        /* max */
	ck_assert_str_eq(F("description"), "head note\n\nsecond note"); /* joined in order */
	ck_assert_str_eq(F("street"), "2 rue B");                   /* the block with most fields */
	ck_assert_str_eq(F("city"), "Paris");
	ck_assert_str_eq(F("country_code"), "FR");
	ck_assert_int_eq(db_getn_i64(&r, 0, "stage_id"), qualified);
	ck_assert_int_eq(db_getn_i64(&r, 0, "user_id"), u1);
	ck_assert_str_eq(F("phone_sanitized"), "+33493000000");
#undef F
	ck_assert_int_eq(q1("SELECT COUNT(*) FROM lead_tag WHERE lead_id = %lld", (long long)head), 3);
	ck_assert_int_eq(q1("SELECT COUNT(*) FROM crm_lead WHERE merged_into_id = %lld AND active = 0", (long long)head), 2);
	ck_assert_int_eq(q1("SELECT COUNT(*) FROM message WHERE res_model = 'lead' AND res_id = %lld AND kind = 'system' "
			    "AND body LIKE '%%Merged Third (#%lld)%%' AND body LIKE '%%website: https://third.example%%'",
			    (long long)head, (long long)third), 1);

	/* Address tie: the first in merge order wins (both have 2 fields). */
	lead_input_init(&in);
	in.city = "First";
	in.zip = "11111";
	in.type = "opportunity";
	int64_t t1 = mk(&in);
	lead_input_init(&in);
	in.city = "Second";
	in.street = "street";
	int64_t t2 = mk(&in);
	int64_t pair[] = {t2, t1};
	ck_assert_int_eq(merge_leads(db, &a, &sys, &o, pair, 2, &master, NULL, &e), 0);
	ck_assert_int_eq(master, t1);
	ck_assert_str_eq(s1("SELECT city FROM crm_lead WHERE id = %lld", (long long)t1), "First");
	ck_assert_int_eq(q1("SELECT street IS NULL FROM crm_lead WHERE id = %lld", (long long)t1), 1); /* never mixed */

	/* Override salesperson / team; the stage follows the team. */
	ck_assert_int_eq(db_exec(db, "INSERT INTO team (name) VALUES ('Other')", ""), 1);
	int64_t team2 = db_last_id(db);
	ck_assert_int_eq(db_exec(db, "INSERT INTO stage (name, sequence, team_id) VALUES ('Team1 only', 5, NULL), "
				 "('T2 first', 0, ?)", "i", team2), 2);
	ck_assert_int_eq(db_exec(db, "INSERT INTO team (name) VALUES ('Third team')", ""), 1);
	int64_t team3 = db_last_id(db);
	ck_assert_int_eq(db_exec(db, "INSERT INTO stage (name, sequence, team_id) VALUES ('T3 stage', 9, ?)", "i", team3), 1);
	int64_t t3stage = db_last_id(db);
	lead_input_init(&in);
	in.type = "opportunity";
	int64_t v1 = mk(&in);
	int64_t v2 = mk(&in);
	ck_assert_int_eq(db_exec(db, "UPDATE crm_lead SET team_id = ?, stage_id = ? WHERE id = ?", "iii", team3, t3stage, v1), 1);
	struct merge_opts ov = {0};
	ov.user_id = u2;
	ov.set_user = true;
	ov.team_id = team2;
	ov.set_team = true;
	int64_t vp[] = {v1, v2};
	ck_assert_int_eq(merge_leads(db, &a, &sys, &ov, vp, 2, &master, NULL, &e), 0);
	ck_assert_int_eq(q1("SELECT user_id FROM crm_lead WHERE id = %lld", (long long)master), u2);
	ck_assert_int_eq(q1("SELECT team_id FROM crm_lead WHERE id = %lld", (long long)master), team2);
	ck_assert_str_eq(s1("SELECT s.name FROM crm_lead l JOIN stage s ON s.id = l.stage_id WHERE l.id = %lld",
			    (long long)master), "T2 first");
}
END_TEST

START_TEST(refusals_access_and_lost_reason)
{
	struct lead_input in;
	lead_input_init(&in);
	in.type = "opportunity";
	int64_t a1 = mk(&in), a2 = mk(&in), a3 = mk(&in);
	int64_t won = q1("SELECT id FROM stage WHERE is_won = 1 LIMIT 1");
	ck_assert_int_eq(db_exec(db, "UPDATE crm_lead SET stage_id = ?, probability = 100 WHERE id = ?", "ii", won, a3), 1);
	struct merge_opts o = {0};
	struct err_info e = {0};
	int64_t master = 0;
	int64_t w[] = {a1, a3};
	ck_assert_int_eq(merge_leads(db, &a, &sys, &o, w, 2, &master, NULL, &e), ERR_CONFLICT);
	ck_assert_str_eq(e.key, "MergeWon");
	ck_assert_ptr_nonnull(strstr(e.msg, "won"));
	ck_assert_int_eq(q1("SELECT COUNT(*) FROM lead_merge"), 0);
	int64_t one[] = {a1};
	memset(&e, 0, sizeof e);
	ck_assert_int_eq(merge_leads(db, &a, &sys, &o, one, 1, &master, NULL, &e), ERR_INVALID);
	int64_t missing[] = {a1, 99999999};
	memset(&e, 0, sizeof e);
	ck_assert_int_eq(merge_leads(db, &a, &sys, &o, missing, 2, &master, NULL, &e), ERR_NOTFOUND);
	/* A salesperson: only own or unassigned records. */
	ck_assert_int_eq(db_exec(db, "INSERT INTO app_user (login, name, role, password_hash) VALUES ('s', 'S', 'sales', 'x'), "
				 "('t', 'T', 'sales', 'x')", ""), 2);
	int64_t s = q1("SELECT id FROM app_user WHERE login = 's'");
	int64_t t = q1("SELECT id FROM app_user WHERE login = 't'");
	ck_assert_int_eq(db_exec(db, "UPDATE crm_lead SET user_id = ? WHERE id = ?", "ii", t, a2), 1);
	struct access sa = {s, false};
	int64_t p[] = {a1, a2};
	memset(&e, 0, sizeof e);
	ck_assert_int_eq(merge_leads(db, &a, &sa, &o, p, 2, &master, NULL, &e), ERR_NOTFOUND);
	/* Lost reason: kept only when the master is closed (probability 0). */
	int64_t reason = q1("SELECT id FROM lost_reason LIMIT 1");
	lead_input_init(&in);
	int64_t l1 = mk(&in), l2 = mk(&in);
	ck_assert_int_eq(db_exec(db, "UPDATE crm_lead SET active = 0, probability = 0, lost_reason_id = ? WHERE id IN (?, ?)",
				 "iii", reason, l1, l2), 2);
	int64_t lp[] = {l1, l2};
	memset(&e, 0, sizeof e);
	ck_assert_int_eq(merge_leads(db, &a, &sys, &o, lp, 2, &master, NULL, &e), 0);
	ck_assert_int_eq(q1("SELECT lost_reason_id FROM crm_lead WHERE id = %lld", (long long)master), reason);
	/* Merged records cannot be merged again. */
	int64_t again[] = {l2, a1};
	memset(&e, 0, sizeof e);
	ck_assert_int_eq(merge_leads(db, &a, &sys, &o, again, 2, &master, NULL, &e), ERR_CONFLICT);
	ck_assert_str_eq(e.key, "AlreadyMerged");
}
END_TEST

/* Every column of a row, joined. */
static const char *row_text(int64_t id)
{
	struct db_rows r;
	ck_assert_int_eq(db_query1(db, &a, &r, "SELECT * FROM crm_lead WHERE id = ?", "i", id), 0);
	const char *out = "";
	for (size_t c = 0; c < r.ncols; c++)
		out = arena_printf(&a, "%s|%s=%s", out, r.names[c], db_get(&r, 0, c) ? db_get(&r, 0, c) : "NULL");
	return out;
}

START_TEST(unmerge_restores_rows_and_history)
{
	struct lead_input in;
	lead_input_init(&in);
	in.name = "Keep";
	in.type = "opportunity";
	in.city = "Rennes";
	int64_t k = mk(&in);
	lead_input_init(&in);
	in.name = "Gone";
	in.email = "gone@x.example";
	in.street = "1 rue";
	in.zip = "35000";
	int64_t g = mk(&in);
	tag(g, "G");
	ck_assert_int_eq(db_exec(db, "INSERT INTO message (res_model, res_id, kind, subject, body) VALUES "
				 "('lead', ?, 'note', 'hello', 'x'), ('lead', ?, 'note', NULL, 'y')", "ii", g, g), 2);
	const char *kb = row_text(k), *gb = row_text(g);
	int64_t ids[] = {k, g};
	int64_t master = 0, mid = 0;
	struct merge_opts o = {0};
	struct err_info e = {0};
	ck_assert_int_eq(merge_leads(db, &a, &sys, &o, ids, 2, &master, &mid, &e), 0);
	ck_assert_int_eq(master, k);
	ck_assert_int_eq(q1("SELECT COUNT(*) FROM message WHERE res_id = %lld AND subject IN ('From Gone : hello', 'From Gone')",
			    (long long)k), 2);
	/* Gone's address has more fields: the whole block comes from it. */
	ck_assert_str_eq(s1("SELECT CONCAT(street, '/', zip, '/', city IS NULL) FROM crm_lead WHERE id = %lld",
			    (long long)k), "1 rue/35000/1");
	struct merge_undo_opts uo = {0};
	const char *kept = NULL;
	ck_assert_int_eq(merge_undo(db, &a, &sys, &uo, k, 0, &kept, &e), 0);
	ck_assert_str_eq(kept, "");
	ck_assert_str_eq(row_text(k), kb);
	ck_assert_str_eq(row_text(g), gb);
	ck_assert_int_eq(q1("SELECT COUNT(*) FROM message WHERE res_id = %lld AND subject = 'hello'", (long long)g), 1);
	ck_assert_int_eq(q1("SELECT COUNT(*) FROM message WHERE res_id = %lld AND subject IS NULL", (long long)g), 1);
	ck_assert_int_eq(q1("SELECT COUNT(*) FROM lead_tag WHERE lead_id = %lld", (long long)g), 1);
	ck_assert_int_eq(merge_undo(db, &a, &sys, &uo, k, mid, &kept, &e), ERR_GONE);
	/* After 30 days: too late. */
	ck_assert_int_eq(merge_leads(db, &a, &sys, &o, ids, 2, &master, &mid, &e), 0);
	ck_assert_int_eq(db_exec(db, "UPDATE lead_merge SET created_at = UTC_TIMESTAMP() - INTERVAL 31 DAY WHERE id = ?", "i",
				 mid), 1);
	memset(&e, 0, sizeof e);
	ck_assert_int_eq(merge_undo(db, &a, &sys, &uo, k, mid, &kept, &e), ERR_GONE);
	ck_assert_str_eq(e.key, "UnmergeTooOld");
}
END_TEST

START_TEST(assignment_hook_and_conversion)
{
	int64_t d1 = lead_email("dup@hook.example");
	int64_t d2 = lead_email("dup@hook.example");
	int64_t g[] = {d2, d1};
	int64_t kept = 0;
	ck_assert_int_eq(merge_assign_hook(db, g, 2, &kept, NULL), 0);
	ck_assert_int_eq(kept, d1);
	ck_assert_int_eq(q1("SELECT merged_into_id FROM crm_lead WHERE id = %lld", (long long)d2), d1);
	/* Conversion: customer created as company + contact; refused at 100 %. */
	struct lead_input in;
	lead_input_init(&in);
	in.contact_name = "Jean Dupont";
	in.partner_name = "Dupont SA";
	in.email = "jean@dupont.example";
	int64_t l = mk(&in);
	struct convert_defaults d;
	struct err_info e = {0};
	ck_assert_int_eq(convert_defaults(db, &a, &sys, l, &d, &e), 0);
	ck_assert_int_eq(d.customer, CONVERT_CUSTOMER_CREATE);
	ck_assert(!d.merge);
	struct convert_opts co = {0};
	co.customer = CONVERT_CUSTOMER_CREATE;
	int64_t res = 0;
	ck_assert_msg(lead_convert(db, &a, &sys, &co, l, &res, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(res, l);
	ck_assert_str_eq(s1("SELECT type FROM crm_lead WHERE id = %lld", (long long)l), "opportunity");
	ck_assert_int_eq(q1("SELECT date_conversion IS NOT NULL AND stage_id IS NOT NULL FROM crm_lead WHERE id = %lld",
			    (long long)l), 1);
	ck_assert_str_eq(s1("SELECT c.name FROM crm_lead l JOIN partner p ON p.id = l.partner_id "
			    "JOIN partner c ON c.id = p.parent_id AND c.is_company = 1 WHERE l.id = %lld", (long long)l),
			 "Dupont SA");
	/* Next lead with that e-mail: the partner matches exactly (link). */
	int64_t l2 = lead_email("JEAN@dupont.example");
	ck_assert_int_eq(convert_defaults(db, &a, &sys, l2, &d, &e), 0);
	ck_assert_int_eq(d.customer, CONVERT_CUSTOMER_LINK);
	ck_assert_int_eq(d.partner_id, q1("SELECT partner_id FROM crm_lead WHERE id = %lld", (long long)l));
	ck_assert(d.merge && d.ndup == 1 && d.dup_ids[0] == l);
	ck_assert_int_eq(db_exec(db, "UPDATE crm_lead SET probability = 100 WHERE id = ?", "i", l2), 1);
	memset(&e, 0, sizeof e);
	ck_assert_int_eq(lead_convert(db, &a, &sys, &co, l2, &res, &e), ERR_CONFLICT);
	ck_assert_str_eq(e.key, "ConvertClosed");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("merge");
	TCase *tc = tcase_create("merge");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, master_tie_breaks);
	tcase_add_test(tc, similar_domains_phones_company_and_cap);
	tcase_add_test(tc, field_rules_address_and_override);
	tcase_add_test(tc, refusals_access_and_lost_reason);
	tcase_add_test(tc, unmerge_restores_rows_and_history);
	tcase_add_test(tc, assignment_hook_and_conversion);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(suite)
