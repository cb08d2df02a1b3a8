/* settings_intake.c - /crm/settings/intake (managers): where form leads go
 * (default team and salesperson), the sites allowed to embed the form and
 * the page after sending, the consent wording and its version, the
 * anti-spam limits, the e-mail alias of each team, and the count of refused
 * submissions by reason (SPEC I1-I7). */
#include "settings_intake.h"

#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "core/str.h"
#include "crm/intake.h"
#include "crm/spool.h"
#include "crm/team.h"
#include "crm/team_alias.h"
#include "crm/user.h"
#include "db/db.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

#define MAX_ERRS 16

static void snippet(struct ctx *c)
{
	const char *base = config_get(c->cfg, "base_url");
	view_set(c->view, "Intake.Snippet.Embed",
		 arena_printf(c->a,
			      "<div data-piste-contact data-lang=\"%s\"></div>\n"
			      "<script src=\"%s/contact/embed.js\" async></script>",
			      c->lang, base));
	view_set(c->view, "Intake.Snippet.Form",
		 arena_printf(c->a,
			      "<form data-piste-contact method=\"post\" action=\"%s/contact\" accept-charset=\"utf-8\">\n"
			      "  <input type=\"hidden\" name=\"redirect\" value=\"https://www.example.com/thanks\">\n"
			      "  <label>Name <input name=\"contact_name\" autocomplete=\"name\" required></label>\n"
			      "  <label>E-mail <input name=\"email\" type=\"email\" autocomplete=\"email\" required></label>\n"
			      "  <label>Message <textarea name=\"description\" required></textarea></label>\n"
			      "  <input name=\"homepage\" tabindex=\"-1\" autocomplete=\"off\" hidden>\n"
			      "  <button>Send</button>\n"
			      "</form>\n"
			      "<script src=\"%s/contact/embed.js\" async></script>",
			      base, base));
}

static int render(struct ctx *c, int status, const struct intake_settings *s,
		  const struct err_info *errs, size_t nerr)
{
	struct view *v = c->view;
	page_nav(c, "settings", "IntakeSettings.Title");
	struct db_rows teams, users, rej;
	int rc;
	if ((rc = team_list(c->db, c->a, &teams)) || (rc = user_list(c->db, c->a, &users)) ||
	    (rc = intake_reject_list(c->db, c->a, &rej)))
		return rc;
	view_set_rows(v, "Intake.Teams", &teams);
	/* Values typed in a refused form are shown again as typed. */
	if (c->req.m == M_POST)
		for (size_t i = 0; i < teams.nrows; i++) {
			const char *k = arena_printf(c->a, "alias_%s", db_getn(&teams, i, "id"));
			view_setk(v, req_form(c, k) ? req_form(c, k) : "", "Intake.Teams.%zu.alias", i);
		}
	size_t k = 0;
	for (size_t i = 0; i < users.nrows; i++) {
		if (!db_getn_i64(&users, i, "active"))
			continue;
		view_set_row(v, arena_printf(c->a, "Intake.Users.%zu", k++), &users, i);
	}
	view_set_rows(v, "Intake.Rejects", &rej);
	for (size_t i = 0; i < rej.nrows; i++) {
		const char *label = view_tr(v, arena_printf(c->a, "IntakeSettings.Reason.%s",
							    db_getn(&rej, i, "reason")));
		view_setk(v, label ? label : db_getn(&rej, i, "reason"), "Intake.Rejects.%zu.label", i);
	}
	view_set_int(v, "Intake.RejectCount", (int64_t)rej.nrows);
	char dir[1024];
	intake_spool_dir(c->cfg, dir);
	view_set_int(v, "Intake.Spooled", spool_count(dir));
	view_set_int(v, "Intake.S.default_team_id", s->default_team_id);
	view_set_int(v, "Intake.S.default_user_id", s->default_user_id);
	view_set_int(v, "Intake.S.min_seconds", s->min_seconds);
	view_set_int(v, "Intake.S.max_age", s->max_age);
	view_set_int(v, "Intake.S.rate_limit", s->rate_limit);
	view_set_int(v, "Intake.S.rate_window", s->rate_window);
	view_set_int(v, "Intake.S.consent_show", s->consent_show);
	view_set(v, "Intake.S.consent_version", s->consent_version);
	view_set(v, "Intake.S.consent_text_en", s->consent_text_en);
	view_set(v, "Intake.S.consent_text_fr", s->consent_text_fr);
	view_set(v, "Intake.S.origins", s->origins);
	view_set(v, "Intake.S.redirect_url", s->redirect_url);
	view_set(v, "Intake.ConfigOrigins", config_get(c->cfg, "form.allowed_origins"));
	for (size_t i = 0; i < nerr; i++)
		view_set_error(v, &errs[i]);
	if (req_query(c, "saved"))
		view_set(v, "Flash", view_tr(v, "IntakeSettings.Saved"));
	snippet(c);
	return http_page(c, status, "intake/settings.cs");
}

int settings_intake_get(struct ctx *c)
{
	struct intake_settings s;
	int rc = intake_settings_load(c->db, c->a, &s);
	if (rc)
		return rc;
	return render(c, 200, &s, NULL, 0);
}

struct save {
	struct ctx *c;
	const struct intake_settings *s;
	struct db_rows teams;
	struct err_info errs[MAX_ERRS];
	size_t nerr;
};

static int save_tx(struct db *db, void *arg)
{
	struct save *sv = arg;
	struct ctx *c = sv->c;
	sv->nerr = 0;
	struct err_info e = {0};
	int rc = intake_settings_save(db, c->a, sv->s, &e);
	if (rc) {
		if (rc == ERR_INVALID)
			sv->errs[sv->nerr++] = e;
		return rc;
	}
	/* Two passes so that two teams can swap their aliases. */
	for (size_t i = 0; i < sv->teams.nrows; i++) {
		int64_t id = db_getn_i64(&sv->teams, i, "id");
		const char *want = req_form(c, arena_printf(c->a, "alias_%lld", (long long)id));
		if (want && !str_eq(str_trim(arena_strdup(c->a, want)), db_getn(&sv->teams, i, "alias")) &&
		    (rc = team_alias_set(db, c->a, id, NULL, NULL)) != 0)
			return rc;
	}
	int first = 0;
	for (size_t i = 0; i < sv->teams.nrows && sv->nerr < MAX_ERRS; i++) {
		int64_t id = db_getn_i64(&sv->teams, i, "id");
		const char *field = arena_printf(c->a, "alias_%lld", (long long)id);
		const char *want = req_form(c, field);
		if (!want)
			continue;
		err_clear(&e);
		rc = team_alias_set(db, c->a, id, want, &e);
		if (rc == ERR_INVALID || rc == ERR_CONFLICT) {
			snprintf(e.field, sizeof e.field, "%s", field);
			sv->errs[sv->nerr++] = e;
			if (!first)
				first = ERR_INVALID;
			continue;
		}
		if (rc)
			return rc;
	}
	return first;
}

int settings_intake_post(struct ctx *c)
{
	struct intake_settings s;
	intake_settings_load(c->db, c->a, &s);
	struct save sv = {.c = c, .s = &s};
	struct err_info e = {0};
	/* Typed fields: the first bad one is reported. */
	int64_t v;
	bool present;
#define INT_FIELD(name, lo, hi)                                                         \
	do {                                                                            \
		v = 0;                                                                  \
		err_clear(&e);                                                          \
		if (req_int(c, #name, &v, lo, hi, false, &present, &e) != 0)            \
			sv.errs[sv.nerr++] = e;                                         \
		else                                                                    \
			s.name = present ? v : 0;                                       \
	} while (0)
	INT_FIELD(default_team_id, 0, INT64_MAX);
	INT_FIELD(default_user_id, 0, INT64_MAX);
	INT_FIELD(min_seconds, 0, 3600);
	INT_FIELD(max_age, 60, 30 * 86400);
	INT_FIELD(rate_limit, 0, 100000);
	INT_FIELD(rate_window, 10, 86400);
#undef INT_FIELD
	s.consent_show = req_bool(c, "consent_show");
	const char *t;
	struct {
		const char *name;
		char *dst;
		size_t cap, max;
	} texts[] = {
		{"consent_version", s.consent_version, sizeof s.consent_version, 32},
		{"consent_text_en", s.consent_text_en, sizeof s.consent_text_en, 1000},
		{"consent_text_fr", s.consent_text_fr, sizeof s.consent_text_fr, 1000},
		{"redirect_url", s.redirect_url, sizeof s.redirect_url, 500},
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		err_clear(&e);
		if (req_text(c, texts[i].name, &t, texts[i].max, false, &e) != 0) {
			sv.errs[sv.nerr++] = e;
			continue;
		}
		/* Within max characters: fits in cap bytes (4 per character). */
		str_copy(texts[i].dst, t ? t : "", texts[i].cap);
	}
	const char *origins = req_form(c, "origins");
	if (origins && strlen(origins) >= sizeof s.origins) {
		err_set(&sv.errs[sv.nerr++], ERR_INVALID, "origins", "IntakeTooLong", "too many allowed origins");
	} else {
		str_copy(s.origins, origins ? origins : "", sizeof s.origins);
	}
	if (sv.nerr)
		return render(c, 422, &s, sv.errs, sv.nerr);
	int rc = team_list(c->db, c->a, &sv.teams);
	if (rc)
		return rc;
	rc = db_tx(c->db, save_tx, &sv);
	if (rc == ERR_INVALID || rc == ERR_CONFLICT)
		return render(c, 422, &s, sv.errs, sv.nerr);
	if (rc)
		return rc;
	intake_settings_touch(c->cfg); /* the intake workers read them again at once */
	return http_redirect(c, "/crm/settings/intake?saved=1");
}
