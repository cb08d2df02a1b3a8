"""GET/PATCH /api/v1/settings (X2a): administrators read and change the run-time settings in one
call; every value is validated, a bad one changes nothing, and the pages follow."""
from quotes_util import sql_setting

KEYS = ("leads_enabled", "quotation_validity_days", "quote_numbering", "default_team_id", "require_lost_reason",
        "scoring_fields", "scoring_start_date", "assignment_mode", "assignment_interval",
        "assignment_interval_unit", "smtp_url", "quote_followup_days")


def _save(h):
    return {k: h.sql1("SELECT v FROM setting WHERE k = ?", k) for k in KEYS}


def _restore(h, saved):
    for k, v in saved.items():
        sql_setting(h, k, v)
    # Through the API once more, so that the contact form's workers re-read their settings now.
    r = h.api(role="admin").post_json("/api/v1/settings", {"leads_enabled": saved["leads_enabled"] != "0"},
                                      method="PATCH")
    assert r.status == 200


def test_administrators_read_and_change_the_settings(h):
    saved = _save(h)
    admin = h.api(role="admin")
    try:
        r = admin.get("/api/v1/settings")
        assert r.status == 200, r
        s = r.json()
        for k in ("leads_enabled", "quotation_validity_days", "default_team_id", "default_user_id",
                  "scoring_fields", "scoring_start_date", "assignment_mode", "require_lost_reason",
                  "smtp_configured"):
            assert k in s, k
        assert isinstance(s["leads_enabled"], bool) and isinstance(s["scoring_fields"], list)
        team = int(h.sql1("SELECT id FROM team WHERE active = 1 ORDER BY id LIMIT 1"))
        r = admin.post_json("/api/v1/settings", {
            "quotation_validity_days": 0, "quote_numbering": "year", "require_lost_reason": True,
            "default_team_id": team, "scoring_fields": ["country", "tags"], "scoring_start_date": "2026-01-01",
            "assignment_mode": "repeated", "assignment_interval": 6, "assignment_interval_unit": "hours",
            "smtp_url": "smtp://mailer:secret@mail.example.com:587"}, method="PATCH")
        assert r.status == 200, r.text
        s = r.json()
        assert s["quotation_validity_days"] == 0 and s["quote_numbering"] == "year"
        assert s["require_lost_reason"] is True and s["default_team_id"] == team
        assert sorted(s["scoring_fields"]) == ["country", "tags"] and s["scoring_start_date"] == "2026-01-01"
        assert (s["assignment_mode"], s["assignment_interval"], s["assignment_interval_unit"]) == \
            ("repeated", 6, "hours")
        # The password in the URL is stored but never shown back, nor written in the audit log.
        assert s["smtp_url"] == "smtp://mail.example.com:587" and s["smtp_configured"] is True
        assert "secret" not in (h.sql1("SELECT detail FROM audit_log WHERE action = 'settings.api' "
                                       "ORDER BY id DESC LIMIT 1") or "")
        assert h.sql1("SELECT v FROM setting WHERE k = 'quotation_validity_days'") == "0"
        assert h.sql1("SELECT v FROM setting WHERE k = 'require_lost_reason'") == "1"
        # The settings page shows the same values.
        page = h.login(role="manager").get("/crm/settings")
        assert 'value="year" selected' in page.text, page.text[:3000]
        # Partial update: the other values stay.
        r = admin.post_json("/api/v1/settings", {"leads_enabled": False}, method="PATCH")
        assert r.status == 200 and r.json()["leads_enabled"] is False and r.json()["quote_numbering"] == "year"
        r = admin.post_json("/api/v1/settings", {"scoring_fields": [], "scoring_start_date": None}, method="PATCH")
        assert r.status == 200 and r.json()["scoring_fields"] == [] and r.json()["scoring_start_date"] is None
    finally:
        _restore(h, saved)


def test_bad_values_are_refused_and_change_nothing(h):
    saved = _save(h)
    admin = h.api(role="admin")
    try:
        before = admin.get("/api/v1/settings").json()
        bad = [({"quotation_validity_days": -1}, "quotation_validity_days"),
               ({"quotation_validity_days": "soon"}, "quotation_validity_days"),
               ({"quote_numbering": "monthly"}, "quote_numbering"),
               ({"default_team_id": 99999999}, "default_team_id"),
               ({"default_user_id": 99999999}, "default_user_id"),
               ({"leads_enabled": "maybe"}, "leads_enabled"),
               ({"scoring_fields": ["country", "horoscope"]}, "scoring_fields"),
               ({"scoring_fields": [1, 2]}, "scoring_fields"),
               ({"scoring_start_date": "yesterday"}, "scoring_start_date"),
               ({"assignment_mode": "sometimes"}, "assignment_mode"),
               ({"assignment_interval": 0}, "assignment_interval"),
               ({"smtp_url": "http://mail.example.com"}, "smtp_url"),
               ({"colour": "blue"}, "colour")]
        for body, field in bad:
            # A valid value first: it must not be written when another is bad.
            body = dict(body, quote_followup_days=77)
            r = admin.post_json("/api/v1/settings", body, method="PATCH")
            assert r.status == 422, (body, r.status, r.text)
            assert r.json()["error"]["field"] == field, (body, r.text)
        assert admin.get("/api/v1/settings").json() == before
        r = admin.post_json("/api/v1/settings", [1, 2], method="PATCH")
        assert r.status in (400, 422)
    finally:
        _restore(h, saved)


def test_only_administrators(h):
    for role in ("sales", "manager"):
        c = h.api(role=role)
        assert c.get("/api/v1/settings").status == 403
        assert c.post_json("/api/v1/settings", {"leads_enabled": False}, method="PATCH").status == 403
    assert h.client().get("/api/v1/settings").status == 401
