"""Intake: the contact form embedded in other websites (SPEC I2): embed.js,
CORS only for the allowed origins, redirect after submit only to them."""
import re

from intake_util import fields, lead_by_email, open_form, rejects, submit

SHOP = "https://shop.example"
EVIL = "https://evil.example"


def allow_shop(h):
    open_form(h)
    h.setting("intake.allowed_origins", SHOP + "\nhttp://127.0.0.1:9")


def test_embed_js_is_served_for_other_sites(h):
    r = h.client().get("/contact/embed.js")
    assert r.status == 200
    assert r.header("content-type").startswith("application/javascript")
    # No frame or CSP restrictions meant for our own HTML pages.
    assert r.header("x-frame-options") is None
    assert r.header("content-security-policy") is None
    assert r.header("x-content-type-options") == "nosniff"
    assert "public" in r.header("cache-control")
    assert "data-piste-contact" in r.text and "/contact/form.json" in r.text
    # The DOM is built without parsing HTML from the network.
    assert "innerHTML" not in r.text


def test_form_description_has_cors_only_for_allowed_origins(h):
    allow_shop(h)
    c = h.client()
    r = c.get("/contact/form.json?lang=fr", headers={"Origin": SHOP})
    assert r.status == 200
    assert r.header("access-control-allow-origin") == SHOP
    assert "Origin" in r.header("vary")
    d = r.json()
    assert d["lang"] == "fr" and d["labels"]["Send"] == "Envoyer"
    assert d["honeypot"] == "homepage" and len(d["submission_key"]) == 43
    assert d["consent"]["show"] is True and d["consent"]["version"] == "1"
    assert re.match(r"^\d+\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$", d["token"])  # time.nonce.mac
    r = c.get("/contact/form.json", headers={"Origin": EVIL})
    assert r.status == 403 and r.header("access-control-allow-origin") is None
    # Preflight for a JSON POST.
    r = c.request("OPTIONS", "/contact", headers={"Origin": SHOP, "Access-Control-Request-Method": "POST",
                                                  "Access-Control-Request-Headers": "content-type"})
    assert r.status == 204
    assert r.header("access-control-allow-origin") == SHOP
    assert "POST" in r.header("access-control-allow-methods")
    assert "Content-Type" in r.header("access-control-allow-headers")
    r = c.request("OPTIONS", "/contact", headers={"Origin": EVIL, "Access-Control-Request-Method": "POST"})
    assert r.status == 403 and r.header("access-control-allow-origin") is None
    # The configuration's form.allowed_origins and the setting add up; the
    # port is part of the origin.
    r = c.get("/contact/form.json", headers={"Origin": "http://127.0.0.1:9"})
    assert r.header("access-control-allow-origin") == "http://127.0.0.1:9"
    r = c.get("/contact/form.json", headers={"Origin": "http://127.0.0.1:10"})
    assert r.status == 403


def test_cross_origin_submission_from_allowed_and_denied_sites(h):
    allow_shop(h)
    c = h.client()
    f = fields()
    r = submit(h, c, f, json=True, headers={"Origin": SHOP})
    assert r.status == 201 and r.header("access-control-allow-origin") == SHOP
    assert lead_by_email(h, f["email"])
    before = rejects(h, "origin")
    g = fields()
    r = submit(h, c, g, json=True, headers={"Origin": EVIL})
    assert r.status == 403 and r.header("access-control-allow-origin") is None
    assert r.json()["error"]["key"] == "origin"
    r = submit(h, c, g, headers={"Origin": "null"})
    assert r.status == 403 and "This site may not send our contact form" in r.text
    assert not lead_by_email(h, g["email"])
    assert rejects(h, "origin") == before + 2
    # Our own pages post with our own origin.
    r = submit(h, c, g, json=True, headers={"Origin": h.base})
    assert r.status == 201


def test_redirect_after_submit_only_to_allowed_origins(h):
    allow_shop(h)
    c = h.client()
    r = submit(h, c, fields(redirect=SHOP + "/merci?x=1"), headers={"Origin": SHOP})
    assert r.status == 303 and r.header("location") == SHOP + "/merci?x=1"
    r = submit(h, c, fields(redirect=EVIL + "/phish"), headers={"Origin": SHOP})
    assert r.status == 303 and r.header("location") == "/contact/thanks"
    r = submit(h, c, fields(redirect="//evil.example/x"))
    assert r.header("location") == "/contact/thanks"
    r = submit(h, c, fields(redirect="javascript:alert(1)"))
    assert r.header("location") == "/contact/thanks"
    # The default target is a setting (itself limited to allowed origins).
    h.setting("intake.redirect_url", SHOP + "/thanks")
    r = submit(h, c, fields())
    assert r.header("location") == SHOP + "/thanks"
    h.setting("intake.redirect_url", EVIL + "/thanks")
    r = submit(h, c, fields())
    assert r.header("location") == "/contact/thanks"


def test_plain_snippet_without_script_gets_our_form_back(h):
    """The documented <form> posted without embed.js (no token): the visitor
    lands on our form with what they typed, and can send it from there."""
    allow_shop(h)
    h.setting("intake.min_seconds", 0)
    c = h.client()
    f = fields(budget="10k")
    del f["phone"]
    r = c.post("/contact", dict(f, redirect=SHOP + "/merci"), headers={"Origin": SHOP})
    assert r.status == 403
    assert "please check your message and send it again" in r.text
    assert 'value="%s"' % f["email"] in r.text
    assert 'name="budget" value="10k"' in r.text
    assert 'name="redirect" value="https://shop.example/merci"' in r.text
    assert not lead_by_email(h, f["email"])
    # Sending the form we gave back works.
    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', r.text))
    form.update(f)
    r = c.post("/contact", form)
    assert r.status == 303 and r.header("location") == SHOP + "/merci"
    rows = lead_by_email(h, f["email"], "HEX(description)")
    assert len(rows) == 1 and bytes.fromhex(rows[0][0]).decode().endswith("budget: 10k")
