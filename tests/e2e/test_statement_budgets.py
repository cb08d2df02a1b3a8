"""Round trips per request (issue: the data path). Each answer carries
X-Piste-Statements in the test stack (debug.statements): the statements run
from the session or API-key check to the response, counted as MariaDB's
Questions counts them."""

def n(r):
    v = r.header("X-Piste-Statements")
    assert v is not None, f"no X-Piste-Statements header ({r.status})"
    return int(v)


def warm(c, path):
    """The second answer: prepared statements and per-process caches warm."""
    c.get(path)
    return c.get(path)


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
