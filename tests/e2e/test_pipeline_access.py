"""Pipeline access rules (X1) on every record route, HTML and API: a
salesperson sees and edits their own and unassigned records, another
salesperson's record is a 404; managers see everything; configuration is for
managers. And CSRF on every state-changing form."""
from pl_helpers import stage_id, uid

RECORD_GETS = ["/crm/leads/{id}", "/crm/leads/{id}/lost", "/api/v1/leads/{id}",
               "/api/v1/leads/{id}/messages", "/api/v1/leads/{id}/activities"]
RECORD_POSTS = [("/crm/leads/{id}", {"name": "hijack"}), ("/crm/leads/{id}/stage", {"stage_id": "{stage}"}),
                ("/crm/leads/{id}/won", {}), ("/crm/leads/{id}/lost", {}), ("/crm/leads/{id}/restore", {}),
                ("/crm/leads/{id}/notes", {"body": "hello"}),
                ("/crm/leads/{id}/activities", {"type": "Call"})]
API_POSTS = [("POST", "/api/v1/leads/{id}/won", {}), ("POST", "/api/v1/leads/{id}/lost", {}),
             ("POST", "/api/v1/leads/{id}/restore", {}), ("POST", "/api/v1/leads/{id}/messages", {"body": "x"}),
             ("POST", "/api/v1/leads/{id}/activities", {"type": "Call"}),
             ("PATCH", "/api/v1/leads/{id}", {"name": "hijack"})]


def fmt(path, lead, stage):
    return path.replace("{id}", str(lead)).replace("{stage}", str(stage))


def test_other_salespersons_record_is_404_everywhere(h):
    owner, _ = h.new_user("sales")
    owner_api = h.api(owner)
    lead = owner_api.post_json("/api/v1/leads", {"name": "Private deal", "type": "opportunity"}).json()
    act = owner_api.post_json(f"/api/v1/leads/{lead['id']}/activities", {"type": "Call"}).json()
    st = stage_id(h, "Qualified")
    intruder_login, intruder_pw = h.new_user("sales")
    web = h.login(intruder_login, intruder_pw)
    api = h.api(intruder_login)
    for p in RECORD_GETS:
        cl = api if p.startswith("/api/") else web
        r = cl.get(fmt(p, lead["id"], st))
        assert r.status == 404, (p, r.status)
        assert "Private deal" not in r.text
    for p, fields in RECORD_POSTS:
        f = {k: fmt(v, lead["id"], st) for k, v in fields.items()}
        r = web.post_form(fmt(p, lead["id"], st), f)
        assert r.status == 404, (p, r.status)
    for m, p, body in API_POSTS:
        r = api.post_json(fmt(p, lead["id"], st), body, method=m)
        assert r.status == 404, (m, p, r.status)
        assert r.json()["error"]["code"] == "not_found"
    for p in (f"/crm/activities/{act['id']}/done", f"/crm/activities/{act['id']}/cancel"):
        assert web.post_form(p, {}).status == 404, p
    assert api.post_json(f"/api/v1/activities/{act['id']}/done", {}).status == 404
    # Nothing changed, nothing leaked through lists or exports.
    assert h.sql1("SELECT name FROM crm_lead WHERE id = ?", lead["id"]) == "Private deal"
    assert h.sql1("SELECT active FROM crm_lead WHERE id = ?", lead["id"]) == "1"
    assert h.sql1("SELECT COUNT(*) FROM activity WHERE res_id = ?", lead["id"]) == "1"
    assert "Private deal" not in web.get("/crm/opportunities?q=Private").text
    assert "Private deal" not in web.get("/crm/leads/export.csv?q=Private").text
    assert all(i["id"] != lead["id"] for i in api.get("/api/v1/leads?q=Private").json()["items"])
    r = web.post_form("/crm/leads/bulk", {"ids": str(lead["id"]), "action": "tag", "tag": "Stolen"},
                      page="/crm/opportunities")
    assert h.sql1("SELECT COUNT(*) FROM lead_tag WHERE lead_id = ?", lead["id"]) == "0"
    r = web.post_form("/crm/leads/bulk", {"ids": str(lead["id"]), "action": "export"}, page="/crm/opportunities")
    assert "Private deal" not in r.text
    assert "Private deal" not in web.get("/crm/pipeline?mine=0").text


def test_unassigned_records_are_shared_and_managers_see_all(h):
    owner_api = h.api(role="sales")
    mine = owner_api.post_json("/api/v1/leads", {"name": "Owned one"}).json()
    free = owner_api.post_json("/api/v1/leads", {"name": "Free one", "user_id": None}).json()
    assert free["user_id"] is None
    other = h.api(role="sales")
    assert other.get(f"/api/v1/leads/{free['id']}").status == 200
    assert other.post_json(f"/api/v1/leads/{free['id']}", {"priority": 1}, method="PATCH").status == 200
    assert other.get(f"/api/v1/leads/{mine['id']}").status == 404
    mgr_login, mgr_pw = h.new_user("manager")
    mgr = h.api(mgr_login)
    assert mgr.get(f"/api/v1/leads/{mine['id']}").status == 200
    assert h.login(mgr_login, mgr_pw).get(f"/crm/leads/{mine['id']}").status == 200
    assert mgr.post_json(f"/api/v1/leads/{mine['id']}/won", {}).status == 200
    # Taking an unassigned record makes it the taker's.
    r = other.post_json(f"/api/v1/leads/{free['id']}", {"user_id": uid(h, other.login_name)}, method="PATCH")
    assert r.json()["user_id"] == uid(h, other.login_name) and r.json()["date_open"]
    assert owner_api.get(f"/api/v1/leads/{free['id']}").status == 404


def test_customers_follow_the_same_rules(h):
    a = h.api(role="sales")
    p = a.post_json("/api/v1/partners", {"name": "Owned customer", "user_id": uid(h, a.login_name)}).json()
    shared = a.post_json("/api/v1/partners", {"name": "Shared customer"}).json()
    b_login, b_pw = h.new_user("sales")
    b = h.api(b_login)
    web = h.login(b_login, b_pw)
    assert b.get(f"/api/v1/partners/{p['id']}").status == 404
    assert b.post_json(f"/api/v1/partners/{p['id']}", {"city": "X"}, method="PATCH").status == 404
    assert web.get(f"/crm/customers/{p['id']}").status == 404
    assert web.post_form(f"/crm/customers/{p['id']}", {"name": "hijack"}).status == 404
    assert b.get(f"/api/v1/partners/{shared['id']}").status == 200
    assert web.get(f"/crm/customers/{shared['id']}").status == 200
    lead = b.post_json("/api/v1/leads", {"name": "Link"}).json()
    r = b.post_json(f"/api/v1/leads/{lead['id']}", {"partner_id": p["id"]}, method="PATCH")
    assert r.status == 422 and r.json()["error"]["field"] == "partner_id"


def test_settings_are_for_managers(h):
    login, pw = h.new_user("sales")
    web = h.login(login, pw)
    assert 'href="/crm/settings"' not in web.get("/crm").text
    for p in ["/crm/settings", "/crm/settings/stages", "/crm/settings/teams", "/crm/settings/lost-reasons",
              "/crm/settings/activity-types", "/crm/settings/tags", "/crm/settings/teams/1"]:
        assert web.get(p).status == 403, p
    for p in ["/crm/settings", "/crm/settings/stages", "/crm/settings/stages/1", "/crm/settings/teams",
              "/crm/settings/lost-reasons", "/crm/settings/tags", "/crm/settings/activity-types"]:
        assert web.post_form(p, {"name": "x"}).status == 403, p
    assert h.sql1("SELECT name FROM stage WHERE id = 1") == "New"


def test_every_state_change_needs_the_csrf_token(h):
    login, pw = h.new_user("manager")
    web = h.login(login, pw)
    api = h.api(login)
    lead = api.post_json("/api/v1/leads", {"name": "CSRF target", "type": "opportunity"}).json()
    act = api.post_json(f"/api/v1/leads/{lead['id']}/activities", {"type": "Call"}).json()
    tid = h.sql1("SELECT id FROM team ORDER BY id LIMIT 1")
    tag = h.sql1("SELECT id FROM tag ORDER BY id LIMIT 1") or "1"
    uid_ = uid(h, login)
    lid = lead["id"]
    posts = [("/crm/leads", {"name": "x"}), (f"/crm/leads/{lid}", {"name": "x"}),
             (f"/crm/leads/{lid}/stage", {"stage_id": "1"}), (f"/crm/leads/{lid}/won", {}),
             (f"/crm/leads/{lid}/lost", {}), (f"/crm/leads/{lid}/restore", {}),
             (f"/crm/leads/{lid}/notes", {"body": "x"}), (f"/crm/leads/{lid}/activities", {"type": "Call"}),
             ("/crm/leads/bulk", {"ids": str(lid), "action": "tag", "tag": "x"}),
             (f"/crm/activities/{act['id']}/done", {}), (f"/crm/activities/{act['id']}/cancel", {}),
             ("/crm/pipeline/quick", {"name": "x"}), ("/crm/customers", {"name": "x"}),
             ("/crm/customers/1", {"name": "x"}), ("/crm/settings", {}),
             ("/crm/settings/stages", {"name": "x"}), ("/crm/settings/stages/1", {"name": "x"}),
             ("/crm/settings/stages/1/move", {"dir": "up"}), ("/crm/settings/stages/1/delete", {}),
             ("/crm/settings/teams", {"name": "x"}), (f"/crm/settings/teams/{tid}", {"name": "x"}),
             (f"/crm/settings/teams/{tid}/members", {"user_id": str(uid_)}),
             (f"/crm/settings/teams/{tid}/members/{uid_}/remove", {}),
             (f"/crm/settings/teams/{tid}/members/{uid_}/default", {}),
             ("/crm/settings/lost-reasons", {"name": "x"}), ("/crm/settings/lost-reasons/1", {"name": "x"}),
             ("/crm/settings/activity-types", {"name": "x"}), ("/crm/settings/activity-types/1", {"name": "x"}),
             ("/crm/settings/tags", {"name": "x"}), (f"/crm/settings/tags/{tag}", {"name": "x"}),
             (f"/crm/settings/tags/{tag}/delete", {})]
    before = h.sql1("SELECT COUNT(*) FROM message")
    for p, f in posts:
        r = web.post(p, f)
        assert r.status == 403, (p, r.status)
        bad = dict(f)
        bad["csrf_token"] = "forged-token"
        assert web.post(p, bad).status == 403, p
    assert h.sql1("SELECT COUNT(*) FROM message") == before
    assert h.sql1("SELECT name FROM crm_lead WHERE id = ?", lid) == "CSRF target"
    assert h.sql1("SELECT COUNT(*) FROM activity WHERE id = ?", act["id"]) == "1"
