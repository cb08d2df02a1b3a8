"""Intake: the contact-form settings page for managers (/crm/settings/intake):
default team and salesperson, allowed origins, consent, anti-spam limits,
team e-mail aliases, and the count of refused submissions."""
import re

from intake_util import fields, open_form, rejects, submit

PAGE = "/crm/settings/intake"


def current_form(html):
    """The values the page shows, as a browser would submit them."""
    f = {}
    for m in re.finditer(r'<input type="(?:text|number|hidden)" (?:id="[^"]*" )?name="([^"]+)" value="([^"]*)"', html):
        f[m.group(1)] = m.group(2).replace("&amp;", "&").replace("&quot;", '"').replace("&#39;", "'")
    for m in re.finditer(r'<textarea id="([^"]+)" name="[^"]+"[^>]*>([^<]*)</textarea>', html):
        f[m.group(1)] = m.group(2).replace("&amp;", "&")
    for m in re.finditer(r'<select id="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        sel = re.search(r'<option value="(\d+)" selected>', m.group(2))
        f[m.group(1)] = sel.group(1) if sel else "0"
    if re.search(r'name="consent_show" value="1" checked', html):
        f["consent_show"] = "1"
    f.pop("csrf_token", None)
    return f


def keep_settings(h):
    """Restore the settings and aliases this test changes."""
    for k in ("default_team_id", "default_user_id", "intake.min_seconds", "intake.max_age",
              "intake.rate_limit", "intake.rate_window", "intake.consent_show", "intake.consent_version",
              "intake.consent_text_en", "intake.consent_text_fr", "intake.allowed_origins",
              "intake.redirect_url"):
        v = h.sql1("SELECT v FROM setting WHERE k = ?", k)
        h.setting(k, v)
    aliases = h.sql("SELECT id, alias FROM team")

    def restore():
        h.sql("UPDATE team SET alias = NULL")
        for tid, alias in aliases:
            if alias is not None:
                h.sql("UPDATE team SET alias = ? WHERE id = ?", alias, int(tid))
    h.on_cleanup(restore)


def test_only_managers_see_the_settings(h):
    r = h.login(role="sales").get(PAGE)
    assert r.status == 403
    assert h.client().get(PAGE).status == 303  # to the login page
    m = h.login(role="manager")
    r = m.get(PAGE)
    assert r.status == 200
    t = r.text
    assert "<h1>Contact form</h1>" in t
    # Each team with its alias, the snippet to embed the form, the counts.
    assert 'value="sales@piste.example"' in t and "Partners &amp; Resellers" in t
    assert "/contact/embed.js" in t and "&lt;div data-piste-contact" in t
    assert "Refused submissions" in t
    fr = h.login(role="manager")
    fr.post_form("/crm/lang", {"lang": "fr", "next": PAGE})
    assert "Formulaire de contact" in fr.get(PAGE).text


def test_save_settings_and_they_apply(h):
    keep_settings(h)
    m = h.login(role="manager")
    page = m.get(PAGE).text
    f = current_form(page)
    export = h.sql1("SELECT id FROM team WHERE name = 'Export'")
    f.update({"default_team_id": export, "min_seconds": "7", "rate_limit": "0", "rate_window": "120",
              "consent_version": "2026-12", "consent_text_en": "I accept the <b>privacy</b> policy",
              "origins": "https://Shop.Example/\nhttp://127.0.0.1:9", "redirect_url": ""})
    r = m.post_form(PAGE, f, page=PAGE)
    assert r.status == 303 and r.header("location") == PAGE + "?saved=1"
    after = m.get(PAGE + "?saved=1").text
    assert "The contact form settings have been saved." in after
    assert "https://shop.example\nhttp://127.0.0.1:9</textarea>" in after
    assert h.sql1("SELECT v FROM setting WHERE k = 'intake.min_seconds'") == "7"
    # Applied at once by the public form.
    c = h.client()
    assert "I accept the &lt;b&gt;privacy&lt;/b&gt; policy" in c.get("/contact").text
    r = submit(h, c, fields(), age=5, json=True)
    assert r.status == 422 and r.json()["error"]["key"] == "too_fast"
    g = fields(consent="1")
    assert submit(h, c, g, age=8, json=True).status == 201
    row = h.sql("SELECT team_id, consent_version FROM crm_lead WHERE email_from = ?", g["email"])
    assert row == [[export, "2026-12"]]
    r = c.get("/contact/form.json", headers={"Origin": "https://shop.example"})
    assert r.header("access-control-allow-origin") == "https://shop.example"


def test_errors_are_shown_and_nothing_is_half_saved(h):
    keep_settings(h)
    m = h.login(role="manager")
    page = m.get(PAGE).text
    f = current_form(page)
    sales = h.sql1("SELECT id FROM team WHERE name = 'Direct Sales'")
    export = h.sql1("SELECT id FROM team WHERE name = 'Export'")
    old_min = h.sql1("SELECT v FROM setting WHERE k = 'intake.min_seconds'")
    f.update({"origins": "not a site", "min_seconds": "9"})
    r = m.post_form(PAGE, f, page=PAGE)
    assert r.status == 422
    assert "This is not a web address such as https://www.example.com." in r.text
    assert "not a site</textarea>" in r.text  # what was typed is kept
    assert h.sql1("SELECT v FROM setting WHERE k = 'intake.min_seconds'") == old_min
    # Two teams cannot share an alias; the whole form is refused.
    f = current_form(page)
    f.update({f"alias_{export}": "sales@piste.example", "min_seconds": "9"})
    r = m.post_form(PAGE, f, page=PAGE)
    assert r.status == 422 and "Another team already uses this alias." in r.text
    assert h.sql1("SELECT alias FROM team WHERE id = ?", int(export)) == "export@piste.example"
    assert h.sql1("SELECT v FROM setting WHERE k = 'intake.min_seconds'") == old_min
    f[f"alias_{export}"] = "bad alias"
    r = m.post_form(PAGE, f, page=PAGE)
    assert r.status == 422 and "not a valid e-mail alias" in r.text
    # Swapping two aliases in one save works; clearing one too.
    f = current_form(page)
    f.update({f"alias_{export}": "sales@piste.example", f"alias_{sales}": "Export@Piste.Example"})
    assert m.post_form(PAGE, f, page=PAGE).status == 303
    assert h.sql1("SELECT alias FROM team WHERE id = ?", int(sales)) == "export@piste.example"
    assert h.sql1("SELECT alias FROM team WHERE id = ?", int(export)) == "sales@piste.example"
    f[f"alias_{sales}"] = ""
    assert m.post_form(PAGE, f, page=PAGE).status == 303
    assert h.sql1("SELECT alias FROM team WHERE id = ?", int(sales)) is None
    # Out-of-range numbers name their field.
    f = current_form(m.get(PAGE).text)
    f["rate_window"] = "5"
    r = m.post_form(PAGE, f, page=PAGE)
    assert r.status == 422 and re.search(r'id="rate_window"[^>]*>\s*<p class="field-error">', r.text)
    # A sales user cannot post it (403), with or without a token.
    s = h.login(role="sales")
    assert s.post_form(PAGE, f, page="/crm").status == 403


def test_refused_submissions_are_counted_on_the_page(h):
    open_form(h)
    c = h.client()
    before = rejects(h, "honeypot")
    submit(h, c, fields(homepage="spam"))
    submit(h, c, fields(homepage="spam"))
    m = h.login(role="manager")
    t = m.get(PAGE).text
    row = re.search(r'<tr data-reason="honeypot"><td>Hidden field filled in \(robot\)</td><td class="num">(\d+)</td>', t)
    assert row and int(row.group(1)) == before + 2
