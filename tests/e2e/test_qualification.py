"""Qualification (issue 5, SPEC P5, P6, P7, P7b, X2a): similar leads, merge, unmerge, conversion
(single and mass), their wizards and API endpoints, access rules and concurrent merges."""
import re
import secrets
import threading

from pl_helpers import messages, uid, won_stage


def _lead(api, **fields):
    body = {"name": f"Q {secrets.token_hex(3)}"}
    body.update(fields)
    r = api.post_json("/api/v1/leads", body)
    assert r.status == 201, r
    return r.json()


def _rows(h, ids):
    """Full crm_lead rows (every column) of ids, ordered by id."""
    return h.sql("SELECT * FROM crm_lead WHERE id IN (%s) ORDER BY id" % ",".join(str(int(i)) for i in ids))


def _counts(h, lid):
    return (int(h.sql1("SELECT COUNT(*) FROM message WHERE res_model = 'lead' AND res_id = ?", lid)),
            int(h.sql1("SELECT COUNT(*) FROM activity WHERE res_model = 'lead' AND res_id = ?", lid)))


def test_similar_leads_api_form_and_cap(h):
    api = h.api(role="manager")
    dom = f"q{secrets.token_hex(4)}.example"
    a = _lead(api, email=f"anne@{dom}", phone="+33 6 11 22 33 44", partner_name=f"Acme {dom}")
    b = _lead(api, email=f"bob@{dom}")                                     # same company domain
    c = _lead(api, phone="06 11 22 33 44")                                 # same phone, national form
    d = _lead(api, partner_name=f"Acme {dom}")                             # same company name
    g1 = _lead(api, email=f"x{secrets.token_hex(3)}@gmail.com")
    g2 = _lead(api, email=f"y{secrets.token_hex(3)}@gmail.com")            # public domain: not similar
    g3 = _lead(api, email=g1["email"].upper())                              # same public address: similar
    # Archived records count too.
    assert api.post_json(f"/api/v1/leads/{d['id']}/lost", {}).status == 200
    r = api.get(f"/api/v1/leads/{a['id']}/similar")
    assert r.status == 200, r
    assert sorted(i["id"] for i in r.json()["items"]) == sorted([b["id"], c["id"], d["id"]])
    assert api.get(f"/api/v1/leads/{a['id']}").json()["similar_count"] == 3
    assert [i["id"] for i in api.get(f"/api/v1/leads/{g1['id']}/similar").json()["items"]] == [g3["id"]]
    assert api.get(f"/api/v1/leads/{g2['id']}").json()["similar_count"] == 0
    # The form's smart button and the list (the record itself first), with a Merge action.
    s = h.login(role="manager")
    page = s.get(f"/crm/leads/{a['id']}")
    assert page.status == 200
    assert re.search(r'href="/crm/leads/%d/similar"><strong>3</strong> Similar leads' % a["id"], page.text), page.text[:4000]
    lst = s.get(f"/crm/leads/{a['id']}/similar")
    assert lst.status == 200 and lst.text.index(a["name"]) < lst.text.index(b["name"])
    assert 'action="/crm/leads/merge"' in lst.text
    assert s.get(f"/crm/leads/{g2['id']}").text.count("/similar\"") == 0
    # 21 records on one company domain: the domain says nothing any more.
    big = f"big{secrets.token_hex(4)}.example"
    h.sql("INSERT INTO crm_lead (name, email_from, email_normalized, email_domain_criterion) "
          "SELECT CONCAT('big ', seq), CONCAT('u', seq, '@', ?), CONCAT('u', seq, '@', ?), CONCAT('@', ?) "
          "FROM seq_1_to_21", big, big, big)
    one = _lead(api, email=f"solo@{big}")
    assert api.get(f"/api/v1/leads/{one['id']}").json()["similar_count"] == 0
    h.sql("DELETE FROM crm_lead WHERE email_domain_criterion = ? AND id <> ? LIMIT 1", "@" + big, one["id"])
    assert api.get(f"/api/v1/leads/{one['id']}").json()["similar_count"] == 20
    # Bad ids and records one may not see.
    assert api.get("/api/v1/leads/999999999/similar").status == 404


def _history(h, api, lid, with_quote=False, follower=None):
    assert api.post_json(f"/api/v1/leads/{lid}/messages", {"body": f"note on {lid}"}).status == 201
    r = api.post_json(f"/api/v1/leads/{lid}/activities", {"type": "Call", "summary": f"call {lid}",
                                                          "date_deadline": "2031-01-15"})
    assert r.status == 201, r
    if follower:
        h.sql("INSERT IGNORE INTO follower (res_model, res_id, user_id) VALUES ('lead', ?, ?)", lid, follower)


def test_merge_then_unmerge_restores_every_record_exactly(h):
    mgr_login, _ = h.new_user("manager")
    api = h.api(mgr_login)
    other, _ = h.new_user("sales", name="Follower Fiona")
    fid = uid(h, other)
    dom = f"m{secrets.token_hex(4)}.example"
    a = _lead(api, email=f"a@{dom}", contact_name="", description="first note", priority=1, tags=["Alpha"],
              street="1 rue A", city="Paris", expected_revenue="0")
    b = _lead(api, type="opportunity", email=f"b@{dom}", contact_name="Bea", description="second note", priority=3,
              tags=["Beta"], street="2 rue B", street2="Bât 2", zip="75002", city="Paris", country_code="FR",
              expected_revenue="5000", phone="01 02 03 04 05")
    c = _lead(api, type="opportunity", email=f"c@{dom}", mobile="06 00 00 00 01", website="https://c.example", tags=["Alpha", "Gamma"])
    for x in (a, b, c):
        _history(h, api, x["id"], follower=fid if x is c else None)
    q = api.post_json("/api/v1/quotes", {"opportunity_id": c["id"], "customer": "none",
                                         "lines": [{"description": "Service", "quantity": 1, "price_unit": "10"}]})
    assert q.status == 201, q
    qid = q.json()["id"]
    ids = [a["id"], b["id"], c["id"]]
    before = _rows(h, ids)
    counts = {i: _counts(h, i) for i in ids}
    tags_before = h.sql("SELECT lead_id, tag_id FROM lead_tag WHERE lead_id IN (?, ?, ?) ORDER BY 1, 2", *ids)
    msgs_before = h.sql("SELECT id, res_id, subject, moved_from_id FROM message WHERE res_model = 'lead' "
                        "AND res_id IN (?, ?, ?) ORDER BY id", *ids)
    fol_before = h.sql("SELECT res_id, user_id FROM follower WHERE res_model = 'lead' AND res_id IN (?, ?, ?) "
                       "ORDER BY 1, 2", *ids)

    r = api.post_json("/api/v1/leads/merge", {"ids": ids})
    assert r.status == 200, r
    m = r.json()
    # The opportunity is kept (opportunity over lead); field rules.
    assert m["id"] == b["id"] and m["type"] == "opportunity"
    assert m["priority"] == 3 and sorted(m["tags"]) == ["Alpha", "Beta", "Gamma"]
    assert m["contact_name"] == "Bea" and m["website"] == "https://c.example" and m["mobile"] == "06 00 00 00 01"
    assert m["expected_revenue"] == "5000.00"
    assert m["street"] == "2 rue B" and m["street2"] == "Bât 2" and m["zip"] == "75002"
    assert m["description"] == "second note\n\nfirst note"
    assert h.sql1("SELECT COUNT(*) FROM crm_lead WHERE merged_into_id = ? AND active = 0", b["id"]) == "2"
    assert h.sql1("SELECT opportunity_id FROM quote WHERE id = ?", qid) == str(b["id"])
    assert h.sql1("SELECT COUNT(*) FROM follower WHERE res_model = 'lead' AND res_id = ? AND user_id = ?",
                  b["id"], fid) == "1"
    subjects = [x["subject"] for x in messages(api, b["id"])]
    assert any(s and s.startswith("From " + a["name"]) for s in subjects), subjects
    note = [x for x in messages(api, b["id"]) if x["subject"] == "Merged"]
    assert note and f"#{a['id']}" in note[0]["body"] and f"c@{dom}" in note[0]["body"]
    # Field labels, not column names, in the merging user's language.
    assert f"E-mail: c@{dom}" in note[0]["body"] and "email_from" not in note[0]["body"], note[0]["body"]
    assert _counts(h, b["id"])[1] == 3
    # The form offers the undo.
    s = h.login(role="manager")
    assert "/unmerge" in s.get(f"/crm/leads/{b['id']}").text

    r = api.post_json(f"/api/v1/leads/{b['id']}/unmerge", {})
    assert r.status == 200, r
    assert _rows(h, ids) == before
    assert h.sql("SELECT lead_id, tag_id FROM lead_tag WHERE lead_id IN (?, ?, ?) ORDER BY 1, 2", *ids) == tags_before
    after_msgs = h.sql("SELECT id, res_id, subject, moved_from_id FROM message WHERE res_model = 'lead' "
                       "AND res_id IN (?, ?, ?) ORDER BY id", *ids)
    new = [x for x in after_msgs if x not in msgs_before]
    assert [x for x in after_msgs if x in msgs_before] == msgs_before
    assert len(new) == 2 and all(x[1] == str(b["id"]) for x in new)    # the merge note and the undo note
    for i in (a["id"], c["id"]):
        assert _counts(h, i) == counts[i]
    assert _counts(h, b["id"]) == (counts[b["id"]][0] + 2, counts[b["id"]][1])
    assert h.sql1("SELECT opportunity_id FROM quote WHERE id = ?", qid) == str(c["id"])
    assert h.sql("SELECT res_id, user_id FROM follower WHERE res_model = 'lead' AND res_id IN (?, ?, ?) "
                 "ORDER BY 1, 2", *ids) == fol_before
    # Twice: refused.
    r = api.post_json(f"/api/v1/leads/{b['id']}/unmerge", {})
    assert r.status == 404, r


def test_unmerge_keeps_edits_made_since(h):
    api = h.api(role="manager")
    a = _lead(api, name="Keep A", city="Lyon")
    b = _lead(api, name="Keep B", phone="01 99 99 99 99")
    r = api.post_json("/api/v1/leads/merge", {"ids": [a["id"], b["id"]]})
    assert r.status == 200, r
    master = r.json()["id"]
    assert master == a["id"]
    assert r.json()["phone"] == "01 99 99 99 99"
    assert api.post_json(f"/api/v1/leads/{master}", {"name": "Renamed after merge"}, method="PATCH").status == 200
    r = api.post_json(f"/api/v1/leads/{master}/unmerge", {})
    assert r.status == 200, r
    got = r.json()
    assert got["name"] == "Renamed after merge"          # the edit is kept
    assert got["phone"] is None                          # the merged value goes back
    note = messages(api, master)[0]
    assert note["subject"] == "Merge undone" and "edited since the merge: Name" in note["body"], note
    assert api.get(f"/api/v1/leads/{b['id']}").json()["active"] is True


def test_merge_refusals_and_access(h):
    mgr = h.api(role="manager")
    s1, _ = h.new_user("sales")
    s2, _ = h.new_user("sales")
    api1, api2 = h.api(s1), h.api(s2)
    a = _lead(api1)
    b = _lead(api1)
    theirs = _lead(api2)
    # Won records are refused with a message, not dropped.
    won = _lead(mgr, type="opportunity")
    assert mgr.post_json(f"/api/v1/leads/{won['id']}/won", {}).status == 200
    r = mgr.post_json("/api/v1/leads/merge", {"ids": [a["id"], won["id"]]})
    assert r.status == 409 and "won" in r.json()["error"]["message"], r
    assert h.sql1("SELECT merged_into_id FROM crm_lead WHERE id = ?", a["id"]) is None
    # Bad input.
    assert mgr.post_json("/api/v1/leads/merge", {"ids": [a["id"]]}).status == 422
    r = mgr.post_json("/api/v1/leads/merge", {"ids": [a["id"], "x"]})
    assert r.status == 422 and r.json()["error"]["field"] == "ids", r
    assert mgr.post_json("/api/v1/leads/merge", {"ids": [a["id"], a["id"]]}).status == 422
    # A salesperson cannot merge or convert someone else's leads.
    r = api1.post_json("/api/v1/leads/merge", {"ids": [a["id"], theirs["id"]]})
    assert r.status == 404, r
    assert api1.post_json(f"/api/v1/leads/{theirs['id']}/convert", {"action": "convert"}).status == 404
    assert api1.get(f"/api/v1/leads/{theirs['id']}/similar").status == 404
    r = api1.post_json("/api/v1/leads/merge", {"ids": [a["id"], b["id"]], "user_id": uid(h, s2)})
    assert r.status == 403, r
    assert h.sql1("SELECT COUNT(*) FROM crm_lead WHERE id IN (?, ?) AND merged_into_id IS NULL", a["id"], b["id"]) == "2"
    # Their own: fine, and only the master's owner may undo.
    r = api1.post_json("/api/v1/leads/merge", {"ids": [a["id"], b["id"]]})
    assert r.status == 200, r
    assert api2.post_json(f"/api/v1/leads/{a['id']}/unmerge", {}).status == 404
    # A merged record cannot be merged again.
    r = mgr.post_json("/api/v1/leads/merge", {"ids": [b["id"], theirs["id"]]})
    assert r.status == 409 and "merged" in r.json()["error"]["message"], r
    # CSRF on the wizard.
    s = h.login(role="manager")
    assert s.post("/crm/leads/merge", {"ids": [theirs["id"], won["id"]]}).status == 403


def test_concurrent_overlapping_merges_one_wins(h):
    mgr_login, _ = h.new_user("manager")
    c1, c2 = h.api(mgr_login), h.api(mgr_login)
    for _ in range(3):
        # y is the newest, so it is merged away in both (the oldest is kept):
        # whichever runs first, the other finds it merged.
        x = _lead(c1)
        z = _lead(c1)
        y = _lead(c1)
        for lid in (x["id"], y["id"], z["id"]):
            for k in range(20):
                h.sql("INSERT INTO message (res_model, res_id, kind, body) VALUES ('lead', ?, 'note', ?)", lid, f"m{k}")
        out = {}

        def run(name, client, ids):
            out[name] = client.post_json("/api/v1/leads/merge", {"ids": ids})

        t1 = threading.Thread(target=run, args=("1", c1, [x["id"], y["id"]]))
        t2 = threading.Thread(target=run, args=("2", c2, [z["id"], y["id"]]))
        t1.start(); t2.start(); t1.join(); t2.join()
        st = sorted(r.status for r in out.values())
        assert st == [200, 409], {k: (v.status, v.text[:200]) for k, v in out.items()}
        loser = out["1"] if out["1"].status == 409 else out["2"]
        assert "merged" in loser.json()["error"]["message"]
        # No half-merge: exactly one record merged away, everything on one master.
        merged = h.sql("SELECT id, merged_into_id FROM crm_lead WHERE id IN (?, ?, ?) AND merged_into_id IS NOT NULL",
                       x["id"], y["id"], z["id"])
        assert len(merged) == 1, merged
        master = int(merged[0][1])
        assert int(h.sql1("SELECT COUNT(*) FROM message WHERE res_model = 'lead' AND res_id = ?", int(merged[0][0]))) == 0
        assert int(h.sql1("SELECT COUNT(*) FROM lead_merge WHERE master_id = ?", master)) == 1


def test_convert_wizard_defaults_and_api(h):
    login, pw = h.new_user("sales")
    api = h.api(login)
    s = h.login(role="manager")
    dom = f"cv{secrets.token_hex(4)}.example"
    lead = _lead(api, contact_name="Carl Contact", partner_name=f"Conv {dom}", email=f"carl@{dom}",
                 phone="01 23 45 67 89", city="Nantes")
    page = s.get(f"/crm/leads/{lead['id']}/convert")
    assert page.status == 200
    assert re.search(r'value="convert" checked', page.text) and re.search(r'value="create" checked', page.text)
    # With a duplicate (same e-mail), merging is the default and it is ticked.
    dup = _lead(api, email=f"Carl@{dom}", name="dup")
    page = s.get(f"/crm/leads/{lead['id']}/convert")
    assert re.search(r'value="merge" checked', page.text)
    assert re.search(r'name="merge_ids" value="%d" checked' % dup["id"], page.text), page.text[:5000]
    # A partner with exactly that e-mail: linked by default.
    p = api.post_json("/api/v1/partners", {"name": f"Existing {dom}", "email": f"carl@{dom}"}).json()
    page = s.get(f"/crm/leads/{lead['id']}/convert")
    assert re.search(r'value="link" checked', page.text)
    assert re.search(r'<option value="%d" selected>' % p["id"], page.text)
    # Convert through the API, creating the customer (company + contact).
    r = api.post_json(f"/api/v1/leads/{lead['id']}/convert", {"action": "convert", "customer": "create"})
    assert r.status == 200, r
    o = r.json()
    assert o["type"] == "opportunity" and o["date_conversion"] and o["stage"] is not None
    person = h.sql("SELECT name, is_company, parent_id, email FROM partner WHERE id = ?", o["partner_id"])[0]
    assert person[0] == "Carl Contact" and person[1] == "0" and person[3] == f"carl@{dom}"
    assert h.sql1("SELECT name FROM partner WHERE id = ? AND is_company = 1", person[2]) == f"Conv {dom}"
    assert any(t[0] == "type" for x in messages(api, lead["id"]) for t in [(c["field"],) for c in x["tracking"]])
    # Merge action (defaults to the duplicates).
    other = _lead(api, email=f"z@{dom}x", contact_name="Zed")
    twin = _lead(api, email=f"z@{dom}x", name="twin")
    r = api.post_json(f"/api/v1/leads/{other['id']}/convert", {"action": "merge", "customer": "none"})
    assert r.status == 200, r
    assert r.json()["id"] == other["id"] and r.json()["type"] == "opportunity"
    assert h.sql1("SELECT merged_into_id FROM crm_lead WHERE id = ?", twin["id"]) == str(other["id"])
    # 100 %: refused.
    closed = _lead(api)
    h.sql("UPDATE crm_lead SET probability = 100 WHERE id = ?", closed["id"])
    r = api.post_json(f"/api/v1/leads/{closed['id']}/convert", {"action": "convert"})
    assert r.status == 409 and "100" in r.json()["error"]["message"], r
    assert api.post_json(f"/api/v1/leads/{closed['id']}/convert", {"customer": "maybe"}).status == 422
    # Through the HTML wizard.
    w = _lead(api, contact_name="Wendy")
    sc = h.login(login, pw)
    r = sc.post_form(f"/crm/leads/{w['id']}/convert", {"action": "convert", "customer": "none"},
                     page=f"/crm/leads/{w['id']}/convert")
    assert r.status == 303 and r.header("Location").endswith(f"/crm/leads/{w['id']}"), r
    assert h.sql1("SELECT type FROM crm_lead WHERE id = ?", w["id"]) == "opportunity"


def test_mass_conversion_round_robin_and_dedupe(h):
    mgr_login, mgr_pw = h.new_user("manager")
    api = h.api(mgr_login)
    u1, _ = h.new_user("sales")
    u2, _ = h.new_user("sales")
    dom = f"mc{secrets.token_hex(4)}.example"
    leads = [_lead(api, email=f"p{i}@{dom}", contact_name=f"P{i}") for i in range(4)]
    dup = _lead(api, email=f"p0@{dom}", name="dup of p0")
    s = h.login(mgr_login, mgr_pw)
    page = s.post_form("/crm/leads/bulk", {"action": "convert", "ids": [x["id"] for x in leads]}, page="/crm/leads")
    assert page.status == 303 and "/crm/leads/convert?" in page.header("Location")
    wiz = s.get(page.header("Location"))
    assert wiz.status == 200 and 'name="user_ids"' in wiz.text
    r = s.post_form("/crm/leads/convert", {"ids": [x["id"] for x in leads], "user_ids": [uid(h, u1), uid(h, u2)],
                                           "dedupe": "1", "customer": "auto"}, page="/crm/leads")
    assert r.status == 303, r
    users = [h.sql1("SELECT user_id FROM crm_lead WHERE id = ?", x["id"]) for x in leads]
    assert users == [str(uid(h, u1)), str(uid(h, u2))] * 2, users
    assert all(h.sql1("SELECT type FROM crm_lead WHERE id = ?", x["id"]) == "opportunity" for x in leads)
    assert h.sql1("SELECT merged_into_id FROM crm_lead WHERE id = ?", dup["id"]) == str(leads[0]["id"])
    assert all(h.sql1("SELECT partner_id FROM crm_lead WHERE id = ?", x["id"]) for x in leads)


def test_merge_wizard_page(h):
    s = h.login(role="manager")
    api = h.api(role="manager")
    a = _lead(api)
    b = _lead(api, type="opportunity")
    page = s.get(f"/crm/leads/merge?ids={a['id']}&ids={b['id']}")
    assert page.status == 200
    assert re.search(r'<tr class="master">\s*<td><input type="checkbox" name="ids" value="%d"' % b["id"], page.text)
    r = s.post_form("/crm/leads/merge", {"ids": [a["id"], b["id"]], "user_id": "", "team_id": ""},
                    page=f"/crm/leads/merge?ids={a['id']}&ids={b['id']}")
    assert r.status == 303 and r.header("Location").endswith(f"/crm/leads/{b['id']}"), r
    # Refusal shown on the wizard, in French too.
    won = _lead(api, type="opportunity")
    api.post_json(f"/api/v1/leads/{won['id']}/won", {})
    c = _lead(api)
    r = s.post_form("/crm/leads/merge", {"ids": [c["id"], won["id"]]}, page="/crm/leads")
    assert r.status == 409 and "A won record cannot be merged" in r.text


def test_merge_contacts_moves_everything(h):
    mgr_login, mgr_pw = h.new_user("manager")
    api = h.api(mgr_login)
    dom = f"pc{secrets.token_hex(4)}.example"
    keep = api.post_json("/api/v1/partners", {"name": f"Keep {dom}", "is_company": True}).json()
    gone = api.post_json("/api/v1/partners", {"name": f"Gone {dom}", "email": f"gone@{dom}", "phone": "0102030405",
                                              "city": "Lille", "is_company": True}).json()
    child = api.post_json("/api/v1/partners", {"name": f"Child {dom}", "parent_id": gone["id"]}).json()
    lead = _lead(api, partner_id=gone["id"], type="opportunity")
    q = api.post_json("/api/v1/quotes", {"opportunity_id": lead["id"], "partner_id": gone["id"],
                                         "lines": [{"description": "x", "quantity": 1, "price_unit": "5"}]})
    assert q.status == 201, q
    h.sql("INSERT INTO message (res_model, res_id, kind, subject, body) VALUES ('partner', ?, 'note', 'hi', 'b')", gone["id"])
    # Salespersons may not; the page lists the selection with a destination choice.
    sales = h.api(role="sales")
    assert sales.post_json("/api/v1/partners/merge", {"ids": [keep["id"], gone["id"]], "dest_id": keep["id"]}).status == 403
    s = h.login(mgr_login, mgr_pw)
    page = s.get(f"/crm/customers/merge?ids={keep['id']}&ids={gone['id']}")
    assert page.status == 200 and 'name="dest_id"' in page.text
    r = s.post_form("/crm/customers/merge", {"ids": [keep["id"], gone["id"]], "dest_id": "999999999"},
                    page="/crm/customers")
    assert r.status == 422, r
    r = s.post_form("/crm/customers/merge", {"ids": [keep["id"], gone["id"]], "dest_id": keep["id"]},
                    page="/crm/customers")
    assert r.status == 303 and r.header("Location").endswith(f"/crm/customers/{keep['id']}"), r
    assert h.sql1("SELECT partner_id FROM crm_lead WHERE id = ?", lead["id"]) == str(keep["id"])
    assert h.sql1("SELECT partner_id FROM quote WHERE id = ?", q.json()["id"]) == str(keep["id"])
    assert h.sql1("SELECT parent_id FROM partner WHERE id = ?", child["id"]) == str(keep["id"])
    assert h.sql("SELECT active, merged_into_id FROM partner WHERE id = ?", gone["id"]) == [["0", str(keep["id"])]]
    assert h.sql("SELECT email, phone, city FROM partner WHERE id = ?", keep["id"]) == [[f"gone@{dom}", "0102030405", "Lille"]]
    assert h.sql1("SELECT COUNT(*) FROM message WHERE res_model = 'partner' AND res_id = ? AND subject LIKE 'From Gone%'",
                  keep["id"]) == "1"
