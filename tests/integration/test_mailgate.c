/* Integration tests (real MariaDB): the e-mail gateway (SPEC I5) on the
 * corpus of real-world-shaped messages in tests/data/mail/, each with its
 * expected outcome in expected.tsv; threading onto records, routing by
 * recipient, notifications, refusal counts, and the database being down. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/err.h"
#include "crm/chatter.h"
#include "crm/follower.h"
#include "crm/intake.h"
#include "crm/mailgate.h"
#include "crm/team.h"
#include "crm/team_alias.h"
#include "crm/user.h"
#include "db/db.h"
#include "support/testutil.h"

static struct config *cfg;
static struct db *db;
static struct arena a;
static int64_t team_sales, team_export;
static char corpus[1024];

static void setup(void)
{
	db = test_db_fresh(&cfg);
	arena_init(&a, 0);
	mailgate_init();
	snprintf(corpus, sizeof corpus, "%s/../tests/data/mail", config_get(cfg, "templates_dir"));
	struct team_input s = {"Direct Sales", "sales@piste.example", 0, true, true};
	struct team_input x = {"Export", "export", 0, false, true};
	ck_assert_int_eq(team_create(db, &s, &team_sales, NULL), 0);
	ck_assert_int_eq(team_create(db, &x, &team_export, NULL), 0);
}

static void teardown(void)
{
	mailgate_shutdown();
	arena_free(&a);
	db_close(db);
	config_free(cfg);
}

static char *slurp(const char *name, size_t *len)
{
	char path[1400];
	snprintf(path, sizeof path, "%s/%s", corpus, name);
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	static char buf[1 << 20];
	*len = fread(buf, 1, sizeof buf, f);
	fclose(f);
	return arena_strndup(&a, buf, *len);
}

static const char *q1(const char *sql, int64_t id)
{
	struct db_rows r;
	if (db_query1(db, &a, &r, sql, "i", id) != 0)
		return NULL;
	return db_get(&r, 0, 0);
}

static int64_t count(const char *sql)
{
	int64_t n = -1;
	ck_assert_int_eq(db_int(db, &n, 0, sql, ""), 0);
	return n;
}

/* Check one key=value of expected.tsv against the lead and its message. */
static void check(const char *file, int64_t lead, int64_t msg, const char *key, const char *want)
{
	const char *got = NULL;
	if (strcmp(key, "team") == 0) {
		int64_t t = strcmp(want, "sales") == 0 ? team_sales : team_export;
		ck_assert_msg(atoll(q1("SELECT team_id FROM crm_lead WHERE id = ?", lead)) == t,
			      "%s: team %s", file, want);
		return;
	}
	if (strcmp(key, "tag") == 0) {
		got = q1("SELECT t.name FROM lead_tag lt JOIN tag t ON t.id = lt.tag_id WHERE lt.lead_id = ?", lead);
	} else if (strcmp(key, "att") == 0) {
		got = q1("SELECT COUNT(*) FROM attachment WHERE message_id = ?", msg);
	} else if (strcmp(key, "attname") == 0) {
		struct db_rows r;
		ck_assert_int_eq(db_query(db, &a, &r, "SELECT name FROM attachment WHERE message_id = ? AND name = ?",
					  "is", msg, want), 0);
		ck_assert_msg(r.nrows == 1, "%s: no attachment named %s", file, want);
		return;
	} else if (strcmp(key, "html") == 0) {
		got = q1("SELECT body_is_html FROM message WHERE id = ?", msg);
	} else if (strcmp(key, "body~") == 0 || strcmp(key, "body!~") == 0) {
		const char *body = q1("SELECT body FROM message WHERE id = ?", msg);
		bool has = body && strstr(body, want);
		ck_assert_msg(key[4] == '~' ? has : !has, "%s: body %s '%s': %s", file,
			      key[4] == '~' ? "lacks" : "has", want, body ? body : "(null)");
		return;
	} else {
		static const struct {
			const char *k, *sql;
		} cols[] = {
			{"name", "SELECT name FROM crm_lead WHERE id = ?"},
			{"contact", "SELECT contact_name FROM crm_lead WHERE id = ?"},
			{"email", "SELECT email_from FROM crm_lead WHERE id = ?"},
			{"cc", "SELECT email_cc FROM crm_lead WHERE id = ?"},
			{"priority", "SELECT priority FROM crm_lead WHERE id = ?"},
			{"lang", "SELECT lang FROM crm_lead WHERE id = ?"},
		};
		size_t i;
		for (i = 0; i < sizeof cols / sizeof cols[0]; i++)
			if (strcmp(cols[i].k, key) == 0)
				break;
		ck_assert_msg(i < sizeof cols / sizeof cols[0], "%s: unknown check %s", file, key);
		got = q1(cols[i].sql, lead);
	}
	ck_assert_msg(got && strcmp(got, want) == 0, "%s: %s is '%s', expected '%s'", file, key,
		      got ? got : "(null)", want);
}

START_TEST(corpus_outcomes)
{
	char path[1400];
	snprintf(path, sizeof path, "%s/expected.tsv", corpus);
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	char line[4096];
	struct {
		char file[128];
		int64_t lead;
	} seen[64];
	int nseen = 0, n = 0;
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		char *save = NULL;
		char *file = strtok_r(line, "\t", &save);
		int want_exit = atoi(strtok_r(NULL, "\t", &save));
		char *outcome = strtok_r(NULL, "\t", &save);
		char *checks = strtok_r(NULL, "\t", &save);
		size_t len;
		char *raw = slurp(file, &len);
		int64_t before = count("SELECT COUNT(*) FROM crm_lead");
		struct mailgate_result res;
		int rc = mailgate_process(db, &a, raw, len, NULL, &res);
		ck_assert_msg(rc == want_exit, "%s: exit %d, expected %d (%s)", file, rc, want_exit, res.detail);
		ck_assert_int_eq(res.status, rc);
		int64_t after = count("SELECT COUNT(*) FROM crm_lead");
		const char *ref = strchr(outcome, ':') ? strchr(outcome, ':') + 1 : NULL;
		int64_t ref_lead = 0;
		for (int i = 0; ref && i < nseen; i++)
			if (strcmp(seen[i].file, ref) == 0)
				ref_lead = seen[i].lead;
		if (strcmp(outcome, "created") == 0) {
			ck_assert_msg(res.created && after == before + 1, "%s: no lead (%s)", file, res.detail);
			ck_assert_str_eq(res.res_model, "lead");
			/* The salesperson is never the sender: left to assignment. */
			ck_assert_ptr_null(q1("SELECT user_id FROM crm_lead WHERE id = ?", res.res_id));
			ck_assert_str_eq(q1("SELECT origin FROM crm_lead WHERE id = ?", res.res_id), "email");
			ck_assert_str_eq(q1("SELECT kind FROM message WHERE id = ?", res.message_id), "email_in");
			/* The body is in the chatter, not the description. */
			ck_assert_ptr_null(q1("SELECT description FROM crm_lead WHERE id = ?", res.res_id));
		} else if (strncmp(outcome, "threaded:", 9) == 0) {
			ck_assert_msg(res.threaded && after == before, "%s: not threaded (%s)", file, res.detail);
			ck_assert_msg(res.res_id == ref_lead, "%s: threaded onto %lld, expected %lld", file,
				      (long long)res.res_id, (long long)ref_lead);
		} else if (strncmp(outcome, "duplicate:", 10) == 0) {
			ck_assert_msg(res.duplicate && after == before && res.res_id == ref_lead,
				      "%s: not a duplicate of %s (%s)", file, ref, res.detail);
		} else if (strcmp(outcome, "auto") == 0) {
			ck_assert_msg(res.auto_reason != NULL && after == before, "%s: not ignored (%s)", file,
				      res.detail);
		} else {
			ck_assert_msg(after == before, "%s: created a lead", file);
		}
		if (res.created) {
			snprintf(seen[nseen].file, sizeof seen[nseen].file, "%s", file);
			seen[nseen++].lead = res.res_id;
		}
		for (char *c = checks ? strtok_r(checks, ";", &save) : NULL; c; c = strtok_r(NULL, ";", &save)) {
			char *eq = strchr(c, '=');
			ck_assert_ptr_nonnull(eq);
			*eq = '\0';
			check(file, res.res_id, res.message_id, c, eq + 1);
		}
		n++;
	}
	fclose(f);
	ck_assert_int_ge(n, 15);
	/* Every refusal is counted by reason. */
	ck_assert_int_eq(count("SELECT n FROM intake_reject WHERE reason = 'mail_auto_reply'"), 4);
	ck_assert_int_eq(count("SELECT n FROM intake_reject WHERE reason = 'mail_unknown_alias'"), 1);
	ck_assert_int_eq(count("SELECT n FROM intake_reject WHERE reason = 'mail_unparsable'"), 1);
}
END_TEST

static const char *msg(const char *to, const char *extra, const char *mid)
{
	return arena_printf(&a,
			    "From: Ana Client <ana@client.example>\nTo: %s\nSubject: Hello\n"
			    "Message-ID: <%s>\n%s\nHello there.\n",
			    to, mid, extra);
}

START_TEST(replies_to_our_messages_are_threaded_and_followers_notified)
{
	int64_t uid, mid;
	ck_assert_int_eq(user_create(db, "sam", "Sam Seller", "sam@piste.example", "sales",
				     "quill-harbor-kettle-42", &uid, NULL), 0);
	/* A lead we wrote to (an e-mail we sent, with our Message-ID). */
	const char *m = msg("sales@piste.example", "", "first@client.example");
	struct mailgate_result res;
	ck_assert_int_eq(mailgate_process(db, &a, m, strlen(m), NULL, &res), 0);
	int64_t lead = res.res_id;
	struct chatter_msg out = {.res_model = "lead", .res_id = lead, .kind = "email_out",
				  .body = "Our offer", .message_id = "<lead-offer-1@piste.example>"};
	ck_assert_int_eq(chatter_post(db, &out, &mid), 0);
	ck_assert_int_eq(follower_add(db, "lead", lead, uid), 0);
	/* The reply goes to the lead even when sent to another alias. */
	m = msg("export@elsewhere.example", "In-Reply-To: <lead-offer-1@piste.example>\n", "reply@client.example");
	ck_assert_int_eq(mailgate_process(db, &a, m, strlen(m), NULL, &res), 0);
	ck_assert(res.threaded);
	ck_assert_int_eq(res.res_id, lead);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM notification WHERE event = 'email_in'"), 1);
	/* A reply to a message that is not ours and to no alias: unknown. */
	m = msg("nobody@piste.example", "In-Reply-To: <elsewhere@x.example>\n", "r2@client.example");
	ck_assert_int_eq(mailgate_process(db, &a, m, strlen(m), NULL, &res), EX_MAIL_NOUSER);
}
END_TEST

START_TEST(routing_by_envelope_recipient_and_team_followers)
{
	int64_t uid;
	ck_assert_int_eq(user_create(db, "lea", "Léa Leader", "lea@piste.example", "manager",
				     "quill-harbor-kettle-42", &uid, NULL), 0);
	ck_assert_int_eq(follower_add(db, "team", team_export, uid), 0);
	/* The MTA's envelope recipient wins over the headers; case and +tag
	 * are ignored for matching; the local-part alias matches any domain. */
	const char *m = msg("sales@piste.example", "", "env1@client.example");
	struct mailgate_result res;
	ck_assert_int_eq(mailgate_process(db, &a, m, strlen(m), "Export+Web@CRM.Example.ORG", &res), 0);
	ck_assert(res.created);
	ck_assert_int_eq(atoll(q1("SELECT team_id FROM crm_lead WHERE id = ?", res.res_id)), team_export);
	/* Export does not use leads (X6): an opportunity. */
	ck_assert_str_eq(q1("SELECT type FROM crm_lead WHERE id = ?", res.res_id), "opportunity");
	ck_assert_str_eq(q1("SELECT t.name FROM lead_tag lt JOIN tag t ON t.id = lt.tag_id WHERE lt.lead_id = ?",
			    res.res_id), "Web");
	ck_assert_int_eq(count("SELECT COUNT(*) FROM notification WHERE event = 'lead_created'"), 1);
	m = msg("sales@piste.example", "", "env2@client.example");
	ck_assert_int_eq(mailgate_process(db, &a, m, strlen(m), "jobs@piste.example", &res), EX_MAIL_NOUSER);
	/* The sender being a staff member does not make them the salesperson. */
	m = "From: Léa <lea@piste.example>\nTo: sales@piste.example\nSubject: lead for me\n"
	    "Message-ID: <staff@piste.example>\n\nFrom the field.\n";
	ck_assert_int_eq(mailgate_process(db, &a, m, strlen(m), NULL, &res), 0);
	ck_assert_ptr_null(q1("SELECT user_id FROM crm_lead WHERE id = ?", res.res_id));
	/* Inactive teams get nothing. */
	ck_assert_int_eq(db_exec(db, "UPDATE team SET active = 0 WHERE id = ?", "i", team_sales), 1);
	m = msg("sales@piste.example", "", "env3@client.example");
	ck_assert_int_eq(mailgate_process(db, &a, m, strlen(m), NULL, &res), EX_MAIL_NOUSER);
	/* Without a Message-ID the content is the idempotency key. */
	ck_assert_int_ge(db_exec(db, "UPDATE team SET active = 1 WHERE id = ?", "i", team_sales), 0);
	m = "From: x@client.example\nTo: sales@piste.example\nSubject: no id\n\nbody\n";
	ck_assert_int_eq(mailgate_process(db, &a, m, strlen(m), NULL, &res), 0);
	ck_assert(res.created);
	ck_assert_int_eq(mailgate_process(db, &a, m, strlen(m), NULL, &res), 0);
	ck_assert(res.duplicate);
}
END_TEST

START_TEST(database_down_is_a_temporary_failure)
{
	struct config *down = config_new_defaults();
	config_set(down, "db.socket", "/nonexistent/mysqld.sock");
	struct db *ddb;
	db_open(&ddb, down, true);
	ck_assert_ptr_nonnull(ddb);
	ck_assert(!db_connected(ddb));
	const char *m = msg("sales@piste.example", "", "down@client.example");
	struct mailgate_result res;
	/* 75: the MTA keeps the message and retries. */
	ck_assert_int_eq(mailgate_process(ddb, &a, m, strlen(m), NULL, &res), EX_MAIL_TEMPFAIL);
	/* What needs no database is still answered. */
	ck_assert_int_eq(mailgate_process(ddb, &a, "garbage", 7, NULL, &res), EX_MAIL_DATAERR);
	m = msg("sales@piste.example", "Auto-Submitted: auto-replied\n", "ooo@client.example");
	ck_assert_int_eq(mailgate_process(ddb, &a, m, strlen(m), NULL, &res), EX_MAIL_OK);
	m = msg("sales@piste.example", "", "n@x");
	ck_assert_int_eq(mailgate_process(NULL, &a, m, strlen(m), NULL, &res), EX_MAIL_TEMPFAIL);
	db_close(ddb);
	config_free(down);
	/* Nothing was written meanwhile; once it is back the same message goes in. */
	ck_assert_int_eq(count("SELECT COUNT(*) FROM crm_lead"), 0);
	m = msg("sales@piste.example", "", "down@client.example");
	ck_assert_int_eq(mailgate_process(db, &a, m, strlen(m), NULL, &res), 0);
	ck_assert(res.created);
}
END_TEST

START_TEST(aliases_are_unique_and_validated)
{
	struct err_info e = {0};
	ck_assert_int_eq(team_alias_set(db, &a, team_export, "sales@piste.example", &e), ERR_CONFLICT);
	ck_assert_str_eq(e.field, "alias");
	err_clear(&e);
	ck_assert_int_eq(team_alias_set(db, &a, team_export, "bad alias@x", &e), ERR_INVALID);
	ck_assert_int_eq(team_alias_set(db, &a, team_export, "with+plus", NULL), ERR_INVALID);
	ck_assert_int_eq(team_alias_set(db, &a, team_export, " Ventes@Piste.Example ", NULL), 0);
	ck_assert_str_eq(q1("SELECT alias FROM team WHERE id = ?", team_export), "ventes@piste.example");
	int64_t t;
	const char *tag;
	ck_assert_int_eq(team_alias_find(db, &a, "<VENTES+pro@piste.example>", &t, &tag), 0);
	ck_assert_int_eq(t, team_export);
	ck_assert_str_eq(tag, "pro");
	ck_assert_int_eq(team_alias_set(db, &a, team_export, "", NULL), 0);
	ck_assert_ptr_null(q1("SELECT alias FROM team WHERE id = ?", team_export));
	ck_assert_int_eq(team_alias_find(db, &a, "ventes@piste.example", &t, &tag), ERR_NOTFOUND);
	ck_assert_int_eq(team_alias_set(db, &a, 999999, "x", NULL), ERR_NOTFOUND);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("mailgate");
	TCase *t = tcase_create("mailgate");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 60);
	tcase_add_test(t, corpus_outcomes);
	tcase_add_test(t, replies_to_our_messages_are_threaded_and_followers_notified);
	tcase_add_test(t, routing_by_envelope_recipient_and_team_followers);
	tcase_add_test(t, database_down_is_a_temporary_failure);
	tcase_add_test(t, aliases_are_unique_and_validated);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
