"""Pipeline: a salesperson's day through the HTML pages (nginx, cookies, CSRF):
create a lead, edit it, schedule an activity, mark it done, move it to Won;
the chatter shows each step. Also the no-JavaScript stage change and the
kanban page."""
import re

from pl_helpers import created_id, messages, stage_id, tracking, uid, won_stage


def test_journey_create_edit_activity_done_won_chatter(h):
    login, pw = h.new_user("sales", name="Journey Seller")
    c = h.login(login, pw)
    # Create (the form of /crm/leads/new).
    r = c.post_form("/crm/leads", {"name": "Fit-out for Café Zoé", "type": "lead",
                                   "email": "zoe@cafe-zoe.example", "partner_name": "Café Zoé",
                                   "expected_revenue": "1 500,00"}, page="/crm/leads/new")
    assert r.status == 303, r
    lid = created_id(r)
    page = c.get(f"/crm/leads/{lid}")
    assert page.status == 200 and "Fit-out for Café Zoé" in page.text
    assert h.sql1("SELECT user_id FROM crm_lead WHERE id = ?", lid) == str(uid(h, login))
    # Edit: revenue and priority; convert the record to an opportunity by API-free form field.
    r = c.post_form(f"/crm/leads/{lid}", {"name": "Fit-out for Café Zoé", "expected_revenue": "4200",
                                          "priority": "2", "email": "zoe@cafe-zoe.example",
                                          "tags": "VIP, Café"}, page=f"/crm/leads/{lid}")
    assert r.status == 303, r
    row = h.sql("SELECT expected_revenue, priority FROM crm_lead WHERE id = ?", lid)[0]
    assert row == ["4200.00", "2"], row
    # Schedule a call due today.
    today = h.sql1("SELECT DATE_FORMAT(CONVERT_TZ(UTC_TIMESTAMP(), '+00:00', '+00:00'), '%Y-%m-%d')")
    r = c.post_form(f"/crm/leads/{lid}/activities", {"type": "Call", "summary": "Discuss the layout",
                                                     "date_deadline": today}, page=f"/crm/leads/{lid}")
    assert r.status == 303, r
    aid = int(h.sql1("SELECT id FROM activity WHERE res_model = 'lead' AND res_id = ?", lid))
    page = c.get(f"/crm/leads/{lid}")
    assert "Discuss the layout" in page.text
    assert h.sql1("SELECT activity_deadline FROM crm_lead WHERE id = ?", lid) == today
    # Mark it done with feedback.
    r = c.post_form(f"/crm/activities/{aid}/done", {"feedback": "She wants oak tables"},
                    page=f"/crm/leads/{lid}")
    assert r.status == 303, r
    assert h.sql1("SELECT COUNT(*) FROM activity WHERE id = ?", aid) == "0"
    assert h.sql1("SELECT activity_deadline FROM crm_lead WHERE id = ?", lid) is None
    # Move to Won without JavaScript: the stage selector form.
    won = won_stage(h)
    r = c.post_form(f"/crm/leads/{lid}/stage", {"stage_id": str(won), "next": "/crm/pipeline"},
                    page=f"/crm/leads/{lid}")
    assert r.status == 303 and r.header("Location") == "/crm/pipeline", r
    row = h.sql("SELECT stage_id, probability, date_closed IS NOT NULL FROM crm_lead WHERE id = ?", lid)[0]
    assert row == [str(won), "100.00", "1"], row
    page = c.get(f"/crm/leads/{lid}")
    assert 'class="ribbon ribbon-won"' in page.text
    # The chatter shows every step.
    chatter = page.text[page.text.index('class="chatter"'):]
    assert "She wants oak tables" in chatter and "Discuss the layout" in chatter
    assert "Expected revenue" in chatter and "1500.00" in chatter and "4200.00" in chatter
    assert "Won" in chatter and "100.00" in chatter
    api = h.api(login)
    msgs = messages(api, lid)
    kinds = [m["kind"] for m in msgs]
    assert "activity" in kinds and kinds.count("tracking") >= 3, kinds
    done = next(m for m in msgs if m["kind"] == "activity")
    assert done["activity_type_id"] and "She wants oak tables" in done["body"]
    tr = tracking(msgs)
    assert ("expected_revenue", "1500.00", "4200.00") in tr, tr
    assert any(f == "stage" and n == "Won" for f, o, n in tr), tr
    assert any(f == "probability" and n == "100.00" for f, o, n in tr), tr


def test_kanban_page_columns_cards_and_no_js_stage_select(h):
    login, pw = h.new_user("sales")
    c = h.login(login, pw)
    api = h.api(login)
    team = int(h.sql1("SELECT id FROM team WHERE name = 'Direct Sales'"))
    lead = api.post_json("/api/v1/leads", {"name": "Kanban card Ω", "type": "opportunity", "team_id": team,
                                           "expected_revenue": "777.00", "priority": 3}).json()
    page = c.get(f"/crm/pipeline?team={team}")
    assert page.status == 200
    for col in ("New", "Qualified", "Proposition", "Won"):
        assert f'aria-label="{col}"' in page.text, col
    assert "Kanban card Ω" in page.text and "€777.00" in page.text
    assert 'src="/static/vendor/Sortable.min.js"' in page.text and 'src="/static/js/kanban.js"' in page.text
    # The card has a stage selector posting with the CSRF token (no JS needed).
    card = page.text[page.text.index(f'data-id="{lead["id"]}"'):]
    card = card[:card.index("</article>")]
    assert f'action="/crm/leads/{lead["id"]}/stage"' in card and 'name="csrf_token"' in card
    assert 'name="stage_id"' in card
    qualified = stage_id(h, "Qualified")
    r = c.post_form(f"/crm/leads/{lead['id']}/stage", {"stage_id": str(qualified),
                                                       "next": f"/crm/pipeline?team={team}"},
                    page=f"/crm/pipeline?team={team}")
    assert r.status == 303 and r.header("Location") == f"/crm/pipeline?team={team}"
    assert h.sql1("SELECT stage_id FROM crm_lead WHERE id = ?", lead["id"]) == str(qualified)
    # The same through fetch(): JSON answer with the X-CSRF-Token header.
    tok = c.csrf(f"/crm/pipeline?team={team}")
    r = c.post(f"/crm/leads/{lead['id']}/stage", {"stage_id": str(stage_id(h, "Proposition"))},
               headers={"X-CSRF-Token": tok, "Accept": "application/json"})
    assert r.status == 200 and r.json()["stage"] == "Proposition", r
    # Without the token: refused, stage unchanged.
    r = c.post(f"/crm/leads/{lead['id']}/stage", {"stage_id": str(qualified)},
               headers={"Accept": "application/json"})
    assert r.status == 403
    assert h.sql1("SELECT stage_id FROM crm_lead WHERE id = ?", lead["id"]) == str(stage_id(h, "Proposition"))


def test_kanban_header_counts_sum_and_activity_bar(h):
    login, pw = h.new_user("manager")
    api = h.api(login)
    c = h.login(login, pw)
    t = api.post_json("/api/v1/teams", {"name": "Bar team", "use_leads": False}).json()
    ids = []
    for i in range(3):
        ids.append(api.post_json("/api/v1/leads", {"name": f"Bar {i}", "team_id": t["id"],
                                                   "expected_revenue": "100.50"}).json()["id"])
    api.post_json(f"/api/v1/leads/{ids[0]}/activities", {"type": "Call", "date_deadline": "2000-01-03"})
    api.post_json(f"/api/v1/leads/{ids[1]}/activities", {"type": "To-Do", "date_deadline": "2999-01-01"})
    page = c.get(f"/crm/pipeline?team={t['id']}")
    col = page.text[page.text.index('aria-label="New"'):]
    col = col[:col.index("</header>")]
    assert '<span class="kcount">3</span>' in col and "€301.50" in col, col
    assert "act-overdue w35" in col and "act-planned w35" in col and "act-none w35" in col, col
    # Clicking the red part filters that column to the overdue card.
    page = c.get(f"/crm/pipeline?team={t['id']}&activity=overdue&col={stage_id(h, 'New')}")
    assert "Bar 0" in page.text and "Bar 1" not in page.text and "Bar 2" not in page.text
    # "My pipeline" off shows records of others too; on by default.
    other = h.api(h.new_user("sales")[0])
    other.post_json("/api/v1/leads", {"name": "Someone else's", "team_id": t["id"]})
    assert "Someone else" not in c.get(f"/crm/pipeline?team={t['id']}").text
    assert "Someone else" in c.get(f"/crm/pipeline?team={t['id']}&mine=0").text


def test_kanban_columns_load_more_on_demand(h):
    login, pw = h.new_user("manager")
    api = h.api(login)
    c = h.login(login, pw)
    t = api.post_json("/api/v1/teams", {"name": "Big column team"}).json()
    for i in range(25):
        api.post_json("/api/v1/leads", {"name": f"Many {i:02d}", "team_id": t["id"], "type": "opportunity"})
    page = c.get(f"/crm/pipeline?team={t['id']}")
    col = page.text[page.text.index('aria-label="New"'):]
    col = col[:col.index("</section>")]
    assert col.count('class="kcard"') == 20
    m = re.search(r'data-url="([^"]+)"', col)
    assert m, "no load-more link"
    more = c.get(m.group(1).replace("&amp;", "&") + "&fragment=1")
    assert more.status == 200 and more.text.count('class="kcard"') == 5
    assert "<html" not in more.text
    shown = set(re.findall(r"Many \d\d", col)) | set(re.findall(r"Many \d\d", more.text))
    assert len(shown) == 25


def test_my_activities_page_grouped_by_state(h):
    login, pw = h.new_user("sales")
    api = h.api(login)
    c = h.login(login, pw)
    lead = api.post_json("/api/v1/leads", {"name": "Activities page"}).json()
    api.post_json(f"/api/v1/leads/{lead['id']}/activities", {"type": "Call", "summary": "Late call",
                                                             "date_deadline": "2001-05-05"})
    api.post_json(f"/api/v1/leads/{lead['id']}/activities", {"type": "Meeting", "summary": "Future meeting",
                                                             "date_deadline": "2998-05-05"})
    page = c.get("/crm/activities")
    assert page.status == 200
    overdue = page.text[page.text.index("act-group act-overdue"):page.text.index("act-group act-today")]
    planned = page.text[page.text.index("act-group act-planned"):]
    assert "Late call" in overdue and "Future meeting" in planned
    # Filters of the list: my activities, late activities.
    r = c.get("/crm/leads?filter=my_activities")
    assert "Activities page" in r.text
    r = c.get("/crm/leads?filter=late_activities&filter=mine")
    assert "Activities page" in r.text


def test_done_and_schedule_next_suggests_the_chained_type(h):
    login, pw = h.new_user("sales")
    api = h.api(login)
    c = h.login(login, pw)
    lead = api.post_json("/api/v1/leads", {"name": "Chained"}).json()
    a = api.post_json(f"/api/v1/leads/{lead['id']}/activities", {"type": "Call"}).json()
    todo = h.sql1("SELECT id FROM activity_type WHERE code = 'todo'")
    r = c.post_form(f"/crm/activities/{a['id']}/done", {"schedule_next": "1"}, page=f"/crm/leads/{lead['id']}")
    assert r.status == 303 and f"next_type={todo}" in r.header("Location"), r.header("Location")
    page = c.get(r.header("Location"))
    assert f'<option value="{todo}" selected>' in page.text and "<details id=\"schedule\" open>" in page.text


def test_leads_setting_off_hides_leads_menu_and_creates_opportunities(h):
    login, pw = h.new_user("manager")
    c = h.login(login, pw)
    r = c.post_form("/crm/settings", {"multi_team": "", "default_team_id": h.sql1(
        "SELECT v FROM setting WHERE k = 'default_team_id'")}, page="/crm/settings")
    h.on_cleanup(lambda: h.sql("UPDATE setting SET v = '1' WHERE k = 'leads_enabled'"))
    assert r.status == 303
    assert h.sql1("SELECT v FROM setting WHERE k = 'leads_enabled'") == "0"
    page = c.get("/crm/pipeline")
    assert 'href="/crm/leads"' not in page.text.split("</nav>")[0]
    assert c.get("/crm/leads").status == 303
    r = c.post_form("/crm/leads", {"name": "Always an opportunity", "type": "lead"}, page="/crm/leads/new")
    assert h.sql1("SELECT type FROM crm_lead WHERE id = ?", created_id(r)) == "opportunity"
    api = h.api(login)
    assert api.post_json("/api/v1/leads", {"name": "API too"}).json()["type"] == "opportunity"
    h.sql("UPDATE setting SET v = '1' WHERE k = 'leads_enabled'")
    assert 'href="/crm/leads"' in c.get("/crm/pipeline").text
