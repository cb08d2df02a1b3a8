"""Pipeline JSON API (X2a): leads, won/lost/restore, messages, activities,
stages, teams, lost reasons, tags, users, partners; exact shapes and errors."""
import secrets

from pl_helpers import messages, stage_id, tracking, uid, won_stage


LEAD_KEYS = {"id", "name", "type", "active", "contact_name", "partner_name", "email", "phone", "stage",
             "team_id", "user_id", "partner_id", "expected_revenue", "probability", "automated_probability",
             "prorated_revenue", "priority", "tags", "lost_reason", "date_open", "date_closed",
             "date_conversion", "create_date", "similar_count", "quote_count", "order_amount"}


def test_create_get_list_patch_lead(h):
    login, _ = h.new_user("sales")
    api = h.api(login)
    r = api.post_json("/api/v1/leads", {"name": "API lead", "contact_name": "Élise", "partner_name": "ACME",
                                        "email": "elise@acme.example", "phone": "06 12 34 56 78",
                                        "expected_revenue": "1234.50", "priority": 2, "tags": ["API", "Hot"],
                                        "country_code": "fr", "date_deadline": "2030-01-31"})
    assert r.status == 201, r
    lead = r.json()
    assert LEAD_KEYS <= set(lead), LEAD_KEYS - set(lead)
    assert lead["type"] == "lead" and lead["active"] is True and lead["user_id"] == uid(h, login)
    assert lead["stage"]["name"] == "New" and isinstance(lead["stage"]["id"], int)
    assert lead["expected_revenue"] == "1234.50" and lead["priority"] == 2
    assert sorted(lead["tags"]) == ["API", "Hot"] and lead["country_code"] == "FR"
    assert lead["create_date"].endswith("Z") and "T" in lead["create_date"]
    got = api.get(f"/api/v1/leads/{lead['id']}").json()
    assert got["name"] == "API lead" and got["email"] == "elise@acme.example"
    r = api.get("/api/v1/leads?q=elise@acme.example")
    body = r.json()
    assert r.status == 200 and body["total"] >= 1 and any(i["id"] == lead["id"] for i in body["items"])
    assert api.get("/api/v1/leads?q=Hot&type=lead").json()["total"] >= 1
    r = api.post_json(f"/api/v1/leads/{lead['id']}", {"expected_revenue": "2000", "probability": 35,
                                                       "type": "opportunity", "tags": ["Hot"]}, method="PATCH")
    assert r.status == 200, r
    p = r.json()
    assert p["expected_revenue"] == "2000.00" and p["probability"] == 35 and p["type"] == "opportunity"
    assert p["tags"] == ["Hot"] and p["date_conversion"] is not None
    assert p["prorated_revenue"] == "700.00"
    assert h.sql1("SELECT probability_manual FROM crm_lead WHERE id = ?", lead["id"]) == "1"
    tr = tracking(messages(api, lead["id"]))
    assert ("expected_revenue", "1234.50", "2000.00") in tr and ("type", "lead", "opportunity") in tr
    # The new lead was scored at creation (S1); the hand-set value replaces that.
    assert ("probability", f"{float(lead['probability']):.2f}", "35.00") in tr, tr


def test_list_filters_pagination_and_total(h):
    login, _ = h.new_user("manager")
    api = h.api(login)
    t = api.post_json("/api/v1/teams", {"name": "Paging team"}).json()
    ids = [api.post_json("/api/v1/leads", {"name": f"Page {i}", "team_id": t["id"]}).json()["id"] for i in range(7)]
    r = api.get(f"/api/v1/leads?team_id={t['id']}&limit=3")
    body = r.json()
    assert body["total"] == 7 and [i["id"] for i in body["items"]] == sorted(ids, reverse=True)[:3]
    r2 = api.get(f"/api/v1/leads?team_id={t['id']}&limit=3&offset=3").json()
    assert [i["id"] for i in r2["items"]] == sorted(ids, reverse=True)[3:6]
    r3 = api.get(f"/api/v1/leads?team_id={t['id']}&limit=3&after={sorted(ids, reverse=True)[5]}").json()
    assert [i["id"] for i in r3["items"]] == [min(ids)]
    assert api.get(f"/api/v1/leads?team_id={t['id']}&stage_id={stage_id(h, 'Won')}").json()["total"] == 0
    assert api.get("/api/v1/leads?sort=bogus").status == 422
    assert api.get("/api/v1/leads?sort=bogus").json()["error"]["field"] == "sort"
    assert api.get("/api/v1/leads?limit=0").json()["error"]["field"] == "limit"
    assert api.get("/api/v1/leads?type=deal").json()["error"]["field"] == "type"


def test_won_lost_restore(h):
    login, _ = h.new_user("sales")
    api = h.api(login)
    lead = api.post_json("/api/v1/leads", {"name": "Deal", "type": "opportunity", "probability": 40}).json()
    r = api.post_json(f"/api/v1/leads/{lead['id']}/won", {})
    assert r.status == 200, r
    w = r.json()
    assert w["stage"]["id"] == won_stage(h) and w["probability"] == 100 and w["is_won"] and w["date_closed"]
    reason = int(h.sql1("SELECT id FROM lost_reason WHERE name = 'Too expensive'"))
    r = api.post_json(f"/api/v1/leads/{lead['id']}/lost", {"lost_reason_id": reason, "note": "Budget cut"})
    lost = r.json()
    assert r.status == 200 and lost["active"] is False and lost["probability"] == 0 and lost["is_lost"]
    assert lost["lost_reason"] == "Too expensive"
    msgs = messages(api, lead["id"])
    assert msgs[0]["subject"] == "Opportunity lost" and msgs[0]["body"] == "Budget cut"
    assert ("lost_reason", None, "Too expensive") in tracking(msgs[:1])
    # Lost records leave the normal lists and appear under the Lost filter.
    assert lead["id"] not in [i["id"] for i in api.get("/api/v1/leads?limit=1000").json()["items"]]
    assert lead["id"] in [i["id"] for i in api.get("/api/v1/leads?filter=lost&limit=1000").json()["items"]]
    r = api.post_json(f"/api/v1/leads/{lead['id']}/restore", {})
    back = r.json()
    assert r.status == 200 and back["active"] is True and back["lost_reason"] is None
    assert back["probability"] == 100  # still in the won stage
    assert api.post_json(f"/api/v1/leads/{lead['id']}/restore", {}).status == 409
    # Won from a lost record restores it as won.
    api.post_json(f"/api/v1/leads/{lead['id']}/lost", {})
    assert api.post_json(f"/api/v1/leads/{lead['id']}/won", {}).json()["active"] is True


def test_lost_reason_required_by_setting_or_stage(h):
    login, _ = h.new_user("sales")
    api = h.api(login)
    lead = api.post_json("/api/v1/leads", {"name": "Needs a reason", "type": "opportunity"}).json()
    h.sql("UPDATE setting SET v = '1' WHERE k = 'require_lost_reason'")
    h.on_cleanup(lambda: h.sql("UPDATE setting SET v = '0' WHERE k = 'require_lost_reason'"))
    r = api.post_json(f"/api/v1/leads/{lead['id']}/lost", {"note": "?"})
    assert r.status == 422 and r.json()["error"]["field"] == "lost_reason_id"
    assert h.sql1("SELECT active FROM crm_lead WHERE id = ?", lead["id"]) == "1"
    r = api.post_json(f"/api/v1/leads/{lead['id']}/lost", {"lost_reason_id": 999999})
    assert r.status == 422 and r.json()["error"]["field"] == "lost_reason_id"


def test_messages_notes_and_mentions(h):
    login, _ = h.new_user("sales")
    other, _ = h.new_user("sales", name="Mentioned Person")
    api = h.api(login)
    lead = api.post_json("/api/v1/leads", {"name": "Mentions"}).json()
    r = api.post_json(f"/api/v1/leads/{lead['id']}/messages", {"body": f"Ask @{other} about <b>this</b>."})
    assert r.status == 201 and r.json()["kind"] == "note"
    msgs = messages(api, lead["id"])
    assert msgs[0]["body"] == f"Ask @{other} about <b>this</b>." and msgs[0]["author"]
    assert {"id", "date", "author", "kind", "subject", "body", "tracking"} <= set(msgs[0])
    oid = uid(h, other)
    assert h.sql1("SELECT COUNT(*) FROM notification WHERE user_id = ? AND event = 'mention' AND res_id = ?",
                  oid, lead["id"]) == "1"
    assert h.sql1("SELECT COUNT(*) FROM follower WHERE user_id = ? AND res_id = ? AND res_model = 'lead'",
                  oid, lead["id"]) == "1"
    r = api.post_json(f"/api/v1/leads/{lead['id']}/messages", {"body": "   "})
    assert r.status == 422 and r.json()["error"]["field"] == "body"


def test_activities_api_states_and_done_with_trigger(h):
    login, _ = h.new_user("sales")
    api = h.api(login)
    lead = api.post_json("/api/v1/leads", {"name": "Activity API"}).json()
    types = api.get("/api/v1/activity_types").json()["items"]
    names = [t["name"] for t in types]
    for n in ("Call", "E-mail", "Meeting", "To-Do", "Upload document"):
        assert n in names, names
    a = api.post_json(f"/api/v1/leads/{lead['id']}/activities", {"type": "Call", "summary": "Call back",
                                                                 "date_deadline": "2000-02-02"})
    assert a.status == 201 and a.json()["state"] == "overdue" and a.json()["type"]["name"] == "Call"
    b = api.post_json(f"/api/v1/leads/{lead['id']}/activities", {"type": "meeting"}).json()
    assert b["state"] == "today"
    call = next(t for t in types if t["name"] == "Call")
    assert a.json()["activity_type_id"] == call["id"]
    items = api.get("/api/v1/activities?state=overdue").json()["items"]
    assert [i["summary"] for i in items] == ["Call back"]
    assert {"id", "res_model", "res_id", "type", "summary", "date_deadline", "user_id", "state"} <= set(items[0])
    # A type that triggers the next one: done creates it.
    mgr = h.api(role="manager")
    todo = next(t for t in types if t["name"] == "To-Do")
    h.sql("UPDATE activity_type SET chaining_type = 'trigger', next_type_id = ? WHERE id = ?", todo["id"], call["id"])
    h.on_cleanup(lambda: h.sql("UPDATE activity_type SET chaining_type = 'suggest' WHERE id = ?", call["id"]))
    r = api.post_json(f"/api/v1/activities/{a.json()['id']}/done", {"feedback": "No answer"})
    assert r.status == 200 and r.json()["next_activity_id"], r
    nxt = api.get(f"/api/v1/leads/{lead['id']}/activities").json()["items"]
    assert any(i["type"]["name"] == "To-Do" and i["date_deadline"] == "2000-02-07" for i in nxt), nxt
    assert api.post_json(f"/api/v1/activities/{a.json()['id']}/done", {}).status == 404
    r = api.post_json(f"/api/v1/leads/{lead['id']}/activities", {"type": "Nope"})
    assert r.status == 422 and r.json()["error"]["field"] == "type"
    r = api.post_json(f"/api/v1/leads/{lead['id']}/activities", {"type": "Call", "date_deadline": "2020-02-30"})
    assert r.status == 422 and r.json()["error"]["field"] == "date_deadline"
    assert mgr.get(f"/api/v1/activities?user_id={uid(h, login)}").status == 200
    assert api.get(f"/api/v1/activities?user_id={uid(h, mgr.login_name)}").status == 404


def test_configuration_endpoints(h):
    api = h.api(role="sales")
    stages = api.get("/api/v1/stages").json()["items"]
    assert {"id", "name", "sequence", "is_won", "folded", "team_id"} <= set(stages[0])
    glob = [s["name"] for s in stages if s["team_id"] is None]
    assert [n for n in glob if n in ("New", "Qualified", "Proposition", "Won")] == ["New", "Qualified", "Proposition", "Won"]
    teams = api.get("/api/v1/teams").json()["items"]
    assert any(t["name"] == "Direct Sales" for t in teams)
    reasons = api.get("/api/v1/lost_reasons").json()["items"]
    assert {"id", "name", "lead_count"} <= set(reasons[0])
    assert api.get("/api/v1/tags").status == 200
    users = api.get("/api/v1/users").json()["items"]
    assert {"id", "login", "name", "role"} <= set(users[0])
    # Changes are for managers.
    assert api.post_json("/api/v1/stages", {"name": "Nope"}).status == 403
    assert api.post_json("/api/v1/teams", {"name": "Nope"}).status == 403
    mgr = h.api(role="manager")
    alias = f"api-{secrets.token_hex(3)}@piste.example"
    r = mgr.post_json("/api/v1/teams", {"name": "API team", "alias": alias,
                                        "use_leads": False, "leader_id": uid(h, mgr.login_name)})
    assert r.status == 201 and r.json()["use_leads"] is False, r
    tid = r.json()["id"]
    r = mgr.post_json(f"/api/v1/teams/{tid}", {"name": "API team 2"}, method="PATCH")
    assert r.json()["name"] == "API team 2" and r.json()["alias"] == alias
    seller, _ = h.new_user("sales")
    r = mgr.post_json(f"/api/v1/teams/{tid}/members", {"user_id": uid(h, seller), "capacity": 45,
                                                        "skip_assignment": True})
    assert r.status == 201 and r.json()["items"][0]["capacity"] == 45 and r.json()["items"][0]["skip_assignment"]
    r = mgr.post_json("/api/v1/stages", {"name": "API stage", "team_id": tid, "sequence": 5})
    assert r.status == 201 and r.json()["team_id"] == tid
    r = mgr.post_json(f"/api/v1/stages/{r.json()['id']}", {"folded": True}, method="PATCH")
    assert r.json()["folded"] is True and r.json()["name"] == "API stage"
    assert any(s["name"] == "API stage" for s in api.get(f"/api/v1/stages?team_id={tid}").json()["items"])
    r = mgr.post_json("/api/v1/lost_reasons", {"name": "Went silent"})
    assert r.status == 201 and r.json()["lead_count"] == 0
    r = mgr.post_json("/api/v1/teams", {"name": "Dup alias", "alias": alias})
    assert r.status == 409 and r.json()["error"]["field"] == "alias"


def test_partners_create_get_patch_and_customer_sync(h):
    login, _ = h.new_user("sales")
    api = h.api(login)
    r = api.post_json("/api/v1/partners", {"name": "Boulangerie Zoé", "is_company": True,
                                           "email": "contact@zoe.example", "phone": "04 72 00 00 00",
                                           "street": "1 rue du Four", "city": "Lyon", "zip": "69001",
                                           "country_code": "FR", "website": "https://zoe.example"})
    assert r.status == 201, r
    p = r.json()
    assert p["is_company"] is True and p["city"] == "Lyon"
    assert api.get(f"/api/v1/partners/{p['id']}").json()["name"] == "Boulangerie Zoé"
    r = api.post_json(f"/api/v1/partners/{p['id']}", {"city": "Villeurbanne"}, method="PATCH")
    assert r.json()["city"] == "Villeurbanne" and r.json()["email"] == "contact@zoe.example"
    # Choosing the customer fills the lead from it, address as one block.
    lead = api.post_json("/api/v1/leads", {"name": "Sync", "street": "old street", "contact_name": "Kept"}).json()
    r = api.post_json(f"/api/v1/leads/{lead['id']}", {"partner_id": p["id"]}, method="PATCH")
    s = r.json()
    assert s["partner_name"] == "Boulangerie Zoé" and s["email"] == "contact@zoe.example"
    assert s["street"] == "1 rue du Four" and s["city"] == "Villeurbanne" and s["zip"] == "69001"
    assert s["contact_name"] == "Kept" and s["website"] == "https://zoe.example"
    # Editing the e-mail with update_customer writes it to the customer.
    api.post_json(f"/api/v1/leads/{lead['id']}", {"email": "new@zoe.example", "update_customer": True},
                  method="PATCH")
    assert api.get(f"/api/v1/partners/{p['id']}").json()["email"] == "new@zoe.example"
    assert api.get(f"/api/v1/partners/{p['id']}").json()["opportunity_count"] == 0
    r = api.post_json("/api/v1/partners", {"email": "x@y.example"})
    assert r.status == 422 and r.json()["error"]["field"] == "name"


def test_patch_refuses_unknown_and_bad_fields(h):
    api = h.api(role="sales")
    lead = api.post_json("/api/v1/leads", {"name": "Strict"}).json()
    for body, field in [({"colour": "red"}, "colour"), ({"email": "not-an-email"}, "email"),
                        ({"probability": 101}, "probability"), ({"priority": 4}, "priority"),
                        ({"expected_revenue": "12.345"}, "expected_revenue"), ({"date_deadline": "31/12/2030"}, "date_deadline"),
                        ({"name": ""}, "name"), ({"stage_id": 999999}, "stage_id"), ({"user_id": 999999}, "user_id"),
                        ({"type": "deal"}, "type"), ({"country_code": "FRA"}, "country_code"),
                        ({"name": "x" * 256}, "name")]:
        r = api.post_json(f"/api/v1/leads/{lead['id']}", body, method="PATCH")
        assert r.status == 422, (body, r)
        assert r.json()["error"]["field"] == field, (body, r.json())
    assert api.get(f"/api/v1/leads/{lead['id']}").json()["name"] == "Strict"
    # A stage of another team is refused.
    mgr = h.api(role="manager")
    t = mgr.post_json("/api/v1/teams", {"name": "Stage owner"}).json()
    st = mgr.post_json("/api/v1/stages", {"name": "Private stage", "team_id": t["id"]}).json()
    r = api.post_json(f"/api/v1/leads/{lead['id']}", {"stage_id": st["id"]}, method="PATCH")
    assert r.status == 422 and r.json()["error"]["field"] == "stage_id"
    r = api.post_json("/api/v1/leads", {"name": "Bad", "email": "nope"})
    assert r.status == 422 and r.json()["error"]["field"] == "email"
    r = api.post_json("/api/v1/leads", {"contact_name": "No name"})
    assert r.status == 422 and r.json()["error"]["field"] == "name"


def test_team_aliases_are_checked_on_create_and_update(h):
    api = h.api(role="manager")
    for bad in ("sales+fair", "two words", "a@b@c", "x" * 70, "<sales>"):
        r = api.post_json("/api/v1/teams", {"name": "Alias check", "alias": bad})
        assert r.status == 422 and r.json()["error"]["field"] == "alias", (bad, r.text)
    assert h.sql1("SELECT COUNT(*) FROM team WHERE name = 'Alias check'") == "0"
    r = api.post_json("/api/v1/teams", {"name": "Alias check", "alias": "alias-check@piste.example"})
    assert r.status == 201, r.text
    tid = r.json()["id"]
    r = api.post_json(f"/api/v1/teams/{tid}", {"alias": "alias+tag"}, method="PATCH")
    assert r.status == 422 and r.json()["error"]["field"] == "alias"
    assert h.sql1("SELECT alias FROM team WHERE id = ?", tid) == "alias-check@piste.example"


def test_a_team_without_leads_gets_opportunities_even_when_lead_is_asked(h):
    api = h.api(role="manager")
    r = api.post_json("/api/v1/teams", {"name": "No leads team", "use_leads": False})
    assert r.status == 201, r.text
    tid = r.json()["id"]
    r = api.post_json("/api/v1/leads", {"name": "Asked as a lead", "type": "lead", "team_id": tid})
    assert r.status == 201 and r.json()["type"] == "opportunity", r.text
    web = h.login(role="manager")
    r = web.post_form("/crm/leads", {"name": "From the form", "type": "lead", "team_id": tid}, page="/crm/leads/new")
    assert r.status == 303, r.text[:300]
    assert h.sql1("SELECT type FROM crm_lead WHERE name = 'From the form' AND team_id = ?", tid) == "opportunity"
    # A team with leads keeps them.
    team = int(h.sql1("SELECT id FROM team WHERE use_leads = 1 AND active = 1 ORDER BY id LIMIT 1"))
    r = api.post_json("/api/v1/leads", {"name": "Still a lead", "type": "lead", "team_id": team})
    assert r.json()["type"] == "lead"
