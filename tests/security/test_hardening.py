"""Security finding 9, hardening details:
a) the contact form's anti-spam token is single use (a replay is refused and counted as spam, also when it
   was spooled while the database was down), and two forms opened in the same second get different tokens;
b) past the portal's failure limit an address gets 429 for every token, the right one too;
c) the portal signer's name refuses CR/LF and other control characters (422 next to the field);
d) X-Forwarded-Proto / X-Forwarded-For from a client that is not a configured proxy change nothing
   (the trusted case is tested in tests/unit/test_proxy_trust.c);
e) no HSTS header on plain HTTP, and no Secure cookie because a client claims HTTPS."""
import http.client
import os
import re
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "e2e"))

from harness import Response  # noqa: E402
from intake_util import fields, fresh_ip, lead_by_email, open_form, rejects, submit, submit_from  # noqa: E402
from portal_util import UA, form_fields, no_rate_limit, page, quote, sign  # noqa: E402
from quotes_util import sql_setting  # noqa: E402


def _wait_for(pred, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if pred():
            return True
        time.sleep(0.2)
    return pred()


def _request_from(h, ip, method, path, body=None, headers=None):
    """One request from the loopback source address ip (nginx sees it as REMOTE_ADDR)."""
    hd = {"Host": f"127.0.0.1:{h.port}", "Accept-Language": "en"}
    if body is not None:
        body = urllib.parse.urlencode(body)
        hd["Content-Type"] = "application/x-www-form-urlencoded"
    hd.update(headers or {})
    conn = http.client.HTTPConnection("127.0.0.1", h.port, timeout=30, source_address=(ip, 0))
    conn.request(method, path, body=body, headers=hd)
    r = conn.getresponse()
    data = r.read()
    hdrs = {}
    for k, v in r.getheaders():
        hdrs.setdefault(k.lower(), []).append(v)
    conn.close()
    return Response(r.status, hdrs, data)


# -- a) single-use contact-form token -------------------------------------------------------------------------

def test_contact_token_is_single_use(h):
    open_form(h)
    c = h.client()
    before = rejects(h, "replay")
    tok = h.contact_token(10)
    f1, f2 = fields(), fields()
    r = submit(h, c, dict(f1, form_token=tok), json=True)
    assert r.status == 201, r
    # The same token again, with another message (no idempotency key): refused like a forged token.
    r = submit(h, c, dict(f2, form_token=tok), json=True)
    assert r.status == 403, r
    assert r.json()["error"]["field"] == "form_token"
    assert not lead_by_email(h, f2["email"])
    # The same message replayed as is (HTML form): refused, not stored twice.
    r = submit(h, c, dict(f1, form_token=tok))
    assert r.status == 403 and 'name="form_token"' in r.text, r
    assert len(lead_by_email(h, f1["email"])) == 1
    assert rejects(h, "replay") == before + 2
    # A double click (same submission key, same token) is still one lead, answered as the first time.
    key = "D" + os.urandom(21).hex()
    f3 = fields(submission_key=key)
    tok3 = h.contact_token(10)
    r1 = submit(h, c, dict(f3, form_token=tok3), json=True)
    r2 = submit(h, c, dict(f3, form_token=tok3), json=True)
    assert r1.status == 201 and r2.status == 201 and r1.json()["id"] == r2.json()["id"], (r1, r2)
    assert len(lead_by_email(h, f3["email"])) == 1
    # The token's use is recorded with an expiry, for `piste cron` to purge.
    assert int(h.sql1("SELECT COUNT(*) FROM form_token WHERE expires_at > UTC_TIMESTAMP()")) >= 2


def test_forms_opened_in_the_same_second_get_different_tokens(h):
    open_form(h)
    pairs = []
    for _ in range(30):
        a = re.search(r'name="form_token" value="([^"]+)"', h.client().get("/contact").text).group(1)
        b = re.search(r'name="form_token" value="([^"]+)"', h.client().get("/contact").text).group(1)
        e = h.client().get("/contact/form.json", headers={"Accept": "application/json"}).json()["token"]
        if a.split(".")[0] == b.split(".")[0] == e.split(".")[0]:
            pairs.append((a, b, e))
            break
    assert pairs, "could not open three forms within one second"
    a, b, e = pairs[0]
    assert len({a, b, e}) == 3, (a, b, e)
    # Each is a good token (once).
    h.setting("intake.min_seconds", 0)
    c = h.client()
    for t in (a, b, e):
        r = submit(h, c, dict(fields(), form_token=t), json=True)
        assert r.status == 201, r


def test_token_replayed_while_the_database_was_down_is_refused_at_replay(h):
    open_form(h)
    ip = fresh_ip()
    c = h.client()
    before = rejects(h, "replay")
    used = h.contact_token(10)
    g = fields()
    assert submit_from(h, ip, dict(g, form_token=used), json=True).status == 201
    c.get("/contact")  # the workers have the settings
    h.stop_db()
    tok = h.contact_token(10)
    f1, f2, f3 = fields(), fields(), fields()
    # The visitor's submission and a replay of its token: both spooled (no database to ask).
    assert submit_from(h, ip, dict(f1, form_token=tok), json=True).status == 202
    assert submit_from(h, ip, dict(f2, form_token=tok), json=True).status == 202
    # A token used before the database went down.
    assert submit_from(h, ip, dict(f3, form_token=used), json=True).status == 202
    h.start_db()
    spool = os.path.join(h.var, "spool", "contact")
    assert _wait_for(lambda: c.get("/contact").status == 200 and not [
        n for n in os.listdir(spool) if n.endswith(".json")]), os.listdir(spool)
    # The spooled submission is not refused as a replay of itself; the replays are.
    assert len(lead_by_email(h, f1["email"])) == 1
    assert not lead_by_email(h, f2["email"]) and not lead_by_email(h, f3["email"])
    assert _wait_for(lambda: rejects(h, "replay") >= before + 2)
    # And once the database is back, the token is spent.
    r = submit_from(h, ip, dict(fields(), form_token=tok), json=True)
    assert r.status == 403, r


# -- b) portal: locked out means locked out ---------------------------------------------------------------------

def test_portal_address_over_the_failure_limit_gets_429_with_the_right_token(h):
    no_rate_limit(h)
    _, qid, token, _ = quote(h)
    ip = fresh_ip()
    f = form_fields(page(h, qid, token).text)
    sql_setting(h, "portal_fail_limit", "3")
    h.on_cleanup(lambda: no_rate_limit(h))
    ua = {"User-Agent": UA}
    assert _request_from(h, ip, "GET", f"/my/quotes/{qid}?token={token}", headers=ua).status == 200
    codes = [_request_from(h, ip, "GET", f"/my/quotes/{qid}?token=guess{i}", headers=ua).status for i in range(3)]
    assert codes == [404, 404, 404], codes
    # Limit reached: the right token is refused like any other, on every route.
    r = _request_from(h, ip, "GET", f"/my/quotes/{qid}?token={token}", headers=ua)
    assert r.status == 429 and r.header("Retry-After"), r
    assert "Boulangerie" not in r.text
    assert _request_from(h, ip, "GET", f"/my/quotes/{qid}/pdf?token={token}", headers=ua).status == 429
    r = _request_from(h, ip, "POST", f"/my/quotes/{qid}/sign",
                      {"token": token, "form_token": f["form_token"], "content_hash": f["content_hash"],
                       "name": "Zoé Mercier", "accept": "1"}, headers=ua)
    assert r.status == 429, r
    assert h.sql1("SELECT signed_by FROM quote WHERE id = ?", qid) is None
    # Another address is not affected.
    assert _request_from(h, fresh_ip(), "GET", f"/my/quotes/{qid}?token={token}", headers=ua).status == 200


# -- c) the signer's name is one line of text -------------------------------------------------------------------

def test_portal_signer_name_refuses_line_breaks_and_control_characters(h):
    no_rate_limit(h)
    _, qid, token, _ = quote(h)
    for bad in ("Zoé Mercier\r\nSigned-By: CEO", "Zoé\nMercier", "Zoé\tMercier", "Zoé\x7fMercier",
                "Zoé\u2028Mercier", "\u202eZoé Mercier"):
        r = sign(h, qid, token, name=bad)
        assert r.status == 422, (repr(bad), r)
        assert re.search(r'class="field has-error">\s*<label for="sign-name"', r.text), repr(bad)
        assert "caractères interdits" in r.text  # the customer's language (fr)
        assert h.sql1("SELECT signed_by FROM quote WHERE id = ?", qid) is None
        assert h.sql1("SELECT state FROM quote WHERE id = ?", qid) in ("draft", "sent")
    r = sign(h, qid, token, name="Zoé Mercier-Dupont")
    assert r.status == 303, r
    assert h.sql1("SELECT signed_by FROM quote WHERE id = ?", qid) == "Zoé Mercier-Dupont"


# -- d/e) forwarded headers from a client, HSTS ----------------------------------------------------------------

def test_client_cannot_claim_https_or_another_address(h):
    spoof = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.77"}
    c = h.client()
    r = c.get("/crm/login", headers=spoof)
    assert r.status == 200
    cookies = r.headers.get("set-cookie", [])
    assert cookies and all("secure" not in x.lower() for x in cookies), cookies
    assert r.header("strict-transport-security") is None
    # Logged in over plain HTTP, claiming HTTPS: the session cookie is not marked Secure either.
    login, pw = h.new_user()
    from harness import field
    r = c.post("/crm/login", {"login": login, "password": pw, "form_token": field(r.text, "form_token")},
               headers=spoof)
    assert r.status == 303
    sid = [x for x in r.headers.get("set-cookie", []) if "Max-Age=0" not in x]
    assert sid and all("secure" not in x.lower() for x in sid), sid
    assert r.header("strict-transport-security") is None
    # Plain HTTP never gets HSTS, whatever the program.
    for path in ("/", "/contact", "/crm/login", "/my/quotes/1?token=x"):
        assert h.client().get(path, headers=spoof).header("strict-transport-security") is None, path
    # The address used by the rate limit and stored as the consent address is the real one.
    open_form(h, rate_limit=1)
    ip = fresh_ip()
    f = fields(consent="1")
    r = submit_from(h, ip, f, json=True, headers={"X-Forwarded-For": "198.51.100.77"})
    assert r.status == 201, r
    assert lead_by_email(h, f["email"], "consent_ip") == [[ip]]
    r = submit_from(h, ip, fields(), json=True, headers={"X-Forwarded-For": "198.51.100.78"})
    assert r.status == 429, r
