/* reports.c - /crm/reports/... (SPEC S4): every report as a table and a
 * chart (Chart.js, data in a data-chart attribute: the CSP forbids inline
 * scripts), exported as CSV with ?format=csv, and as JSON under
 * /api/v1/reports/<name> (X2a). Forecast cards move to another month by drag
 * and drop (htdocs/js/reports.js) or with the month selector on each card. */
#include "pipeline.h"
#include "intel.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/money.h"
#include "core/str.h"
#include "core/tz.h"
#include "crm/report.h"
#include "crm/team.h"
#include "crm/user.h"
#include "db/db.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

/* Column types: s text, i integer, m money, f number, p percent, d date,
 * t translated key (Intel.Value.<v>). */
struct rcol {
	const char *name;
	char type;
	const char *label; /* Lang key */
};

static const char *tr(struct ctx *c, const char *key)
{
	const char *s = view_tr(c->view, key);
	return s ? s : key;
}

static const char *today(struct ctx *c, int minus_days)
{
	char *d = arena_alloc(c->a, 11);
	tz_local_date(c->user && c->user->tz ? c->user->tz : "UTC", (int64_t)time(NULL) - (int64_t)minus_days * 86400, d);
	return d;
}

int intel_report_filter(struct ctx *c, struct report_filter *f)
{
	memset(f, 0, sizeof *f);
	f->viewer_id = c->user->id;
	f->viewer_all = ctx_is_manager(c);
	bool present;
	int rc;
	if ((rc = req_int(c, "team_id", &f->team_id, 0, INT64_MAX, false, &present, &c->err)) ||
	    (rc = req_int(c, "user_id", &f->user_id, 0, INT64_MAX, false, &present, &c->err)) ||
	    (rc = req_int(c, "stage_id", &f->stage_id, 0, INT64_MAX, false, &present, &c->err)) ||
	    (rc = req_int(c, "lost_reason_id", &f->lost_reason_id, 0, INT64_MAX, false, &present, &c->err)) ||
	    (rc = req_date(c, "created_from", &f->created_from, false, &c->err)) ||
	    (rc = req_date(c, "created_to", &f->created_to, false, &c->err)) ||
	    (rc = req_date(c, "closing_from", &f->closing_from, false, &c->err)) ||
	    (rc = req_date(c, "closing_to", &f->closing_to, false, &c->err)) ||
	    (rc = req_date(c, "closed_from", &f->closed_from, false, &c->err)) ||
	    (rc = req_date(c, "closed_to", &f->closed_to, false, &c->err)) ||
	    (rc = req_text(c, "source", &f->source, 128, false, &c->err)) ||
	    (rc = req_text(c, "medium", &f->medium, 128, false, &c->err)) ||
	    (rc = req_text(c, "campaign", &f->campaign, 128, false, &c->err)) ||
	    (rc = req_text(c, "country", &f->country, 2, false, &c->err)) ||
	    (rc = req_text(c, "status", &f->status, 16, false, &c->err)) ||
	    (rc = req_text(c, "type", &f->type, 16, false, &c->err)) ||
	    (rc = req_text(c, "q", &f->q, 2000, false, &c->err)))
		return rc;
	/* A salesperson's user filter can only be themself. */
	if (!f->viewer_all && f->user_id && f->user_id != c->user->id)
		f->user_id = c->user->id;
	f->mine = req_bool(c, "mine");
	return report_filter_check(c->a, f, &c->err);
}

/* ---- output helpers ---------------------------------------------------------- */

static const char *cell_text(struct ctx *c, const struct rcol *col, const char *v)
{
	if (!v)
		return col->type == 't' || col->type == 's' ? tr(c, "Intel.None") : "";
	char out[64];
	int64_t cents;
	switch (col->type) {
	case 'm':
		if (!money_parse(v, &cents))
			return v;
		money_format(cents, c->lang, out, sizeof out);
		return arena_strdup(c->a, out);
	case 'p':
		return arena_printf(c->a, str_eq(c->lang, "fr") ? "%s %%" : "%s%%", v);
	case 't':
		return tr(c, arena_printf(c->a, "Intel.Value.%s", v));
	default:
		return v;
	}
}

static json_t *cell_json(const struct rcol *col, const char *v)
{
	if (!v)
		return json_null();
	switch (col->type) {
	case 'i':
		return json_integer(strtoll(v, NULL, 10));
	case 'm':
	case 'f':
	case 'p':
		return json_real(strtod(v, NULL));
	default:
		return json_string(v);
	}
}

static int send_csv(struct ctx *c, const char *name, const struct db_rows *r, const struct rcol *cols,
		    size_t n)
{
	const char **names = arena_alloc(c->a, n * sizeof *names), **heads = arena_alloc(c->a, n * sizeof *heads);
	for (size_t i = 0; i < n; i++) {
		names[i] = cols[i].name;
		heads[i] = tr(c, cols[i].label);
	}
	/* Translated values (won/lost) go out translated. */
	struct db_rows copy = *r;
	copy.cells = arena_alloc(c->a, (r->nrows * r->ncols + 1) * sizeof *copy.cells);
	memcpy(copy.cells, r->cells, r->nrows * r->ncols * sizeof *copy.cells);
	for (size_t i = 0; i < n; i++) {
		int ci = db_col(r, cols[i].name);
		if (ci < 0 || cols[i].type != 't')
			continue;
		for (size_t row = 0; row < r->nrows; row++)
			copy.cells[row * r->ncols + (size_t)ci] = (char *)cell_text(c, &cols[i], db_get(r, row, (size_t)ci));
	}
	struct buf b;
	buf_init(&b);
	report_csv(&b, &copy, names, heads, n);
	char disp[128];
	snprintf(disp, sizeof disp, "attachment; filename=\"%s.csv\"", name);
	http_header(c, "Content-Disposition", disp);
	int rc = http_body(c, 200, "text/csv; charset=utf-8", b.p, b.len);
	buf_free(&b);
	return rc;
}

static int send_json(struct ctx *c, const struct db_rows *r, const struct rcol *cols, size_t n, json_t *extra)
{
	json_t *items = json_array();
	for (size_t row = 0; row < r->nrows; row++) {
		json_t *o = json_object();
		for (size_t i = 0; i < n; i++)
			json_object_set_new(o, cols[i].name, cell_json(&cols[i], db_getn(r, row, cols[i].name)));
		json_array_append_new(items, o);
	}
	json_t *j = extra ? extra : json_object();
	json_object_set_new(j, "items", items);
	json_object_set_new(j, "total", json_integer((json_int_t)r->nrows));
	return http_json(c, 200, j);
}

/* Table data for the generic template: Report.Cols.N.{Label,Num},
 * Report.Rows.N.C.M.{Text,Href}. link: column whose cells link to
 * /crm/leads/<lead_id>. */
static void set_table(struct ctx *c, const struct db_rows *r, const struct rcol *cols, size_t n, const char *link)
{
	for (size_t i = 0; i < n; i++) {
		view_setk(c->view, tr(c, cols[i].label), "Report.Cols.%zu.Label", i);
		if (strchr("imfp", cols[i].type))
			view_setk(c->view, "1", "Report.Cols.%zu.Num", i);
	}
	for (size_t row = 0; row < r->nrows; row++)
		for (size_t i = 0; i < n; i++) {
			view_setk(c->view, cell_text(c, &cols[i], db_getn(r, row, cols[i].name)), "Report.Rows.%zu.C.%zu.Text",
				  row, i);
			if (strchr("imfp", cols[i].type))
				view_setk(c->view, "1", "Report.Rows.%zu.C.%zu.Num", row, i);
			if (link && str_eq(cols[i].name, link))
				view_setk(c->view, arena_printf(c->a, "/crm/leads/%s", db_getn(r, row, "lead_id")),
					  "Report.Rows.%zu.C.%zu.Href", row, i);
		}
	view_set_int(c->view, "Report.Count", (int64_t)r->nrows);
}

/* The chart: labels from label_col (NULL -> "None"), one dataset per
 * value column, or per distinct series_col value (stacked). */
struct chart {
	json_t *labels, *datasets;
	const char *type;
	bool stacked;
};

static void chart_init(struct chart *ch, const char *type)
{
	ch->labels = json_array();
	ch->datasets = json_array();
	ch->type = type;
	ch->stacked = false;
}

static size_t label_index(json_t *labels, const char *l)
{
	size_t i;
	json_t *v;
	json_array_foreach(labels, i, v)
	if (str_eq(json_string_value(v), l))
		return i;
	json_array_append_new(labels, json_string(l));
	return json_array_size(labels) - 1;
}

static json_t *dataset(json_t *datasets, const char *label)
{
	size_t i;
	json_t *d;
	json_array_foreach(datasets, i, d)
	if (str_eq(json_string_value(json_object_get(d, "label")), label))
		return d;
	d = json_pack("{s:s, s:[]}", "label", label, "data");
	json_array_append_new(datasets, d);
	return d;
}

static void chart_rows(struct ctx *c, struct chart *ch, const struct db_rows *r, const struct rcol *label,
		       const struct rcol *series, const char *value_col, const char *value_label)
{
	if (series)
		ch->stacked = true;
	/* Labels first, in row order, then one value per label per dataset. */
	for (size_t row = 0; row < r->nrows; row++)
		label_index(ch->labels, cell_text(c, label, db_getn(r, row, label->name)));
	size_t nl = json_array_size(ch->labels);
	for (size_t row = 0; row < r->nrows; row++) {
		const char *sl = series ? cell_text(c, series, db_getn(r, row, series->name)) : value_label;
		json_t *d = dataset(ch->datasets, sl);
		json_t *data = json_object_get(d, "data");
		while (json_array_size(data) < nl)
			json_array_append_new(data, json_real(0));
		size_t li = label_index(ch->labels, cell_text(c, label, db_getn(r, row, label->name)));
		const char *v = db_getn(r, row, value_col);
		json_array_set_new(data, li, json_real(json_real_value(json_array_get(data, li)) + (v ? strtod(v, NULL) : 0)));
	}
}

static void chart_set(struct ctx *c, struct chart *ch, const char *title)
{
	json_t *j = json_pack("{s:s, s:o, s:o, s:b, s:s}", "type", ch->type, "labels", ch->labels, "datasets",
			      ch->datasets, "stacked", ch->stacked, "title", title ? title : "");
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	view_set(c->view, "Report.Chart", s);
	free(s);
}

/* Filter values back into the form, and the team/user choices. */
static int set_filter_form(struct ctx *c, const struct report_filter *f)
{
	static const char *const names[] = {"status", "type", "created_from", "created_to", "closing_from", "closing_to",
					    "closed_from", "closed_to", "source", "medium", "campaign", "country",
					    "q", "from", "to", "group_by", "group_by2", "measure", NULL};
	for (size_t i = 0; names[i]; i++)
		view_setk(c->view, req_get(c, names[i]), "Filter.%s", names[i]);
	view_set_int(c->view, "Filter.team_id", f->team_id);
	view_set_int(c->view, "Filter.user_id", f->user_id);
	if (f->mine)
		view_set(c->view, "Filter.mine", "1");
	struct db_rows r;
	int rc = team_list(c->db, c->a, &r);
	if (rc)
		return rc;
	view_set_rows(c->view, "Teams", &r);
	if (f->viewer_all) {
		if ((rc = user_list(c->db, c->a, &r)))
			return rc;
		view_set_rows(c->view, "Users", &r);
	}
	/* The query string without format=, for the CSV link. */
	struct buf q;
	buf_init(&q);
	for (size_t i = 0; i < c->req.nquery; i++) {
		if (str_eq(c->req.query[i].key, "format") || !c->req.query[i].val)
			continue;
		buf_printf(&q, "%s%s=%s", q.len ? "&" : "", str_url_encode(c->a, c->req.query[i].key),
			   str_url_encode(c->a, c->req.query[i].val));
	}
	view_set(c->view, "Report.Query", q.p ? q.p : "");
	buf_free(&q);
	return 0;
}

enum out { OUT_HTML, OUT_CSV, OUT_JSON };

static enum out out_kind(struct ctx *c)
{
	if (str_starts(c->req.path, "/api/"))
		return str_eq(req_query(c, "format"), "csv") ? OUT_CSV : OUT_JSON;
	return str_eq(req_query(c, "format"), "csv") ? OUT_CSV : OUT_HTML;
}

static int render(struct ctx *c, const char *kind, const char *title_key, const struct report_filter *f)
{
	view_set(c->view, "Report.Kind", kind);
	page_nav(c, "reports", title_key);
	view_set(c->view, "Page.Js.0", "/static/vendor/chart.umd.js");
	view_set(c->view, "Page.Js.1", "/static/js/reports.js");
	int rc = set_filter_form(c, f);
	if (rc)
		return rc;
	/* The status used when none is chosen, shown selected. */
	if (!f->status || !*f->status)
		view_set(c->view, "Filter.status", str_eq(kind, "quality") || str_eq(kind, "winloss") ? "all" : "active");
	return http_page(c, 200, "intel/report.cs");
}

/* ---- pages ------------------------------------------------------------------------ */

int reports_index(struct ctx *c)
{
	view_lang(c->view, c->lang);
	page_nav(c, "reports", "Intel.Reports.Title");
	return http_page(c, 200, "intel/reports.cs");
}

static const struct rcol pipeline_cols[] = {
	{"l1", 's', "Intel.Col.Group"},
	{"l2", 's', "Intel.Col.Group2"},
	{"count", 'i', "Intel.Measure.count"},
	{"expected_revenue", 'm', "Intel.Measure.expected_revenue"},
	{"prorated_revenue", 'm', "Intel.Measure.prorated_revenue"},
	{"probability", 'p', "Intel.Measure.probability"},
	{"day_open", 'f', "Intel.Measure.day_open"},
	{"day_close", 'f', "Intel.Measure.day_close"},
};

static int pipeline(struct ctx *c, enum out out)
{
	view_lang(c->view, c->lang);
	struct report_filter f;
	int rc = intel_report_filter(c, &f);
	if (rc)
		return rc;
	const char *g1 = req_query(c, "group_by"), *g2 = req_query(c, "group_by2"), *measure = req_query(c, "measure");
	/* group_by=a,b works too (API). */
	if (g1 && strchr(g1, ',')) {
		char *x = arena_strdup(c->a, g1);
		char *comma = strchr(x, ',');
		*comma = '\0';
		g1 = x;
		g2 = comma + 1;
	}
	if (!g1 || !*g1)
		g1 = "stage";
	if (!measure || !*measure)
		measure = "prorated_revenue";
	if (!report_measure_known(measure))
		return err_set(&c->err, ERR_INVALID, "measure", "BadChoice",
			       "measure must be count, expected_revenue, prorated_revenue, probability, day_open or day_close");
	struct db_rows r;
	if ((rc = report_pipeline(c->db, c->a, &f, g1, g2, &r, &c->err)))
		return rc;
	bool two = g2 && *g2 && !str_eq(g1, g2);
	struct rcol cols[8];
	size_t n = 0;
	for (size_t i = 0; i < 8; i++) {
		if (i == 1 && !two)
			continue;
		cols[n] = pipeline_cols[i];
		if (i < 2)
			cols[n].label = arena_printf(c->a, "Intel.Dim.%s", i == 0 ? g1 : g2);
		n++;
	}
	if (out == OUT_CSV)
		return send_csv(c, "pipeline", &r, cols, n);
	if (out == OUT_JSON) {
		/* value = the chosen measure, plus every measure. */
		json_t *extra = json_pack("{s:s, s:s, s:s}", "group_by", g1, "group_by2", two ? g2 : "", "measure", measure);
		json_t *items = json_array();
		for (size_t row = 0; row < r.nrows; row++) {
			json_t *o = json_object();
			json_object_set_new(o, "key", db_getn(&r, row, "k1") ? json_string(db_getn(&r, row, "k1")) : json_null());
			json_object_set_new(o, "label", db_getn(&r, row, "l1") ? json_string(db_getn(&r, row, "l1")) : json_null());
			if (two) {
				json_object_set_new(o, "key2", db_getn(&r, row, "k2") ? json_string(db_getn(&r, row, "k2")) : json_null());
				json_object_set_new(o, "label2", db_getn(&r, row, "l2") ? json_string(db_getn(&r, row, "l2")) : json_null());
			}
			for (size_t i = 2; i < 8; i++)
				json_object_set_new(o, pipeline_cols[i].name, cell_json(&pipeline_cols[i], db_getn(&r, row, pipeline_cols[i].name)));
			json_object_set_new(o, "value", cell_json(&pipeline_cols[2], NULL));
			for (size_t i = 2; i < 8; i++)
				if (str_eq(pipeline_cols[i].name, measure))
					json_object_set_new(o, "value", cell_json(&pipeline_cols[i], db_getn(&r, row, measure)));
			json_array_append_new(items, o);
		}
		json_object_set_new(extra, "items", items);
		json_object_set_new(extra, "total", json_integer((json_int_t)r.nrows));
		return http_json(c, 200, extra);
	}
	set_table(c, &r, cols, n, NULL);
	struct chart ch;
	chart_init(&ch, "bar");
	const char *mlabel = tr(c, arena_printf(c->a, "Intel.Measure.%s", measure));
	chart_rows(c, &ch, &r, &cols[0], two ? &cols[1] : NULL, measure, mlabel);
	chart_set(c, &ch, mlabel);
	for (size_t i = 0; report_dims[i]; i++) {
		view_setk(c->view, report_dims[i], "Dims.%zu.Key", i);
		view_setk(c->view, tr(c, arena_printf(c->a, "Intel.Dim.%s", report_dims[i])), "Dims.%zu.Label", i);
	}
	for (size_t i = 0; report_measures[i]; i++) {
		view_setk(c->view, report_measures[i], "Measures.%zu.Key", i);
		view_setk(c->view, tr(c, arena_printf(c->a, "Intel.Measure.%s", report_measures[i])), "Measures.%zu.Label", i);
	}
	view_set(c->view, "Filter.group_by", g1);
	view_set(c->view, "Filter.group_by2", two ? g2 : "");
	view_set(c->view, "Filter.measure", measure);
	return render(c, "pipeline", "Intel.Reports.Pipeline", &f);
}

int report_pipeline_page(struct ctx *c)
{
	return pipeline(c, out_kind(c));
}

static const struct rcol forecast_col_cols[] = {
	{"month", 's', "Intel.Col.Month"},
	{"count", 'i', "Intel.Measure.count"},
	{"expected_revenue", 'm', "Intel.Measure.expected_revenue"},
	{"prorated_revenue", 'm', "Intel.Measure.prorated_revenue"},
};
static const struct rcol forecast_card_cols[] = {
	{"id", 'i', "Intel.Col.Id"},
	{"name", 's', "Intel.Col.Lead"},
	{"customer", 's', "Intel.Col.Customer"},
	{"expected_revenue", 'm', "Intel.Measure.expected_revenue"},
	{"probability", 'p', "Intel.Measure.probability"},
	{"user_name", 's', "Intel.Col.Salesperson"},
	{"date_deadline", 'd', "Intel.Col.Deadline"},
	{"month", 's', "Intel.Col.Month"},
};

static int forecast(struct ctx *c, enum out out)
{
	view_lang(c->view, c->lang);
	struct report_filter f;
	int rc = intel_report_filter(c, &f);
	if (rc)
		return rc;
	int64_t months = 6;
	bool present;
	const char *from = req_query(c, "from");
	if ((rc = req_int(c, "months", &months, 1, 12, false, &present, &c->err)))
		return rc;
	struct db_rows cols, cards;
	if ((rc = report_forecast(c->db, c->a, &f, from, (int)months, &cols, &cards, &c->err)))
		return rc;
	if (out == OUT_CSV)
		return send_csv(c, "forecast", &cards, forecast_card_cols, 8);
	if (out == OUT_JSON) {
		json_t *mj = json_array();
		for (size_t i = 0; i < cols.nrows; i++) {
			json_t *o = json_object();
			for (size_t k = 0; k < 4; k++)
				json_object_set_new(o, forecast_col_cols[k].name, cell_json(&forecast_col_cols[k], db_getn(&cols, i, forecast_col_cols[k].name)));
			json_array_append_new(mj, o);
		}
		return send_json(c, &cards, forecast_card_cols, 8, json_pack("{s:o}", "months", mj));
	}
	for (size_t i = 0; i < cols.nrows; i++) {
		const char *m = db_getn(&cols, i, "month");
		view_setk(c->view, m, "Forecast.%zu.Month", i);
		view_setk(c->view, db_getn(&cols, i, "count"), "Forecast.%zu.Count", i);
		view_setk(c->view, cell_text(c, &forecast_col_cols[2], db_getn(&cols, i, "expected_revenue")), "Forecast.%zu.Revenue", i);
		view_setk(c->view, cell_text(c, &forecast_col_cols[3], db_getn(&cols, i, "prorated_revenue")), "Forecast.%zu.Prorated", i);
		size_t k = 0;
		for (size_t j = 0; j < cards.nrows; j++) {
			if (!str_eq(db_getn(&cards, j, "month"), m))
				continue;
			view_setk(c->view, db_getn(&cards, j, "id"), "Forecast.%zu.Cards.%zu.Id", i, k);
			view_setk(c->view, db_getn(&cards, j, "name"), "Forecast.%zu.Cards.%zu.Name", i, k);
			view_setk(c->view, db_getn(&cards, j, "customer"), "Forecast.%zu.Cards.%zu.Customer", i, k);
			view_setk(c->view, cell_text(c, &forecast_card_cols[3], db_getn(&cards, j, "expected_revenue")),
				  "Forecast.%zu.Cards.%zu.Revenue", i, k);
			view_setk(c->view, cell_text(c, &forecast_card_cols[4], db_getn(&cards, j, "probability")),
				  "Forecast.%zu.Cards.%zu.Probability", i, k);
			view_setk(c->view, db_getn(&cards, j, "user_name"), "Forecast.%zu.Cards.%zu.User", i, k);
			view_setk(c->view, db_getn(&cards, j, "date_deadline"), "Forecast.%zu.Cards.%zu.Deadline", i, k);
			k++;
		}
	}
	struct chart ch;
	chart_init(&ch, "bar");
	chart_rows(c, &ch, &cols, &forecast_col_cols[0], NULL, "expected_revenue", tr(c, "Intel.Measure.expected_revenue"));
	chart_rows(c, &ch, &cols, &forecast_col_cols[0], NULL, "prorated_revenue", tr(c, "Intel.Measure.prorated_revenue"));
	chart_set(c, &ch, tr(c, "Intel.Reports.Forecast"));
	view_set(c->view, "Report.Kind", "forecast");
	page_nav(c, "reports", "Intel.Reports.Forecast");
	view_set(c->view, "Page.Js.0", "/static/vendor/chart.umd.js");
	view_set(c->view, "Page.Js.1", "/static/js/reports.js");
	view_set_int(c->view, "Filter.months", months);
	if ((rc = set_filter_form(c, &f)))
		return rc;
	if (req_query(c, "moved"))
		view_set(c->view, "Report.Moved", req_query(c, "moved"));
	return http_page(c, 200, "intel/forecast.cs");
}

int report_forecast_page(struct ctx *c)
{
	return forecast(c, out_kind(c));
}

static int forecast_move(struct ctx *c, const char **deadline)
{
	const char *month;
	int rc = req_text(c, "month", &month, 7, true, &c->err);
	if (rc)
		return rc;
	struct report_filter viewer = {.viewer_id = c->user->id, .viewer_all = ctx_is_manager(c)};
	return report_forecast_move(c->db, c->a, &viewer, c->user->id, c->req.id[0], month, deadline, &c->err);
}

int report_forecast_move_post(struct ctx *c)
{
	const char *deadline;
	int rc = forecast_move(c, &deadline);
	if (rc)
		return rc;
	if (c->req.wants_json)
		return http_json(c, 200, json_pack("{s:I, s:s}", "id", (json_int_t)c->req.id[0], "date_deadline", deadline));
	const char *back = page_safe_next(req_form(c, "next"), "/crm/reports/forecast");
	return http_redirect(c, back);
}

int api_report_forecast_move(struct ctx *c)
{
	const char *deadline;
	int rc = forecast_move(c, &deadline);
	if (rc)
		return rc;
	return http_json(c, 200, json_pack("{s:I, s:s}", "id", (json_int_t)c->req.id[0], "date_deadline", deadline));
}

/* The period of distribution / activities (default: the last 30 days). */
static int period(struct ctx *c, const char **from, const char **to, int days)
{
	int rc;
	if ((rc = req_date(c, "from", from, false, &c->err)) || (rc = req_date(c, "to", to, false, &c->err)))
		return rc;
	if (!*to)
		*to = today(c, 0);
	if (!*from)
		*from = today(c, days - 1);
	if (strcmp(*from, *to) > 0)
		return err_set(&c->err, ERR_INVALID, "from", "BadPeriod", "the period starts after it ends");
	view_set(c->view, "Filter.from", *from);
	view_set(c->view, "Filter.to", *to);
	return 0;
}

static const struct rcol unattended_cols[] = {
	{"user_name", 's', "Intel.Col.Salesperson"}, {"lead_name", 's', "Intel.Col.Lead"},
	{"activity_type", 's', "Intel.Col.Activity"}, {"summary", 's', "Intel.Col.Summary"},
	{"date_deadline", 'd', "Intel.Col.Deadline"},
};
static const struct rcol quality_cols[] = {
	{"source", 's', "Intel.Dim.source"}, {"leads", 'i', "Intel.Col.Leads"},
	{"converted", 'i', "Intel.Col.Converted"}, {"conversion_rate", 'p', "Intel.Col.ConversionRate"},
	{"won", 'i', "Intel.Col.Won"}, {"lost", 'i', "Intel.Col.Lost"},
	{"win_rate", 'p', "Intel.Col.WinRate"}, {"revenue_per_lead", 'm', "Intel.Col.RevenuePerLead"},
};
static const struct rcol distribution_cols[] = {
	{"user_name", 's', "Intel.Col.Salesperson"}, {"team_name", 's', "Intel.Col.Team"},
	{"assigned", 'i', "Intel.Col.Assigned"}, {"capacity", 'i', "Intel.Col.Capacity30"},
	{"capacity_period", 'i', "Intel.Col.CapacityPeriod"}, {"load_pct", 'p', "Intel.Col.Load"},
};
static const struct rcol winloss_cols[] = {
	{"outcome", 't', "Intel.Col.Outcome"}, {"reason", 's', "Intel.Dim.lost_reason"},
	{"count", 'i', "Intel.Measure.count"}, {"expected_revenue", 'm', "Intel.Measure.expected_revenue"},
};
static const struct rcol activities_cols[] = {
	{"week", 's', "Intel.Col.Week"}, {"user_name", 's', "Intel.Col.Salesperson"},
	{"type_name", 's', "Intel.Col.Activity"}, {"count", 'i', "Intel.Col.Done"},
};

static int simple_report(struct ctx *c, const char *kind, enum out out)
{
	view_lang(c->view, c->lang);
	struct report_filter f;
	int rc = intel_report_filter(c, &f);
	if (rc)
		return rc;
	struct db_rows r;
	const struct rcol *cols;
	size_t n;
	const char *title, *link = NULL;
	struct chart ch;
	chart_init(&ch, "bar");
	if (str_eq(kind, "unattended")) {
		const char *t = today(c, 0);
		if ((rc = report_unattended(c->db, c->a, &f, t, &r)))
			goto fail;
		cols = unattended_cols, n = 5, title = "Intel.Reports.Unattended", link = "lead_name";
		/* Chart: how many per salesperson. */
		for (size_t i = 0; i < r.nrows; i++) {
			size_t li = label_index(ch.labels, db_getn(&r, i, "user_name"));
			json_t *d = dataset(ch.datasets, tr(c, "Intel.Col.Overdue"));
			json_t *data = json_object_get(d, "data");
			while (json_array_size(data) <= li)
				json_array_append_new(data, json_integer(0));
			json_array_set_new(data, li, json_integer(json_integer_value(json_array_get(data, li)) + 1));
		}
		view_set(c->view, "Filter.today", t);
	} else if (str_eq(kind, "quality")) {
		if ((rc = report_quality(c->db, c->a, &f, &r)))
			goto fail;
		cols = quality_cols, n = 8, title = "Intel.Reports.Quality";
		chart_rows(c, &ch, &r, &cols[0], NULL, "conversion_rate", tr(c, "Intel.Col.ConversionRate"));
		chart_rows(c, &ch, &r, &cols[0], NULL, "win_rate", tr(c, "Intel.Col.WinRate"));
	} else if (str_eq(kind, "distribution")) {
		const char *from, *to;
		if ((rc = period(c, &from, &to, 30)) || (rc = report_distribution(c->db, c->a, &f, from, to, &r)))
			goto fail;
		cols = distribution_cols, n = 6, title = "Intel.Reports.Distribution";
		chart_rows(c, &ch, &r, &cols[0], NULL, "assigned", tr(c, "Intel.Col.Assigned"));
		chart_rows(c, &ch, &r, &cols[0], NULL, "capacity_period", tr(c, "Intel.Col.CapacityPeriod"));
	} else if (str_eq(kind, "winloss")) {
		if ((rc = report_winloss(c->db, c->a, &f, &r)))
			goto fail;
		cols = winloss_cols, n = 4, title = "Intel.Reports.WinLoss";
		/* One bar per outcome/reason. */
		for (size_t i = 0; i < r.nrows; i++) {
			const char *reason = db_getn(&r, i, "reason");
			const char *label = str_eq(db_getn(&r, i, "outcome"), "won")
						    ? tr(c, "Intel.Value.won")
						    : arena_printf(c->a, "%s: %s", tr(c, "Intel.Value.lost"), reason ? reason : tr(c, "Intel.None"));
			label_index(ch.labels, label);
			json_t *d = dataset(ch.datasets, tr(c, "Intel.Measure.count"));
			json_array_append_new(json_object_get(d, "data"), json_integer(strtoll(db_getn(&r, i, "count"), NULL, 10)));
		}
	} else {
		const char *from, *to;
		if ((rc = period(c, &from, &to, 84)) || (rc = report_activities(c->db, c->a, &f, from, to, &r)))
			goto fail;
		cols = activities_cols, n = 4, title = "Intel.Reports.Activities";
		chart_rows(c, &ch, &r, &cols[0], &cols[2], "count", NULL);
	}
	if (out != OUT_HTML) {
		json_decref(ch.labels);
		json_decref(ch.datasets);
		return out == OUT_CSV ? send_csv(c, kind, &r, cols, n) : send_json(c, &r, cols, n, NULL);
	}
	set_table(c, &r, cols, n, link);
	if (link)
		for (size_t i = 0; i < r.nrows; i++)
			view_setk(c->view, db_getn(&r, i, "lead_id"), "Report.Rows.%zu.LeadId", i);
	chart_set(c, &ch, tr(c, title));
	return render(c, kind, title, &f);
fail:
	json_decref(ch.labels);
	json_decref(ch.datasets);
	return rc;
}

int report_unattended_page(struct ctx *c)
{
	return simple_report(c, "unattended", out_kind(c));
}

int report_quality_page(struct ctx *c)
{
	return simple_report(c, "quality", out_kind(c));
}

int report_distribution_page(struct ctx *c)
{
	return simple_report(c, "distribution", out_kind(c));
}

int report_winloss_page(struct ctx *c)
{
	return simple_report(c, "winloss", out_kind(c));
}

int report_activities_page(struct ctx *c)
{
	return simple_report(c, "activities", out_kind(c));
}

/* GET /api/v1/reports/<name> */
int api_report(struct ctx *c)
{
	const char *name = c->req.rest ? c->req.rest : "";
	enum out out = out_kind(c);
	if (str_eq(name, "pipeline"))
		return pipeline(c, out);
	if (str_eq(name, "forecast"))
		return forecast(c, out);
	if (str_eq(name, "unattended") || str_eq(name, "quality") || str_eq(name, "distribution") ||
	    str_eq(name, "winloss") || str_eq(name, "activities"))
		return simple_report(c, name, out);
	return err_set(&c->err, ERR_NOTFOUND, "", "NotFound",
		       "no such report (pipeline, forecast, unattended, quality, distribution, winloss, activities)");
}
