"""Foundation: login, sessions, logout, password change, CSRF, throttling, API keys (X1)."""
import re
import time

from harness import field


def _login_form(c):
    page = c.get("/crm/login")
    assert page.status == 200
    return field(page.text, "form_token")


def test_login_sets_a_secure_session_cookie_and_lands_on_the_intranet(h):
    login, pw = h.new_user("sales", name="Alice Vendeuse")
    c = h.client()
    tok = _login_form(c)
    r = c.post("/crm/login", {"login": login, "password": pw, "form_token": tok})
    assert r.status == 303 and r.header("Location") == "/crm"
    sc = [v for v in r.headers["set-cookie"] if v.startswith("piste_sid=")][0]
    assert "HttpOnly" in sc and "SameSite=Lax" in sc and "Path=/" in sc
    sid = c.cookies["piste_sid"]
    assert len(sid) >= 43  # 256 bits base64url
    r = c.get("/crm")
    assert r.status == 200 and "Hello, Alice Vendeuse" in r.text
    for nav in ("Leads", "Pipeline", "Quotations", "Customers", "Reports"):
        assert f">{nav}</a>" in r.text, nav
    assert ">Settings</a>" not in r.text  # salespeople do not configure


def test_session_ids_are_stored_hashed(h):
    c = h.login()
    sid = c.cookies["piste_sid"]
    assert h.sql1("SELECT COUNT(*) FROM session WHERE id_hash = ?", sid) == "0"
    assert int(h.sql1("SELECT COUNT(*) FROM session s JOIN app_user u ON u.id = s.user_id "
                      "WHERE u.login = ?", c.login_name)) == 1


def test_login_gives_a_new_session_id_each_time(h):
    login, pw = h.new_user()
    c = h.client()
    c.cookies["piste_sid"] = "attacker-chosen-session-id-aaaaaaaaaaaaaaaaaaaa"
    tok = _login_form(c)
    r = c.post("/crm/login", {"login": login, "password": pw, "form_token": tok})
    assert r.status == 303
    assert c.cookies["piste_sid"] != "attacker-chosen-session-id-aaaaaaaaaaaaaaaaaaaa"


def test_wrong_password_and_unknown_user_get_the_same_answer(h):
    login, pw = h.new_user()
    c = h.client()
    tok = _login_form(c)
    t0 = time.time()
    r1 = c.post("/crm/login", {"login": login, "password": "wrong-password", "form_token": tok})
    t1 = time.time()
    r2 = c.post("/crm/login", {"login": "nobody-" + login, "password": "wrong-password", "form_token": tok})
    t2 = time.time()
    assert r1.status == r2.status == 401
    msg = "Invalid login or password."
    assert msg in r1.text and msg in r2.text
    # Both paths run Argon2id: neither answer is much faster than the other.
    d1, d2 = t1 - t0, t2 - t1
    assert d2 > d1 / 4 and d1 > d2 / 4, (d1, d2)


def test_login_without_the_anti_forgery_field_is_refused(h):
    login, pw = h.new_user()
    c = h.client()
    _login_form(c)
    r = c.post("/crm/login", {"login": login, "password": pw})
    assert r.status == 403 and "expired" in r.text
    r = c.post("/crm/login", {"login": login, "password": pw, "form_token": "1.forged"})
    assert r.status == 403
    assert "piste_sid" not in c.cookies


def test_login_token_is_bound_to_the_browser(h):
    login, pw = h.new_user()
    attacker = h.client()
    tok = _login_form(attacker)
    victim = h.client()
    _login_form(victim)
    r = victim.post("/crm/login", {"login": login, "password": pw, "form_token": tok})
    assert r.status == 403


def test_throttling_locks_an_untrusted_client_after_ten_failures(h):
    login, pw = h.new_user()
    c = h.client()
    tok = _login_form(c)
    for i in range(10):
        r = c.post("/crm/login", {"login": login, "password": f"bad{i}", "form_token": tok})
        assert r.status == 401, (i, r.status)
    r = c.post("/crm/login", {"login": login, "password": pw, "form_token": tok})
    assert r.status == 429
    assert "Too many failed attempts" in r.text
    assert int(r.header("Retry-After")) > 600
    rows = h.sql("SELECT action, ip FROM audit_log WHERE login = ? AND action LIKE 'login.%' ORDER BY id", login)
    actions = [a for a, _ in rows]
    assert actions.count("login.failed") == 10 and "login.locked" in actions, actions
    assert all(ip == "127.0.0.1" for _, ip in rows)
    h.sql("DELETE FROM login_lock WHERE kind = 'ip_login' AND k = ?", "127.0.0.1 " + login)
    r = c.post("/crm/login", {"login": login, "password": pw, "form_token": tok})
    assert r.status == 303


def test_logout_ends_the_session(h):
    c = h.login()
    sid = c.cookies["piste_sid"]
    r = c.post_form("/crm/logout", {})
    assert r.status == 303 and "/crm/login" in r.header("Location")
    assert "piste_sid" not in c.cookies
    c.cookies["piste_sid"] = sid  # replaying the old cookie does not work
    r = c.get("/crm")
    assert r.status == 303 and r.header("Location").startswith("/crm/login")


def test_pages_need_a_session_and_come_back_after_login(h):
    c = h.client()
    r = c.get("/crm/leads?stage=2")
    assert r.status == 303
    loc = r.header("Location")
    assert loc.startswith("/crm/login?next=")
    login, pw = h.new_user()
    page = c.get(loc)
    r = c.post("/crm/login", {"login": login, "password": pw,
                              "form_token": field(page.text, "form_token"),
                              "next": field(page.text, "next")})
    assert r.status == 303 and r.header("Location") == "/crm/leads?stage=2"


def test_next_parameter_cannot_redirect_elsewhere(h):
    login, pw = h.new_user()
    for evil in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        c = h.client()
        page = c.get("/crm/login")
        r = c.post("/crm/login", {"login": login, "password": pw, "next": evil,
                                  "form_token": field(page.text, "form_token")})
        assert r.status == 303 and r.header("Location") == "/crm", (evil, r.status, r.header("Location"))


def test_expired_session_redirects_to_login(h):
    c = h.login()
    h.sql("UPDATE session s JOIN app_user u ON u.id = s.user_id SET s.last_seen = "
          "UTC_TIMESTAMP() - INTERVAL 9 HOUR WHERE u.login = ?", c.login_name)
    r = c.get("/crm")
    assert r.status == 303 and "expired=1" in r.header("Location")
    r = c.get(r.header("Location"))
    assert "Your session has expired" in r.text


def test_absolute_session_timeout(h):
    c = h.login()
    h.sql("UPDATE session s JOIN app_user u ON u.id = s.user_id SET s.created_at = "
          "UTC_TIMESTAMP() - INTERVAL 8 DAY WHERE u.login = ?", c.login_name)
    assert c.get("/crm").status == 303


def test_state_changes_need_the_csrf_token(h):
    c = h.login()
    r = c.post("/crm/logout", {})
    assert r.status == 403 and "reload the page" in r.text.lower()
    r = c.post("/crm/logout", {"csrf_token": "not-the-token"})
    assert r.status == 403
    assert c.get("/crm").status == 200  # still logged in


def test_csrf_token_accepted_from_a_header_for_scripts(h):
    c = h.login()
    tok = c.csrf()
    r = c.post("/crm/lang", {"lang": "fr"}, headers={"X-CSRF-Token": tok})
    assert r.status == 303


def test_change_password(h):
    login, pw = h.new_user()
    c = h.login(login, pw)
    other = h.login(login, pw)  # a second session of the same user
    r = c.post_form("/crm/password", {"current": "wrong", "password": "Plum-Lantern-Oxide-58", "confirm": "Plum-Lantern-Oxide-58"})
    assert r.status == 422 and "The current password is wrong." in r.text
    r = c.post_form("/crm/password", {"current": pw, "password": "Plum-Lantern-Oxide-58", "confirm": "different"})
    assert r.status == 422 and "differ" in r.text
    r = c.post_form("/crm/password", {"current": pw, "password": "short", "confirm": "short"})
    assert r.status == 422 and "at least 8 characters" in r.text
    r = c.post_form("/crm/password", {"current": pw, "password": "Plum-Lantern-Oxide-58", "confirm": "Plum-Lantern-Oxide-58"})
    assert r.status == 200 and "Your password has been changed." in r.text
    assert c.get("/crm").status == 200          # this session stays
    assert other.get("/crm").status == 303      # the others end
    h.login(login, "Plum-Lantern-Oxide-58")
    bad = h.client()
    tok = _login_form(bad)
    assert bad.post("/crm/login", {"login": login, "password": pw, "form_token": tok}).status == 401


def test_language_per_user(h):
    login, pw = h.new_user(name="Jean")
    c = h.login(login, pw)
    assert "Log out" in c.get("/crm").text
    r = c.post_form("/crm/lang", {"lang": "fr", "next": "/crm"})
    assert r.status == 303
    r = c.get("/crm")
    assert "Se déconnecter" in r.text and "Bonjour, Jean" in r.text
    assert h.sql1("SELECT lang FROM app_user WHERE login = ?", login) == "fr"
    r = c.post_form("/crm/lang", {"lang": "de"})
    assert r.status == 422


def test_managers_see_settings_sales_do_not(h):
    m = h.login(role="manager")
    assert ">Settings</a>" in m.get("/crm").text
    assert m.get("/crm/settings").status == 200
    s = h.login(role="sales")
    r = s.get("/crm/settings")
    assert r.status == 403


def test_disabled_user_cannot_log_in_and_loses_sessions(h):
    login, pw = h.new_user()
    c = h.login(login, pw)
    h.cli("user", "disable", "--login", login)
    assert c.get("/crm").status == 303
    c2 = h.client()
    tok = _login_form(c2)
    assert c2.post("/crm/login", {"login": login, "password": pw, "form_token": tok}).status == 401


def test_api_key_authentication(h):
    login, _ = h.new_user("manager")
    key = h.cli("apikey", "create", "--login", login).stdout
    assert re.fullmatch(r"pk_[A-Za-z0-9_-]{43}\n", key), key  # only the key on stdout
    key = key.strip()
    assert h.sql1("SELECT COUNT(*) FROM api_key WHERE key_hash = ?", key) == "0"  # stored hashed
    c = h.client()
    c.bearer = key
    r = c.get("/api/v1/me")
    assert r.status == 200
    me = r.json()
    assert me["login"] == login and me["role"] == "manager"
    users = c.get("/api/v1/users").json()
    assert any(u["login"] == login for u in users["items"]) and users["total"] >= 9
    h.cli("apikey", "revoke", "--login", login)
    r = c.get("/api/v1/me")
    assert r.status == 401
    assert r.json()["error"]["code"] == "unauthenticated"


def test_api_without_credentials_is_401_json(h):
    r = h.client().get("/api/v1/me")
    assert r.status == 401
    assert r.header("Content-Type") == "application/json"
    c = h.client()
    c.bearer = "pk_" + "A" * 43
    assert c.get("/api/v1/me").status == 401


def test_cli_user_commands(h):
    p = h.cli("user", "add", "--login", "bad login!", "--password", "quill-harbor-kettle-42", "--role", "sales", check=False)
    assert p.returncode != 0 and "login" in p.stderr
    p = h.cli("user", "add", "--login", "shorty", "--password", "short", "--role", "sales", check=False)
    assert p.returncode != 0 and "8 characters" in p.stderr
    p = h.cli("user", "add", "--login", "wizard", "--password", "quill-harbor-kettle-42", "--role", "wizard", check=False)
    assert p.returncode != 0
    login, pw = h.new_user()
    h.cli("user", "passwd", "--login", login, "--password", "-", input="changed-by-admin\n")
    h.login(login, "changed-by-admin")
    p = h.cli("user", "add", "--login", login, "--password", "quill-harbor-kettle-42", "--role", "sales", check=False)
    assert p.returncode != 0 and "already exists" in p.stderr


def test_initial_credentials_file_is_private(h):
    import os
    import stat
    st = os.stat(os.path.join(h.var, "initial-credentials"))
    assert stat.S_IMODE(st.st_mode) == 0o600
    creds = h.credentials()
    assert "admin" in creds and len(creds) == 9
    h.login("admin", creds["admin"])
    assert h.sql1("SELECT role FROM app_user WHERE login = 'admin'") == "admin"
