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
