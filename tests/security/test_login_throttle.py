"""Security finding 4: nobody can lock someone else's account.

Ten wrong passwords for a login used to lock that login for everyone for 15
minutes, the real user included. Now (OWASP device cookies, ASVS 6.3) a
browser that logged in before carries a signed device cookie and is only
limited by its own failures; other clients are throttled per address and per
(address, login). The stack learns the client address from nginx's
REMOTE_ADDR (no proxy header is trusted), so the "attacker" and the "user"
connect from different loopback addresses (all of 127/8 reaches nginx on
127.0.0.1)."""
import random
import urllib.parse

from harness import Client, field


def FromAddress(port, addr):
    """A harness client whose connections leave from a given local address."""
    return Client(port, source=addr)


def _addresses(n):
    """n distinct loopback addresses, never 127.0.0.1 (the other tests' address),
    fresh on each run so no earlier failure counts."""
    out = set()
    while len(out) < n:
        out.add(f"127.{random.randint(1, 254)}.{random.randint(0, 255)}.{random.randint(1, 254)}")
    return list(out)


def _try(c, login, pw):
    page = c.get("/crm/login")
    assert page.status == 200, page.status
    return c.post("/crm/login", {"login": login, "password": pw,
                                 "form_token": field(page.text, "form_token")})


def test_failures_from_another_address_do_not_lock_the_user_out(h):
    login, pw = h.new_user()
    user_addr, attacker_addr, other_addr = _addresses(3)

    # The real user logs in once: the browser gets a device cookie, which
    # logging out leaves in place.
    user = FromAddress(h.port, user_addr)
    r = _try(user, login, pw)
    assert r.status == 303, r
    dev = [v for v in r.headers["set-cookie"] if v.startswith("piste_dev=")]
    assert len(dev) == 1, r.headers["set-cookie"]
    attrs = [a.strip().lower() for a in dev[0].split(";")[1:]]
    assert "httponly" in attrs and "path=/crm" in attrs, attrs
    assert "samesite=strict" in attrs or "samesite=lax" in attrs, attrs
    assert "secure" not in attrs  # plain HTTP here; Secure over HTTPS
    assert int(next(a for a in attrs if a.startswith("max-age="))[8:]) >= 180 * 86400, attrs
    assert login in urllib.parse.unquote(user.cookies["piste_dev"])  # it names the login
    r = user.post_form("/crm/logout", {})
    assert r.status == 303
    assert not any(v.startswith("piste_dev=") for v in r.headers.get("set-cookie", []))
    assert "piste_dev" in user.cookies and "piste_sid" not in user.cookies

    # An attacker elsewhere guesses the password ten times and more.
    attacker = FromAddress(h.port, attacker_addr)
    for i in range(12):
        r = _try(attacker, login, f"guess-{i}")
        assert r.status == (401 if i < 10 else 429), (i, r.status)
    r = _try(attacker, login, pw)  # even the right password, from there
    assert r.status == 429 and "Too many failed attempts" in r.text
    assert int(r.header("Retry-After")) > 600

    # The real user's browser still gets in, and so does a fresh browser on
    # another address (the lock is per address and login, not per login).
    r = _try(user, login, pw)
    assert r.status == 303, r
    assert user.get("/crm").status == 200
    fresh = FromAddress(h.port, other_addr)
    assert _try(fresh, login, pw).status == 303

    # The attacker's address goes on failing on other logins until the whole
    # address is throttled: a fresh browser there is refused too...
    for i in range(30):
        r = _try(attacker, f"nobody-{i}-{login}", "guess")
        if r.status == 429:
            break
    other_login, other_pw = h.new_user()
    assert _try(FromAddress(h.port, attacker_addr), other_login, other_pw).status == 429
    assert _try(FromAddress(h.port, other_addr), other_login, other_pw).status == 303
    # ...but a browser that logged in before is not (someone behind the
    # same address keeps working).
    behind = FromAddress(h.port, attacker_addr)
    behind.cookies["piste_dev"] = user.cookies["piste_dev"]
    assert _try(behind, login, pw).status == 303

    rows = h.sql("SELECT action, ip FROM audit_log WHERE login = ? AND action LIKE 'login.locked%'", login)
    assert rows and all(ip == attacker_addr for _, ip in rows), rows


def test_a_device_cookie_is_no_free_brute_force_pass(h):
    login, pw = h.new_user()
    addr, other_addr = _addresses(2)
    c = FromAddress(h.port, addr)
    assert _try(c, login, pw).status == 303
    c.post_form("/crm/logout", {})
    # Someone who got hold of this browser (or its cookie) guesses on.
    for i in range(10):
        r = _try(c, login, f"guess-{i}")
        assert r.status == 401, (i, r.status)
    assert _try(c, login, pw).status == 429
    # That cookie alone is refused: the user elsewhere is not.
    assert _try(FromAddress(h.port, other_addr), login, pw).status == 303
    # A forged cookie buys nothing: it is an untrusted client like any other.
    v = c.cookies["piste_dev"]
    t, nonce, sig, who = v.split(".", 3)
    forged = FromAddress(h.port, other_addr)
    forged.cookies["piste_dev"] = ".".join((t, nonce, sig[:-2] + ("AA" if sig[-2:] != "AA" else "BB"), who))
    for i in range(10):
        assert _try(forged, login, f"guess-{i}").status == 401, i
    assert _try(forged, login, pw).status == 429
