"""Quotation documents (Q5, Q6): the PDF (valid, readable text in the customer's language, pages,
QR code to the portal page) and sending it by e-mail over a real SMTP server on loopback, or to
the outbox when no SMTP server is configured; SMTP down, retries."""
import asyncio
import email
import re
import email.policy
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time

from quotes_util import make_opportunity, api_quote, sql_setting

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "browser", "out")


def _pdf_text(data, layout=False):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True)
        assert info.returncode == 0, info.stderr
        text = subprocess.run(["pdftotext"] + (["-layout"] if layout else []) + [f.name, "-"],
                              capture_output=True, text=True).stdout
    pages = int([l for l in info.stdout.splitlines() if l.startswith("Pages:")][0].split()[1])
    # Amounts use narrow no-break spaces (fr); pdftotext prints them as spaces.
    return info.stdout, pages, text.replace("\u202f", " ").replace("\u00a0", " ")


def _french_quote(h, api, nlines=3):
    # A new customer each time (an existing one with the same e-mail would be linked instead).
    opp = make_opportunity(h, user=api.login_name, contact="Zoé Mercier", company="Boulangerie Lumière",
                           email=f"zoe.{secrets.token_hex(4)}@lumiere.example", lang="fr")
    t20 = int(h.sql1("SELECT id FROM tax WHERE name = 'TVA 20 %' ORDER BY id LIMIT 1"))
    lines = [{"description": "Audit de sécurité sur site", "quantity": 2, "price_unit": "950.00", "tax_ids": [t20]},
             {"description": "Écran 27 pouces", "quantity": 3, "price_unit": "329.90", "discount": 10,
              "tax_ids": [t20]},
             {"display_type": "section", "description": "Options été"}]
    for i in range(3, nlines):
        lines.append({"description": f"Ligne numéro {i} — maintenance mensuelle avec un texte assez long pour "
                                     f"passer sur deux lignes dans la colonne description", "quantity": 1,
                      "price_unit": "10.00"})
    return opp, api_quote(h, api.login_name, opp, lines, client=api)


def test_pdf_is_valid_and_reads_as_the_quotation_in_french(h):
    api = h.api(role="sales")
    _, qid = _french_quote(h, api)
    q = api.get(f"/api/v1/quotes/{qid}").json()
    r = api.get(f"/api/v1/quotes/{qid}/pdf")
    assert r.status == 200 and r.header("Content-Type") == "application/pdf"
    assert r.raw.startswith(b"%PDF-") and b"%%EOF" in r.raw[-64:]
    info, pages, text = _pdf_text(r.raw)
    assert pages == 1 and "A4" in info
    assert f"Devis {q['number']}" in info  # the PDF title
    for s in ("Devis", q["number"], "Boulangerie Lumière", "Zoé Mercier", "Audit de sécurité sur site",
              "Écran 27 pouces", "Options été", "Montant HT", "Total TTC", "Expiration",
              "1 900,00 €", "890,73 €", "2 790,73 €", "TVA 20 %", "558,15 €", "3 348,88 €"):
        assert s in text, s
    assert q["amount_total"] == "3348.88"
    # The same bytes every time: the PDF's dates come from the quotation, not the clock.
    assert api.get(f"/api/v1/quotes/{qid}/pdf").raw == r.raw
    # Staff may ask for the other language.
    c = h.login(role="manager")
    en = c.get(f"/quotes/{qid}/pdf?lang=en")
    _, _, text = _pdf_text(en.raw)
    assert "Quotation" in text and "€2,790.73" in text and "Untaxed amount" in text


def test_a_120_line_quotation_paginates_with_repeated_headers(h):
    api = h.api(role="sales")
    _, qid = _french_quote(h, api, nlines=120)
    r = api.get(f"/api/v1/quotes/{qid}/pdf")
    _, pages, text = _pdf_text(r.raw)
    assert pages >= 4, pages
    for p in range(1, pages + 1):
        assert f"Page {p} / {pages}" in text, p
    assert text.count("Description") >= pages  # the table header on every page
    assert "Ligne numéro 119" in text and "Total TTC" in text


def test_qr_code_decodes_to_the_portal_page(h):
    api = h.api(role="sales")
    _, qid = _french_quote(h, api)
    portal = api.get(f"/api/v1/quotes/{qid}").json()["portal_url"]
    r = api.get(f"/api/v1/quotes/{qid}/pdf")
    tmp = tempfile.mkdtemp()
    try:
        pdf = os.path.join(tmp, "q.pdf")
        with open(pdf, "wb") as f:
            f.write(r.raw)
        subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", pdf, os.path.join(tmp, "page")],
                       check=True)
        png = [os.path.join(tmp, f) for f in os.listdir(tmp) if f.endswith(".png")][0]
        z = subprocess.run(["zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", png],
                           capture_output=True, text=True)
        assert z.stdout.strip() == portal, (z.stdout, z.stderr)
        os.makedirs(OUT, exist_ok=True)
        shutil.copy(png, os.path.join(OUT, "quote-pdf-page1.png"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_signed_quotation_pdf_shows_the_signature(h):
    api = h.api(role="sales")
    _, qid = _french_quote(h, api)
    # What the portal will store when the customer signs (C3).
    h.sql("UPDATE quote SET signed_by = 'Zoé Mercier', signed_on = '2026-01-20 14:03:00', "
          "signature_hash = SHA2('content', 256) WHERE id = ?", qid)
    _, _, text = _pdf_text(api.get(f"/api/v1/quotes/{qid}/pdf").raw)
    assert "Signé par Zoé Mercier" in text and "20/01/2026 14:03" in text
    # Printed in groups of 16 (wrapping at a space): the whole hash reads back without white space.
    assert h.sql1("SELECT SHA2('content', 256)") in "".join(text.split())
    # Signed: no more changes.
    r = api.post_json(f"/api/v1/quotes/{qid}/lines", {"description": "x", "quantity": 1, "price_unit": 1})
    assert r.status == 409 and "signed" in r.json()["error"]["message"]


# ---- e-mail ---------------------------------------------------------------------------------------

class SmtpSink:
    """A real SMTP server on loopback (aiosmtpd), keeping the messages it receives."""

    def __init__(self):
        from aiosmtpd.controller import Controller
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.port = s.getsockname()[1]
        s.close()
        self.messages = []
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                sink.messages.append(envelope)
                return "250 Message accepted for delivery"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()


def _use_smtp(h, url):
    sql_setting(h, "smtp_url", url)
    h.on_cleanup(lambda: sql_setting(h, "smtp_url", None))


def _send_form(c, qid):
    r = c.get(f"/quotes/{qid}/send")
    assert r.status == 200, r.text[:300]
    import html
    import re
    val = lambda n: html.unescape(re.search(r'name="%s" value="([^"]*)"' % n, r.text).group(1))
    body = html.unescape(re.search(r'<textarea id="body"[^>]*>([^<]*)</textarea>', r.text).group(1))
    return r, {"to": val("to"), "subject": val("subject"), "body": body, "idem_key": val("idem_key"),
               "followup": "1", "followup_days": "3"}


def test_send_by_smtp_delivers_a_proper_message_with_the_pdf(h):
    sink = SmtpSink()
    h.on_cleanup(sink.stop)
    _use_smtp(h, f"smtp://127.0.0.1:{sink.port}")
    c = h.login(role="sales")
    api = h.api(login=c.login_name)
    opp, qid = _french_quote(h, api)
    q = api.get(f"/api/v1/quotes/{qid}").json()
    page, fields = _send_form(c, qid)
    assert "Bonjour Zoé Mercier" in fields["body"] and q["portal_url"] in fields["body"]
    addr = h.sql1("SELECT email FROM partner WHERE id = ?", q["partner_id"])
    assert fields["to"] == f"Zoé Mercier <{addr}>" and q["number"] in fields["subject"]
    assert "3\u202f348,88\u00a0€" in fields["body"]  # French amount, narrow no-break spaces
    r = c.post_form(f"/quotes/{qid}/send", fields, page=f"/quotes/{qid}/send")
    assert r.status == 303 and r.header("Location").endswith("?ok=sent"), r.text[:500]
    for _ in range(50):
        if sink.messages:
            break
        time.sleep(0.1)
    assert len(sink.messages) == 1
    env = sink.messages[0]
    assert env.rcpt_tos == [addr]
    msg = email.message_from_bytes(env.original_content, policy=email.policy.default)
    assert msg.get_content_type() == "multipart/mixed"
    assert msg["Subject"] == fields["subject"]
    head = env.original_content.split(b"\r\n\r\n")[0].decode("ascii")  # headers are 7-bit
    assert re.search(r"^To: =\?[a-z0-9-]+\?[bq]\?[^?]+\?= Mercier <%s>" % re.escape(addr), head, re.I | re.M), head
    assert str(msg["To"]) == f"Zoé Mercier <{addr}>"
    assert msg["Message-ID"].startswith("<") and msg["Message-ID"].endswith(">")
    body = msg.get_body(preferencelist=("plain",)).get_content()
    assert q["portal_url"] in body and "Bonjour Zoé Mercier" in body
    atts = list(msg.iter_attachments())
    assert len(atts) == 1 and atts[0].get_content_type() == "application/pdf"
    assert atts[0].get_filename() == f"Devis - {q['number']}.pdf"
    assert atts[0].get_content() == c.get(f"/quotes/{qid}/pdf").raw  # byte-equal
    # State, chatter of both records with the Message-ID, follow-up call in 3 days.
    assert h.sql1("SELECT state FROM quote WHERE id = ?", qid) == "sent"
    mid = msg["Message-ID"]
    for model, rid in (("quote", qid), ("lead", opp)):
        assert h.sql1("SELECT COUNT(*) FROM message WHERE res_model = ? AND res_id = ? AND kind = 'email_out' "
                      "AND message_id = ?", model, rid, mid) == "1", model
    assert h.sql1("SELECT COUNT(*) FROM attachment WHERE res_model = 'quote' AND res_id = ?", qid) == "1"
    row = h.sql("SELECT t.code, a.date_deadline = UTC_DATE() + INTERVAL 3 DAY, a.res_model FROM activity a "
                "JOIN activity_type t ON t.id = a.activity_type_id WHERE a.res_id = ? AND a.res_model = 'lead'",
                opp)
    assert row == [["call", "1", "lead"]]
    page = c.get(f"/quotes/{qid}?ok=sent")  # where the dialog redirected
    assert "The quotation has been sent." in page.text and "Quotation sent" in page.text
    # The same dialog posted again (double click, back button): not sent twice.
    r = c.post_form(f"/quotes/{qid}/send", fields, page=f"/quotes/{qid}/send")
    assert r.status == 303
    time.sleep(0.3)
    assert len(sink.messages) == 1
    assert h.sql1("SELECT COUNT(*) FROM message WHERE res_model = 'quote' AND res_id = ? AND kind = 'email_out'",
                  qid) == "1"


def test_api_send_with_the_template_defaults_in_english(h):
    sink = SmtpSink()
    h.on_cleanup(sink.stop)
    _use_smtp(h, f"smtp://127.0.0.1:{sink.port}")
    api = h.api(role="sales")
    opp = make_opportunity(h, user=api.login_name, contact="John Smith", email="john@smith.example", lang="en")
    qid = api_quote(h, api.login_name, opp, [{"description": "Consulting", "quantity": 1, "price_unit": "1000"}],
                    client=api)
    r = api.post_json(f"/api/v1/quotes/{qid}/send", {"followup_days": 0})
    assert r.status == 200, r.text
    assert r.json()["state"] == "sent" and r.json()["message_id"].startswith("<")
    msg = email.message_from_bytes(sink.messages[0].original_content, policy=email.policy.default)
    assert msg["Subject"].endswith("Quotation " + r.json()["number"])
    body = msg.get_body(preferencelist=("plain",)).get_content()
    assert body.startswith("Hello John Smith,") and "€1,000.00" in body and r.json()["portal_url"] in body
    assert h.sql1("SELECT COUNT(*) FROM activity WHERE res_model = 'lead' AND res_id = ?", opp) == "0"


def test_outbox_when_no_smtp_server_is_configured(h):
    sql_setting(h, "smtp_url", None)
    api = h.api(role="sales")
    _, qid = _french_quote(h, api)
    outbox = os.path.join(h.var, "outbox")
    before = set(os.listdir(outbox)) if os.path.isdir(outbox) else set()
    r = api.post_json(f"/api/v1/quotes/{qid}/send", {"idem_key": "outbox-test-1"})
    assert r.status == 200, r.text
    new = sorted(set(os.listdir(outbox)) - before)
    assert len(new) == 1 and new[0].endswith(".eml")
    with open(os.path.join(outbox, new[0]), "rb") as f:
        msg = email.message_from_bytes(f.read(), policy=email.policy.default)
    assert msg["Message-ID"] == r.json()["message_id"]
    att = list(msg.iter_attachments())[0]
    assert att.get_content() == api.get(f"/api/v1/quotes/{qid}/pdf").raw
    # The administrators' Outbox page lists it and shows it.
    admin = h.login("admin", h.credentials()["admin"])
    page = admin.get("/quotes/outbox")
    assert page.status == 200 and new[0] in page.text and r.json()["number"] in page.text
    one = admin.get(f"/quotes/outbox/{new[0]}")
    assert one.status == 200 and "Bonjour Zoé Mercier" in one.text and f"Devis - {r.json()['number']}.pdf" in one.text
    assert admin.get("/quotes/outbox/..%2Fpiste.conf").status == 404
    assert admin.get("/quotes/outbox/nope.eml").status == 404
    # Salespeople and managers do not read other people's mail.
    assert h.login(role="manager").get("/quotes/outbox").status == 403
    # Same key again: nothing new in the outbox.
    assert api.post_json(f"/api/v1/quotes/{qid}/send", {"idem_key": "outbox-test-1"}).status == 200
    assert sorted(set(os.listdir(outbox)) - before) == new


def test_smtp_down_is_a_clear_error_and_a_retry_sends_once(h):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there
    _use_smtp(h, f"smtp://127.0.0.1:{port}")
    c = h.login(role="sales")
    api = h.api(login=c.login_name)
    _, qid = _french_quote(h, api)
    page, fields = _send_form(c, qid)
    r = c.post_form(f"/quotes/{qid}/send", fields, page=f"/quotes/{qid}/send")
    assert r.status == 503
    assert "could not be reached" in r.text and "nothing was sent" in r.text
    assert 'name="idem_key" value="%s"' % fields["idem_key"] in r.text  # the same dialog, ready to retry
    assert h.sql1("SELECT state FROM quote WHERE id = ?", qid) == "draft"
    assert h.sql1("SELECT COUNT(*) FROM message WHERE res_model = 'quote' AND res_id = ? AND kind = 'email_out'",
                  qid) == "0"
    r = api.post_json(f"/api/v1/quotes/{qid}/send", {})
    assert r.status == 503 and "could not be reached" in r.json()["error"]["message"]
    # The server comes back on that port: the retry of the same dialog delivers once.
    from aiosmtpd.controller import Controller
    got = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            got.append(envelope)
            return "250 OK"

    ctl = Controller(Handler(), hostname="127.0.0.1", port=port)
    ctl.start()
    h.on_cleanup(ctl.stop)
    r = c.post_form(f"/quotes/{qid}/send", fields, page=f"/quotes/{qid}/send")
    assert r.status == 303
    r = c.post_form(f"/quotes/{qid}/send", fields, page=f"/quotes/{qid}/send")
    assert r.status == 303
    time.sleep(0.3)
    assert len(got) == 1
    assert h.sql1("SELECT state FROM quote WHERE id = ?", qid) == "sent"
    assert h.sql1("SELECT COUNT(*) FROM mail_out WHERE res_model = 'quote' AND res_id = ?", qid) == "1"


def test_send_needs_a_recipient_and_valid_addresses(h):
    api = h.api(role="sales")
    opp = make_opportunity(h, user=api.login_name, contact="Sans Mail")
    qid = api_quote(h, api.login_name, opp, [], client=api)
    r = api.post_json(f"/api/v1/quotes/{qid}/send", {})
    assert r.status == 422 and r.json()["error"]["field"] == "to"
    r = api.post_json(f"/api/v1/quotes/{qid}/send", {"to": "not an address"})
    assert r.status == 422 and r.json()["error"]["field"] == "to"
    r = api.post_json(f"/api/v1/quotes/{qid}/send", {"to": "ok@example.com\r\nBcc: evil@example.com"})
    assert r.status == 422
    assert h.sql1("SELECT state FROM quote WHERE id = ?", qid) == "draft"


def test_managers_edit_the_e_mail_template(h):
    # Keep the original in the database (its text has newlines) and put it back afterwards.
    h.sql("DELETE FROM mail_template WHERE code = 'quote_send_bak'")
    h.sql("INSERT INTO mail_template (code, lang, subject, body) SELECT 'quote_send_bak', lang, subject, body "
          "FROM mail_template WHERE code = 'quote_send' AND lang = 'en'")
    h.on_cleanup(lambda: h.sql("UPDATE mail_template t JOIN mail_template b ON b.code = 'quote_send_bak' "
                               "AND b.lang = t.lang SET t.subject = b.subject, t.body = b.body "
                               "WHERE t.code = 'quote_send'; DELETE FROM mail_template WHERE code = 'quote_send_bak'"))
    m = h.login(role="manager")
    page = m.get("/quotes/templates/mail")
    assert page.status == 200 and "Devis {{number}}" in page.text and "{{portal_url}}" in page.text
    r = m.post_form("/quotes/templates/mail", {"lang": "en", "subject": "Offer {{number}} ({{company}})",
                                               "body": "Dear {{customer}},\nsee {{portal_url}}\n{{total}}"},
                    page="/quotes/templates/mail")
    assert r.status == 303
    r = m.post_form("/quotes/templates/mail", {"lang": "en", "subject": "a\r\nBcc: x@y.example", "body": "b"},
                    page="/quotes/templates/mail")
    assert r.status == 422
    assert h.login(role="sales").get("/quotes/templates/mail").status == 403
    sql_setting(h, "smtp_url", None)
    api = h.api(role="sales")
    opp = make_opportunity(h, user=api.login_name, contact="Ann Lee", email=f"ann.{secrets.token_hex(3)}@lee.example",
                           lang="en")
    qid = api_quote(h, api.login_name, opp, [{"description": "Work", "quantity": 1, "price_unit": "80"}], client=api)
    r = api.post_json(f"/api/v1/quotes/{qid}/send", {"followup_days": 0})
    assert r.status == 200
    name = h.sql1("SELECT outbox_file FROM mail_out WHERE message_id = ?", r.json()["message_id"])
    with open(os.path.join(h.var, "outbox", name), "rb") as f:
        msg = email.message_from_bytes(f.read(), policy=email.policy.default)
    assert msg["Subject"] == f"Offer {r.json()['number']} (Piste Demo SARL)"
    body = msg.get_body(preferencelist=("plain",)).get_content()
    assert body.startswith("Dear Ann Lee,") and r.json()["portal_url"] in body and "€80.00" in body
