"""Shared helpers of the contact-form end-to-end tests (test_intake_*.py)."""
import secrets
import urllib.parse


def open_form(h, rate_limit=0):
    """The contact form with the app-side rate limit off for this test (every
    test client comes from 127.0.0.1); the rate-limit test sets its own."""
    h.setting("intake.rate_limit", rate_limit)


def fields(**extra):
    """A valid submission with a unique e-mail address (to find the lead)."""
    tag = secrets.token_hex(4)
    f = {"contact_name": f"Visitor {tag}", "email": f"v{tag}@example.org",
         "description": f"Please call me back ({tag})", "phone": "06 12 34 56 78",
         "partner_name": "Atelier Test"}
    f.update(extra)
    return f


def submit(h, client, f, age=10, json=False, headers=None, path="/contact", token=True):
    body = dict(f)
    if token and "form_token" not in body:
        body["form_token"] = h.contact_token(age)
    hd = {"Accept": "application/json"} if json else {}
    hd.update(headers or {})
    return client.post(path, body, headers=hd)


def lead_by_email(h, email, cols="id"):
    return h.sql(f"SELECT {cols} FROM crm_lead WHERE email_from = ?", email)


def rejects(h, reason):
    v = h.sql1("SELECT n FROM intake_reject WHERE reason = ?", reason)
    return int(v) if v else 0


def qs(**kw):
    return urllib.parse.urlencode(kw)


def fresh_ip():
    """A loopback source address nobody used yet in this run (127.0.0.0/8 all
    reaches nginx on 127.0.0.1; nginx sees it as REMOTE_ADDR)."""
    return "127.%d.%d.%d" % tuple(secrets.randbelow(250) + 2 for _ in range(3))


def submit_from(h, ip, f, age=10, json=False, headers=None, path="/contact"):
    """Like submit(), from the source address ip."""
    import http.client
    from harness import Response
    body = dict(f)
    body.setdefault("form_token", h.contact_token(age))
    hd = {"Host": f"127.0.0.1:{h.port}", "Accept-Language": "en",
          "Content-Type": "application/x-www-form-urlencoded"}
    if json:
        hd["Accept"] = "application/json"
    hd.update(headers or {})
    conn = http.client.HTTPConnection("127.0.0.1", h.port, timeout=30, source_address=(ip, 0))
    conn.request("POST", path, body=urllib.parse.urlencode(body), headers=hd)
    r = conn.getresponse()
    data = r.read()
    hdrs = {}
    for k, v in r.getheaders():
        hdrs.setdefault(k.lower(), []).append(v)
    conn.close()
    return Response(r.status, hdrs, data)
