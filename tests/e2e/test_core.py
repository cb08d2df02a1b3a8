"""Foundation: public pages, error pages, headers, hostile and malformed input."""
import re


def test_home_page_links_to_login_and_contact(h):
    r = h.client().get("/")
    assert r.status == 200
    assert 'href="/crm/login"' in r.text and 'href="/contact"' in r.text
    assert "Staff login" in r.text


def test_home_page_in_french_from_accept_language(h):
    r = h.client().get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.8"})
    assert r.status == 200
    assert '<html lang="fr">' in r.text and "Espace équipe" in r.text


def test_language_choice_on_public_pages_is_remembered(h):
    c = h.client()
    r = c.get("/?lang=fr")
    assert "Nous contacter" in r.text
    assert c.cookies.get("piste_lang") == "fr"
    r = c.get("/")  # Accept-Language says en, the cookie wins
    assert "Nous contacter" in r.text


def test_security_headers_on_pages(h):
    r = h.client().get("/crm/login")
    assert r.status == 200
    csp = r.header("Content-Security-Policy")
    assert csp and "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert r.header("X-Content-Type-Options") == "nosniff"
    assert r.header("X-Frame-Options") == "DENY"
    assert int(r.header("Content-Length")) == len(r.raw)


def test_static_files_served_by_nginx_with_cache_headers(h):
    r = h.client().get("/static/css/piste.css")
    assert r.status == 200
    assert "max-age=604800" in (r.header("Cache-Control") or "")
    assert "text/css" in r.header("Content-Type")
    r = h.client().get("/static/vendor/Sortable.min.js")
    assert r.status == 200


def test_unknown_route_is_a_404_page(h):
    r = h.client().get("/crm/no-such-page")
    assert r.status == 404
    assert "Page not found" in r.text and "<html" in r.text


def test_unknown_api_route_is_a_json_404(h):
    r = h.client().get("/api/v1/nothing-here")
    assert r.status == 404
    err = r.json()["error"]
    assert err["code"] == "not_found" and "message" in err and "field" in err


def test_wrong_method_is_405_with_allow(h):
    r = h.client().request("DELETE", "/crm/login")
    assert r.status == 405
    allow = r.header("Allow")
    assert allow and "GET" in allow and "POST" in allow
    r = h.client().request("PUT", "/")
    assert r.status == 405 and "GET" in r.header("Allow")


def test_head_request_has_headers_but_no_body(h):
    r = h.client().request("HEAD", "/")
    assert r.status == 200 and r.raw == b""


def test_healthz_of_every_program(h):
    for path, prog in [("/healthz", "pipeline"), ("/contact/healthz", "intake"),
                       ("/crm/healthz", "pipeline"), ("/quotes/healthz", "quotes"),
                       ("/my/healthz", "portal")]:
        r = h.client().get(path)
        assert r.status == 200, path
        assert r.json() == {"status": "ok", "program": prog}, path


def test_malformed_percent_encoding_is_400(h):
    c = h.client()
    r = c.post("/crm/login", raw="login=%zz&password=x")
    assert r.status == 400, r
    assert "percent-encoding" in r.text
    r = c.get("/crm/login?next=%G1")
    assert r.status == 400


def test_invalid_utf8_is_400_naming_the_field(h):
    r = h.client().post("/crm/login", raw=b"login=%C3%28&password=x")
    assert r.status == 400
    r = h.client().post("/api/v1/me", raw=b"name=%FF", headers={"Accept": "application/json"})
    assert r.status in (400, 405)
    r = h.client().request("POST", "/crm/login", body=b"login=%ED%A0%80",  # a UTF-16 surrogate
                           headers={"Content-Type": "application/x-www-form-urlencoded",
                                    "Accept": "application/json"})
    assert r.status == 400
    assert r.json()["error"]["field"] == "login"


def test_oversize_body_is_413(h):
    big = "login=" + "a" * (2 * 1024 * 1024)
    r = h.client().post("/crm/login", raw=big)
    assert r.status == 413


def test_oversize_field_is_413_from_the_application(h):
    # Under nginx's body limit, over the per-field limit (64 KiB).
    r = h.client().post("/crm/login", raw="login=" + "a" * 70000,
                        headers={"Accept": "application/json"})
    assert r.status == 413
    assert r.json()["error"]["field"] == "login"


def test_invalid_json_body_is_400(h):
    c = h.api()
    r = c.request("POST", "/api/v1/me", body="{not json",
                  headers={"Content-Type": "application/json"})
    assert r.status in (400, 405)


def test_hostile_text_is_stored_verbatim_and_rendered_escaped(h):
    evil = "<script>alert(1)</script>' OR 1=1; DROP TABLE app_user; --"
    login, pw = h.new_user(name=evil)
    assert h.sql1("SELECT name FROM app_user WHERE login = ?", login) == evil
    c = h.login(login, pw)
    r = c.get("/crm")
    assert r.status == 200
    assert "<script>alert(1)</script>" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#39; OR 1=1; DROP TABLE app_user; --" in r.text
    assert h.sql1("SELECT COUNT(*) FROM app_user") not in (None, "0")


def test_hostile_login_value_is_echoed_escaped(h):
    c = h.client()
    page = c.get("/crm/login")
    tok = re.search(r'name="form_token" value="([^"]+)"', page.text).group(1)
    r = c.post("/crm/login", {"login": '"><img src=x onerror=alert(1)>', "password": "x",
                              "form_token": tok})
    assert r.status == 401
    assert "<img src=x" not in r.text and "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in r.text
