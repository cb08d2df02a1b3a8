/* Integration test (real MariaDB): similar_counts, the similar-lead counts of
 * a whole page in one statement (lists: no statement per row), equals
 * similar_of's count for every lead: the same criteria (domain criterion,
 * E.164 phone, company name, customer's commercial entity), the same
 * 21-record cap per criterion counted over every record, archived records
 * included, and the same access (a restricted viewer counts only what it
 * may see). */
#include <stdint.h>
#include <stdio.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/err.h"
#include "crm/access.h"
#include "crm/lead.h"
#include "crm/similar.h"
#include "db/db.h"
#include "support/testutil.h"

static struct config *cfg;
static struct db *db;
static struct arena a;

static void setup(void)
{
	db = test_db_fresh(&cfg);
	arena_init(&a, 0);
}

static void teardown(void)
{
	arena_free(&a);
	db_close(db);
	config_free(cfg);
}

#define NLEADS 220
#define NEDGE (4 * (22 + 21))
#define NTOTAL (NLEADS + NEDGE + 1)

/* A small deterministic generator: the same data every run. */
static uint32_t seed = 12345;
static uint32_t rnd(uint32_t n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 16) % n;
}

static int64_t user(const char *login)
{
	ck_assert_int_eq(db_exec(db, "INSERT INTO app_user (login, name, role, password_hash) VALUES (?, ?, 'sales', 'x')",
				 "ss", login, login),
			 1);
	return db_last_id(db);
}

static int64_t partner(const char *name, int64_t parent)
{
	ck_assert_int_eq(db_exec(db, "INSERT INTO partner (name, is_company, parent_id) VALUES (?, ?, NULLIF(?, 0))",
				 "sii", name, parent ? 0 : 1, parent),
			 1);
	return db_last_id(db);
}

/* Counts one by one (the record page's similar_of) against the batch, for
 * the page ids[0..n). */
static void compare(const struct access *ac, const int64_t *ids, size_t n, size_t *nonzero)
{
	size_t *counts = arena_alloc(&a, (n + 1) * sizeof *counts);
	ck_assert_int_eq(similar_counts(db, &a, ac, ids, n, counts), 0);
	for (size_t i = 0; i < n; i++) {
		int64_t *sim;
		size_t one = 0;
		int rc = similar_of(db, &a, ac, ids[i], &sim, &one);
		if (rc == ERR_NOTFOUND)
			one = 0;
		else
			ck_assert_int_eq(rc, 0);
		ck_assert_msg(counts[i] == one, "lead %lld: batch %zu, one by one %zu", (long long)ids[i], counts[i],
			      one);
		if (one)
			(*nonzero)++;
	}
}

START_TEST(batch_counts_equal_single_counts)
{
	int64_t u1 = user("u1"), u2 = user("u2");
	int64_t owners[3] = {0, u1, u2};
	int64_t co[3], ct[6];
	for (int i = 0; i < 3; i++) {
		char nm[32];
		snprintf(nm, sizeof nm, "Company %d", i);
		co[i] = partner(nm, 0);
		snprintf(nm, sizeof nm, "Contact %d a", i);
		ct[2 * i] = partner(nm, co[i]);
		snprintf(nm, sizeof nm, "Contact %d b", i);
		ct[2 * i + 1] = partner(nm, co[i]);
	}
	int64_t lone = partner("Lone person", 0);
	ck_assert_int_eq(db_exec(db, "UPDATE partner SET is_company = 0 WHERE id = ?", "i", lone), 1);
	/* Pools sized so some keys are shared by a few records, and some (the
	 * first domain, the first phone) by more than the cap. */
	static const char *domains[] = {"big.example", "acme.example", "beta.example", "gamma.example"};
	static const char *publics[] = {"ann@gmail.com", "bob@gmail.com", "ann@GMAIL.com", "zoe@yahoo.fr"};
	static const char *phones[] = {"+33145678910", "+33145678911", "+33145678912", "+33145678913",
				       "+33145678914"};
	static const char *companies[] = {"Société Générique", "Alpha SA", "Beta SARL", "Alpha sa"};
	int64_t ids[NTOTAL];
	for (int i = 0; i < NLEADS; i++) {
		struct lead_input in;
		lead_input_init(&in);
		char name[32], email[64];
		snprintf(name, sizeof name, "lead %d", i);
		in.name = name;
		uint32_t e = rnd(10);
		if (e < 5) { /* the first domain gets well over 21 records */
			snprintf(email, sizeof email, "p%d@%s", i, domains[e < 3 ? 0 : rnd(4)]);
			in.email = email;
		} else if (e < 8) {
			in.email = publics[rnd(4)];
		}
		uint32_t p = rnd(8);
		if (p < 2)
			in.phone = phones[0]; /* about 55 records: over the cap */
		else if (p < 5)
			in.phone = phones[1 + rnd(4)];
		if (rnd(3) == 0)
			in.partner_name = companies[rnd(4)];
		uint32_t c = rnd(10);
		if (c < 4)
			in.partner_id = ct[rnd(6)];
		else if (c < 6)
			in.partner_id = co[rnd(3)];
		else if (c == 6)
			in.partner_id = lone;
		in.user_id = owners[rnd(3)];
		struct err_info err = {0};
		ck_assert_msg(lead_create(db, &a, &in, &ids[i], &err) == 0, "lead_create: %s", err.msg);
		if (rnd(6) == 0)
			ck_assert_int_eq(db_exec(db, "UPDATE crm_lead SET active = 0 WHERE id = ?", "i", ids[i]), 1);
	}
	/* Blank keys (white space only) match nothing, as in similar_find. */
	ck_assert_int_eq(db_exec(db, "UPDATE crm_lead SET partner_name = ' ' WHERE id IN (?, ?)", "ii", ids[3], ids[4]), 2);
	ck_assert_int_eq(db_exec(db, "UPDATE crm_lead SET phone_sanitized = '' WHERE id IN (?, ?)", "ii", ids[5], ids[6]),
			 2);
	/* A merged record stays a record (similar_of counts it): so must the batch. */
	ck_assert_int_eq(db_exec(db, "UPDATE crm_lead SET active = 0, merged_into_id = ? WHERE id = ?", "ii", ids[0],
				 ids[7]),
			 1);
	/* The cap's edge on every criterion: 22 records sharing a key (21
	 * others each: ignored) and 21 (20 others: counted), owners mixed so
	 * the cap counts records a restricted viewer does not see. */
	int64_t e21 = partner("Edge 21", 0), e20 = partner("Edge 20", 0);
	int64_t e21c = partner("Edge 21 contact", e21), e20c = partner("Edge 20 contact", e20);
	static const char *const edge[] = {
		"INSERT INTO crm_lead (name, email_domain_criterion, user_id) SELECT 'edge', ?, "
		"ELT(1 + seq %% 3, NULL, ?, ?) FROM seq_1_to_%d",
		"INSERT INTO crm_lead (name, phone_sanitized, user_id) SELECT 'edge', ?, "
		"ELT(1 + seq %% 3, NULL, ?, ?) FROM seq_1_to_%d",
		"INSERT INTO crm_lead (name, partner_name, user_id) SELECT 'edge', ?, "
		"ELT(1 + seq %% 3, NULL, ?, ?) FROM seq_1_to_%d",
	};
	static const char *const keys21[] = {"@edge21.example", "+33199999921", "Edge company 21"};
	static const char *const keys20[] = {"@edge20.example", "+33199999920", "Edge company 20"};
	for (size_t k = 0; k < 3; k++) {
		char sql[256];
		snprintf(sql, sizeof sql, edge[k], 22);
		ck_assert_int_eq(db_exec(db, sql, "sii", keys21[k], u1, u2), 22);
		snprintf(sql, sizeof sql, edge[k], 21);
		ck_assert_int_eq(db_exec(db, sql, "sii", keys20[k], u1, u2), 21);
	}
	ck_assert_int_eq(db_exec(db, "INSERT INTO crm_lead (name, partner_id, user_id) SELECT 'edge', "
				     "IF(seq % 2, ?, ?), ELT(1 + seq % 3, NULL, ?, ?) FROM seq_1_to_22",
				 "iiii", e21, e21c, u1, u2),
			 22);
	ck_assert_int_eq(db_exec(db, "INSERT INTO crm_lead (name, partner_id, user_id) SELECT 'edge', "
				     "IF(seq % 2, ?, ?), ELT(1 + seq % 3, NULL, ?, ?) FROM seq_1_to_21",
				 "iiii", e20, e20c, u1, u2),
			 21);
	struct db_rows edges;
	ck_assert_int_eq(db_query(db, &a, &edges, "SELECT id FROM crm_lead WHERE name = 'edge' ORDER BY id", ""), 0);
	ck_assert_int_eq(edges.nrows, NEDGE);
	for (size_t i = 0; i < NEDGE; i++)
		ids[NLEADS + i] = db_get_i64(&edges, i, 0);
	size_t c21 = 0, c20 = 0;
	ck_assert_int_eq(similar_counts(db, &a, NULL, &ids[NLEADS], 1, &c21), 0);
	ck_assert_int_eq(similar_counts(db, &a, NULL, &ids[NLEADS + 22], 1, &c20), 0);
	ck_assert_int_eq(c21, 0);
	ck_assert_int_eq(c20, 20);
	ids[NTOTAL - 1] = 999999999; /* not a lead: 0 */
	struct access sys = access_for(NULL);
	struct access restricted = {u1, false};
	const struct access *views[] = {NULL, &sys, &restricted};
	for (size_t v = 0; v < 3; v++) {
		size_t nonzero = 0;
		/* The whole set at once (past QB_IN_LIST_MAX: the JSON_TABLE list)... */
		compare(views[v], ids, NTOTAL, &nonzero);
		ck_assert_msg(nonzero > NLEADS / 4, "view %zu: only %zu leads with similar records", v, nonzero);
		/* ... and pages of 10 and 80, as the lists ask. */
		size_t dummy = 0;
		for (size_t from = 0; from + 10 <= NTOTAL; from += 10)
			compare(views[v], ids + from, 10, &dummy);
		for (size_t from = 0; from + 80 <= NTOTAL; from += 80)
			compare(views[v], ids + from, 80, &dummy);
	}
	/* The data does exercise the cap and the access rule. */
	size_t c_sys = 0, c_u1 = 0;
	ck_assert_int_eq(similar_counts(db, &a, NULL, &ids[1], 1, &c_sys), 0);
	ck_assert_int_eq(similar_counts(db, &a, &restricted, &ids[1], 1, &c_u1), 0);
	ck_assert_int_ge(c_sys, c_u1);
	int64_t big = 0;
	ck_assert_int_eq(db_int(db, &big, 0, "SELECT COUNT(*) FROM crm_lead WHERE email_domain_criterion = '@big.example'", ""),
			 0);
	ck_assert_int_gt(big, SIMILAR_CAP);
	size_t differ = 0;
	size_t *cs = arena_alloc(&a, NLEADS * sizeof *cs), *cr = arena_alloc(&a, NLEADS * sizeof *cr);
	ck_assert_int_eq(similar_counts(db, &a, NULL, ids, NLEADS, cs), 0);
	ck_assert_int_eq(similar_counts(db, &a, &restricted, ids, NLEADS, cr), 0);
	for (size_t i = 0; i < NLEADS; i++)
		differ += cs[i] != cr[i];
	ck_assert_msg(differ > 0, "the restricted viewer sees every similar record");
	/* An empty page costs nothing. */
	ck_assert_int_eq(similar_counts(db, &a, NULL, ids, 0, cs), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("similar_batch");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, batch_counts_equal_single_counts);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(suite)
