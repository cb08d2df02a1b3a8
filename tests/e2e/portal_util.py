"""Helpers of the portal tests (not a test file): a quotation with a customer, the customer's view of
its page, PNG images made by hand, QR decoding, the content hash recomputed from the stored snapshot."""
import hashlib
import html
import secrets
import json
import re
import struct
import subprocess
import tempfile
import zlib

from quotes_util import make_opportunity, api_quote, sql_setting

UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"


def no_rate_limit(h):
    sql_setting(h, "portal_fail_limit", "1000000")


def quote(h, lang="fr", validity=None):
    """A quotation (2 lines, TVA 20 %) of a new customer; returns (api client, id, token, salesperson id)."""
    api = h.api(role="sales")
    opp = make_opportunity(h, user=api.login_name, contact="Zoé Mercier", company="Boulangerie Lumière",
                           email=f"zoe.{secrets.token_hex(4)}@lumiere.example", lang=lang)
    t20 = int(h.sql1("SELECT id FROM tax WHERE name = 'TVA 20 %' ORDER BY id LIMIT 1"))
    qid = api_quote(h, api.login_name, opp, [
        {"description": "Audit de sécurité sur site", "quantity": 2, "price_unit": "950.00", "tax_ids": [t20]},
        {"description": "Écran 27 pouces", "quantity": 3, "price_unit": "329.90", "discount": 10, "tax_ids": [t20]},
    ], client=api)
    h.sql("UPDATE app_user SET email = ? WHERE login = ?", f"{api.login_name}@piste.example", api.login_name)
    if validity:
        h.sql(f"UPDATE quote SET validity_date = {validity} WHERE id = ?", qid)
    token = h.sql1("SELECT access_token FROM quote WHERE id = ?", qid)
    uid = int(h.sql1("SELECT id FROM app_user WHERE login = ?", api.login_name))
    return api, qid, token, uid


def page(h, qid, token, client=None, ua=UA, extra=""):
    c = client or h.client()
    return c.get(f"/my/quotes/{qid}?token={token}{extra}", headers={"User-Agent": ua})


def form_fields(text):
    f = {}
    for name in ("form_token", "content_hash", "token"):
        m = re.search(r'name="%s" value="([^"]*)"' % name, text)
        f[name] = html.unescape(m.group(1)) if m else None
    return f


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)


def png(w=300, h=100, noise=False, level=9):
    """A real RGBA PNG: a diagonal stroke on transparent, or random noise (incompressible)."""
    import os
    rows = []
    for y in range(h):
        if noise:
            rows.append(b"\x00" + os.urandom(w * 4))
        else:
            row = bytearray(w * 4)
            x = int(y * w / h)
            for dx in range(max(0, x - 2), min(w, x + 3)):
                row[dx * 4:dx * 4 + 4] = b"\x10\x20\x80\xff"
            rows.append(b"\x00" + bytes(row))
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"".join(rows), level)) +
            chunk(b"IEND", b""))


def decode_svg_qr(svg):
    """Rasterise an inline SVG QR code and decode it with zbarimg; returns the decoded text."""
    with tempfile.TemporaryDirectory() as d:
        with open(f"{d}/q.svg", "w") as f:
            f.write(svg)
        subprocess.run(["rsvg-convert", "-w", "600", "-b", "white", "-o", f"{d}/q.png", f"{d}/q.svg"], check=True)
        p = subprocess.run(["zbarimg", "--raw", "-q", "-Sbinary", f"{d}/q.png"], capture_output=True)
        assert p.returncode == 0, p.stderr
        out = p.stdout.decode("utf-8")
        return out[:-1] if out.endswith("\n") else out


def signed_snapshot(h, qid):
    """The stored snapshot of a signed quotation (crm/quote.h), as its exact bytes, or None."""
    hx = h.sql1("SELECT HEX(signed_snapshot) FROM quote WHERE id = ?", qid)
    return bytes.fromhex(hx) if hx else None


def canonical_hash(h, qid):
    """The content hash recomputed from the stored snapshot of a signed quotation: SHA-256 of its
    bytes, which must be the canonical JSON (compact, keys sorted, UTF-8 as is)."""
    raw = signed_snapshot(h, qid)
    assert raw is not None, f"quotation {qid} has no signed snapshot"
    text = raw.decode("utf-8")
    assert json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"), ensure_ascii=False) == text
    return hashlib.sha256(raw).hexdigest()


def sign(h, qid, token, name="Zoé Mercier", signature=None, client=None, fields=None, drop=(), accept=True):
    """Open the page as the customer, then POST the sign form (signature: PNG bytes or a raw string)."""
    c = client or h.client()
    p = page(h, qid, token, client=c)
    f = form_fields(p.text)
    f["name"] = name
    if accept:
        f["accept"] = "1"
    if isinstance(signature, bytes):
        import base64
        f["signature"] = "data:image/png;base64," + base64.b64encode(signature).decode()
    elif signature is not None:
        f["signature"] = signature
    f.update(fields or {})
    for k in drop:
        f.pop(k, None)
    return c.post(f"/my/quotes/{qid}/sign", {k: v for k, v in f.items() if v is not None},
                  headers={"User-Agent": UA})
