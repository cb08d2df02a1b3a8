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
