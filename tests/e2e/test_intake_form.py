"""Intake: the public contact form (SPEC I1, I3, I7) through nginx."""
import json
import re

from intake_util import fields, fresh_ip, lead_by_email, open_form, rejects, submit, submit_from


def test_form_page_is_accessible_in_both_languages(h):
    c = h.client()
    r = c.get("/contact")
    assert r.status == 200
    t = r.text
    assert "<h1>Contact us</h1>" in t
    # Every visible field has a label, the autocomplete hints and limits.
    for name, auto in (("contact_name", "name"), ("email", "email"), ("phone", "tel"),
                       ("partner_name", "organization")):
        assert f'<label for="f-{name}">' in t, name
        assert re.search(rf'<input id="f-{name}" name="{name}"[^>]*autocomplete="{auto}"', t), name
    assert re.search(r'<input id="f-email" name="email" type="email"[^>]*required', t)
    assert '<textarea id="f-description" name="description"' in t
    assert 'name="form_token" value="' in t and 'name="submission_key" value="' in t
    # The honeypot is out of sight and out of the keyboard order.
    assert re.search(r'<div class="hp" aria-hidden="true">', t)
    assert re.search(r'name="homepage" type="text" tabindex="-1" autocomplete="off"', t)
    assert 'name="consent" type="checkbox"' in t
    assert "<script" not in t  # works without JavaScript
    assert '<meta name="viewport"' in t
    fr = c.get("/contact", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert "<h1>Nous contacter</h1>" in fr.text and "Votre message" in fr.text
    assert "Envoyer" in fr.text and "J&#39;accepte" in fr.text
    assert "Nous contacter" in c.get("/contact?lang=fr").text


def test_submit_creates_lead_with_defaults_and_redirects(h):
    open_form(h)
    team = h.sql1("SELECT id FROM team WHERE name = 'Partners & Resellers'")
    h.setting("default_team_id", team)
    user = h.sql1("SELECT id FROM app_user WHERE login = 'hugo.moreau'")
    h.setting("default_user_id", user)
    follower = h.sql1("SELECT id FROM app_user WHERE login = 'david.leroy'")
    h.sql("INSERT IGNORE INTO follower (res_model, res_id, user_id) VALUES ('team', ?, ?)", int(team), int(follower))
    h.intake_changed()  # else the workers notice within 2 s
    h.on_cleanup(lambda: h.sql("DELETE FROM follower WHERE res_model = 'team' AND res_id = ? AND user_id = ?",
                               int(team), int(follower)))
    c = h.client()
    f = fields(name="Quote for 12 workstations")
    r = submit(h, c, f, headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"})
    assert r.status == 303, r
    assert r.header("location") == "/contact/thanks"
    page = c.get("/contact/thanks")
    assert page.status == 200 and "Thank you!" in page.text
    rows = lead_by_email(h, f["email"], "id, name, medium, origin, team_id, user_id, lang, type, "
                                        "stage_id, phone_sanitized, email_domain_criterion")
    assert len(rows) == 1
    lid, name, medium, origin, team_id, user_id, lang, typ, stage, phone, crit = rows[0]
    assert name == "Quote for 12 workstations"
    assert (medium, origin, team_id, user_id, lang) == ("Website", "form", team, user, "de"), rows
    assert phone == "+33612345678" and crit == "@example.org"
    # This team does not use leads (X6 per team).
    assert typ == "opportunity"
    assert stage == h.sql1("SELECT id FROM stage WHERE folded = 0 AND (team_id IS NULL OR team_id = ?) "
                           "ORDER BY sequence, id LIMIT 1", int(team))
    assert h.sql1("SELECT body FROM message WHERE res_model = 'lead' AND res_id = ?", int(lid)) == \
        "Lead created from the website form"
    assert h.sql1("SELECT COUNT(*) FROM notification WHERE user_id = ? AND event = 'lead_created' "
                  "AND summary LIKE ?", int(follower), "%Quote for 12 workstations%") == "1"


def test_json_submission_answers_201_and_422(h):
    open_form(h)
    c = h.client()
    f = fields()
    r = submit(h, c, f, json=True)
    assert r.status == 201, r
    lid = r.json()["id"]
    assert lead_by_email(h, f["email"]) == [[str(lid)]]
    # A JSON body works too (the API style).
    f2 = fields()
    f2["form_token"] = h.contact_token()
    r = c.post_json("/contact", f2)
    assert r.status == 201 and lead_by_email(h, f2["email"]) == [[str(r.json()["id"])]]
    bad = fields(email="nope")
    r = submit(h, c, bad, json=True)
    assert r.status == 422
    err = r.json()["error"]
    assert err["field"] == "email" and err["code"] == "invalid"
    assert "valid e-mail" in err["message"]
    assert not lead_by_email(h, "nope")


def test_every_validation_error_is_shown_next_to_its_field(h):
    open_form(h)
    before = rejects(h, "invalid")
    c = h.client()
    r = submit(h, c, {"email": "not-an-address", "phone": "call me maybe", "partner_name": "Kept & Co",
                      "description": "", "name": "Subject <kept>"})
    assert r.status == 422
    t = r.text
    assert "Some fields need your attention" in t
    for field, msg in (("contact_name", "This field is required."), ("email", "This is not a valid e-mail address."),
                       ("phone", "This is not a valid phone number."), ("description", "This field is required.")):
        assert f'<p class="field-error" id="e-{field}">{msg}</p>' in t, field
        assert re.search(rf'name="{field}"[^>]*aria-invalid="true" aria-describedby="e-{field}"', t), field
    # What the visitor typed is kept (escaped).
    assert 'value="Kept &amp; Co"' in t and 'value="Subject &lt;kept&gt;"' in t
    assert 'value="not-an-address"' in t
    assert rejects(h, "invalid") == before + 1
    fr = submit(h, c, {"email": "x@y.fr", "description": "d"}, headers={"Accept-Language": "fr"})
    assert fr.status == 422 and "Ce champ est obligatoire." in fr.text
    # Control characters in a one-line field.
    r = submit(h, c, fields(contact_name="bad\x01name"), json=True)
    assert r.status == 422 and r.json()["error"]["field"] == "contact_name"


def test_honeypot_is_refused_but_looks_accepted(h):
    open_form(h)
    before = rejects(h, "honeypot")
    c = h.client()
    f = fields(homepage="http://spam.example")
    r = submit(h, c, f)
    assert r.status == 303 and r.header("location").startswith("/contact/thanks")
    r = submit(h, c, dict(f, email="j" + f["email"]), json=True)
    assert r.status == 202 and r.json() == {"id": None, "queued": True}
    assert not lead_by_email(h, f["email"]) and not lead_by_email(h, "j" + f["email"])
    assert rejects(h, "honeypot") == before + 2


def test_signed_timestamp_too_fast_expired_forged_missing(h):
    open_form(h)
    c = h.client()
    f = fields()
    n = {k: rejects(h, k) for k in ("too_fast", "expired", "token")}
    r = submit(h, c, f, age=0)
    assert r.status == 422 and "That was very fast!" in r.text
    assert 'value="' + f["contact_name"] + '"' in r.text  # kept, to send again
    r = submit(h, c, f, age=0, json=True)
    assert r.status == 422 and r.json()["error"]["key"] == "too_fast"
    assert r.json()["error"]["field"] == "form_token"
    r = submit(h, c, f, age=2 * 86400)
    assert r.status == 422 and "has expired" in r.text
    forged = h.contact_token(10)[:-3] + "AAA"
    r = submit(h, c, dict(f, form_token=forged))
    assert r.status == 403 and "please check your message and send it again" in r.text
    r = submit(h, c, f, token=False, json=True)
    assert r.status == 403 and r.json()["error"]["key"] == "token"
    assert not lead_by_email(h, f["email"])
    assert rejects(h, "too_fast") == n["too_fast"] + 2
    assert rejects(h, "expired") == n["expired"] + 1
    assert rejects(h, "token") == n["token"] + 2
    # The minimum is a setting: at 0 an instant submission goes through.
    h.setting("intake.min_seconds", 0)
    r = submit(h, c, f, age=0, json=True)
    assert r.status == 201
    # A real visitor: the token of the page itself, after waiting.
    page = c.get("/contact")
    tok = re.search(r'name="form_token" value="([^"]+)"', page.text).group(1)
    f2 = fields()
    r = submit(h, c, dict(f2, form_token=tok), json=True)
    assert r.status == 201


def test_rate_limit_answers_429_with_retry_after(h):
    open_form(h, rate_limit=3)
    h.setting("intake.rate_window", 600)
    # A fresh loopback address (127.x.y.z), so earlier runs do not count.
    ip = fresh_ip()
    before = rejects(h, "rate")
    ok = [submit_from(h, ip, fields(), json=True).status for _ in range(3)]
    assert ok == [201, 201, 201], ok
    f = fields()
    r = submit_from(h, ip, f, json=True)
    assert r.status == 429
    assert 0 < int(r.header("retry-after")) <= 600
    assert r.json()["error"]["code"] == "too_many_requests"
    r = submit_from(h, ip, f)
    assert r.status == 429 and "several messages in a short time" in r.text
    assert "You can try again in about" in r.text
    assert not lead_by_email(h, f["email"])
    assert rejects(h, "rate") == before + 2
    # The limit is shared by every worker process: 20 more requests, none
    # goes through, whichever worker answers.
    assert {submit_from(h, ip, fields(), json=True).status for _ in range(20)} == {429}
    # Another address is not affected.
    assert submit_from(h, fresh_ip(), fields(), json=True).status == 201


def test_size_limits_answer_413(h):
    open_form(h)
    c = h.client()
    before = rejects(h, "size")
    r = submit(h, c, fields(description="x" * 5001), json=True)
    assert r.status == 413 and r.json()["error"]["field"] == "description"
    r = submit(h, c, fields(name="n" * 256))
    assert r.status == 413 and '<p class="field-error" id="e-name">This field is too long.</p>' in r.text
    # The whole body: two fields under the per-field limit, 80 KB together.
    r = submit(h, c, fields(notes="z" * 40000, more="y" * 40000), json=True)
    assert r.status == 413
    # Over nginx's body limit: refused before the program.
    r = c.post("/contact", raw="a=" + "b" * (1100 * 1024))
    assert r.status == 413
    assert rejects(h, "size") >= before + 3


def test_invalid_utf8_is_a_clear_400(h):
    open_form(h)
    c = h.client()
    r = c.post("/contact", raw="contact_name=%FF%FE&email=a%40b.fr&description=x",
               headers={"Accept": "application/json"})
    assert r.status == 400
    assert r.json()["error"]["field"] == "contact_name"
    r = c.post("/contact", raw="contact_name=%ZZ")
    assert r.status == 400


XSS = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>"
SQLI = "Robert'); DROP TABLE crm_lead;-- \\ 1=1 OR ''='"


def test_hostile_payloads_are_stored_verbatim_and_shown_escaped(h):
    open_form(h)
    c = h.client()
    f = fields(contact_name=SQLI, name=XSS, partner_name=XSS, description=XSS + "\n" + SQLI,
               utm_campaign=XSS, custom_field=XSS)
    r = submit(h, c, f, json=True)
    assert r.status == 201, r
    row = lead_by_email(h, f["email"], "contact_name, name, partner_name")
    assert row == [[SQLI, XSS, XSS]], row
    desc, camp = h.sql("SELECT HEX(description), HEX(campaign) FROM crm_lead WHERE email_from = ?", f["email"])[0]
    assert bytes.fromhex(desc).decode() == XSS + "\n" + SQLI + "\n\ncustom_field: " + XSS
    assert bytes.fromhex(camp).decode() == XSS
    assert h.sql1("SELECT COUNT(*) FROM crm_lead") != "0"  # the table is still there
    # Every page we render escapes them: the form shown again after an error.
    r = submit(h, c, dict(f, email="bad"))
    assert r.status == 422
    assert "<script>alert" not in r.text and "<img src=x" not in r.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in r.text
    assert 'name="custom_field" value="&lt;script&gt;' in r.text


def test_consent_is_stored_with_version_time_and_address(h):
    open_form(h)
    h.setting("intake.consent_version", "2026-11-v2")
    c = h.client()
    f = fields(consent="1")
    assert submit(h, c, f, json=True).status == 201
    row = lead_by_email(h, f["email"], "consent, consent_version, consent_ip, consent_at IS NOT NULL")
    assert row == [["1", "2026-11-v2", "127.0.0.1", "1"]]
    g = fields()
    assert submit(h, c, g, json=True).status == 201
    assert lead_by_email(h, g["email"], "consent, consent_version, consent_at") == [["0", None, None]]
    # The wording is a setting, per language.
    h.setting("intake.consent_text_fr", "J'accepte la politique « données » v2")
    assert "J&#39;accepte la politique « données » v2" in c.get("/contact?lang=fr").text
    h.setting("intake.consent_show", 0)
    assert 'name="consent"' not in c.get("/contact").text


def test_unknown_fields_utm_and_query_string(h):
    open_form(h)
    c = h.client()
    page = c.get("/contact?utm_source=newsletter&utm_medium=email&utm_campaign=autumn")
    assert 'name="utm_source" value="newsletter"' in page.text
    f = fields(budget="5 000 €", employees="12", utm_medium="email")
    r = submit(h, c, f, path="/contact?utm_source=newsletter&utm_campaign=autumn", json=True)
    assert r.status == 201
    row = lead_by_email(h, f["email"], "source, medium, campaign")
    assert row == [["newsletter", "email", "autumn"]]
    desc = h.sql1("SELECT HEX(description) FROM crm_lead WHERE email_from = ?", f["email"])
    assert bytes.fromhex(desc).decode().endswith("\n\nbudget: 5 000 €\nemployees: 12")


def test_double_submit_is_one_lead(h):
    open_form(h)
    c = h.client()
    page = c.get("/contact")
    key = re.search(r'name="submission_key" value="([^"]+)"', page.text).group(1)
    f = fields(submission_key=key)
    r1 = submit(h, c, f, json=True)
    r2 = submit(h, c, f, json=True)
    assert r1.status == 201 and r2.status == 201
    assert r1.json()["id"] == r2.json()["id"]
    assert len(lead_by_email(h, f["email"])) == 1
    assert submit(h, c, f).status == 303
    assert len(lead_by_email(h, f["email"])) == 1
