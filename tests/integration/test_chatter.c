/* Integration tests (real MariaDB): chatter messages, tracking, attachments,
 * Message-ID lookup, followers and notifications. */
#include <string.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/err.h"
#include "crm/chatter.h"
#include "crm/follower.h"
#include "crm/user.h"
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

START_TEST(messages_newest_first_with_tracking)
{
	struct chatter_msg m = {.res_model = "lead", .res_id = 7, .kind = "note", .body = "first <b>"};
	int64_t id1, id2;
	ck_assert_int_eq(chatter_post(db, &m, &id1), 0);
	struct chatter_change ch[] = {{"stage", "New", "Won"}, {"user", NULL, "Ana"}};
	ck_assert_int_eq(chatter_track(db, &a, "lead", 7, 0, NULL, ch, 2), 0);
	m.body = "other record";
	m.res_id = 8;
	ck_assert_int_eq(chatter_post(db, &m, &id2), 0);
	struct db_rows r;
	ck_assert_int_eq(chatter_list(db, &a, "lead", 7, 10, 0, &r), 0);
	ck_assert_uint_eq(r.nrows, 2);
	ck_assert_str_eq(db_getn(&r, 0, "kind"), "tracking");
	ck_assert_str_eq(db_getn(&r, 0, "tracking"),
			 "[{\"field\":\"stage\",\"old\":\"New\",\"new\":\"Won\"},{\"field\":\"user\",\"old\":null,\"new\":\"Ana\"}]");
	ck_assert_str_eq(db_getn(&r, 1, "body"), "first <b>");
	/* Paging: older than the newest. */
	ck_assert_int_eq(chatter_list(db, &a, "lead", 7, 10, db_getn_i64(&r, 0, "id"), &r), 0);
	ck_assert_uint_eq(r.nrows, 1);
	struct chatter_msg bad = {.res_model = "", .res_id = 1};
	ck_assert_int_eq(chatter_post(db, &bad, NULL), ERR_INVALID);
}
END_TEST

START_TEST(attachments_and_message_ids)
{
	struct chatter_msg m = {.res_model = "lead", .res_id = 3, .kind = "email_in",
				.author_name = "Jo <jo@x.fr>", .message_id = "<abc@mail.example>"};
	int64_t mid, aid;
	ck_assert_int_eq(chatter_post(db, &m, &mid), 0);
	const char data[] = "%PDF-1.4\0binary";
	ck_assert_int_eq(chatter_attach(db, "lead", 3, mid, "devis.pdf", "application/pdf", data, sizeof data, &aid), 0);
	struct db_rows r;
	ck_assert_int_eq(chatter_attachments(db, &a, "lead", 3, &r), 0);
	ck_assert_uint_eq(r.nrows, 1);
	ck_assert_int_eq(db_getn_i64(&r, 0, "size"), (int64_t)sizeof data);
	const char *model;
	int64_t rid;
	ck_assert_int_eq(chatter_find_message_id(db, &a, "<abc@mail.example>", &model, &rid), 0);
	ck_assert_str_eq(model, "lead");
	ck_assert_int_eq(rid, 3);
	ck_assert_int_eq(chatter_find_message_id(db, &a, "<nope@x>", &model, &rid), ERR_NOTFOUND);
	ck_assert_int_eq(chatter_list(db, &a, "lead", 3, 10, 0, &r), 0);
	ck_assert_int_eq(db_getn_i64(&r, 0, "nattach"), 1);
	ck_assert_str_eq(db_getn(&r, 0, "author"), "Jo <jo@x.fr>");
}
END_TEST

START_TEST(followers_get_notifications)
{
	struct err_info e = {0};
	int64_t u1, u2, u3;
	ck_assert_int_eq(user_create(db, "u1", "U One", NULL, "sales", "quill-harbor-kettle-42", &u1, &e), 0);
	ck_assert_int_eq(user_create(db, "u2", "U Two", NULL, "sales", "quill-harbor-kettle-42", &u2, &e), 0);
	ck_assert_int_eq(user_create(db, "u3", "U Three", NULL, "sales", "quill-harbor-kettle-42", &u3, &e), 0);
	ck_assert_int_eq(follower_add(db, "team", 1, u1), 0);
	ck_assert_int_eq(follower_add(db, "team", 1, u1), 0); /* idempotent */
	ck_assert_int_eq(follower_add(db, "team", 1, u2), 0);
	ck_assert_int_eq(follower_add(db, "team", 2, u3), 0);
	ck_assert_int_eq(notify_followers(db, "team", 1, "lead_created", "New lead", 0, u2), 1);
	struct db_rows r;
	ck_assert_int_eq(notify_unread(db, &a, u1, 10, &r), 0);
	ck_assert_uint_eq(r.nrows, 1);
	ck_assert_str_eq(db_getn(&r, 0, "event"), "lead_created");
	ck_assert_int_eq(notify_unread(db, &a, u2, 10, &r), 0);
	ck_assert_uint_eq(r.nrows, 0);
	ck_assert_int_eq(notify_unread(db, &a, u3, 10, &r), 0);
	ck_assert_uint_eq(r.nrows, 0);
	ck_assert_int_eq(notify_unread(db, &a, u1, 10, &r), 0);
	ck_assert_int_eq(notify_mark_read(db, u2, db_getn_i64(&r, 0, "id")), ERR_NOTFOUND);
	ck_assert_int_eq(notify_mark_read(db, u1, db_getn_i64(&r, 0, "id")), 0);
	ck_assert_int_eq(notify_unread(db, &a, u1, 10, &r), 0);
	ck_assert_uint_eq(r.nrows, 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("chatter");
	TCase *t = tcase_create("chatter");
	tcase_set_timeout(t, 60);
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, messages_newest_first_with_tracking);
	tcase_add_test(t, attachments_and_message_ids);
	tcase_add_test(t, followers_get_notifications);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
