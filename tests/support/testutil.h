/* testutil.h - shared bits of the Check-based unit and integration tests. */
#ifndef PISTE_TESTUTIL_H
#define PISTE_TESTUTIL_H

#include <check.h>
#include <stdlib.h>

struct config;
struct db;

/* The configuration tests run with: defaults + PISTE_* environment (the
 * runner points templates_dir, db.socket... at the throw-away stack). */
struct config *test_config(void);
/* A fresh, migrated database named by $PISTE_DB_NAME (dropped and created
 * again), for integration tests. Exits with a message if MariaDB is not
 * reachable. */
struct db *test_db_fresh(struct config **cfg_out);

/* main() for a test file: runs the suites returned by the given functions. */
#define TEST_MAIN(...)                                                             \
	int main(void)                                                             \
	{                                                                          \
		Suite *(*fns[])(void) = {__VA_ARGS__};                             \
		SRunner *sr = srunner_create(NULL);                                \
		for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)            \
			srunner_add_suite(sr, fns[i]());                           \
		srunner_run_all(sr, CK_ENV);                                       \
		int nf = srunner_ntests_failed(sr);                                \
		srunner_free(sr);                                                  \
		return nf ? EXIT_FAILURE : EXIT_SUCCESS;                           \
	}

#endif
