"""Security finding 8: the JSON API took values of the wrong JSON type. {"stage_id": [3]} moved a lead,
{"name": ["arr"]} renamed it, {"stage_id": {"a": 1}} answered 200. Every API resource that accepts
writes must answer 422 {"error": {"code", "message", "field"}} naming the member when a single value is
given as an array, an object or (where no boolean is expected) a boolean, or when a list is given as a
single value, and change nothing.

Generic: one record per resource is made through the API; every member of its GET representation, plus
the documented writable members, is sent with each wrong type. Every hole is collected, and the test
fails at the end with the whole list."""
import secrets

from quotes_util import sql_setting

WRONG = ([1], ["x"], {"a": 1}, True)     # for a single value (True only where no boolean is expected)
NOT_LIST = ("x", 1, {"a": 1}, True)       # for a list


def _wrong_values(current):
    if isinstance(current, list):
        return NOT_LIST
    if isinstance(current, bool):
        return WRONG[:3]
    return WRONG


def _refused(r, field):
    """None when r is the expected 422 naming field, else what went wrong."""
    if r.status != 422:
        return f"{r.status} {r.text[:120]}"
    try:
        err = r.json()["error"]
    except (ValueError, KeyError, TypeError):
        return f"422 without a JSON error: {r.text[:120]}"
    if err.get("field") != field or not err.get("message") or not err.get("code"):
        return f"422 naming {err.get('field')!r}: {err}"
    return None


class Holes:
    def __init__(self):
        self.items = []

    def add(self, what, detail):
        self.items.append(f"{what}: {detail}")


def _patch_each(holes, api, label, url, get, fields, body=None, method="PATCH", nested=None):
    """For each member: every wrong value -> 422 naming it; the GET afterwards equals the GET before.
    body: other members sent along (a valid base); nested: wrap the member in this list-of-one-object
    member (quotation lines)."""
    before = get()
    for f, current in fields.items():
        for bad in _wrong_values(current):
            if nested:
                payload = dict(body or {})
                line = dict(nested[1])
                line[f] = bad
                payload[nested[0]] = [line]
            else:
                payload = dict(body or {})
                payload[f] = bad
            r = api.post_json(url, payload, method=method)
            why = _refused(r, f)
            if why:
                holes.add(f"{label} {f}={bad!r}", why)
        after = get()
        if after != before:
            changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k)) \
                if isinstance(before, dict) and isinstance(after, dict) else "?"
            holes.add(f"{label} {f}", f"the record changed: {changed}")
            before = after


def _post_each(holes, api, label, url, base, fields, count):
    """POST base + one wrong member -> 422 naming it; count() (records made) unchanged."""
    n0 = count()
    for f, current in fields.items():
        for bad in _wrong_values(current):
            payload = dict(base)
            payload[f] = bad
            r = api.post_json(url, payload)
            why = _refused(r, f)
            if why:
                holes.add(f"{label} {f}={bad!r}", why)
    n1 = count()
    if n1 != n0:
        holes.add(label, f"{n1 - n0} record(s) made by refused requests")


def _one(items, rid):
    for it in items:
        if it["id"] == rid:
            return it
    return None


SETTING_KEYS = ("leads_enabled", "multi_team", "quotation_validity_days", "quote_numbering", "default_team_id",
                "default_user_id", "require_lost_reason", "scoring_fields", "scoring_start_date", "assignment_mode",
                "assignment_interval", "assignment_interval_unit", "smtp_url", "quote_followup_days")


def test_wrong_json_types_are_refused_on_every_api_resource(h):
    api = h.api(role="admin")
    holes = Holes()
    tok = secrets.token_hex(3)
    count = lambda table: lambda: int(h.sql1(f"SELECT COUNT(*) FROM {table}"))  # noqa: E731

    # ---- records to work on -----------------------------------------------------------------
    team = api.post_json("/api/v1/teams", {"name": f"JT team {tok}"}).json()
    stage = api.post_json("/api/v1/stages", {"name": f"JT stage {tok}", "team_id": team["id"]}).json()
    r = api.post_json("/api/v1/leads", {"name": f"JT lead {tok}", "type": "opportunity", "contact_name": "Jo T",
                                        "partner_name": f"JT Co {tok}", "email": f"jt{tok}@example.com",
                                        "tags": ["JT"], "expected_revenue": "100.00", "team_id": team["id"]})
    assert r.status == 201, r.text
    lead = r.json()
    other = api.post_json("/api/v1/leads", {"name": f"JT other {tok}", "type": "opportunity"}).json()
    partner = api.post_json("/api/v1/partners", {"name": f"JT partner {tok}", "email": f"p{tok}@example.com"}).json()
    tax = api.post_json("/api/v1/taxes", {"name": f"JT tax {tok}", "rate": 20}).json()
    product = api.post_json("/api/v1/products", {"name": f"JT product {tok}", "price": "10.00",
                                                 "tax_ids": [tax["id"]]}).json()
    r = api.post_json("/api/v1/quotes", {"opportunity_id": lead["id"], "lines": [
        {"description": "JT line", "quantity": 1, "price_unit": "10.00", "tax_ids": [tax["id"]]}]})
    assert r.status == 201, r.text
    quote = r.json()
    types = api.get("/api/v1/activity_types").json()["items"]
    r = api.post_json(f"/api/v1/leads/{lead['id']}/activities", {"type": types[0]["id"], "date_deadline": "2030-01-01"})
    assert r.status == 201, r.text
    activity = r.json()
    lid = lead["id"]
    get_lead = lambda: api.get(f"/api/v1/leads/{lid}").json()  # noqa: E731

    # ---- PATCH: every member of the representation, plus the writable ones it does not show ---
    _patch_each(holes, api, "PATCH lead", f"/api/v1/leads/{lid}", get_lead,
                dict(get_lead(), update_customer=False, email_from="x"))
    get_partner = lambda: api.get(f"/api/v1/partners/{partner['id']}").json()  # noqa: E731
    _patch_each(holes, api, "PATCH partner", f"/api/v1/partners/{partner['id']}", get_partner,
                dict(get_partner(), tags=[]))
    get_stage = lambda: _one(api.get("/api/v1/stages").json()["items"], stage["id"])  # noqa: E731
    _patch_each(holes, api, "PATCH stage", f"/api/v1/stages/{stage['id']}", get_stage, get_stage())
    get_team = lambda: _one(api.get("/api/v1/teams").json()["items"], team["id"])  # noqa: E731
    _patch_each(holes, api, "PATCH team", f"/api/v1/teams/{team['id']}", get_team, get_team())
    get_product = lambda: api.get(f"/api/v1/products/{product['id']}").json()  # noqa: E731
    _patch_each(holes, api, "PATCH product", f"/api/v1/products/{product['id']}", get_product,
                dict(get_product(), list_price="1"))
    get_tax = lambda: api.get(f"/api/v1/taxes/{tax['id']}").json()  # noqa: E731
    _patch_each(holes, api, "PATCH tax", f"/api/v1/taxes/{tax['id']}", get_tax, dict(get_tax(), price_include=False))
    qid = quote["id"]
    get_quote = lambda: api.get(f"/api/v1/quotes/{qid}").json()  # noqa: E731
    _patch_each(holes, api, "PATCH quote", f"/api/v1/quotes/{qid}", get_quote, get_quote())
    # The members of a line, inside PATCH {"lines": [...]} and POST .../lines.
    line = dict(get_quote()["lines"][0])
    base_line = {"description": "JT line 2", "quantity": 1, "price_unit": "1.00"}
    _patch_each(holes, api, "PATCH quote line", f"/api/v1/quotes/{qid}", get_quote, line,
                nested=("lines", base_line))
    _patch_each(holes, api, "POST quote line", f"/api/v1/quotes/{qid}/lines", get_quote, line, body=base_line,
                method="POST")

    # ---- settings (global: saved and put back whatever happens) -------------------------------
    saved = {k: h.sql1("SELECT v FROM setting WHERE k = ?", k) for k in SETTING_KEYS}
    try:
        _patch_each(holes, api, "PATCH settings", "/api/v1/settings", lambda: api.get("/api/v1/settings").json(),
                    api.get("/api/v1/settings").json())
    finally:
        for k, v in saved.items():
            sql_setting(h, k, v)
        api.post_json("/api/v1/settings", {"leads_enabled": saved["leads_enabled"] != "0"}, method="PATCH")

    # ---- POST: creations and actions --------------------------------------------------------
    lead_fields = {k: v for k, v in lead.items()}
    lead_fields.update(probability=1, stage_id=1, date_deadline="x", email_from="x")
    _post_each(holes, api, "POST lead", "/api/v1/leads", {"name": f"JT new {tok}"}, lead_fields, count("crm_lead"))
    _post_each(holes, api, "POST partner", "/api/v1/partners", {"name": f"JT new {tok}"},
               dict(partner, tags=[]), count("partner"))
    _post_each(holes, api, "POST stage", "/api/v1/stages", {"name": f"JT new {tok}", "team_id": team["id"]},
               stage, count("stage"))
    _post_each(holes, api, "POST team", "/api/v1/teams", {"name": f"JT new {tok}"}, team, count("team"))
    _post_each(holes, api, "POST product", "/api/v1/products", {"name": f"JT new {tok}", "price": "1"},
               dict(product, list_price="1"), count("product"))
    _post_each(holes, api, "POST tax", "/api/v1/taxes", {"name": f"JT new {tok}", "rate": 1},
               dict(tax, price_include=False), count("tax"))
    _post_each(holes, api, "POST quote", "/api/v1/quotes", {"opportunity_id": lid, "lines": [base_line]},
               dict(quote, customer="none"), count("quote"))
    _post_each(holes, api, "POST lost reason", "/api/v1/lost_reasons", {"name": f"JT new {tok}"},
               {"name": "x"}, count("lost_reason"))
    members = lambda: len(api.get(f"/api/v1/teams/{team['id']}/members").json()["items"])  # noqa: E731
    me = int(h.sql1("SELECT id FROM app_user WHERE login = ?", api.login_name))
    _post_each(holes, api, "POST team member", f"/api/v1/teams/{team['id']}/members", {"user_id": me},
               {"user_id": 1, "capacity": 1, "filter": "x", "skip_assignment": False}, members)
    _post_each(holes, api, "POST message", f"/api/v1/leads/{lid}/messages", {"body": "JT note"}, {"body": "x"},
               lambda: len(api.get(f"/api/v1/leads/{lid}/messages").json()["items"]))
    _post_each(holes, api, "POST activity", f"/api/v1/leads/{lid}/activities",
               {"type": types[0]["id"], "date_deadline": "2030-01-02"},
               {k: activity.get(k, 1) for k in ("type", "activity_type_id", "summary", "note", "date_deadline",
                                                "user_id", "previous_type_id")},
               lambda: len(api.get(f"/api/v1/leads/{lid}/activities").json()["items"]))
    # Actions: refused before anything is done, so the records stay as they were.
    state = lambda: (get_lead(), api.get(f"/api/v1/leads/{other['id']}").json(), get_quote(),  # noqa: E731
                     len(api.get(f"/api/v1/leads/{lid}/activities").json()["items"]))
    before = state()
    actions = [
        (f"/api/v1/leads/{lid}/lost", {}, {"lost_reason_id": 1, "note": "x"}),
        (f"/api/v1/activities/{activity['id']}/done", {}, {"feedback": "x"}),
        ("/api/v1/leads/merge", {"ids": [lid, other["id"]]}, {"ids": [], "user_id": 1, "team_id": 1}),
        (f"/api/v1/leads/{other['id']}/convert", {"action": "convert", "customer": "none"},
         {"action": "x", "customer": "x", "partner_id": 1, "user_id": 1, "team_id": 1, "merge_ids": []}),
        (f"/api/v1/leads/{lid}/unmerge", {}, {"merge_id": 1}),
        (f"/api/v1/reports/forecast/{lid}/move", {}, {"month": "2031-01"}),
        (f"/api/v1/quotes/{qid}/send", {"to": "jt@example.com"},
         {"to": "x", "cc": "x", "subject": "x", "body": "x", "idem_key": "x", "followup_days": 1}),
        ("/api/v1/assignment/run", {}, {"team_id": 1}),
    ]
    for url, base, fields in actions:
        _post_each(holes, api, f"POST {url}", url, base, fields, lambda: 0)
    after = state()
    for what, b, a in zip(("lead", "other lead", "quote", "activities"), before, after):
        if a != b:
            changed = sorted(k for k in b if b.get(k) != a.get(k)) if isinstance(b, dict) else f"{b} -> {a}"
            holes.add(f"refused actions changed the {what}", changed)

    # The finding's own examples, spelled out.
    now = get_lead()
    if now["stage"]["id"] != lead["stage"]["id"] or now["name"] != lead["name"]:
        holes.add("the lead", f"moved or renamed: {lead['stage']['id']} -> {now['stage']['id']}, {now['name']!r}")
    assert not holes.items, f"{len(holes.items)} wrong JSON type(s) accepted:\n" + "\n".join(holes.items)


def test_the_right_types_still_work(h):
    """The strict types do not refuse what clients legitimately send: numbers for text, numeric strings
    for ids, booleans for flags, lists for lists, and null to clear."""
    api = h.api(role="manager")
    tok = secrets.token_hex(3)
    r = api.post_json("/api/v1/leads", {"name": f"JT ok {tok}", "zip": 74000, "team_id": None, "tags": ["A", "B"]})
    assert r.status == 201, r.text
    lead = r.json()
    assert lead["zip"] == "74000" and sorted(lead["tags"]) == ["A", "B"]
    r = api.post_json(f"/api/v1/leads/{lead['id']}", {"stage_id": str(lead["stage"]["id"]), "phone": None,
                                                       "tags": None, "update_customer": True}, method="PATCH")
    assert r.status == 200, r.text
    assert r.json()["tags"] == [] and r.json()["phone"] is None
    r = api.post_json("/api/v1/stages", {"name": f"JT ok {tok}", "is_won": False, "folded": True})
    assert r.status == 201 and r.json()["folded"] is True, r.text
    r = api.post_json("/api/v1/taxes", {"name": f"JT ok {tok}", "rate": "5.5", "included": True})
    assert r.status == 201 and r.json()["included"] is True, r.text
    r = api.post_json(f"/api/v1/taxes/{r.json()['id']}", {"active": False}, method="PATCH")
    assert r.status == 200 and r.json()["active"] is False, r.text
