"""Security finding 3: a signed quotation changed after signing. Renaming the customer, changing its
address or e-mail, re-pricing or re-coding a product or changing the company's details made the portal
page and the PDFs print the new values above "Signed by ..." and a content hash that no longer matched.
Now every document of a signed quotation comes from the snapshot stored at signing, whose SHA-256 is the
printed hash, and `piste quote verify` recomputes it."""
import email
import email.policy
import hashlib
import html
import json
import os
import re
import subprocess
import tempfile

from portal_util import UA, no_rate_limit, page, png, quote, sign, signed_snapshot
from quotes_util import sql_setting


def _pdf_text(raw):
    assert raw.startswith(b"%PDF-"), raw[:200]
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(raw)
        f.flush()
        text = subprocess.run(["pdftotext", f.name, "-"], capture_output=True, text=True).stdout
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def _verify(h, qid, env=None):
    p = subprocess.run([h.stack.cli, "quote", "verify", "--id", str(qid)], env=env or h.env,
                       capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout + p.stderr


def _signed_quote(h):
    """A quotation with a product line ([SNAP-1]), signed on the portal; returns (qid, token, manager api)."""
    no_rate_limit(h)
    api, qid, token, _ = quote(h, validity="UTC_DATE() + INTERVAL 5 DAY")
    mgr = h.api(role="manager")
    t20 = int(h.sql1("SELECT id FROM tax WHERE name = 'TVA 20 %' ORDER BY id LIMIT 1"))
    r = mgr.post_json("/api/v1/products", {"name": "Maintenance annuelle", "default_code": "SNAP-1",
                                           "price": "480.00", "tax_ids": [t20]})
    assert r.status == 201, r.text
    prod = r.json()["id"]
    assert api.post_json(f"/api/v1/quotes/{qid}/lines", {"product_id": prod, "quantity": 1}).status in (200, 201)
    h.sql("UPDATE partner p JOIN quote q ON q.partner_id = p.id SET p.street = '12 rue des Blés', "
          "p.zip = '69002', p.city = 'Lyon' WHERE q.id = ?", qid)
    r = sign(h, qid, token, name="Zoé Mercier", signature=png())
    assert r.status == 303, r.text[:500]
    return qid, token, mgr, prod


def test_signed_quotation_documents_keep_the_signed_content(h):
    qid, token, mgr, prod = _signed_quote(h)
    stored = h.sql1("SELECT signature_hash FROM quote WHERE id = ?", qid)
    old_email = h.sql1("SELECT p.email FROM quote q JOIN partner p ON p.id = q.partner_id WHERE q.id = ?", qid)
    company = html.unescape(re.search(r'<div class="company">\s*<strong>(.*?)</strong>',
                                      page(h, qid, token).text).group(1))
    assert company and old_email

    # After signing: the customer (company and contact) renamed, moved, new e-mail; the product re-priced
    # and re-coded, through the ordinary staff API.
    contact = int(h.sql1("SELECT partner_id FROM quote WHERE id = ?", qid))
    parent = int(h.sql1("SELECT parent_id FROM partner WHERE id = ?", contact))
    assert mgr.post_json(f"/api/v1/partners/{parent}", {"name": "Minoterie Renommée"}, method="PATCH").status == 200
    r = mgr.post_json(f"/api/v1/partners/{contact}", {"name": "Autre Personne", "email": "nouveau@minoterie.example",
                                                      "street": "99 avenue Nouvelle", "city": "Marseille",
                                                      "zip": "13001"}, method="PATCH")
    assert r.status == 200, r.text
    r = mgr.post_json(f"/api/v1/products/{prod}", {"default_code": "SNAP-2", "price": "999.00",
                                                   "name": "Maintenance premium"}, method="PATCH")
    assert r.status == 200, r.text
    assert h.sql1("SELECT name FROM partner WHERE id = ?", parent) == "Minoterie Renommée"
    new = ("Minoterie Renommée", "Autre Personne", "nouveau@minoterie.example", "99 avenue Nouvelle", "SNAP-2",
           "999,00")

    # The customer's page.
    p = page(h, qid, token, extra="&lang=fr")
    t = html.unescape(p.text).replace("\u202f", " ").replace("\u00a0", " ")
    assert p.status == 200
    for s in ("Boulangerie Lumière", "Zoé Mercier", "12 rue des Blés", "[SNAP-1]", "Signé par", stored):
        assert s in t, s
    for s in new:
        assert s not in t, s

    # The customer's PDF and the staff PDF (web), and the staff PDF from the command line with another
    # company name in the configuration: all print the signed content.
    staff = h.login(role="manager")
    pdfs = {"portal": h.client().get(f"/my/quotes/{qid}/pdf?token={token}", headers={"User-Agent": UA}).raw,
            "staff": staff.get(f"/quotes/{qid}/pdf").raw}
    env = dict(h.env, PISTE_COMPANY_NAME="Société Changée SAS")
    cli = subprocess.run([h.stack.cli, "quote", "pdf", "--id", str(qid)], env=env, capture_output=True,
                         timeout=60)
    assert cli.returncode == 0, cli.stderr
    pdfs["cli"] = cli.stdout
    # The PDF attached to an e-mail sent now (outbox: no SMTP server).
    sql_setting(h, "smtp_url", None)
    outbox = os.path.join(h.var, "outbox")
    before = set(os.listdir(outbox)) if os.path.isdir(outbox) else set()
    r = mgr.post_json(f"/api/v1/quotes/{qid}/send", {"idem_key": f"snapshot-{qid}"})
    assert r.status == 200, r.text
    sent = sorted(set(os.listdir(outbox)) - before)
    assert len(sent) == 1
    with open(os.path.join(outbox, sent[0]), "rb") as f:
        msg = email.message_from_bytes(f.read(), policy=email.policy.default)
    pdfs["e-mail"] = list(msg.iter_attachments())[0].get_content()
    for where, raw_pdf in pdfs.items():
        text = _pdf_text(raw_pdf)
        flat = re.sub(r"\s+", "", text)
        for s in ("Boulangerie Lumière", "Zoé Mercier", "12 rue des Blés", old_email, "[SNAP-1]", company,
                  "Signé par Zoé Mercier"):
            assert s in text, (where, s)
        assert stored in flat, where
        for s in new + ("Société Changée SAS",):
            assert s not in text, (where, s)

    # The staff page shows the signed values, and says what changed since.
    r = staff.get(f"/quotes/{qid}")
    t = html.unescape(r.text)
    assert r.status == 200
    assert "Boulangerie Lumière" in t and "[SNAP-1]" in t and "Minoterie Renommée" not in t and "SNAP-2" not in t
    assert 'id="snapshot-changed"' in t and 'id="snapshot-invalid"' not in t

    # The hash is the SHA-256 of the stored snapshot, which holds the signed values.
    raw = signed_snapshot(h, qid)
    assert raw and hashlib.sha256(raw).hexdigest() == stored, "the hash is recomputable from the snapshot"
    snap = json.loads(raw)
    assert snap["customer"]["name"] == "Boulangerie Lumière" and "12 rue des Blés" in snap["customer"]["address"]
    assert snap["customer"]["email"] == old_email and snap["company"]["name"] == company
    assert snap["lines"][2]["code"] == "SNAP-1" and snap["lines"][2]["price_unit"] == "480.00"

    # The signature still verifies; the changes are listed for information.
    code, out = _verify(h, qid, env)
    assert code == 0 and out.splitlines()[0] == "valid", out
    assert "customer.name" in out and "company.name" in out and "lines[2].code" in out, out

    # Tampering with the stored snapshot is detected.
    h.sql("UPDATE quote SET signed_snapshot = REPLACE(signed_snapshot, '480.00', '48.00') WHERE id = ?", qid)
    code, out = _verify(h, qid)
    assert code == 1 and "hash mismatch" in out and stored in out, out
    r = staff.get(f"/quotes/{qid}")
    assert 'id="snapshot-invalid"' in r.text


def test_verify_without_a_snapshot_or_signature_exits_1(h):
    no_rate_limit(h)
    _, qid, _, _ = quote(h)
    code, out = _verify(h, qid)
    assert code == 1 and "not signed" in out, out
    # Signed before snapshots were kept: said so, never "valid".
    h.sql("UPDATE quote SET signed_by = 'Ancien', signed_on = UTC_TIMESTAMP(), signature_hash = SHA2('x', 256), "
          "state = 'confirmed' WHERE id = ?", qid)
    code, out = _verify(h, qid)
    assert code == 1 and "no snapshot" in out, out
