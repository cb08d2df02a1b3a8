/* report.h - the reports managers read (SPEC S4; reference/odoo_behaviour.md
 * section 14): pipeline analysis, forecast by expected-closing month,
 * unattended leads, lead quality by source, lead distribution per
 * salesperson, win/loss by lost reason, activities done per week. Reads
 * crm_lead and its neighbours (reports may join); writes only the expected
 * closing date of a forecast card moved to another month. Every query is one
 * grouped statement with bound values, restricted to what the viewer may see
 * (a salesperson: own and unassigned records). Also the CSV writer of the
 * exports (RFC 4180, formula cells neutralised). */
#ifndef PISTE_REPORT_H
#define PISTE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;
struct db;
struct db_rows;
struct err_info;

/* The filters of the lists (P2) plus an optional filter-language text. */
struct report_filter {
	const char *type;     /* "lead", "opportunity", NULL/"": both */
	const char *status;   /* active (default), open, won, lost, archived, all */
	int64_t team_id, user_id, stage_id, lost_reason_id;
	const char *created_from, *created_to;   /* YYYY-MM-DD, inclusive */
	const char *closing_from, *closing_to;   /* expected closing */
	const char *closed_from, *closed_to;
	const char *source, *medium, *campaign, *country;
	const char *q;        /* the filter language (crm/filter.h) */
	bool mine;            /* only the viewer's records */
	int64_t viewer_id;    /* who reads (for "mine" and access) */
	bool viewer_all;      /* manager/admin: every record */
	bool force_raw;       /* tests: read crm_lead even when report_sum could answer */
};

/* Recompute report_sum (the per-bucket sums the pipeline analysis reads)
 * from crm_lead, after bulk updates made with @piste_report_sum_off set. */
int report_sum_rebuild(struct db *db);

/* Validate the filter's values (dates, status, type, q). */
int report_filter_check(struct arena *a, const struct report_filter *f, struct err_info *e);

/* Pipeline analysis. Dimensions: stage, user, team, created_month,
 * closing_month, closed_month, source, medium, campaign, country,
 * lost_reason, tag. Measures (all computed): count, expected_revenue,
 * prorated_revenue, probability (average), day_open, day_close (average
 * days). Rows: k1, l1, k2, l2 (key and label of each dimension; NULL key =
 * none), count, expected_revenue, prorated_revenue, probability, day_open,
 * day_close. g2 may be NULL. At most 1000 groups. */
extern const char *const report_dims[];
extern const char *const report_measures[];
bool report_dim_known(const char *d);
bool report_measure_known(const char *m);
int report_pipeline(struct db *db, struct arena *a, const struct report_filter *f, const char *g1,
		    const char *g2, struct db_rows *out, struct err_info *e);

/* Forecast: open opportunities by month of expected closing, from month
 * from ("YYYY-MM", NULL: the current month) for n months (1-12). cols: month
 * (YYYY-MM), count, expected_revenue, prorated_revenue (every month, empty
 * ones too). cards: id, name, customer, expected_revenue, probability,
 * user_name, date_deadline, month (at most 100 per month). */
int report_forecast(struct db *db, struct arena *a, const struct report_filter *f,
		    const char *from, int n, struct db_rows *cols, struct db_rows *cards,
		    struct err_info *e);
/* Drag a card to another month: expected closing = last day of month
 * ("YYYY-MM"), logged in the lead's chatter. ERR_NOTFOUND when the viewer
 * may not see the lead. *deadline (may be NULL) receives the new date. */
int report_forecast_move(struct db *db, struct arena *a, const struct report_filter *viewer,
			 int64_t author_id, int64_t lead_id, const char *month,
			 const char **deadline, struct err_info *e);

/* Unattended leads: activities due on or before today (YYYY-MM-DD) on
 * active records, by salesperson. Rows: user_id, user_name, lead_id,
 * lead_name, date_deadline, activity_type, summary (at most 2000). */
int report_unattended(struct db *db, struct arena *a, const struct report_filter *f,
		      const char *today, struct db_rows *out);
/* Lead quality by source (every record created in the period, archived
 * too). Rows: source, leads, converted, won, lost, conversion_rate,
 * win_rate (won / closed, %), revenue_per_lead (won revenue / leads). */
int report_quality(struct db *db, struct arena *a, const struct report_filter *f,
		   struct db_rows *out);
/* Lead distribution per salesperson: leads assigned (date_open) from..to
 * versus the capacity for that many days. Rows: user_id, user_name,
 * team_name, assigned, capacity (per 30 days), capacity_period, load (%). */
int report_distribution(struct db *db, struct arena *a, const struct report_filter *f,
			const char *from, const char *to, struct db_rows *out);
/* Win/loss by lost reason (closed records; period on the closing date).
 * Rows: outcome (won/lost), reason_id, reason, count, expected_revenue. */
int report_winloss(struct db *db, struct arena *a, const struct report_filter *f,
		   struct db_rows *out);
/* Activities done (chatter messages with an activity type) per ISO week,
 * type and user, from..to. Rows: week (YYYY-Www), user_id, user_name,
 * type_id, type_name, count. */
int report_activities(struct db *db, struct arena *a, const struct report_filter *f,
		      const char *from, const char *to, struct db_rows *out);

/* CSV: one cell (NULL: empty) preceded by a comma unless first; quoted when
 * it holds a comma, quote, CR, LF or edge spaces (quotes doubled); a cell
 * starting with =, +, -, @, tab or CR gets a leading apostrophe. */
void report_csv_cell(struct buf *b, const char *v, bool first);
/* Header line then every row of the given columns (CRLF, UTF-8 BOM first). */
void report_csv(struct buf *b, const struct db_rows *r, const char *const *cols,
		const char *const *headers, size_t n);

#endif
