"""Helpers of the quotation tests (not a test file): opportunities made with SQL (the pipeline UI
is another area), quotations made through the API, settings."""
import secrets


def uid(h, login):
    return int(h.sql1("SELECT id FROM app_user WHERE login = ?", login))


def make_opportunity(h, user=None, type="opportunity", active=1, contact=None, company=None, email=None,
                     tags=(), utm=None, revenue="0", name=None, lang=None):
    """An opportunity (or lead) as lead_create would leave it: first team, its first stage."""
    team = int(h.sql1("SELECT id FROM team ORDER BY id LIMIT 1"))
    stage = int(h.sql1("SELECT id FROM stage WHERE team_id IS NULL ORDER BY sequence LIMIT 1"))
    name = name or f"Projet {secrets.token_hex(3)}"
    campaign, medium, source = utm or (None, None, None)
    user_id = uid(h, user) if user else None
    h.sql("INSERT INTO crm_lead (name, type, active, contact_name, partner_name, email_from, email_normalized, "
          "user_id, team_id, stage_id, campaign, medium, source, expected_revenue, lang, probability) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          name, type, active, contact, company, email, email.lower() if email else None, user_id, team, stage,
          campaign, medium, source, revenue, lang, 0 if not active else 10)
    lid = int(h.sql1("SELECT MAX(id) FROM crm_lead WHERE name = ?", name))
    for t in tags:
        h.sql("INSERT IGNORE INTO tag (name) VALUES (?)", t)
        h.sql("INSERT INTO lead_tag (lead_id, tag_id) SELECT ?, id FROM tag WHERE name = ?", lid, t)
    return lid


def api_quote(h, login, opp, lines, client=None, **extra):
    """A quotation made through POST /api/v1/quotes by `login` (or `client`); returns its id."""
    c = client or h.api(login=login)
    body = {"opportunity_id": opp, "lines": lines}
    body.update(extra)
    r = c.post_json("/api/v1/quotes", body)
    assert r.status == 201, r.text
    return r.json()["id"]


def lines_of(h, qid):
    return [(int(i), t) for i, t in h.sql("SELECT id, display_type FROM quote_line WHERE quote_id = ? "
                                          "ORDER BY sequence, id", qid)]


def sql_setting(h, key, value):
    if value is None:
        h.sql("DELETE FROM setting WHERE k = ?", key)
    else:
        h.sql("INSERT INTO setting (k, v) VALUES (?, ?) ON DUPLICATE KEY UPDATE v = VALUES(v)", key, value)
