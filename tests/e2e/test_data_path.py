"""The data path (issue: typed records, round trips): long lists answer in
full, whatever their length."""


def test_api_list_of_a_thousand_leads_with_tags(h):
    # GET /api/v1/leads?limit=257..1000 answered 422 "internal error": the
    # tags of the page were fetched with one parameter per id, over db.c's
    # limit of 256 parameters.
    mgr = h.api(role="manager")
    team = mgr.post_json("/api/v1/teams", {"name": "Thousand leads"}).json()["id"]
    stage = h.sql1("SELECT id FROM stage WHERE team_id IS NULL ORDER BY sequence LIMIT 1")
    h.sql("INSERT INTO crm_lead (name, type, team_id, stage_id, probability) "
          "SELECT CONCAT('bulk ', seq), 'lead', ?, ?, 10 FROM seq_1_to_1000 WHERE seq <= 600", team, int(stage))
    h.sql("INSERT IGNORE INTO tag (name) VALUES ('Bulk path')")
    h.sql("INSERT IGNORE INTO lead_tag (lead_id, tag_id) SELECT l.id, t.id FROM crm_lead l JOIN tag t "
          "ON t.name = 'Bulk path' WHERE l.team_id = ?", team)
    for limit in (257, 600, 1000):
        r = mgr.get(f"/api/v1/leads?team_id={team}&limit={limit}")
        assert r.status == 200, r
        items = r.json()["items"]
        assert len(items) == min(limit, 600), (limit, len(items))
        assert all(i["tags"] == ["Bulk path"] for i in items), [i["tags"] for i in items if i["tags"] != ["Bulk path"]][:3]
    # The CSV export of the same list carries every row's tag too.
    web = h.login(role="manager")
    r = web.get(f"/crm/leads/export.csv?team_id={team}")
    assert r.status == 200, r
    assert r.text.count("Bulk path") == 600, r.text[:300]


def test_quotation_follow_up_call_sets_the_leads_next_activity_in_the_assignees_zone(h):
    # Sending a quotation schedules a follow-up call. It was inserted behind
    # the activity module's back: the lead's next-activity deadline (kanban
    # bar, "late" filter) stayed empty and the days were counted in UTC.
    import datetime
    import zoneinfo
    from quotes_util import api_quote, make_opportunity
    api = h.api(role="sales")
    # A zone whose date differs from UTC's right now.
    tz = "Pacific/Kiritimati" if datetime.datetime.utcnow().hour >= 10 else "Pacific/Pago_Pago"
    h.sql("UPDATE app_user SET tz = ? WHERE login = ?", tz, api.login_name)
    opp = make_opportunity(h, user=api.login_name, contact="Follow Up", company="Suivi SARL",
                           email="suivi@example.com")
    qid = api_quote(h, api.login_name, opp, [{"description": "Audit", "quantity": 1, "price_unit": "100.00"}],
                    client=api)
    r = api.post_json(f"/api/v1/quotes/{qid}/send", {"followup_days": 3})
    assert r.status == 200, r
    due = (datetime.datetime.now(zoneinfo.ZoneInfo(tz)).date() + datetime.timedelta(days=3)).isoformat()
    row = h.sql("SELECT DATE_FORMAT(date_deadline, '%Y-%m-%d'), automated FROM activity "
                "WHERE res_model = 'lead' AND res_id = ?", opp)
    assert row == [[due, "1"]], (row, due)
    assert h.sql1("SELECT DATE_FORMAT(activity_deadline, '%Y-%m-%d') FROM crm_lead WHERE id = ?", opp) == due
