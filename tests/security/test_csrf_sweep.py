"""CSRF on every state-changing route, generated from the route tables of the
four programs (cgi-bin/*/main.c): a POST/PUT/PATCH/DELETE made with a valid
session cookie but without the session's token, or with the token of another
session, is refused with 403 and writes nothing. A route added to a table is
swept without touching this file; a route that opts out of the session token
(R_NOCSRF) must be listed in EXEMPT with the reason, or this test fails."""
import re

import sec_routes as sr
from intake_util import fields

# Routes that check their own anti-forgery token instead of the session's.
EXEMPT = {
    ("POST", "/crm/login"): "no session yet: signed form_token bound to a cookie nonce",
    ("POST", "/contact"): "public contact form: signed form_token (min. time to submit)",
    ("POST", "/my/quotes/:id/sign"): "customer portal, no session: signed form token bound to the quotation token",
    ("POST", "/my/quotes/:id/decline"): "customer portal, no session: signed form token bound to the quotation token",
    ("POST", "/my/quotes/:id/message"): "customer portal, no session: signed form token bound to the quotation token",
}


def forged_body(w):
    """Plausible fields for any form: had the token check been missing, most
    handlers would have written something with them."""
    return {"name": "Forged", "body": "Forged note", "note": "Forged", "description": "Forged",
            "type": "Call", "summary": "Forged", "stage_id": str(w.ids["stage"]), "quantity": "1",
            "price_unit": "1", "price": "1", "rate": "1", "user_id": str(sr.uid(w.h, w.other)),
            "partner_id": str(w.ids["partner"]), "ids": str(w.ids["lead"]), "action": "tag", "tag": "Forged"}


def state_changing(routes):
    for r in routes:
        for m in r.methods:
            if m in sr.STATE_CHANGING:
                yield m, r


def test_csrf_exemptions_are_the_known_ones(h):
    rs = sr.routes()
    nocsrf = {(m, r.pattern) for m, r in state_changing(rs) if "R_NOCSRF" in r.flags}
    assert nocsrf <= set(EXEMPT), f"routes without the session CSRF check: {sorted(nocsrf - set(EXEMPT))}"
    stale = set(EXEMPT) - nocsrf
    assert not stale, f"EXEMPT lists routes that no longer opt out: {sorted(stale)}"


def test_every_state_changing_route_refuses_a_missing_or_foreign_token(h):
    w = sr.world(h)
    admin = h.login(role="admin")     # passes every role check: only CSRF may stop it
    stranger = h.login(w.other, w.other_pw)
    foreign = stranger.csrf("/crm")
    own = admin.csrf("/crm")
    assert foreign != own
    body = forged_body(w)
    covered, bad = [], []
    with sr.Fingerprint(h) as fp:
        before = fp.take()
        for m, r in state_changing(sr.routes()):
            if (m, r.pattern) in EXEMPT:
                continue
            path = sr.fill(r.pattern, [w.ids[k] for k in sr.kinds_of(r.pattern)])
            tries = []
            if r.api:
                tries.append(("no token", admin.post_json(path, body, method=m)))
                tries.append(("foreign token", admin.post_json(path, body, method=m,
                                                               headers={"X-CSRF-Token": foreign})))
            else:
                tries.append(("no token", admin.request(m, path, body=sr.urlencode(body),
                                                        headers={"Content-Type": sr.FORM})))
                tries.append(("foreign token", admin.request(m, path, body=sr.urlencode(dict(body, csrf_token=foreign)),
                                                             headers={"Content-Type": sr.FORM})))
                tries.append(("foreign header", admin.request(m, path, body=sr.urlencode(body),
                                                              headers={"Content-Type": sr.FORM,
                                                                       "X-CSRF-Token": foreign})))
            for what, resp in tries:
                ok = resp.status == 403 and ("csrf_token" in resp.text if r.api else True)
                if not ok:
                    bad.append(f"{m} {path} ({what}): {resp.status}")
            after = fp.take()
            if sr.changed(before, after):
                bad.append(f"{m} {path}: wrote to {sr.changed(before, after)}")
            before = after
            covered.append(f"{m} {r.pattern}")
        # The fingerprint sees a write: the same kind of post with the right
        # token is accepted and changes it.
        r = admin.post(f"/crm/leads/{w.ids['lead']}/notes", {"body": "Real note", "csrf_token": own})
        assert r.status == 303, r
        assert "message" in sr.changed(before, fp.take())
    # Still logged in: the refused logout did not end the session.
    assert admin.get("/crm").status == 200
    print(f"    csrf sweep: {len(covered)} state-changing routes -> 403 without a token, with another "
          f"session's token (field and header), nothing written ({len(EXEMPT)} exempt, checked below); "
          f"routes: " + ", ".join(covered))
    assert not bad, f"{len(bad)} failures:\n" + "\n".join(bad)
    assert len(covered) > 80, len(covered)


def _form_token(html):
    m = re.search(r'name="form_token" value="([^"]+)"', html)
    assert m, "no form_token on the page"
    return m.group(1)


def test_exempt_routes_check_their_own_token(h):
    """The routes of EXEMPT are not left open: each refuses a post without
    its own signed token, or with one signed for another visitor or page."""
    w = sr.world(h)
    login, pw = w.other, w.other_pw
    qid, other_qid = w.ids["quote"], w.mine["quote"]
    qtok = h.sql1("SELECT access_token FROM quote WHERE id = ?", qid)
    other_qtok = h.sql1("SELECT access_token FROM quote WHERE id = ?", other_qid)
    stranger = h.client()
    foreign_login = _form_token(stranger.get("/crm/login").text)
    foreign_portal = _form_token(stranger.get(f"/my/quotes/{other_qid}?token={other_qtok}").text)
    probes = {
        ("POST", "/crm/login"): ("/crm/login", {"login": login, "password": pw}, foreign_login),
        ("POST", "/contact"): ("/contact", fields(email=f"csrf-{w.tag}@example.org"), "1.forged"),
    }
    for action in ("sign", "decline", "message"):
        probes[("POST", f"/my/quotes/:id/{action}")] = (
            f"/my/quotes/{qid}/{action}?token={qtok}",
            {"name": "Forged", "signature": "data:image/png;base64,AAAA", "reason": "Forged", "body": "Forged"},
            foreign_portal)
    assert set(probes) == set(EXEMPT), "add a probe for each exempt route"
    c = h.client()
    c.get("/crm/login")                # the visitor's own login cookie
    with sr.Fingerprint(h) as fp:
        before = fp.take()
        for key, (path, body, foreign) in probes.items():
            for what, f in (("no token", body), ("foreign token", dict(body, form_token=foreign))):
                r = c.post(path, f, headers={"Accept": "application/json"} if path == "/contact" else None)
                assert r.status == 403, (key, what, r.status, r.text[:200])
            after = fp.take()
            # The contact form counts what it refuses (intake_reject), by design.
            wrote = [t for t in sr.changed(before, after) if t != "intake_reject"]
            assert not wrote, (key, wrote)
            before = after
    assert c.get("/crm").status in (302, 303), "the forged login opened a session"
