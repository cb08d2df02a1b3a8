"""Finding 7: the similar-leads count and list agree, both within the viewer's access: a record
another salesperson owns is neither listed nor counted."""
import secrets


def _lead(api, domain, name):
    r = api.post_json("/api/v1/leads", {"name": name, "contact_name": name, "email": f"{name.lower()}@{domain}"})
    assert r.status == 201, r.text
    return r.json()["id"]


def test_similar_count_and_list_agree_within_access(h):
    domain = f"sim{secrets.token_hex(4)}.example"
    mine_api = h.api(role="sales")
    other_api = h.api(role="sales")
    mine = _lead(mine_api, domain, "Alice")
    _lead(other_api, domain, "Bruno")  # same company domain, another salesperson's lead
    lead = mine_api.get(f"/api/v1/leads/{mine}").json()
    sim = mine_api.get(f"/api/v1/leads/{mine}/similar").json()
    assert sim["items"] == [] and sim["total"] == 0
    assert lead["similar_count"] == 0, lead["similar_count"]
    listed = [i for i in mine_api.get("/api/v1/leads?limit=200").json()["items"] if i["id"] == mine]
    assert listed and listed[0]["similar_count"] == 0
    # A record the salesperson may see (unassigned) is counted and listed, the hidden one still not.
    h.sql("UPDATE crm_lead SET user_id = NULL WHERE id = ?", _lead(other_api, domain, "Chloe"))
    lead = mine_api.get(f"/api/v1/leads/{mine}").json()
    sim = mine_api.get(f"/api/v1/leads/{mine}/similar").json()
    assert lead["similar_count"] == 1 == sim["total"] == len(sim["items"])
    assert sim["items"][0]["contact_name"] == "Chloe"
    # A manager sees both.
    mgr = h.api(role="manager")
    assert mgr.get(f"/api/v1/leads/{mine}").json()["similar_count"] == 2


def test_similar_button_on_the_lead_form_counts_visible_records_only(h):
    domain = f"sim{secrets.token_hex(4)}.example"
    login, pw = h.new_user("sales")
    c = h.login(login, pw)
    mine_api = h.api(login=login)
    other_api = h.api(role="sales")
    mine = _lead(mine_api, domain, "Denise")
    _lead(other_api, domain, "Edgar")
    page = c.get(f"/crm/leads/{mine}")
    assert page.status == 200
    assert f"/crm/leads/{mine}/similar" not in page.text  # no button for a record they cannot open
    r = c.get(f"/crm/leads/{mine}/similar")
    assert r.status == 200 and "Edgar" not in r.text
