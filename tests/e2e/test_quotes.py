"""Quotations (Q2, Q3, Q7, Q8): from an opportunity to a quotation with exact totals, through the
pages and the JSON API; numbering, states, access rules, CSRF and bad input."""
import html
import re
import threading

from quotes_util import make_opportunity, uid, api_quote, lines_of, sql_setting


def test_new_quotation_from_an_opportunity_without_customer_creates_the_customer(h):
    c = h.login(role="sales")
    opp = make_opportunity(h, user=c.login_name, contact="Zoé Mercier", company="Boulangerie Lumière",
                           email="zoe@lumiere.example", tags=["VIP", "Bakery"], utm=("Spring", "Email", "Newsletter"))
    r = c.get(f"/quotes/new?opportunity_id={opp}")
    assert r.status == 200
    assert "has no customer yet" in r.text
    assert 'value="create" checked' in r.text  # a contact name: create by default (Odoo)
    r = c.post_form("/quotes/new", {"opportunity_id": opp, "customer": "create"},
                    page=f"/quotes/new?opportunity_id={opp}")
    assert r.status == 303, r.text[:500]
    qid = int(r.header("Location").rsplit("/", 1)[1])
    row = h.sql("SELECT q.number, q.state, p.name, pp.name, pp.is_company, q.origin, q.campaign, q.medium, "
                "q.source, q.user_id, q.team_id = l.team_id, l.partner_id = q.partner_id, "
                "q.validity_date = UTC_DATE() + INTERVAL 30 DAY, LENGTH(q.access_token) "
                "FROM quote q JOIN partner p ON p.id = q.partner_id JOIN partner pp ON pp.id = p.parent_id "
                "JOIN crm_lead l ON l.id = q.opportunity_id WHERE q.id = ?", qid)[0]
    number, state, person, company, is_company, origin, campaign, medium, source, user, same_team, linked, \
        validity30, toklen = row
    assert re.fullmatch(r"S\d{5}", number) and state == "draft"
    assert person == "Zoé Mercier" and company == "Boulangerie Lumière" and is_company == "1"
    assert origin == h.sql1("SELECT name FROM crm_lead WHERE id = ?", opp)
    assert (campaign, medium, source) == ("Spring", "Email", "Newsletter")
    assert int(user) == uid(h, c.login_name) and same_team == "1" and linked == "1"
    assert validity30 == "1" and int(toklen) == 43
    tags = [t for (t,) in h.sql("SELECT g.name FROM quote_tag qt JOIN tag g ON g.id = qt.tag_id "
                                "WHERE qt.quote_id = ? ORDER BY g.name", qid)]
    assert tags == ["Bakery", "VIP"]
    page = c.get(f"/quotes/{qid}")
    assert page.status == 200 and number in page.text and "Boulangerie Lumière" in page.text
    # Q8: the preview is the customer's page (portal link with the token).
    token = h.sql1("SELECT access_token FROM quote WHERE id = ?", qid)
    assert f"/my/quotes/{qid}?token={token}" in html.unescape(page.text)
    r = c.get(f"/quotes/{qid}/preview")
    assert r.status == 303 and r.header("Location").endswith(f"/my/quotes/{qid}?token={token}")


def test_link_or_no_customer_choices(h):
    c = h.login(role="sales")
    partner = int(h.sql1("SELECT id FROM partner WHERE is_company = 1 ORDER BY id LIMIT 1"))
    opp = make_opportunity(h, user=c.login_name, contact="Jean Lien")
    r = c.post_form("/quotes/new", {"opportunity_id": opp, "customer": "link", "partner_id": partner},
                    page=f"/quotes/new?opportunity_id={opp}")
    assert r.status == 303
    qid = int(r.header("Location").rsplit("/", 1)[1])
    assert int(h.sql1("SELECT partner_id FROM quote WHERE id = ?", qid)) == partner
    opp2 = make_opportunity(h, user=c.login_name, contact="Sans Client")
    before = int(h.sql1("SELECT COUNT(*) FROM partner"))
    r = c.post_form("/quotes/new", {"opportunity_id": opp2, "customer": "none"},
                    page=f"/quotes/new?opportunity_id={opp2}")
    assert r.status == 303
    qid2 = int(r.header("Location").rsplit("/", 1)[1])
    assert h.sql1("SELECT partner_id FROM quote WHERE id = ?", qid2) is None
    assert int(h.sql1("SELECT COUNT(*) FROM partner")) == before
    # A customer is required before sending.
    api = h.api(login=c.login_name)
    r = api.post_json(f"/api/v1/quotes/{qid2}/send", {})
    assert r.status == 422 and r.json()["error"]["field"] == "partner_id"


def test_leads_and_lost_opportunities_are_refused_with_a_message(h):
    c = h.login(role="sales")
    lead = make_opportunity(h, user=c.login_name, type="lead")
    r = c.get(f"/quotes/new?opportunity_id={lead}")
    assert r.status == 200 and "convert it to an opportunity" in r.text
    r = c.post_form("/quotes/new", {"opportunity_id": lead}, page=f"/quotes/new?opportunity_id={lead}")
    assert r.status == 422 and "convert this lead first" in r.text
    lost = make_opportunity(h, user=c.login_name, active=0)
    api = h.api(login=c.login_name)
    r = api.post_json("/api/v1/quotes", {"opportunity_id": lost})
    assert r.status == 422
    err = r.json()["error"]
    assert err["field"] == "opportunity_id" and "lost" in err["message"]
    assert int(h.sql1("SELECT COUNT(*) FROM quote WHERE opportunity_id IN (?, ?)", lead, lost)) == 0


def test_api_quote_totals_are_exact(h):
    api = h.api(role="manager")
    t20 = api.post_json("/api/v1/taxes", {"name": "TVA 20 % test", "rate": 20}).json()["id"]
    t55i = api.post_json("/api/v1/taxes", {"name": "TVA 5,5 % TTC test", "rate": "5.5", "included": True}).json()
    assert t55i["included"] is True and t55i["rate"] == 5.5
    p = api.post_json("/api/v1/products", {"name": "Conseil", "price": "33.33", "tax_ids": [t20]})
    assert p.status == 201 and p.json()["price"] == "33.33" and p.json()["tax_ids"] == [t20]
    opp = make_opportunity(h, user=None, contact="Client Exact", email="exact@client.example")
    r = api.post_json("/api/v1/quotes", {"opportunity_id": opp, "lines": [
        {"product_id": p.json()["id"], "quantity": 2.5, "discount": 15},           # 70.83 + 14.17
        {"description": "Livre", "quantity": 3, "price_unit": 4.99, "tax_ids": [t55i["id"]]},  # 14.19 + 0.78
        {"display_type": "section", "description": "Options"},
        {"description": "Remise 100 %", "quantity": 1, "price_unit": "120.00", "discount": 100,
         "tax_ids": [t20]},
        {"description": "Gros volume", "quantity": 1000000, "price_unit": "12345.67", "discount": 12.5,
         "tax_ids": [t20]},                                                     # 10,802,461,250.00 + 20 %
    ]})
    assert r.status == 201, r.text
    q = r.json()
    assert q["state"] == "draft" and q["portal_url"].startswith("http") and "token=" in q["portal_url"]
    ls = q["lines"]
    assert [l["price_subtotal"] for l in ls] == ["70.83", "14.19", "0.00", "0.00", "10802461250.00"]
    assert [l["price_tax"] for l in ls] == ["14.17", "0.78", "0.00", "0.00", "2160492250.00"]
    assert q["amount_untaxed"] == "10802461335.02"
    assert q["amount_tax"] == "2160492264.95"
    assert q["amount_total"] == "12962953599.97"
    # GET returns the same; the list too.
    g = api.get(f"/api/v1/quotes/{q['id']}").json()
    assert g["amount_total"] == q["amount_total"] and g["number"] == q["number"]
    lst = api.get(f"/api/v1/quotes?opportunity_id={opp}").json()
    assert lst["total"] == 1 and lst["items"][0]["amount_total"] == q["amount_total"]


def test_lines_edit_reorder_and_delete_from_the_page(h):
    c = h.login(role="sales")
    opp = make_opportunity(h, user=c.login_name, contact="Ligne Client")
    qid = api_quote(h, c.login_name, opp, [])
    prods = [int(x) for (x,) in h.sql("SELECT id FROM product WHERE active = 1 ORDER BY id LIMIT 2")]
    page = f"/quotes/{qid}"
    for pid, qty in ((prods[0], "2"), (prods[1], "1,5")):
        r = c.post_form(f"/quotes/{qid}/lines", {"product_id": pid, "quantity": qty, "discount": "10"}, page=page)
        assert r.status == 303
    r = c.post_form(f"/quotes/{qid}/lines", {"display_type": "section", "description": "Matériel"}, page=page)
    assert r.status == 303
    ids = [l[0] for l in lines_of(h, qid)]
    assert len(ids) == 3
    # Move the section to the top (up twice), then reorder explicitly.
    for _ in range(2):
        assert c.post_form(f"/quotes/{qid}/lines/{ids[2]}/up", {}, page=page).status == 303
    assert [l[0] for l in lines_of(h, qid)] == [ids[2], ids[0], ids[1]]
    r = c.post_form(f"/quotes/{qid}/lines/order", {"ids": [ids[0], ids[1], ids[2]]}, page=page)
    assert r.status == 303
    assert [l[0] for l in lines_of(h, qid)] == ids
    r = c.post_form(f"/quotes/{qid}/lines/order", {"ids": [ids[0], ids[1]]}, page=page)
    assert r.status == 422
    # Edit a line: quantity, price, discount, no tax.
    r = c.post_form(f"/quotes/{qid}/lines/{ids[0]}", {"quantity": "3", "price_unit": "100", "discount": "0",
                                                     "taxes_present": "1", "description": "Sur mesure"},
                    page=page)
    assert r.status == 303
    row = h.sql("SELECT name, quantity_e3, price_unit, price_subtotal, price_tax FROM quote_line WHERE id = ?",
                ids[0])[0]
    assert row == ["Sur mesure", "3000", "100.00", "300.00", "0.00"]
    assert c.post_form(f"/quotes/{qid}/lines/{ids[1]}/delete", {}, page=page).status == 303
    assert h.sql("SELECT amount_untaxed, amount_tax, amount_total FROM quote WHERE id = ?", qid)[0] == \
        ["300.00", "0.00", "300.00"]


def test_bad_input_is_a_422_naming_the_field(h):
    api = h.api(role="sales")
    opp = make_opportunity(h, user=api.login_name, contact="Mauvais Client")
    qid = api_quote(h, api.login_name, opp, [])
    prod = int(h.sql1("SELECT id FROM product WHERE active = 1 ORDER BY id LIMIT 1"))
    cases = [({"product_id": prod, "quantity": -1}, "quantity"),
             ({"product_id": prod, "discount": 150}, "discount"),
             ({"product_id": prod, "discount": -5}, "discount"),
             ({"product_id": 99999999}, "product_id"),
             ({"product_id": prod, "quantity": "abc"}, "quantity"),
             ({"product_id": prod, "tax_ids": [99999999]}, "tax_ids"),
             ({"display_type": "chapter", "description": "x"}, "display_type"),
             ({"description": "x" * 6000}, "description")]
    for body, field in cases:
        r = api.post_json(f"/api/v1/quotes/{qid}/lines", body)
        assert r.status == 422, (body, r.status, r.text)
        assert r.json()["error"]["field"] == field, (body, r.text)
    r = api.post_json("/api/v1/quotes", {"opportunity_id": opp, "lines": [{"product_id": prod, "quantity": -2}]})
    assert r.status == 422 and r.json()["error"]["field"] == "quantity"
    assert int(h.sql1("SELECT COUNT(*) FROM quote_line WHERE quote_id = ?", qid)) == 0
    mgr = h.api(role="manager")  # the catalogue is written by managers
    r = mgr.post_json("/api/v1/products", {"name": "", "price": 10})
    assert r.status == 422 and r.json()["error"]["field"] == "name"
    r = mgr.post_json("/api/v1/products", {"name": "Négatif", "price": -10})
    assert r.status == 422 and r.json()["error"]["field"] == "price"
    r = mgr.post_json("/api/v1/taxes", {"name": "Trop", "rate": 150})
    assert r.status == 422 and r.json()["error"]["field"] == "rate"


def test_bad_line_on_the_page_shows_the_error_in_the_form(h):
    c = h.login(role="sales")
    opp = make_opportunity(h, user=c.login_name, contact="Forme Client")
    qid = api_quote(h, c.login_name, opp, [])
    prod = int(h.sql1("SELECT id FROM product WHERE active = 1 ORDER BY id LIMIT 1"))
    r = c.post_form(f"/quotes/{qid}/lines", {"product_id": prod, "quantity": "-1"}, page=f"/quotes/{qid}")
    assert r.status == 422 and "The quantity cannot be negative." in r.text and "<form" in r.text
    r = c.post_form(f"/quotes/{qid}/lines", {"product_id": prod, "discount": "150"}, page=f"/quotes/{qid}")
    assert r.status == 422 and "between 0 and 100" in r.text


def test_numbers_are_consecutive_under_concurrency_and_after_a_rollback(h):
    api = h.api(role="manager")
    opp = make_opportunity(h, user=None, contact="Numéros")
    prod = int(h.sql1("SELECT id FROM product WHERE active = 1 ORDER BY id LIMIT 1"))
    results = []
    lock = threading.Lock()

    def create():
        cl = h.client()
        cl.bearer = api.bearer
        r = cl.post_json("/api/v1/quotes", {"opportunity_id": opp, "customer": "none",
                                            "lines": [{"product_id": prod, "quantity": 1}]})
        with lock:
            results.append((r.status, r.json().get("number")))

    threads = [threading.Thread(target=create) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(s == 201 for s, _ in results), results
    nums = sorted(int(n[1:]) for _, n in results)
    assert len(set(nums)) == 20 and nums == list(range(nums[0], nums[0] + 20)), nums
    # A creation that fails after taking its number gives it back.
    r = api.post_json("/api/v1/quotes", {"opportunity_id": opp, "customer": "none",
                                         "lines": [{"product_id": prod}, {"product_id": 99999999}]})
    assert r.status == 422
    r = api.post_json("/api/v1/quotes", {"opportunity_id": opp, "customer": "none"})
    assert r.status == 201
    assert int(r.json()["number"][1:]) == nums[-1] + 1 or int(r.json()["number"][1:]) > nums[-1]
    # Nothing else may have taken numbers in between in this single-runner test.
    last = sorted(int(n[1:]) for (n,) in h.sql("SELECT number FROM quote"))
    assert last == list(range(last[0], last[0] + len(last))), "gap in the numbering"


def test_confirm_locks_the_quotation_and_raises_expected_revenue(h):
    api = h.api(role="sales")
    opp = make_opportunity(h, user=api.login_name, contact="Commande", revenue="1000.00")
    qid = api_quote(h, api.login_name, opp, [{"description": "Projet", "quantity": 1, "price_unit": "2500.00"}])
    r = api.post_json(f"/api/v1/quotes/{qid}/confirm", {})
    assert r.status == 200 and r.json()["state"] == "confirmed"
    assert h.sql1("SELECT expected_revenue FROM crm_lead WHERE id = ?", opp) == "2500.00"
    tr = h.sql1("SELECT tracking FROM message WHERE res_model = 'lead' AND res_id = ? AND kind = 'tracking' "
                "ORDER BY id DESC LIMIT 1", opp)
    assert '"expected_revenue"' in tr and '"1000.00"' in tr and '"2500.00"' in tr
    r = api.post_json(f"/api/v1/quotes/{qid}/lines", {"description": "Extra", "quantity": 1, "price_unit": 1})
    assert r.status == 409 and "confirmed" in r.json()["error"]["message"]
    r = api.post_json(f"/api/v1/quotes/{qid}", {"payment_terms": "x"}, method="PATCH")
    assert r.status == 409
    # A smaller order leaves the revenue alone.
    q2 = api_quote(h, api.login_name, opp, [{"description": "Petit", "quantity": 1, "price_unit": "10.00"}])
    assert api.post_json(f"/api/v1/quotes/{q2}/confirm", {}).status == 200
    assert h.sql1("SELECT expected_revenue FROM crm_lead WHERE id = ?", opp) == "2500.00"
    # Smart buttons data (Q7): nothing left in draft/sent, two orders for 2510.00 untaxed.
    q3 = api_quote(h, api.login_name, opp, [])
    assert q3
    row = h.sql("SELECT SUM(state IN ('draft','sent')), SUM(IF(state = 'confirmed', amount_untaxed, 0)) "
                "FROM quote WHERE opportunity_id = ?", opp)[0]
    assert row == ["1", "2510.00"]
    c = h.login(role="manager")
    page = c.get(f"/quotes/{q3}")
    assert re.search(r'<span class="big">1</span> Quotations', page.text)
    assert re.search(r'<span class="big">2</span> Orders · €2,510.00', page.text)


def test_cancel_and_back_to_draft(h):
    api = h.api(role="sales")
    opp = make_opportunity(h, user=api.login_name, contact="Annule")
    qid = api_quote(h, api.login_name, opp, [])
    assert api.post_json(f"/api/v1/quotes/{qid}/cancel", {}).json()["state"] == "cancelled"
    r = api.post_json(f"/api/v1/quotes/{qid}/lines", {"description": "x", "quantity": 1, "price_unit": 1})
    assert r.status == 409
    assert api.post_json(f"/api/v1/quotes/{qid}/confirm", {}).status == 409
    assert api.post_json(f"/api/v1/quotes/{qid}/draft", {}).json()["state"] == "draft"


def test_expired_is_computed_and_shown(h):
    api = h.api(role="sales")
    opp = make_opportunity(h, user=api.login_name, contact="Expire")
    qid = api_quote(h, api.login_name, opp, [])
    h.sql("UPDATE quote SET date_order = UTC_DATE() - INTERVAL 40 DAY, validity_date = UTC_DATE() - INTERVAL 1 DAY "
          "WHERE id = ?", qid)
    assert api.get(f"/api/v1/quotes/{qid}").json()["expired"] is True
    c = h.login(role="manager")
    assert "has expired" in c.get(f"/quotes/{qid}").text
    ids = [q["id"] for q in api.get("/api/v1/quotes?state=expired").json()["items"]]
    assert qid in ids


def test_validity_setting_and_template_validity(h):
    api = h.api(role="manager")
    sql_setting(h, "quotation_validity_days", "0")
    try:
        opp = make_opportunity(h, user=None, contact="Validite")
        q = api.post_json("/api/v1/quotes", {"opportunity_id": opp}).json()
        assert q["validity_date"] is None
        c = h.login(role="manager")
        r = c.post_form("/quotes/templates/new", {"name": "Maintenance annuelle", "validity_days": "45",
                                                  "require_signature": "1", "terms": "Paiement à 30 jours."},
                        page="/quotes/templates/new")
        assert r.status == 303
        tid = int(r.header("Location").rsplit("/", 1)[1])
        prod = int(h.sql1("SELECT id FROM product WHERE active = 1 ORDER BY id LIMIT 1"))
        r = c.post_form(f"/quotes/templates/{tid}/lines", {"display_type": "line", "product_id": prod,
                                                          "quantity": "2"}, page=f"/quotes/templates/{tid}")
        assert r.status == 303
        q = api.post_json("/api/v1/quotes", {"opportunity_id": opp, "template_id": tid}).json()
        assert q["note"] == "Paiement à 30 jours." and len(q["lines"]) == 1 and q["lines"][0]["quantity"] == 2
        assert h.sql1("SELECT validity_date = UTC_DATE() + INTERVAL 45 DAY FROM quote WHERE id = ?", q["id"]) == "1"
    finally:
        sql_setting(h, "quotation_validity_days", "30")


def test_salespeople_see_their_quotations_only(h):
    a = h.api(role="sales")
    b = h.api(role="sales")
    opp = make_opportunity(h, user=a.login_name, contact="Prive")
    qid = api_quote(h, a.login_name, opp, [])
    assert a.get(f"/api/v1/quotes/{qid}").status == 200
    for path in (f"/api/v1/quotes/{qid}", f"/api/v1/quotes/{qid}/pdf"):
        assert b.get(path).status == 404, path
    assert b.post_json(f"/api/v1/quotes/{qid}/confirm", {}).status == 404
    assert b.post_json(f"/api/v1/quotes/{qid}/send", {}).status == 404
    assert qid not in [q["id"] for q in b.get("/api/v1/quotes?limit=500").json()["items"]]
    r = b.post_json("/api/v1/quotes", {"opportunity_id": opp})
    assert r.status == 422 and r.json()["error"]["field"] == "opportunity_id"
    cb = h.login(login=None, role="sales")
    assert cb.get(f"/quotes/{qid}").status == 404
    assert cb.get(f"/quotes/{qid}/pdf").status == 404
    m = h.api(role="manager")
    assert m.get(f"/api/v1/quotes/{qid}").status == 200
    # An unassigned opportunity's quotations are visible to every salesperson.
    opp2 = make_opportunity(h, user=None, contact="Libre")
    q2 = api_quote(h, None, opp2, [], client=m)
    h.sql("UPDATE quote SET user_id = NULL WHERE id = ?", q2)
    assert b.get(f"/api/v1/quotes/{q2}").status == 200
    assert h.client().get(f"/api/v1/quotes/{q2}").status == 401


def test_csrf_is_required_on_every_post(h):
    c = h.login(role="sales")
    opp = make_opportunity(h, user=c.login_name, contact="Csrf")
    qid = api_quote(h, c.login_name, opp, [])
    for path, fields in ((f"/quotes/{qid}/lines", {"description": "x", "quantity": "1", "price_unit": "1"}),
                         (f"/quotes/{qid}/confirm", {}), (f"/quotes/{qid}", {"payment_terms": "x"}),
                         ("/quotes/new", {"opportunity_id": opp}), (f"/quotes/{qid}/send", {"to": "a@b.example"}),
                         ("/quotes/products/new", {"name": "x"})):
        r = c.post(path, fields)
        assert r.status == 403, (path, r.status)
        r = c.post(path, dict(fields, csrf_token="forged"))
        assert r.status == 403, path
    assert h.sql1("SELECT state FROM quote WHERE id = ?", qid) == "draft"
    assert int(h.sql1("SELECT COUNT(*) FROM quote_line WHERE quote_id = ?", qid)) == 0


def test_quotation_pages_in_french(h):
    login, pw = h.new_user("sales", lang="fr")
    c = h.login(login, pw)
    opp = make_opportunity(h, user=login, contact="Élise Française")
    qid = api_quote(h, login, opp, [{"description": "Prestation", "quantity": 2, "price_unit": "1234.50",
                                      "tax_ids": []}])
    r = c.get(f"/quotes/{qid}")
    assert r.status == 200 and '<html lang="fr">' in r.text
    for s in ("Envoyer par e-mail", "Montant HT", "Ajouter un produit", "Conditions de paiement"):
        assert s in r.text, s
    assert "2\u202f469,00\u00a0€" in r.text
    r = c.get("/quotes")
    assert "Devis" in r.text and "2\u202f469,00\u00a0€" in r.text


def test_list_filters_and_search(h):
    c = h.login(role="manager")
    api = h.api(role="manager")
    opp = make_opportunity(h, user=None, contact="Filtre", name="Projet filtrable Zèbre")
    qid = api_quote(h, None, opp, [], client=api)
    r = c.get("/quotes?q=Z%C3%A8bre")
    assert r.status == 200 and f'href="/quotes/{qid}"' in r.text
    r = c.get("/quotes?state=confirmed&q=Z%C3%A8bre")
    assert f'href="/quotes/{qid}"' not in r.text
    # The opportunity's "Quotations" smart button: its quotations only.
    other = api_quote(h, None, make_opportunity(h, user=None, contact="Autre"), [], client=api)
    r = c.get(f"/quotes?opportunity_id={opp}")
    assert f'href="/quotes/{qid}"' in r.text and f'href="/quotes/{other}"' not in r.text


def test_products_and_taxes_pages(h):
    c = h.login(role="sales")
    r = c.get("/quotes/products")
    assert r.status == 200 and "Audit de sécurité" in r.text
    m = h.login(role="manager")  # the catalogue is written by managers
    r = m.post_form("/quotes/products/new", {"name": "Casque audio", "price": "59,90", "uom": "Unit",
                                             "default_code": "HW-HEAD"}, page="/quotes/products/new")
    assert r.status == 303
    pid = int(h.sql1("SELECT id FROM product WHERE default_code = 'HW-HEAD'"))
    assert h.sql1("SELECT list_price FROM product WHERE id = ?", pid) == "59.90"
    r = m.post_form("/quotes/products/new", {"name": "Cher", "price": "abc"}, page="/quotes/products/new")
    assert r.status == 422 and "not a valid amount" in r.text
    assert m.post_form(f"/quotes/products/{pid}/archive", {}, page=f"/quotes/products/{pid}").status == 303
    assert h.sql1("SELECT active FROM product WHERE id = ?", pid) == "0"
    api = h.api(role="sales")
    r = api.post_json("/api/v1/quotes", {"opportunity_id": make_opportunity(h, user=api.login_name, contact="A"),
                                         "lines": [{"product_id": pid}]})
    assert r.status == 422 and r.json()["error"]["field"] == "product_id"  # archived
    r = c.get("/quotes/taxes")
    assert r.status == 200 and "TVA 20 %" in r.text
    tax = int(h.sql1("SELECT id FROM tax ORDER BY id LIMIT 1"))
    r = c.post_form(f"/quotes/taxes/{tax}", {"name": "x", "rate": "1"}, page=f"/quotes/taxes/{tax}")
    assert r.status == 403  # changing a tax is for managers
    r = m.post_form("/quotes/taxes/new", {"name": "TVA 2,1 %", "rate": "2.1"}, page="/quotes/taxes/new")
    assert r.status == 303
    assert h.sql1("SELECT rate FROM tax WHERE name = 'TVA 2,1 %'") == "2.1000"


def test_api_patch_header_and_replace_lines(h):
    api = h.api(role="sales")
    opp = make_opportunity(h, user=api.login_name, contact="Patch Client", email="patch@client.example")
    qid = api_quote(h, api.login_name, opp, [{"description": "A", "quantity": 1, "price_unit": "10.00"}],
                    client=api)
    partner = int(h.sql1("SELECT id FROM partner WHERE is_company = 1 ORDER BY id LIMIT 1"))
    r = api.post_json(f"/api/v1/quotes/{qid}", {
        "partner_id": partner, "validity_date": None, "payment_terms": "30 jours fin de mois",
        "note": "Conditions.", "lines": [{"description": "B", "quantity": "2", "price_unit": "12.50"},
                                        {"display_type": "note", "description": "Livraison sous 3 semaines"}]},
        method="PATCH")
    assert r.status == 200, r.text
    q = r.json()
    assert q["partner_id"] == partner and q["validity_date"] is None and q["payment_terms"] == "30 jours fin de mois"
    assert [l["name"] for l in q["lines"]] == ["B", "Livraison sous 3 semaines"]
    assert q["amount_total"] == "25.00" and q["lines"][1]["display_type"] == "note"
    r = api.post_json(f"/api/v1/quotes/{qid}", {"validity_date": "2001-01-01"}, method="PATCH")
    assert r.status == 422 and r.json()["error"]["field"] == "validity_date"
    r = api.post_json(f"/api/v1/quotes/{qid}", {"partner_id": 99999999}, method="PATCH")
    assert r.status == 422 and r.json()["error"]["field"] == "partner_id"
    r = api.post_json(f"/api/v1/quotes/{qid}", {"lines": [{"quantity": -1, "description": "x"}]}, method="PATCH")
    assert r.status == 422 and r.json()["error"]["field"] == "quantity"
    assert api.get(f"/api/v1/quotes/{qid}").json()["amount_total"] == "25.00"  # unchanged


def test_api_products_and_taxes(h):
    sales = h.api(role="sales")
    mgr = h.api(role="manager")  # the catalogue is written by managers, read by everyone
    r = mgr.post_json("/api/v1/taxes", {"name": "Taxe test API", "rate": 8.5})
    assert r.status == 201 and r.json()["rate"] == 8.5 and r.json()["included"] is False
    tid = r.json()["id"]
    assert sales.post_json(f"/api/v1/taxes/{tid}", {"rate": 9}, method="PATCH").status == 403
    r = mgr.post_json(f"/api/v1/taxes/{tid}", {"rate": 9, "included": True}, method="PATCH")
    assert r.status == 200 and r.json()["rate"] == 9 and r.json()["included"] is True
    r = mgr.post_json("/api/v1/products", {"name": "Produit API", "price": 19.99, "tax_ids": [tid],
                                           "default_code": "API-1", "uom": "Hour"})
    assert r.status == 201, r.text
    p = r.json()
    assert p["price"] == "19.99" and p["tax_ids"] == [tid] and p["uom"] == "Hour" and p["active"] is True
    r = mgr.post_json(f"/api/v1/products/{p['id']}", {"price": "21", "active": False}, method="PATCH")
    assert r.status == 200 and r.json()["price"] == "21.00" and r.json()["active"] is False
    assert r.json()["name"] == "Produit API" and r.json()["tax_ids"] == [tid]  # partial update
    items = sales.get("/api/v1/products?q=Produit%20API&archived=1").json()["items"]
    assert [i["id"] for i in items] == [p["id"]]
    assert sales.get("/api/v1/products/99999999").status == 404
    assert mgr.post_json("/api/v1/products", {"name": "x", "tax_ids": [99999999]}).status == 422
    assert any(t["id"] == tid for t in sales.get("/api/v1/taxes").json()["items"])


def test_invoice_and_delivery_addresses_are_kept_from_the_form(h):
    c = h.login(role="sales")
    opp = make_opportunity(h, user=c.login_name, contact="Adresse Client")
    customer, other = [int(x) for (x,) in h.sql("SELECT id FROM partner WHERE active = 1 ORDER BY id LIMIT 2")]
    qid = api_quote(h, c.login_name, opp, [], customer="link", partner_id=customer)
    page = f"/quotes/{qid}"
    base = {"partner_id": customer, "date_order": h.sql1("SELECT UTC_DATE()"), "validity_date": "",
            "payment_terms": "30 days", "note": "", "signature_present": "1", "require_signature": "1"}
    r = c.post_form(page, dict(base, partner_invoice_id=other, partner_shipping_id=0), page=page)
    assert r.status == 303, r.text[:500]
    inv, ship = h.sql("SELECT partner_invoice_id, partner_shipping_id FROM quote WHERE id = ?", qid)[0]
    assert int(inv) == other and ship is None
    shown = c.get(page).text
    assert re.search(rf'<option value="{other}" selected>', shown)
    # Saving the header again (another field changed) keeps the chosen addresses.
    r = c.post_form(page, dict(base, payment_terms="45 days", partner_invoice_id=other, partner_shipping_id=other),
                    page=page)
    assert r.status == 303
    assert h.sql("SELECT partner_invoice_id, partner_shipping_id, payment_terms FROM quote WHERE id = ?", qid)[0] \
        == [str(other), str(other), "45 days"]
    # An unknown address is refused, naming the field, and nothing changes.
    r = c.post_form(page, dict(base, partner_invoice_id=99999999, partner_shipping_id=0), page=page)
    assert r.status == 422 and "Unknown customer." in r.text
    assert int(h.sql1("SELECT partner_shipping_id FROM quote WHERE id = ?", qid)) == other
