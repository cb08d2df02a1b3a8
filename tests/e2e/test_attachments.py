"""Files received with an e-mail are listed under their chatter message and downloadable by those
who may see the record; safe types open inline, anything else downloads under a sandboxing CSP."""
import hashlib
import secrets

from test_intake_mailgate import deliver, mail


def _lead_with_files(h):
    raw = mail("06-attachments.eml").replace(b"<attach-9001@", f"<attach-{secrets.token_hex(4)}@".encode())
    code, out = deliver(h, raw)
    assert code == 0 and out["created"], out
    return out["res_id"]


def test_attachments_are_listed_and_downloadable(h):
    lead = _lead_with_files(h)
    web = h.login(role="manager")
    page = web.get(f"/crm/leads/{lead}")
    assert page.status == 200
    assert "cahier-des-charges.pdf" in page.text and "plan atelier été.png" in page.text
    files = h.sql("SELECT id, name, mimetype, sha256 FROM attachment WHERE res_model = 'lead' AND res_id = ? "
                  "ORDER BY id", lead)
    assert len(files) == 2
    for fid, name, mime, sha in files:
        assert f'href="/crm/leads/{lead}/attachments/{fid}"' in page.text
        r = web.get(f"/crm/leads/{lead}/attachments/{fid}")
        assert r.status == 200 and hashlib.sha256(r.raw).hexdigest() == sha
        assert r.header("Content-Type").startswith(mime)
        assert r.header("Content-Disposition").startswith("inline; filename*=UTF-8''"), r.headers
        assert any("sandbox" in v for v in r.headers["content-security-policy"]), r.headers
    # Anything not known to be safe is a download of bytes.
    h.sql("UPDATE attachment SET mimetype = 'text/html' WHERE id = ?", files[0][0])
    r = web.get(f"/crm/leads/{lead}/attachments/{files[0][0]}")
    assert r.header("Content-Type").startswith("application/octet-stream")
    assert r.header("Content-Disposition").startswith("attachment;")


def test_nobody_else_gets_the_files(h):
    lead = _lead_with_files(h)
    fid = int(h.sql1("SELECT MIN(id) FROM attachment WHERE res_model = 'lead' AND res_id = ?", lead))
    # The lead has no salesperson yet; give it to somebody else.
    other = h.sql1("SELECT id FROM app_user WHERE login = 'lucas.bernard'")
    h.sql("UPDATE crm_lead SET user_id = ? WHERE id = ?", other, lead)
    stranger = h.login(role="sales")
    assert stranger.get(f"/crm/leads/{lead}/attachments/{fid}").status == 404
    # A file of another record through a record one may see: 404 too.
    web = h.login(role="manager")
    api = h.api(role="manager")
    own = api.post_json("/api/v1/leads", {"name": "No files here"}).json()["id"]
    assert web.get(f"/crm/leads/{own}/attachments/{fid}").status == 404
    assert web.get(f"/crm/leads/{lead}/attachments/99999999").status == 404
    assert h.client().get(f"/crm/leads/{lead}/attachments/{fid}").status in (302, 303)


def test_quotation_files_follow_the_quotation_rules(h):
    from quotes_util import make_opportunity, api_quote
    c = h.login(role="sales")
    opp = make_opportunity(h, user=c.login_name, contact="Fichier Client")
    qid = api_quote(h, c.login_name, opp, [])
    h.sql("INSERT INTO message (res_model, res_id, kind, body) VALUES ('quote', ?, 'note', 'Signed copy')", qid)
    mid = h.sql1("SELECT MAX(id) FROM message WHERE res_model = 'quote' AND res_id = ?", qid)
    data = b"%PDF-1.4 test"
    h.sql("INSERT INTO attachment (res_model, res_id, message_id, name, mimetype, size, sha256, data) "
          "VALUES ('quote', ?, ?, 'signed.pdf', 'application/pdf', ?, ?, ?)", qid, mid, len(data),
          hashlib.sha256(data).hexdigest(), data.decode())
    fid = h.sql1("SELECT MAX(id) FROM attachment WHERE res_model = 'quote' AND res_id = ?", qid)
    page = c.get(f"/quotes/{qid}")
    assert f'href="/quotes/{qid}/attachments/{fid}"' in page.text and "signed.pdf" in page.text
    r = c.get(f"/quotes/{qid}/attachments/{fid}")
    assert r.status == 200 and r.raw == data and r.header("Content-Type").startswith("application/pdf")
    assert h.login(role="sales").get(f"/quotes/{qid}/attachments/{fid}").status == 404
