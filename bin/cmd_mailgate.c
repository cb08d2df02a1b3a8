/* piste mailgate [--recipient ADDRESS] [--json] - deliver one e-mail read on
 * stdin to the team whose alias it was sent to (SPEC I5). Meant to be run by
 * the MTA (Postfix pipe(8), see the README); the exit status follows
 * sysexits(3): 0 delivered, 65 unparsable, 67 unknown alias, 75 database
 * unavailable (the MTA keeps the message and retries). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "core/log.h"
#include "crm/mailgate.h"
#include "db/db.h"

/* The whole of stdin, up to MAIL_MAX_SIZE + 1 bytes (one more tells "too
 * large"). NULL on a read error. */
static char *read_stdin(size_t *len)
{
	size_t cap = 64 * 1024, n = 0;
	char *b = malloc(cap);
	while (b) {
		if (n == cap) {
			if (cap > MAIL_MAX_SIZE)
				break;
			cap *= 2;
			char *nb = realloc(b, cap);
			if (!nb) {
				free(b);
				return NULL;
			}
			b = nb;
		}
		ssize_t r = read(0, b + n, cap - n);
		if (r < 0) {
			free(b);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*len = n;
	return b;
}

static void json_str(const char *k, const char *v, int last)
{
	printf("\"%s\": ", k);
	if (!v) {
		printf("null");
	} else {
		putchar('"');
		for (const char *p = v; *p; p++) {
			if (*p == '"' || *p == '\\')
				printf("\\%c", *p);
			else if ((unsigned char)*p < 0x20)
				printf("\\u%04x", *p);
			else
				putchar(*p);
		}
		putchar('"');
	}
	printf(last ? "}\n" : ", ");
}

int cmd_mailgate(struct cli *c)
{
	const char *rcpt = cli_opt(c, "recipient");
	bool json = cli_flag(c, "json");
	size_t len = 0;
	char *raw = read_stdin(&len);
	if (!raw) {
		fprintf(stderr, "piste mailgate: cannot read the message\n");
		return EX_MAIL_TEMPFAIL;
	}
	mailgate_init();
	/* Connect without failing: a database that is down is answered 75
	 * only once the message is known to need it. */
	if (!c->db)
		db_open(&c->db, c->cfg, true);
	struct mailgate_result res;
	int rc = mailgate_process(c->db, &c->a, raw, len, rcpt, &res);
	if (json) {
		printf("{\"status\": %d, ", rc);
		json_str("res_model", res.res_model, 0);
		printf("\"res_id\": %lld, \"message_id\": %lld, \"created\": %s, \"threaded\": %s, "
		       "\"duplicate\": %s, ",
		       (long long)res.res_id, (long long)res.message_id, res.created ? "true" : "false",
		       res.threaded ? "true" : "false", res.duplicate ? "true" : "false");
		json_str("auto_reply", res.auto_reason, 0);
		json_str("detail", res.detail, 1);
	} else if (rc != 0) {
		/* The MTA puts this line in the bounce or the deferral reason. */
		fprintf(stderr, "piste mailgate: %s\n", res.detail);
	}
	if (rc == 0)
		log_info("mailgate: %s", res.detail);
	free(raw);
	mailgate_shutdown();
	return rc;
}
