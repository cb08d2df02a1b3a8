"""In-app notifications (P9, I1): the header bell counts the unread ones, the page lists them,
opening one marks it read and goes to its record; following a team brings its new leads; the
same over the API; nobody sees or opens another user's."""
import re

from intake_util import fields, open_form, submit, lead_by_email


def _badge(page):
    m = re.search(r'class="badge">([^<]+)<', page.text)
    return m.group(1) if m else None


def test_a_mention_rings_the_bell_and_opens_the_lead(h):
    author = h.api(role="sales")
    login, pw = h.new_user("manager", name="Bell Ringer")
    web = h.login(login, pw)
    assert _badge(web.get("/crm")) is None
    lead = author.post_json("/api/v1/leads", {"name": "Bell lead"}).json()
    r = author.post_json(f"/api/v1/leads/{lead['id']}/messages", {"body": f"Can you call them, @{login}?"})
    assert r.status == 201
    home = web.get("/crm")
    assert _badge(home) == "1"
    page = web.get("/crm/notifications")
    assert page.status == 200 and "You were mentioned" in page.text and "Bell lead" in page.text
    nid = int(h.sql1("SELECT id FROM notification WHERE user_id = (SELECT id FROM app_user WHERE login = ?) "
                     "AND event = 'mention' ORDER BY id DESC LIMIT 1", login))
    # Another user can neither open nor mark it.
    intruder = h.login(role="sales")
    assert intruder.post_form(f"/crm/notifications/{nid}/open", {}).status == 404
    assert h.api(role="sales").post_json(f"/api/v1/notifications/{nid}/read", {}).status == 404
    assert h.sql1("SELECT is_read FROM notification WHERE id = ?", nid) == "0"
    # Opening it goes to the lead and clears the bell.
    r = web.post_form(f"/crm/notifications/{nid}/open", {}, page="/crm/notifications")
    assert r.status == 303 and r.header("Location") == f"/crm/leads/{lead['id']}"
    assert h.sql1("SELECT is_read FROM notification WHERE id = ?", nid) == "1"
    assert _badge(web.get("/crm")) is None
    assert "No new notifications" in web.get("/crm/notifications").text
    assert "Bell lead" in web.get("/crm/notifications?all=1").text
    # In French too.
    web.post_form("/crm/lang", {"lang": "fr", "next": "/crm"})
    assert "Vous avez été mentionné" in web.get("/crm/notifications?all=1").text


def test_following_a_team_brings_its_new_website_leads(h):
    open_form(h)
    login, pw = h.new_user("manager")
    web = h.login(login, pw)
    teams = [int(t) for (t,) in h.sql("SELECT id FROM team WHERE active = 1")]
    try:
        for t in teams:
            r = web.post_form(f"/crm/teams/{t}/follow", {"follow": "1"}, page=f"/crm/pipeline?team={t}")
            assert r.status == 303
        page = web.get(f"/crm/pipeline?team={teams[0]}")
        assert "Stop following" in page.text
        f = fields()
        assert submit(h, h.client(), f).status == 303
        lead = int(lead_by_email(h, f["email"])[0][0])
        api = h.api(login=login)
        got = api.get("/api/v1/notifications?unread=1").json()
        mine = [n for n in got["items"] if n["event"] == "lead_created" and n["res_id"] == lead]
        assert len(mine) == 1 and mine[0]["res_model"] == "lead" and got["unread"] >= 1, got
        r = web.post_form(f"/crm/notifications/{mine[0]['id']}/open", {}, page="/crm/notifications")
        assert r.header("Location") == f"/crm/leads/{lead}"
        r = api.post_json(f"/api/v1/notifications/{mine[0]['id']}/read", {})
        assert r.status == 200 and r.json()["read"] is True
        # Mark all read, then stop following: the next lead notifies nobody new.
        assert web.post_form("/crm/notifications/read", {}, page="/crm/notifications").status == 303
        assert api.get("/api/v1/notifications").json()["unread"] == 0
        for t in teams:
            web.post_form(f"/crm/teams/{t}/follow", {"follow": "0"}, page=f"/crm/pipeline?team={t}")
        assert "Follow this team" in web.get(f"/crm/pipeline?team={teams[0]}").text
        assert submit(h, h.client(), fields()).status == 303
        assert api.get("/api/v1/notifications").json()["unread"] == 0
    finally:
        h.sql("DELETE FROM follower WHERE res_model = 'team' AND user_id = (SELECT id FROM app_user WHERE login = ?)",
              login)


def test_following_needs_a_real_team_and_the_csrf_token(h):
    web = h.login(role="sales")
    assert web.post_form("/crm/teams/99999999/follow", {"follow": "1"}).status == 404
    team = h.sql1("SELECT id FROM team WHERE active = 1 ORDER BY id LIMIT 1")
    assert web.post(f"/crm/teams/{team}/follow", {"follow": "1"}).status == 403
    assert h.client().get("/crm/notifications").status in (302, 303)
