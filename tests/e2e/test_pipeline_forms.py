"""Pipeline HTML forms: bad input on every form answers 422 (400 for
malformed) naming the field, keeps what the user typed and changes nothing;
settings pages work; French pages."""
import re
import secrets

from pl_helpers import created_id, uid


def field_error(html, text):
    return re.search(r'class="field-error" role="alert">' + re.escape(text), html) is not None


def test_lead_forms_bad_input(h):
    login, pw = h.new_user("sales")
    web = h.login(login, pw)
    before = h.sql1("SELECT COUNT(*) FROM crm_lead")
    r = web.post_form("/crm/leads", {"name": "", "email": "a@b.example"}, page="/crm/leads/new")
    assert r.status == 422 and field_error(r.text, "This field is required.")
    r = web.post_form("/crm/leads", {"name": "Kept <name>", "email": "not-an-email"}, page="/crm/leads/new")
    assert r.status == 422 and field_error(r.text, "This is not a valid e-mail address.")
    assert 'value="Kept &lt;name&gt;"' in r.text
    r = web.post_form("/crm/leads", {"name": "x", "type": "opportunity", "expected_revenue": "lots"}, page="/crm/leads/new")
    assert r.status == 422 and field_error(r.text, "This is not a valid amount.")
    r = web.post_form("/crm/leads", {"name": "x" * 300}, page="/crm/leads/new")
    assert r.status == 422 and field_error(r.text, "This value is too long.")
    assert h.sql1("SELECT COUNT(*) FROM crm_lead") == before
    r = web.post_form("/crm/leads", {"name": "Good one", "type": "opportunity"}, page="/crm/leads/new")
    lid = created_id(r)
    cases = [({"name": "Good one", "email": "bad@"}, "This is not a valid e-mail address."),
             ({"name": "Good one", "probability": "150"}, "This value is out of range."),
             ({"name": "Good one", "date_deadline": "2030-02-31"}, "This is not a valid date."),
             ({"name": "Good one", "priority": "9"}, "This value is out of range."),
             ({"name": "Good one", "country_code": "France"}, "The country must be a 2-letter code."),
             ({"name": "Good one", "user_id": "99999999"}, "This record does not exist."),
             ({"name": ""}, "This field is required.")]
    for fields, msg in cases:
        r = web.post_form(f"/crm/leads/{lid}", fields, page=f"/crm/leads/{lid}")
        assert r.status == 422, (fields, r.status)
        assert field_error(r.text, msg), (fields, msg)
    assert h.sql1("SELECT name FROM crm_lead WHERE id = ?", lid) == "Good one"
    r = web.post_form(f"/crm/leads/{lid}/notes", {"body": ""}, page=f"/crm/leads/{lid}")
    assert r.status == 422 and field_error(r.text, "This field is required.")
    r = web.post_form(f"/crm/leads/{lid}/activities", {"type": "Nope"}, page=f"/crm/leads/{lid}")
    assert r.status == 422 and field_error(r.text, "This record does not exist.")
    r = web.post_form(f"/crm/leads/{lid}/activities", {"type": "Call", "date_deadline": "tomorrow"},
                      page=f"/crm/leads/{lid}")
    assert r.status == 422 and field_error(r.text, "This is not a valid date.")
    r = web.post_form(f"/crm/leads/{lid}/lost", {"lost_reason_id": "abc"}, page=f"/crm/leads/{lid}/lost")
    assert r.status == 422 and field_error(r.text, "This must be a whole number.")
    r = web.post_form(f"/crm/leads/{lid}/stage", {"stage_id": ""}, page=f"/crm/leads/{lid}")
    assert r.status == 422
    r = web.post_form("/crm/leads/bulk", {"action": "tag", "tag": "x"}, page="/crm/leads")
    assert r.status == 422
    r = web.post_form("/crm/leads/bulk", {"ids": str(lid), "action": "explode"}, page="/crm/leads")
    assert r.status == 422
    r = web.get("/crm/leads?sort=evil")
    assert r.status == 422 and "sort" in r.text
    r = web.get("/crm/leads?created_from=yesterday")
    assert r.status == 422
    assert h.sql1("SELECT COUNT(*) FROM message WHERE res_id = ? AND kind = 'note'", lid) == "0"


def test_html_lost_wizard_and_restore(h):
    login, pw = h.new_user("sales")
    web = h.login(login, pw)
    r = web.post_form("/crm/leads", {"name": "Wizard", "type": "opportunity"}, page="/crm/leads/new")
    lid = created_id(r)
    page = web.get(f"/crm/leads/{lid}/lost")
    assert page.status == 200 and "Too expensive" in page.text and 'name="note"' in page.text
    reason = h.sql1("SELECT id FROM lost_reason WHERE name = 'Not enough stock'")
    r = web.post_form(f"/crm/leads/{lid}/lost", {"lost_reason_id": reason, "note": "Out of oak"},
                      page=f"/crm/leads/{lid}/lost")
    assert r.status == 303
    page = web.get(f"/crm/leads/{lid}")
    assert 'class="ribbon ribbon-lost"' in page.text and "Out of oak" in page.text and "Not enough stock" in page.text
    assert f'action="/crm/leads/{lid}/restore"' in page.text
    r = web.post_form(f"/crm/leads/{lid}/restore", {}, page=f"/crm/leads/{lid}")
    assert r.status == 303
    # Restored: active again and re-scored (S1), probability follows the automated one.
    row = h.sql1("SELECT CONCAT(active, ':', probability = automated_probability, ':', probability > 0)"
                 " FROM crm_lead WHERE id = ?", lid)
    assert row == "1:1:1", row


def test_list_search_filters_group_by_bulk_and_csv(h):
    login, pw = h.new_user("manager")
    web = h.login(login, pw)
    api = h.api(login)
    t = api.post_json("/api/v1/teams", {"name": "List team"}).json()
    ids = []
    for i, (name, email) in enumerate([("=cmd|' /C calc'!A0", "formula@csv.example"),
                                       ("Quote \"inside\", comma", "quote@csv.example"),
                                       ("Plain list item", "plain@csv.example")]):
        ids.append(api.post_json("/api/v1/leads", {"name": name, "email": email, "team_id": t["id"],
                                                   "type": "opportunity", "expected_revenue": str(100 * (i + 1)),
                                                   "source": "Newsletter"}).json()["id"])
    r = web.get(f"/crm/opportunities?team_id={t['id']}")
    assert r.status == 200 and "Plain list item" in r.text and ">3 records" in r.text.replace("</p>", "")
    r = web.get("/crm/opportunities?q=plain@csv.example")
    assert "Plain list item" in r.text and "Quote" not in r.text
    r = web.get(f"/crm/opportunities?team_id={t['id']}&group_by=source")
    assert "Newsletter" in r.text and "€600.00" in r.text
    r = web.get(f"/crm/opportunities?team_id={t['id']}&group_by=stage")
    assert ">New<" in r.text
    csv = web.get(f"/crm/leads/export.csv?team_id={t['id']}")
    assert csv.status == 200 and "text/csv" in csv.header("Content-Type")
    assert "attachment" in csv.header("Content-Disposition")
    assert "\"'=cmd|' /C calc'!A0\"" in csv.text, csv.text
    assert '"Quote ""inside"", comma"' in csv.text
    assert csv.text.count("\r\n") == 4
    # Bulk: tag, assign, lost.
    btag = "Bulk " + secrets.token_hex(3)
    r = web.post_form("/crm/leads/bulk", {"ids": [str(i) for i in ids], "action": "tag", "tag": btag},
                      page="/crm/opportunities")
    assert r.status == 303
    assert h.sql1("SELECT COUNT(*) FROM lead_tag lt JOIN tag t ON t.id = lt.tag_id WHERE t.name = ?", btag) == "3"
    seller = uid(h, h.new_user("sales")[0])
    r = web.post_form("/crm/leads/bulk", {"ids": [str(i) for i in ids[:2]], "action": "assign",
                                          "user_id": str(seller)}, page="/crm/opportunities")
    assert h.sql1(f"SELECT COUNT(*) FROM crm_lead WHERE user_id = ? AND id IN ({ids[0]},{ids[1]})", seller) == "2"
    r = web.post_form("/crm/leads/bulk", {"ids": [str(ids[2])], "action": "lost"}, page="/crm/opportunities")
    assert h.sql1("SELECT active FROM crm_lead WHERE id = ?", ids[2]) == "0"
    r = web.get(f"/crm/opportunities?team_id={t['id']}&filter=lost")
    assert "Plain list item" in r.text
    r = web.post_form("/crm/leads/bulk", {"ids": [str(i) for i in ids], "action": "export"}, page="/crm/opportunities")
    assert r.status == 200 and r.text.count("\r\n") == 4


def test_customers_pages(h):
    login, pw = h.new_user("sales")
    web = h.login(login, pw)
    r = web.post_form("/crm/customers", {"name": "", "email": "bad"}, page="/crm/customers/new")
    assert r.status == 422 and field_error(r.text, "This field is required.")
    r = web.post_form("/crm/customers", {"name": "Atelier Noé", "email": "bad"}, page="/crm/customers/new")
    assert r.status == 422 and field_error(r.text, "This is not a valid e-mail address.")
    r = web.post_form("/crm/customers", {"name": "Atelier Noé", "is_company": "1", "email": "hello@noe.example",
                                         "city": "Annecy", "tags": "VIP"}, page="/crm/customers/new")
    assert r.status == 303
    pid = int(r.header("Location").rsplit("/", 1)[1])
    page = web.get(f"/crm/customers/{pid}")
    assert page.status == 200 and "Annecy" in page.text and f"/crm/opportunities?partner_id={pid}" in page.text
    assert "Atelier Noé" in web.get("/crm/customers?q=Atelier").text
    r = web.post_form(f"/crm/customers/{pid}", {"name": "Atelier Noé", "country_code": "FRA"},
                      page=f"/crm/customers/{pid}")
    assert r.status == 422
    api = h.api(login)
    api.post_json("/api/v1/leads", {"name": "For Noé", "type": "opportunity", "partner_id": pid})
    page = web.get(f"/crm/customers/{pid}")
    assert "<strong>1</strong>" in page.text
    assert "For Noé" in web.get(f"/crm/opportunities?partner_id={pid}").text


def test_settings_pages_stages_teams_reasons_types_tags(h):
    sfx = secrets.token_hex(3)
    login, pw = h.new_user("manager")
    web = h.login(login, pw)
    page = web.get("/crm/settings")
    for link in ("/crm/settings/stages", "/crm/settings/teams", "/crm/settings/lost-reasons",
                 "/crm/settings/activity-types", "/crm/settings/tags", "/crm/settings/intake"):
        assert f'href="{link}"' in page.text, link
    # Stages: create, rename, reorder, won flag, delete.
    r = web.post_form("/crm/settings/stages", {"name": "", "sequence": "5"}, page="/crm/settings/stages")
    assert r.status == 422 and "This field is required." in r.text
    r = web.post_form("/crm/settings/stages", {"name": "Negotiation B" + sfx, "sequence": "4", "requirements": "Budget known"},
                      page="/crm/settings/stages")
    assert r.status == 303
    sid = h.sql1("SELECT id FROM stage WHERE name = ?", "Negotiation B" + sfx)
    r = web.post_form(f"/crm/settings/stages/{sid}", {"name": "Negotiation C" + sfx, "sequence": "4", "folded": "1"},
                      page="/crm/settings/stages")
    assert h.sql1("SELECT CONCAT(name, folded) FROM stage WHERE id = ?", sid) == "Negotiation C" + sfx + "1"
    seq_before = h.sql1("SELECT sequence FROM stage WHERE id = ?", sid)
    web.post_form(f"/crm/settings/stages/{sid}/move", {"dir": "up"}, page="/crm/settings/stages")
    assert int(h.sql1("SELECT sequence FROM stage WHERE id = ?", sid)) < int(seq_before)
    r = web.post_form(f"/crm/settings/stages/{sid}/delete", {}, page="/crm/settings/stages")
    assert r.status == 303 and h.sql1("SELECT COUNT(*) FROM stage WHERE id = ?", sid) == "0"
    used = h.sql1("SELECT id FROM stage WHERE name = 'New' AND team_id IS NULL")
    r = web.post_form(f"/crm/settings/stages/{used}/delete", {}, page="/crm/settings/stages")
    assert r.status == 409
    # Teams: create, edit, members with capacity, multi-team rule.
    r = web.post_form("/crm/settings/teams", {"name": ""}, page="/crm/settings/teams")
    assert r.status == 422
    r = web.post_form("/crm/settings/teams", {"name": "Team Alpha", "alias": f"alpha{sfx}@piste.example",
                                              "use_leads": "1", "use_opportunities": "1"}, page="/crm/settings/teams")
    assert r.status == 303
    ta = int(r.header("Location").rsplit("/", 1)[1])
    r = web.post_form("/crm/settings/teams", {"name": "Team Beta"}, page="/crm/settings/teams")
    tb = int(r.header("Location").rsplit("/", 1)[1])
    seller = uid(h, h.new_user("sales")[0])
    r = web.post_form(f"/crm/settings/teams/{ta}/members", {"user_id": str(seller), "capacity": "-1"},
                      page=f"/crm/settings/teams/{ta}")
    assert r.status == 422
    web.post_form(f"/crm/settings/teams/{ta}/members", {"user_id": str(seller), "capacity": "40",
                                                        "skip_assignment": "1"}, page=f"/crm/settings/teams/{ta}")
    web.post_form(f"/crm/settings/teams/{tb}/members", {"user_id": str(seller), "capacity": "10"},
                  page=f"/crm/settings/teams/{tb}")
    # One team per user unless the multi-team setting is on.
    assert h.sql("SELECT team_id FROM team_member WHERE user_id = ?", seller) == [[str(tb)]]
    h.sql("UPDATE setting SET v = '1' WHERE k = 'multi_team'")
    h.on_cleanup(lambda: h.sql("UPDATE setting SET v = '0' WHERE k = 'multi_team'"))
    web.post_form(f"/crm/settings/teams/{ta}/members", {"user_id": str(seller), "capacity": "40"},
                  page=f"/crm/settings/teams/{ta}")
    assert h.sql1("SELECT COUNT(*) FROM team_member WHERE user_id = ?", seller) == "2"
    web.post_form(f"/crm/settings/teams/{ta}/members/{seller}/default", {}, page=f"/crm/settings/teams/{ta}")
    assert h.sql1("SELECT team_id FROM team_member WHERE user_id = ? AND is_default = 1", seller) == str(ta)
    page = web.get(f"/crm/settings/teams/{ta}")
    assert f"alpha{sfx}@piste.example" in page.text and ">40<" in page.text
    r = web.post_form(f"/crm/settings/teams/{tb}", {"name": "Team Beta", "alias": f"alpha{sfx}@piste.example",
                                                    "use_opportunities": "1"}, page=f"/crm/settings/teams/{tb}")
    assert r.status == 409 and "already used" in r.text
    # Lost reasons with counts.
    r = web.post_form("/crm/settings/lost-reasons", {"name": ""}, page="/crm/settings/lost-reasons")
    assert r.status == 422
    web.post_form("/crm/settings/lost-reasons", {"name": "No budget " + sfx}, page="/crm/settings/lost-reasons")
    rid = h.sql1("SELECT id FROM lost_reason WHERE name = ?", "No budget " + sfx)
    api = h.api(login)
    lead = api.post_json("/api/v1/leads", {"name": "Counted"}).json()
    api.post_json(f"/api/v1/leads/{lead['id']}/lost", {"lost_reason_id": int(rid)})
    page = web.get("/crm/settings/lost-reasons")
    assert re.search(r'lost_reason_id=' + rid + r'&amp;filter=lost">1<', page.text)
    # Activity types and tags.
    r = web.post_form("/crm/settings/activity-types", {"name": "Demo", "delay_count": "-3"},
                      page="/crm/settings/activity-types")
    assert r.status == 422
    r = web.post_form("/crm/settings/activity-types", {"name": "Demo" + sfx, "delay_count": "3", "delay_unit": "weeks",
                                                       "chaining_type": "suggest", "summary": "Show the product"},
                      page="/crm/settings/activity-types")
    assert r.status == 303 and h.sql1("SELECT delay_unit FROM activity_type WHERE name = ?", "Demo" + sfx) == "weeks"
    r = web.post_form("/crm/settings/tags", {"name": "t" * 65}, page="/crm/settings/tags")
    assert r.status == 422
    web.post_form("/crm/settings/tags", {"name": "Gold" + sfx}, page="/crm/settings/tags")
    gid = h.sql1("SELECT id FROM tag WHERE name = ?", "Gold" + sfx)
    web.post_form(f"/crm/settings/tags/{gid}", {"name": "Golden" + sfx, "color": "3"}, page="/crm/settings/tags")
    assert h.sql1("SELECT CONCAT(name, color) FROM tag WHERE id = ?", gid) == "Golden" + sfx + "3"


def test_pages_in_french(h):
    login, pw = h.new_user("manager", lang="fr")
    web = h.login(login, pw)
    api = h.api(login)
    lead = api.post_json("/api/v1/leads", {"name": "Piste FR", "expected_revenue": "1234.56",
                                           "type": "opportunity"}).json()
    page = web.get(f"/crm/leads/{lead['id']}")
    assert "Revenu espéré" in page.text and "Planifier une activité" in page.text and "Historique" in page.text
    assert "1\u202f234,56\u00a0€" in web.get("/crm/opportunities?q=Piste+FR").text
    assert "Mon pipeline" in web.get("/crm/pipeline").text
    assert "Motifs de perte" in web.get("/crm/settings").text
    assert "Mes activités" in web.get("/crm/activities").text
    r = web.post_form("/crm/leads", {"name": "x", "email": "faux"}, page="/crm/leads/new")
    assert r.status == 422 and "adresse" in r.text.lower()


def test_kanban_quick_create_and_its_errors(h):
    web = h.login(role="manager")
    team = int(h.sql1("SELECT id FROM team WHERE active = 1 ORDER BY id LIMIT 1"))
    board = f"/crm/pipeline?team={team}&mine=0"
    page = web.get(board)
    stage = int(re.search(r'name="stage_id" value="(\d+)"', page.text).group(1))
    base = {"type": "opportunity", "team_id": team, "stage_id": stage, "team": team, "mine": "0",
            "next": board}
    r = web.post_form("/crm/pipeline/quick", dict(base, name="Quick deal", partner_name="Quick SARL",
                                                  email="buyer@quick.example", expected_revenue="1500"), page=board)
    assert r.status == 303 and r.header("Location") == board
    assert h.sql("SELECT type, stage_id, expected_revenue FROM crm_lead WHERE name = 'Quick deal'") == \
        [["opportunity", str(stage), "1500.00"]]
    # A bad e-mail: the board again, the form open with the values and the message by the field.
    before = int(h.sql1("SELECT COUNT(*) FROM crm_lead"))
    r = web.post_form("/crm/pipeline/quick", dict(base, name="Broken deal", email="not-an-address",
                                                  partner_name="Kept SARL"), page=board)
    assert r.status == 422, r.status
    assert 'class="kanban"' in r.text and 'details class="quick-create" open' in r.text
    assert 'value="Broken deal"' in r.text and 'value="Kept SARL"' in r.text
    assert 'value="not-an-address"><p class="field-error"' in r.text
    assert int(h.sql1("SELECT COUNT(*) FROM crm_lead")) == before
    r = web.post_form("/crm/pipeline/quick", dict(base, name=""), page=board)
    assert r.status == 422 and 'details class="quick-create" open' in r.text
