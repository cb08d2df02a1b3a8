"""Customer portal (SPEC C1-C8): token checks on every route (404 for missing, wrong, revoked or another
quotation's token, like an unknown id, with similar timing; rate limit), the page, signing (happy path with
the content hash recomputed, double signature, expiry at POST time, changed content, bad PNGs, cross-site
POST), declining, the viewed log, customer messages, the EPC payment QR code and the page's QR code."""
import base64
import html
import re
import statistics
import subprocess
import tempfile
import time

from portal_util import (UA, canonical_hash, decode_svg_qr, form_fields, no_rate_limit, page, png, quote,
                         sign)
from quotes_util import sql_setting

ROUTES = [("GET", ""), ("GET", "/pdf"), ("GET", "/signature.png"), ("POST", "/sign"), ("POST", "/decline"), ("POST", "/message")]


def _hit(c, method, qid, suffix, token, fields=None):
    q = f"?token={token}" if token is not None else ""
    if method == "GET":
        return c.get(f"/my/quotes/{qid}{suffix}{q}", headers={"User-Agent": UA})
    body = dict(fields or {})
    if token is not None:
        body["token"] = token
    return c.post(f"/my/quotes/{qid}{suffix}", body, headers={"User-Agent": UA})


def test_token_matrix_every_route_answers_404(h):
    no_rate_limit(h)
    api, qid, token, _ = quote(h)
    _, other, other_token, _ = quote(h)
    c = h.client()
    ok = page(h, qid, token, client=c)
    assert ok.status == 200 and "Boulangerie" in ok.text
    f = form_fields(ok.text)
    assert _hit(c, "GET", qid, "/pdf", token).raw.startswith(b"%PDF-")
    unknown = int(h.sql1("SELECT MAX(id) FROM quote")) + 1000
    # Staff regenerates the token: the old link is revoked.
    staff = h.login(role="manager")
    assert staff.post_form(f"/quotes/{qid}/token", {}, page=f"/quotes/{qid}").status == 303
    new_token = h.sql1("SELECT access_token FROM quote WHERE id = ?", qid)
    assert new_token != token and len(new_token) == 43
    cases = {"missing": (qid, None), "empty": (qid, ""), "wrong": (qid, token[:-4] + "AAAA"),
             "revoked": (qid, token), "other quote's": (qid, other_token), "unknown id": (unknown, new_token),
             "huge": (qid, "x" * 5000)}
    for method, suffix in ROUTES:
        for what, (i, t) in cases.items():
            r = _hit(c, method, i, suffix, t, {"form_token": f["form_token"], "name": "X", "accept": "1",
                                               "reason": "no", "body": "hello"})
            assert r.status == 404, (method, suffix, what, r.status)
            assert "Boulangerie" not in r.text and "Audit" not in r.text
    # The same 404 page for a bad token and an unknown id (only the path differs).
    a = _hit(c, "GET", qid, "", "nope").text.replace(str(qid), "N")
    b = _hit(c, "GET", unknown, "", "nope").text.replace(str(unknown), "N")
    assert a == b
    assert page(h, qid, new_token).status == 200
    assert h.sql1("SELECT state FROM quote WHERE id = ?", qid) == "draft"
    assert h.sql1("SELECT COUNT(*) FROM message WHERE res_model = 'quote' AND res_id = ? AND kind = 'customer'",
                  qid) == "0"


def test_bad_token_and_unknown_id_take_similar_time(h):
    no_rate_limit(h)
    _, qid, token, _ = quote(h)
    unknown = int(h.sql1("SELECT MAX(id) FROM quote")) + 1000
    c = h.client()
    bad, unk = [], []
    for i in range(120):
        for lst, path in ((bad, f"/my/quotes/{qid}?token={token[:-1]}B"), (unk, f"/my/quotes/{unknown}?token={token}")):
            t0 = time.perf_counter()
            r = c.get(path)
            lst.append(time.perf_counter() - t0)
            assert r.status == 404
    mb, mu = statistics.median(bad[20:]), statistics.median(unk[20:])
    print(f"median 404: bad token {mb * 1e3:.2f} ms, unknown id {mu * 1e3:.2f} ms")
    assert abs(mb - mu) < 0.0015 or 0.67 < mb / mu < 1.5, (mb, mu)


def test_failures_are_rate_limited_per_address(h):
    _, qid, token, _ = quote(h)
    c = h.client()
    sql_setting(h, "portal_fail_limit", "3")
    try:
        codes = [c.get(f"/my/quotes/{qid}?token=guess{i}").status for i in range(6)]
        assert codes[-1] == 429 and 429 in codes[:5] or codes.count(429) >= 2, codes
        r = c.get(f"/my/quotes/{qid}?token=guess-again")
        assert r.status == 429 and r.header("Retry-After")
        # Past the limit the right link is refused too (it would tell which guess was right),
        # until the limit is raised (or the window ends).
        assert page(h, qid, token).status == 429
    finally:
        no_rate_limit(h)
    assert page(h, qid, token).status == 200


def test_page_shows_the_quotation_in_the_customers_language(h):
    no_rate_limit(h)
    _, qid, token, _ = quote(h, lang="fr", validity="UTC_DATE() + INTERVAL 12 DAY")
    h.sql("UPDATE quote SET payment_terms = '30 jours fin de mois', note = 'Conditions : paiement à réception' "
          "WHERE id = ?", qid)
    r = page(h, qid, token)
    t = html.unescape(r.text)
    assert r.status == 200 and r.header("Cache-Control") == "private, no-store"
    number = h.sql1("SELECT number FROM quote WHERE id = ?", qid)
    for s in ("Devis", number, "Piste Demo SARL", "Boulangerie Lumière", "Audit de sécurité sur site",
              "Écran 27 pouces", "expire dans 12 jours", "Montant HT", "TVA 20 %", "3 348,88 €",
              "30 jours fin de mois", "Conditions : paiement à réception", "Votre contact", "Télécharger le PDF",
              '<meta name="viewport"'):
        assert s in t.replace("\u202f", " ").replace("\u00a0", " "), s
    assert f"/my/quotes/{qid}/pdf?token={token}" in t
    en = page(h, qid, token, extra="&lang=en")
    assert "Quotation" in en.text and "expires in 12 days" in en.text and "€3,348.88" in en.text
    h.sql("UPDATE quote SET validity_date = UTC_DATE() - INTERVAL 1 DAY WHERE id = ?", qid)
    r = page(h, qid, token)
    assert "Expiré" in r.text and 'id="sign-form"' not in r.text
    # No script is needed to read it; the signature pad is only added when signing is possible.
    assert "<script" not in r.text


def test_page_qr_code_decodes_to_the_page_url(h):
    no_rate_limit(h)
    _, qid, token, _ = quote(h)
    r = page(h, qid, token)
    svg = re.search(r'id="page-qr">(<svg.*?</svg>)', r.text, re.S).group(1)
    url = decode_svg_qr(svg)
    assert url.endswith(f"/my/quotes/{qid}?token={token}") and url.startswith("http")
    assert page(h, qid, token).text.count("<svg") == 1  # cached: the same answer again


def test_sign_happy_path(h):
    no_rate_limit(h)
    api, qid, token, uid = quote(h, validity="UTC_DATE() + INTERVAL 5 DAY")
    c = h.client()
    r = sign(h, qid, token, name="Zoé Mercier", signature=png(), client=c)
    assert r.status == 303, r.text[:500]
    assert "message=signed" in r.header("Location")
    row = h.sql("SELECT state, signed_by, signed_on IS NOT NULL, LENGTH(signature), signature_hash, signer_ip, "
                "signer_ua, confirmed_at IS NOT NULL FROM quote WHERE id = ?", qid)[0]
    assert row[0] == "confirmed" and row[1] == "Zoé Mercier" and row[2] == "1" and int(row[3]) > 100
    assert row[4] == canonical_hash(h, qid), "stored hash = recomputed canonical content hash"
    assert row[5] and row[6] == UA and row[7] == "1"
    msg = h.sql("SELECT id, body FROM message WHERE res_model = 'quote' AND res_id = ? AND body LIKE 'Signed by %'",
                qid)
    assert len(msg) == 1 and "Zoé Mercier" in msg[0][1]
    att = h.sql("SELECT name, mimetype FROM attachment WHERE message_id = ?", int(msg[0][0]))
    assert att and att[0][1] == "application/pdf"
    pdf = bytes.fromhex(h.sql1("SELECT HEX(data) FROM attachment WHERE message_id = ?", int(msg[0][0])))
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        text = subprocess.run(["pdftotext", f.name, "-"], capture_output=True, text=True).stdout
    # The hash may wrap anywhere in its column: compare without any white space.
    flat = re.sub(r"\s+", "", text)
    assert "Zoé Mercier" in text and row[4][:16] in flat, (row[4], text[-1500:])
    assert h.sql1("SELECT COUNT(*) FROM notification WHERE user_id = ? AND res_model = 'quote' AND res_id = ? "
                  "AND event = 'signed'", uid, qid) == "1"
    assert h.sql1("SELECT COUNT(*) FROM mail_out WHERE res_model = 'quote' AND res_id = ? AND mail_to LIKE ?",
                  qid, "%@piste.example") == "1"
    p = c.get(r.header("Location"))
    assert p.status == 200 and "Signé" in p.text and 'id="sign-form"' not in p.text and row[4] in p.text
    # The drawn signature is on the page, behind the same token.
    assert f'src="/my/quotes/{qid}/signature.png?token={token}"' in html.unescape(p.text)
    img = c.get(f"/my/quotes/{qid}/signature.png?token={token}")
    assert img.status == 200 and img.header("Content-Type") == "image/png" and img.raw[:8] == b"\x89PNG\r\n\x1a\n"
    assert img.raw.hex() == h.sql1("SELECT LOWER(HEX(signature)) FROM quote WHERE id = ?", qid)
    assert c.get(f"/my/quotes/{qid}/signature.png?token=x{token[1:]}").status == 404
    assert c.get(f"/my/quotes/{qid}/signature.png").status == 404
    # The salesperson sees the signed order, and its PDF shows the signature.
    staff_pdf = api.get(f"/api/v1/quotes/{qid}/pdf")
    assert staff_pdf.status == 200
    # Signed means frozen: staff can no longer change the lines.
    assert api.post_json(f"/api/v1/quotes/{qid}/lines", {"description": "x", "quantity": 1,
                                                         "price_unit": "1"}).status == 409


def test_typed_name_only_is_accepted_and_recorded_as_such(h):
    no_rate_limit(h)
    _, qid, token, _ = quote(h)
    r = sign(h, qid, token, name="Jean Dupont")
    assert r.status == 303
    assert h.sql1("SELECT signature IS NULL FROM quote WHERE id = ?", qid) == "1"
    assert "signature.png" not in page(h, qid, token).text
    assert h.client().get(f"/my/quotes/{qid}/signature.png?token={token}").status == 404
    assert "typed name" in h.sql1("SELECT body FROM message WHERE res_model='quote' AND res_id=? AND body LIKE "
                                  "'Signed by %'", qid)


def test_double_sign_is_refused(h):
    no_rate_limit(h)
    _, qid, token, _ = quote(h)
    c = h.client()
    p = page(h, qid, token, client=c)
    f = form_fields(p.text)
    body = dict(f, name="Zoé", accept="1")
    assert c.post(f"/my/quotes/{qid}/sign", body).status == 303
    r = c.post(f"/my/quotes/{qid}/sign", dict(body, name="Autre"))
    assert r.status == 409 and "déjà signé" in html.unescape(r.text)
    assert h.sql1("SELECT signed_by FROM quote WHERE id = ?", qid) == "Zoé"


def test_expired_at_post_time_is_refused(h):
    no_rate_limit(h)
    _, qid, token, _ = quote(h, validity="UTC_DATE() + INTERVAL 3 DAY")
    c = h.client()
    f = form_fields(page(h, qid, token, client=c).text)
    assert f["content_hash"]
    h.sql("UPDATE quote SET validity_date = UTC_DATE() - INTERVAL 1 DAY WHERE id = ?", qid)
    r = c.post(f"/my/quotes/{qid}/sign", dict(f, name="Zoé", accept="1"))
    assert r.status == 409 and "expiré" in html.unescape(r.text)
    r = c.post(f"/my/quotes/{qid}/decline", dict(f, reason="trop cher"))
    assert r.status == 409 and "expiré" in html.unescape(r.text)
    assert h.sql1("SELECT CONCAT(state, '/', signed_on IS NULL) FROM quote WHERE id = ?", qid) == "draft/1"


def test_content_changed_since_the_page_was_shown_is_refused(h):
    no_rate_limit(h)
    api, qid, token, _ = quote(h)
    c = h.client()
    f = form_fields(page(h, qid, token, client=c).text)
    assert api.post_json(f"/api/v1/quotes/{qid}/lines", {"description": "Option", "quantity": 1,
                                                         "price_unit": "10.00"}).status in (200, 201)
    r = c.post(f"/my/quotes/{qid}/sign", dict(f, name="Zoé", accept="1"))
    assert r.status == 409 and "modifié" in html.unescape(r.text)
    assert h.sql1("SELECT state FROM quote WHERE id = ?", qid) == "draft"
    # Reloading gives the new content's hash: then it signs.
    assert sign(h, qid, token, name="Zoé").status == 303


def test_bad_signatures_are_refused_with_422(h):
    no_rate_limit(h)
    _, qid, token, _ = quote(h)
    good = png()
    big = png(260, 200, noise=True, level=0)
    assert 200 * 1024 < len(big) < 260 * 1024
    huge_dims = bytearray(png(10, 10))
    huge_dims[16:24] = (5000).to_bytes(4, "big") + (10).to_bytes(4, "big")
    cases = {
        "not a PNG": b"GIF89a" + b"\x00" * 200,
        "truncated": good[:len(good) // 2],
        "corrupt data": good[:41] + b"\xff" * 30 + good[71:],
        "oversize": big,
        "huge dimensions": bytes(huge_dims),
    }
    for what, data in cases.items():
        r = sign(h, qid, token, signature=data)
        assert r.status == 422, (what, r.status)
        assert "signature" in html.unescape(r.text).lower(), what
    for what, raw in {"not a data URL": "hello", "JPEG data URL": "data:image/jpeg;base64,AAAA",
                      "not base64": "data:image/png;base64,@@@@"}.items():
        r = sign(h, qid, token, signature=raw)
        assert r.status == 422, (what, r.status)
    # Multipart upload of a bad file: 422 too; of a good one: signed.
    c = h.client()
    f = form_fields(page(h, qid, token, client=c).text)
    f.update(name="Zoé", accept="1")

    def multipart(data):
        b = "----portaltest"
        parts = [f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in f.items()]
        parts.append(f'--{b}\r\nContent-Disposition: form-data; name="signature"; filename="s.png"\r\n'
                     f'Content-Type: image/png\r\n\r\n'.encode() + data + b"\r\n")
        return c.request("POST", f"/my/quotes/{qid}/sign", body=b"".join(parts) + f"--{b}--\r\n".encode(),
                         headers={"Content-Type": f"multipart/form-data; boundary={b}"})
    assert multipart(b"not a png at all").status == 422
    assert h.sql1("SELECT state FROM quote WHERE id = ?", qid) == "draft"
    assert multipart(good).status == 303
    assert h.sql1("SELECT LENGTH(signature) FROM quote WHERE id = ?", qid) == str(len(good))


def test_missing_name_or_acceptance_is_refused(h):
    no_rate_limit(h)
    _, qid, token, _ = quote(h)
    r = sign(h, qid, token, name="")
    assert r.status == 422
    r = sign(h, qid, token, accept=False)
    assert r.status == 422 and "accepte" in html.unescape(r.text)
    assert h.sql1("SELECT state FROM quote WHERE id = ?", qid) == "draft"


def test_cross_site_post_without_the_page_token_is_refused(h):
    no_rate_limit(h)
    _, qid, token, _ = quote(h)
    _, other, other_token, _ = quote(h)
    c = h.client()
    hdr = {"Origin": "https://evil.example", "Referer": "https://evil.example/x"}
    for path, body in (("/sign", {"name": "Zoé", "accept": "1"}), ("/decline", {"reason": "x"}),
                       ("/message", {"body": "spam"})):
        r = c.post(f"/my/quotes/{qid}{path}", dict(body, token=token), headers=hdr)
        assert r.status == 403, (path, r.status)
        r = c.post(f"/my/quotes/{qid}{path}", dict(body, token=token, form_token="1700000000.forged"), headers=hdr)
        assert r.status == 403
    # Another quotation's page token does not work here either.
    f_other = form_fields(page(h, other, other_token).text)
    own_hash = form_fields(page(h, qid, token).text)["content_hash"]
    r = c.post(f"/my/quotes/{qid}/sign", {"token": token, "form_token": f_other["form_token"], "name": "Zoé",
                                          "accept": "1", "content_hash": own_hash})
    assert r.status == 403
    assert h.sql1("SELECT state FROM quote WHERE id = ?", qid) == "draft"
    assert h.sql1("SELECT COUNT(*) FROM message WHERE res_model='quote' AND res_id=? AND kind='customer'", qid) == "0"


def test_decline_flow(h):
    no_rate_limit(h)
    _, qid, token, uid = quote(h)
    c = h.client()
    f = form_fields(page(h, qid, token, client=c).text)
    r = c.post(f"/my/quotes/{qid}/decline", dict(f, reason="  "))
    assert r.status == 422
    r = c.post(f"/my/quotes/{qid}/decline", dict(f, reason="Trop cher pour nous cette année"))
    assert r.status == 303 and "message=declined" in r.header("Location")
    assert h.sql("SELECT state, decline_reason FROM quote WHERE id = ?", qid)[0] == ["cancelled",
                                                                                     "Trop cher pour nous cette année"]
    assert h.sql1("SELECT COUNT(*) FROM message WHERE res_model='quote' AND res_id=? AND kind='customer' AND "
                  "body = 'Trop cher pour nous cette année'", qid) == "1"
    assert h.sql1("SELECT COUNT(*) FROM notification WHERE user_id=? AND res_id=? AND event='declined'", uid, qid) == "1"
    p = c.get(r.header("Location"))
    assert "Annulé" in p.text and 'id="sign-form"' not in p.text
    r = c.post(f"/my/quotes/{qid}/sign", dict(f, name="Zoé", accept="1"))
    assert r.status == 409
    r = c.post(f"/my/quotes/{qid}/decline", dict(f, reason="encore"))
    assert r.status == 409


def test_viewed_log_rules(h):
    no_rate_limit(h)
    _, qid, token, uid = quote(h)

    def views():
        return int(h.sql1("SELECT COUNT(*) FROM message WHERE res_model='quote' AND res_id=? AND "
                          "body = 'Quotation viewed by the customer'", qid))
    for bot in ("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "facebookexternalhit/1.1",
                "Twitterbot/1.0", "WhatsApp/2.23.20.0 A", "TelegramBot (like TwitterBot)",
                "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)", "LinkedInBot/1.0",
                "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.4266; Pro)", ""):
        assert page(h, qid, token, ua=bot).status == 200
    assert views() == 0
    c = h.client()
    r = c.request("HEAD", f"/my/quotes/{qid}?token={token}", headers={"User-Agent": UA})
    assert r.status == 200 and views() == 0
    # Staff opening the preview is not the customer either.
    staff = h.login(role="manager")
    assert page(h, qid, token, client=staff).status == 200 and views() == 0
    for _ in range(5):
        assert page(h, qid, token).status == 200
    assert views() == 1
    assert h.sql1("SELECT COUNT(*) FROM notification WHERE user_id=? AND res_id=? AND event='viewed'", uid, qid) == "1"
    # Another day: logged again, once (the day is part of the key).
    h.sql("UPDATE portal_view SET day = day - INTERVAL 1 DAY WHERE quote_id = ?", qid)
    h.sql("DELETE FROM portal_view WHERE quote_id = ? AND day = UTC_DATE()", qid)
    # Threads remember today's log; another quotation of the same slot would reset them, so ask the DB directly:
    # the row for today is gone, so the next view by a thread that has not seen it logs again.
    assert int(h.sql1("SELECT COUNT(*) FROM portal_view WHERE quote_id = ?", qid)) == 1


def test_customer_messages_and_public_staff_replies(h):
    no_rate_limit(h)
    _, qid, token, uid = quote(h)
    c = h.client()
    f = form_fields(page(h, qid, token, client=c).text)
    r = c.post(f"/my/quotes/{qid}/message", dict(f, body="Peut-on livrer le 12 ?"))
    assert r.status == 303 and "message=sent" in r.header("Location")
    row = h.sql("SELECT kind, author_name, is_public FROM message WHERE res_model='quote' AND res_id=? AND "
                "body = ?", qid, "Peut-on livrer le 12 ?")
    assert len(row) == 1 and row[0][0] == "customer" and row[0][2] == "1", row
    assert row[0][1] in ("Boulangerie Lumière", "Zoé Mercier"), row
    assert h.sql1("SELECT COUNT(*) FROM notification WHERE user_id=? AND res_id=? AND event='message'", uid, qid) == "1"
    assert c.post(f"/my/quotes/{qid}/message", dict(f, body="")).status == 422
    # Staff: a public reply shows on the page, an internal note does not.
    staff = h.login(role="manager")
    assert staff.post_form(f"/quotes/{qid}/note", {"body": "Oui, livraison le 12.", "public": "1"},
                           page=f"/quotes/{qid}").status == 303
    assert staff.post_form(f"/quotes/{qid}/note", {"body": "Note interne: marge faible"},
                           page=f"/quotes/{qid}").status == 303
    p = html.unescape(page(h, qid, token).text)
    assert "Peut-on livrer le 12 ?" in p and "Oui, livraison le 12." in p and "marge faible" not in p
    # Script in a message is text, never markup.
    c.post(f"/my/quotes/{qid}/message", dict(f, body="<script>alert(1)</script>"))
    assert "<script>alert(1)" not in page(h, qid, token).text


def test_epc_payment_qr_code(h):
    no_rate_limit(h)
    _, qid, token, _ = quote(h)
    assert 'id="pay"' not in page(h, qid, token).text
    sql_setting(h, "company_iban", "FR76 3000 6000 0112 3456 7890 189")
    sql_setting(h, "company_bic", "AGRIFRPP")
    try:
        r = page(h, qid, token)
        svg = re.search(r'class="qr epc">(<svg.*?</svg>)', r.text, re.S).group(1)
        number = h.sql1("SELECT number FROM quote WHERE id = ?", qid)
        expected = ("BCD\n002\n1\nSCT\nAGRIFRPP\nPiste Demo SARL\nFR7630006000011234567890189\nEUR3348.88\n\n\n"
                    + number)
        assert decode_svg_qr(svg) == expected
        # An invalid IBAN gives no code rather than a wrong one.
        sql_setting(h, "company_iban", "FR76 3000 6000 0112 3456 7890 188")
        assert 'id="pay"' not in page(h, qid, token).text
    finally:
        sql_setting(h, "company_iban", "")
        sql_setting(h, "company_bic", "")


def test_iban_is_set_on_the_settings_page(h):
    no_rate_limit(h)
    _, qid, token, _ = quote(h)
    m = h.login(role="manager")
    try:
        r = m.post_form("/crm/settings", {"leads_enabled": "1", "default_team_id": "0",
                                          "company_iban": "FR76 3000 6000 0112 3456 7890 188"}, page="/crm/settings")
        assert r.status == 422 and "IBAN" in r.text
        assert h.sql1("SELECT v FROM setting WHERE k = 'company_iban'") in ("", None)
        r = m.post_form("/crm/settings", {"leads_enabled": "1", "default_team_id": "0",
                                          "company_iban": "fr76 3000 6000 0112 3456 7890 189", "company_bic": "agrifrpp"},
                        page="/crm/settings")
        assert r.status == 303, r.status
        assert h.sql1("SELECT v FROM setting WHERE k = 'company_iban'") == "FR7630006000011234567890189"
        assert 'value="FR7630006000011234567890189"' in m.get("/crm/settings").text
        svg = re.search(r'class="qr epc">(<svg.*?</svg>)', page(h, qid, token).text, re.S).group(1)
        assert "\nFR7630006000011234567890189\nEUR3348.88\n" in decode_svg_qr(svg)
        # Saving the other settings without the IBAN fields leaves it alone.
        assert m.post_form("/crm/settings", {"leads_enabled": "1", "default_team_id": "0"},
                           page="/crm/settings").status == 303
        assert h.sql1("SELECT v FROM setting WHERE k = 'company_iban'") == "FR7630006000011234567890189"
    finally:
        sql_setting(h, "company_iban", "")
        sql_setting(h, "company_bic", "")
