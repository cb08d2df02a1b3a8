"""Foundation: the database goes away and comes back (workers reconnect alone)."""
import time


def test_database_down_gives_503_and_workers_reconnect(h):
    c = h.login()
    assert c.get("/crm").status == 200
    login, pw = h.new_user()
    fr = h.client()
    page = fr.get("/crm/login", headers={"Accept-Language": "fr"})
    h.stop_db()
    for path in ("/healthz", "/crm/healthz", "/quotes/healthz", "/my/healthz", "/contact/healthz"):
        r = h.client().get(path)
        assert r.status == 503, (path, r.status)
        assert r.json()["status"] == "unavailable"
    r = c.get("/crm")
    assert r.status == 503
    assert "The database is not answering" in r.text
    from harness import field
    r = fr.post("/crm/login", {"login": login, "password": pw,
                               "form_token": field(page.text, "form_token")},
                headers={"Accept-Language": "fr"})
    assert r.status == 503 and "La base de données ne répond pas" in r.text
    r = c.get("/api/v1/me", headers={"Accept": "application/json"})
    assert r.status == 503 and r.json()["error"]["code"] == "unavailable"
    # The public home page does not need the database.
    assert h.client().get("/").status == 200
    h.start_db()
    deadline = time.time() + 20
    while time.time() < deadline and h.client().get("/healthz").status != 200:
        time.sleep(0.2)
    assert h.client().get("/healthz").status == 200
    time.sleep(0.2)  # threads that failed a reconnection wait 100 ms before the next try
    # Same session, same workers (no restart): the session is still valid.
    for _ in range(20):  # every worker thread reconnects on its next request
        assert c.get("/crm").status == 200
