"""Across areas: the opportunity form links to its quotations (Q2, Q7), the
lead API reports them, and predictive scoring follows the pipeline's writes
(S1 live increments)."""
import re


def _opportunity(h, c, **extra):
    body = {"name": "Wiring test", "type": "opportunity", "contact_name": "Ana Test",
            "partner_name": "Wiring SARL", "email": "ana@wiring.example", "expected_revenue": 1000}
    body.update(extra)
    r = c.post_json("/api/v1/leads", body)
    assert r.status == 201, r
    return r.json()


def test_opportunity_form_offers_a_quotation_and_counts_them(h):
    api = h.api(role="manager")
    lead = _opportunity(h, api)
    web = h.login(role="manager")
    page = web.get(f"/crm/leads/{lead['id']}")
    assert page.status == 200
    assert f'href="/quotes/new?opportunity_id={lead["id"]}"' in page.text
    assert "New quotation" in page.text and "Quotations" in page.text
    products = api.get("/api/v1/products").json()["items"]
    r = api.post_json("/api/v1/quotes", {"opportunity_id": lead["id"], "customer": "create",
                                         "lines": [{"product_id": products[0]["id"], "quantity": 2}]})
    assert r.status == 201, r
    got = api.get(f"/api/v1/leads/{lead['id']}").json()
    assert got["quote_count"] == 1 and got["order_amount"] == "0.00"
    page = web.get(f"/crm/leads/{lead['id']}")
    assert re.search(r'<strong>1</strong>\s*Quotations', page.text), page.text[:2000]


def test_a_lead_offers_no_quotation(h):
    api = h.api(role="manager")
    lead = _opportunity(h, api, type="lead")
    page = h.login(role="manager").get(f"/crm/leads/{lead['id']}")
    assert "/quotes/new?opportunity_id=" not in page.text


def test_scoring_learns_from_won_and_lost_in_the_pipeline(h):
    api = h.api(role="manager")
    h.sql("DELETE FROM setting WHERE k = 'scoring_start_date'")
    before = int(float(h.sql1("SELECT COALESCE(SUM(won_count), 0) FROM scoring_frequency") or 0))
    lead = _opportunity(h, api)
    r = api.request("POST", f"/api/v1/leads/{lead['id']}/won")
    assert r.status == 200, r
    after = float(h.sql1("SELECT COALESCE(SUM(won_count), 0) FROM scoring_frequency") or 0)
    assert after > before, (before, after)
    lost = _opportunity(h, api)
    lost_before = float(h.sql1("SELECT COALESCE(SUM(lost_count), 0) FROM scoring_frequency") or 0)
    assert api.post_json(f"/api/v1/leads/{lost['id']}/lost", {}).status == 200
    assert float(h.sql1("SELECT COALESCE(SUM(lost_count), 0) FROM scoring_frequency") or 0) > lost_before
    # A new open record gets a probability strictly between 0 and 100 once the
    # table has data, and it follows stage moves.
    fresh = _opportunity(h, api)
    p = float(h.sql1("SELECT probability FROM crm_lead WHERE id = ?", fresh["id"]))
    auto = float(h.sql1("SELECT automated_probability FROM crm_lead WHERE id = ?", fresh["id"]))
    assert p == auto and 0 < p < 100, (p, auto)


def test_managers_set_the_quotation_defaults_on_the_settings_page(h):
    from quotes_util import sql_setting, make_opportunity
    saved = {k: h.sql1("SELECT v FROM setting WHERE k = ?", k)
             for k in ("quotation_validity_days", "quote_numbering", "quote_followup_days")}
    web = h.login(role="manager")
    try:
        page = web.get("/crm/settings")
        assert page.status == 200 and 'action="/crm/settings/quotations"' in page.text
        r = web.post_form("/crm/settings/quotations",
                          {"validity_days": "0", "numbering": "year", "followup_days": "5"}, page="/crm/settings")
        assert r.status == 303 and "saved=1" in (r.header("Location") or ""), r
        assert h.sql1("SELECT v FROM setting WHERE k = 'quotation_validity_days'") == "0"
        assert h.sql1("SELECT v FROM setting WHERE k = 'quote_numbering'") == "year"
        assert h.sql1("SELECT v FROM setting WHERE k = 'quote_followup_days'") == "5"
        page = web.get("/crm/settings")
        assert re.search(r'name="validity_days"[^>]*value="0"', page.text), page.text[:3000]
        # A quotation made now has no expiry and a number of this year's sequence.
        api = h.api(role="manager")
        opp = make_opportunity(h, contact="Settings Test", company="Settings SARL", email="s@settings.example")
        products = api.get("/api/v1/products").json()["items"]
        r = api.post_json("/api/v1/quotes", {"opportunity_id": opp, "customer": "create",
                                             "lines": [{"product_id": products[0]["id"], "quantity": 1}]})
        assert r.status == 201, r.text
        qid = r.json()["id"]
        year = h.sql1("SELECT YEAR(UTC_DATE())")
        number, validity = h.sql("SELECT number, validity_date FROM quote WHERE id = ?", qid)[0]
        assert re.fullmatch(rf"S{year}-\d{{5}}", number), number
        assert validity is None
        # Bad values: the form again with the field named, nothing changed.
        r = web.post_form("/crm/settings/quotations",
                          {"validity_days": "30", "numbering": "monthly", "followup_days": "5"}, page="/crm/settings")
        assert r.status == 422 and "numbering" in r.text
        r = web.post_form("/crm/settings/quotations",
                          {"validity_days": "-1", "numbering": "global", "followup_days": "5"}, page="/crm/settings")
        assert r.status == 422
        assert h.sql1("SELECT v FROM setting WHERE k = 'quote_numbering'") == "year"
        # Salespeople may not change them.
        sales = h.login(role="sales")
        r = sales.post_form("/crm/settings/quotations",
                            {"validity_days": "10", "numbering": "global", "followup_days": "1"})
        assert r.status == 403
        assert h.sql1("SELECT v FROM setting WHERE k = 'quotation_validity_days'") == "0"
    finally:
        for k, v in saved.items():
            sql_setting(h, k, v)


def test_the_demo_data_has_quotations_with_a_working_customer_link(h):
    rows = h.sql("SELECT q.id, q.access_token, q.number FROM quote q JOIN crm_lead l ON l.id = q.opportunity_id "
                 "WHERE l.origin = 'demo' ORDER BY q.id")
    assert len(rows) >= 3, rows
    qid, token, number = rows[0]
    page = h.client().get(f"/my/quotes/{qid}?token={token}")
    assert page.status == 200 and number in page.text
    assert int(h.sql1("SELECT COUNT(*) FROM quote_line WHERE quote_id = ?", qid)) >= 2
