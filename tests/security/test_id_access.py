"""Finding 2: an id named in a request (customer, salesperson, team, stage...) must be one the caller
may use. A salesperson who names a customer they cannot see gets 422 naming the field, nothing is
written, and the quotation's PDF never prints that customer."""
import secrets
import subprocess
import tempfile

from quotes_util import api_quote, make_opportunity, uid


def _foreign_customer(h, company=False):
    """A customer of another salesperson: a salesperson may not see it (X1)."""
    owner, _ = h.new_user("sales")
    name = f"Client Secret {secrets.token_hex(4)}"
    email = f"secret.{secrets.token_hex(3)}@foreign.example"
    h.sql("INSERT INTO partner (name, is_company, email, email_normalized, street, city, user_id) "
          "VALUES (?, ?, ?, ?, '12 rue Cachée', 'Secretville', ?)", name, 1 if company else 0, email, email,
          uid(h, owner))
    return int(h.sql1("SELECT id FROM partner WHERE name = ?", name)), name, email


def _pdf_text(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["pdftotext", f.name, "-"], capture_output=True, text=True).stdout


def _quote_state(h, qid):
    return h.sql("SELECT partner_id, partner_invoice_id, partner_shipping_id, user_id FROM quote WHERE id = ?", qid)


def test_api_quote_refuses_a_customer_the_salesperson_cannot_see(h):
    pid, pname, pmail = _foreign_customer(h)
    api = h.api(role="sales")
    opp = make_opportunity(h, user=api.login_name, contact="Visible Contact")
    before = h.sql1("SELECT COUNT(*) FROM quote")
    r = api.post_json("/api/v1/quotes", {"opportunity_id": opp, "customer": "link", "partner_id": pid, "lines": []})
    assert r.status == 422, (r.status, r.text)
    assert r.json()["error"]["field"] == "partner_id" and "unknown customer" in r.json()["error"]["message"].lower()
    assert h.sql1("SELECT COUNT(*) FROM quote") == before
    assert h.sql1("SELECT partner_id FROM crm_lead WHERE id = ?", opp) is None
    # On an existing quotation: customer, invoice and delivery addresses.
    qid = api_quote(h, api.login_name, opp, [{"description": "A", "quantity": 1, "price_unit": "10"}],
                    client=api, customer="none")
    state = _quote_state(h, qid)
    for field in ("partner_id", "partner_invoice_id", "partner_shipping_id"):
        r = api.post_json(f"/api/v1/quotes/{qid}", {field: pid}, method="PATCH")
        assert r.status == 422, (field, r.status, r.text)
        assert r.json()["error"]["field"] == field
        assert _quote_state(h, qid) == state
    text = _pdf_text(api.get(f"/api/v1/quotes/{qid}/pdf").raw)
    assert "Quotation" in text or "Devis" in text
    assert pname not in text and pmail not in text and "Secretville" not in text
    # A manager sees every customer: the same link is accepted.
    mgr = h.api(role="manager")
    r = mgr.post_json(f"/api/v1/quotes/{qid}", {"partner_id": pid}, method="PATCH")
    assert r.status == 200, r.text


def test_api_quote_refuses_unknown_salesperson_and_template(h):
    api = h.api(role="sales")
    opp = make_opportunity(h, user=api.login_name, contact="Refs")
    before = h.sql1("SELECT COUNT(*) FROM quote")
    r = api.post_json("/api/v1/quotes", {"opportunity_id": opp, "template_id": 99999999, "lines": []})
    assert r.status == 422 and r.json()["error"]["field"] == "template_id"
    r = api.post_json("/api/v1/quotes", {"opportunity_id": opp, "lines": [{"product_id": 99999999}]})
    assert r.status == 422 and r.json()["error"]["field"] == "product_id"
    r = api.post_json("/api/v1/quotes", {"opportunity_id": opp, "lines": [
        {"description": "x", "quantity": 1, "price_unit": 1, "tax_ids": [99999999]}]})
    assert r.status == 422 and r.json()["error"]["field"] == "tax_ids"
    assert h.sql1("SELECT COUNT(*) FROM quote") == before
    qid = api_quote(h, api.login_name, opp, [], client=api, customer="none")
    state = _quote_state(h, qid)
    r = api.post_json(f"/api/v1/quotes/{qid}", {"user_id": 99999999}, method="PATCH")
    assert r.status == 422 and r.json()["error"]["field"] == "user_id"
    assert _quote_state(h, qid) == state


def test_quote_never_picks_a_hidden_customer_by_e_mail(h):
    pid, pname, pmail = _foreign_customer(h)
    api = h.api(role="sales")
    opp = make_opportunity(h, user=api.login_name, contact="Homonyme", email=pmail)
    qid = api_quote(h, api.login_name, opp, [], client=api)
    assert h.sql1("SELECT COALESCE(partner_id, 0) FROM quote WHERE id = ?", qid) != str(pid)
    assert pname not in _pdf_text(api.get(f"/api/v1/quotes/{qid}/pdf").raw)


def test_html_quote_forms_refuse_a_hidden_customer(h):
    pid, pname, _ = _foreign_customer(h)
    c = h.login(role="sales")
    opp = make_opportunity(h, user=c.login_name, contact="Formulaire")
    page = c.get(f"/quotes/new?opportunity_id={opp}")
    assert page.status == 200 and pname not in page.text  # not offered either
    before = h.sql1("SELECT COUNT(*) FROM quote")
    r = c.post_form("/quotes/new", {"opportunity_id": opp, "customer": "link", "partner_id": pid},
                    page=f"/quotes/new?opportunity_id={opp}")
    assert r.status == 422, r.status
    assert h.sql1("SELECT COUNT(*) FROM quote") == before and pname not in r.text
    qid = api_quote(h, c.login_name, opp, [], customer="none")
    state = _quote_state(h, qid)
    page = c.get(f"/quotes/{qid}")
    assert page.status == 200 and pname not in page.text
    for field in ("partner_id", "partner_invoice_id", "partner_shipping_id"):
        r = c.post_form(f"/quotes/{qid}", {field: pid}, page=f"/quotes/{qid}")
        assert r.status == 422, (field, r.status)
        assert pname not in r.text
        assert _quote_state(h, qid) == state
    assert pname not in _pdf_text(c.get(f"/quotes/{qid}/pdf").raw)


def test_leads_refuse_hidden_customers_and_unknown_ids(h):
    pid, _, _ = _foreign_customer(h)
    api = h.api(role="sales")
    before = h.sql1("SELECT COUNT(*) FROM crm_lead")
    for field, value in (("partner_id", pid), ("user_id", 99999999), ("team_id", 99999999),
                         ("stage_id", 99999999)):
        r = api.post_json("/api/v1/leads", {"name": f"Lead {field}", field: value})
        assert r.status == 422, (field, r.status, r.text)
        assert r.json()["error"]["field"] == field, (field, r.text)
    assert h.sql1("SELECT COUNT(*) FROM crm_lead") == before
    # The HTML form: same rule, same field.
    c = h.login(role="sales")
    r = c.post_form("/crm/leads", {"name": "Lead formulaire", "user_id": "99999999"}, page="/crm/leads/new")
    assert r.status == 422, r.status
    assert h.sql1("SELECT COUNT(*) FROM crm_lead") == before
    # PATCH on the salesperson's own lead.
    lead = api.post_json("/api/v1/leads", {"name": "Mon lead"}).json()["id"]
    for field, value in (("partner_id", pid), ("user_id", 99999999), ("team_id", 99999999),
                         ("stage_id", 99999999)):
        r = api.post_json(f"/api/v1/leads/{lead}", {field: value}, method="PATCH")
        assert r.status == 422 and r.json()["error"]["field"] == field, (field, r.text)
    assert h.sql1("SELECT partner_id FROM crm_lead WHERE id = ?", lead) is None


def test_customers_refuse_a_hidden_parent_company(h):
    cid, cname, _ = _foreign_customer(h, company=True)
    api = h.api(role="sales")
    before = h.sql1("SELECT COUNT(*) FROM partner")
    r = api.post_json("/api/v1/partners", {"name": "Contact pirate", "parent_id": cid})
    assert r.status == 422 and r.json()["error"]["field"] == "parent_id", r.text
    r = api.post_json("/api/v1/partners", {"name": "Contact pirate", "user_id": 99999999})
    assert r.status == 422 and r.json()["error"]["field"] == "user_id", r.text
    assert h.sql1("SELECT COUNT(*) FROM partner") == before
    mine = api.post_json("/api/v1/partners", {"name": f"Mon contact {secrets.token_hex(3)}"}).json()["id"]
    r = api.post_json(f"/api/v1/partners/{mine}", {"parent_id": cid}, method="PATCH")
    assert r.status == 422 and r.json()["error"]["field"] == "parent_id", r.text
    assert h.sql1("SELECT parent_id FROM partner WHERE id = ?", mine) is None
    c = h.login(role="sales")
    r = c.post_form("/crm/customers", {"name": "Contact formulaire", "parent_id": cid}, page="/crm/customers/new")
    assert r.status == 422, r.status
    assert h.sql1("SELECT COUNT(*) FROM partner WHERE name = 'Contact formulaire'") == "0"


def test_activities_refuse_unknown_ids(h):
    api = h.api(role="sales")
    lead = api.post_json("/api/v1/leads", {"name": "Lead activités"}).json()["id"]
    before = h.sql1("SELECT COUNT(*) FROM activity WHERE res_model = 'lead' AND res_id = ?", lead)
    for body, field in (({"type": "Call", "user_id": 99999999}, "user_id"),
                        ({"type": 99999999}, "type"),
                        ({"type": "Call", "previous_type_id": 99999999}, "previous_type_id")):
        r = api.post_json(f"/api/v1/leads/{lead}/activities", body)
        assert r.status == 422, (body, r.status, r.text)
        assert r.json()["error"]["field"] == field, (body, r.text)
    assert h.sql1("SELECT COUNT(*) FROM activity WHERE res_model = 'lead' AND res_id = ?", lead) == before
    # A lead the salesperson cannot see: not found, nothing scheduled.
    other = h.api(role="sales").post_json("/api/v1/leads", {"name": "Lead d'un autre"}).json()["id"]
    assert api.post_json(f"/api/v1/leads/{other}/activities", {"type": "Call"}).status == 404
    assert h.sql1("SELECT COUNT(*) FROM activity WHERE res_model = 'lead' AND res_id = ?", other) == "0"
