/* scoring.h - predictive lead scoring (SPEC S1, S2; Odoo 17/18 naive Bayes,
 * reference/odoo_behaviour.md section 8). Owns table scoring_frequency and
 * the probability columns of crm_lead (automated_probability, and
 * probability while it follows the score).
 *
 * Model. Rows (team, variable, value, won, lost) start at 0.1. A closed lead
 * (won: probability 100; lost: archived with probability 0; created on or
 * after the start date) counts +1 in its team's partition (team 0: none):
 * won -> on every stage of the database, lost -> on every stage whose
 * sequence <= the stage it was lost in ("stage reached"), and on the value of
 * each configured variable (country, state, email_state, phone_state, source,
 * lang; e-mail/phone quality count "False" when empty) and each tag.
 *
 * Probability of an open lead: no stage -> 0; won stage -> 100; partition =
 * its team when the team has rows, else the pool of every row; W, L = the
 * counts of the first global stage (lowest sequence, then id); prior W/(W+L);
 * times r_won/W, r_lost/L for its stage and r_won/sum_won, r_lost/sum_lost
 * of each other variable (tag rows under 50 closed leads ignored, values
 * without a row skipped); 100*Sw/(Sw+Sl) rounded to 2 decimals (as Python's
 * round) and clamped to [0.01, 99.99]. A partition with W = 0 or L = 0
 * cannot score: the lead keeps its value.
 *
 * Where Piste differs from Odoo, on purpose: moving between two won stages
 * counts nothing (Odoo counts the win twice); "leave lost" applies to lost
 * leads only (Odoo also to open leads at 0 %); a row brought back to 0.1/0.1
 * by decrements is deleted, so live increments always equal a rebuild; a
 * partition that cannot score never reuses another partition's prior. */
#ifndef PISTE_SCORING_H
#define PISTE_SCORING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct db_rows;
struct err_info;

enum scoring_var {
	SV_STAGE, SV_COUNTRY, SV_STATE, SV_EMAIL_STATE, SV_PHONE_STATE, SV_SOURCE, SV_LANG, SV_TAG,
	SV_COUNT
};
/* Variable names as stored in scoring_frequency.variable ("stage_id",
 * "country", "state", "email_state", "phone_state", "source", "lang",
 * "tag_id") and as written in the scoring_fields setting ("tags" for SV_TAG;
 * Odoo's country_id, state_id, source_id, lang_id, tag_ids are accepted). */
extern const char *const scoring_var_names[SV_COUNT];
extern const char *const scoring_setting_names[SV_COUNT];

struct scoring_config {
	unsigned vars;          /* bit (1 << SV_x) per configured variable; stage always */
	char start_date[11];    /* "YYYY-MM-DD", or "" for every lead */
};
int scoring_config_load(struct db *db, struct scoring_config *out);
/* Validate and store the settings scoring_fields (comma list of setting
 * names) and scoring_start_date ("" or YYYY-MM-DD). */
int scoring_settings_save(struct db *db, const char *fields, const char *start_date,
			  struct err_info *e);

/* ---- live updates (call them from every path that changes a lead) ------ */
/* BEFORE writing, in the same transaction, with the lead's current values
 * (Odoo 8.5): new_stage_id > 0 when the stage changes; new_active 0 when the
 * lead is archived (lost), 1 when restored, -1 when unchanged. Only leads
 * created on/after the start date count. */
int scoring_before_write(struct db *db, int64_t lead_id, int64_t new_stage_id, int new_active);
/* Shorthands: won (moved to a won stage: pass it), lost (archived),
 * restored (unarchived), stage moved. */
int scoring_on_close(struct db *db, int64_t lead_id, bool won, int64_t won_stage_id);
int scoring_on_restore(struct db *db, int64_t lead_id);
int scoring_on_stage_change(struct db *db, int64_t lead_id, int64_t old_stage, int64_t new_stage);
/* AFTER a write that may change the score (stage, team, a configured
 * field, tags, restore): store automated_probability, and probability when
 * it follows the score (probability_manual = 0). Lost/archived leads are
 * never touched; won stage -> 100; no stage -> 0. *out_e2 (may be NULL)
 * receives the probability x 100, or -1 when the partition cannot score. */
int scoring_rescore_lead(struct db *db, int64_t lead_id, int64_t *out_e2);
/* "Back to automatic": probability = automated_probability, manual off;
 * *e2 (may be NULL) receives it x 100. ERR_NOTFOUND for archived leads. */
int scoring_set_automatic(struct db *db, int64_t lead_id, int64_t *e2);
/* A team is being deleted: fold its rows into the no-team rows. */
int scoring_team_deleted(struct db *db, int64_t team_id);

/* ---- full rebuild ------------------------------------------------------- */
struct scoring_stats {
	int64_t won, lost;       /* closed leads learned from */
	int64_t rows;            /* frequency rows written */
	int64_t candidates;      /* open leads rescored */
	int64_t updated;         /* leads whose stored values changed */
	int64_t unscored;        /* in a partition that cannot score */
	double learn_s, score_s;
};
/* progress(arg, done, total) after each batch of the rescoring phase. */
typedef void (*scoring_progress_fn)(void *arg, const struct scoring_stats *st, int64_t done,
				    int64_t total);
/* Empty the table, learn from every closed lead, rescore every open lead in
 * batches of batch ids (0: 5000), each batch its own short transaction (the
 * lead table is never locked for long). Live increments wait only while the
 * table is learned (a few seconds for a million leads), never lost. */
int scoring_rebuild(struct db *db, size_t batch, scoring_progress_fn progress, void *arg,
		    struct scoring_stats *st);
/* The same with the rescoring phase spread over ndb connections (dbs[0]
 * learns and rebuilds the report sums): on a server with several cores the
 * leads' reads and writes run side by side. Each leads' rescoring is the
 * same as with one connection; progress is called under a lock. */
#define SCORING_MAX_CONNECTIONS 8
int scoring_rebuild_on(struct db *const *dbs, size_t ndb, size_t batch, scoring_progress_fn progress,
		       void *arg, struct scoring_stats *st);

/* From a request: rebuild now when there are at most max_leads leads, else
 * ask `piste cron` to do it on its next run (*scheduled). */
int scoring_rebuild_or_schedule(struct db *db, int64_t max_leads, bool *scheduled,
				struct scoring_stats *st);

/* ---- pure maths (tests, explain) ----------------------------------------- */
struct scoring_model;
/* Load the frequency rows for the configured variables, with the stages. */
int scoring_model_load(struct db *db, const struct scoring_config *cfg,
		       struct scoring_model **out);
void scoring_model_free(struct scoring_model *m);

struct scoring_lead {
	int64_t team_id, stage_id;        /* 0: none */
	const char *vals[SV_COUNT];       /* SV_COUNTRY..SV_LANG values, NULL/"" = none */
	const int64_t *tags;
	size_t ntags;
};

struct scoring_factor {
	int var;                  /* enum scoring_var */
	const char *value;        /* the lead's value (tag name filled by explain) */
	double won, lost;         /* the row's counts (0 when none) */
	double won_total, lost_total;
	double factor;            /* (won/won_total) / (lost/lost_total); 1 when unused */
	const char *skipped;      /* NULL when used, else "no_row", "few_closed", "no_total" */
};
struct scoring_explain {
	int status;               /* 0 scored, 1 no stage, 2 won stage, 3 cannot score */
	int64_t partition;        /* team id, 0 no team, -1 the all-teams pool */
	double W, L, prior;       /* prior = W / (W + L) */
	int64_t e2;               /* probability x 100 (0..10000), -1 when status 3 */
	struct scoring_factor f[SV_COUNT + 64];
	size_t nf;
};
/* Probability x 100 of one lead (-1: cannot score); ex (may be NULL) receives
 * the explanation. */
int64_t scoring_model_probability(const struct scoring_model *m, const struct scoring_lead *l,
				  struct scoring_explain *ex);
/* Why a lead has its automated probability (S2): the current table applied
 * to its current values, tags named. ERR_NOTFOUND when it does not exist. */
int scoring_explain_lead(struct db *db, struct arena *a, int64_t lead_id,
			 struct scoring_explain *out);
/* Whether a viewer may see the lead (X1: a salesperson sees own and
 * unassigned records; all = manager). */
bool scoring_lead_visible(struct db *db, int64_t lead_id, int64_t viewer_id, bool all);
/* For pages: the lead's name, probability, automated_probability,
 * probability_manual, active. */
int scoring_lead_summary(struct db *db, struct arena *a, int64_t lead_id, struct db_rows *out);
/* What the model learned per partition: team_id (0: none), team_name, won,
 * lost (closed leads counted on the first global stage). */
int scoring_team_totals(struct db *db, struct arena *a, struct db_rows *out);
/* Round as Python's round(100 * p, 2), then clamp to [0.01, 99.99]; x 100. */
int64_t scoring_round_e2(double p);

#endif
