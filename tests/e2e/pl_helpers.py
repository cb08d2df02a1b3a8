"""Helpers shared by the pipeline end-to-end tests (tests/e2e/test_pipeline_*.py)."""
import re


def uid(h, login):
    return int(h.sql1("SELECT id FROM app_user WHERE login = ?", login))


def stage_id(h, name):
    return int(h.sql1("SELECT id FROM stage WHERE name = ? AND team_id IS NULL ORDER BY id LIMIT 1", name))


def won_stage(h):
    return int(h.sql1("SELECT id FROM stage WHERE is_won = 1 AND team_id IS NULL ORDER BY sequence LIMIT 1"))


def team_id(h, name="Direct Sales"):
    return int(h.sql1("SELECT id FROM team WHERE name = ?", name))


def api_lead(api, **fields):
    body = {"name": "Test opportunity", "type": "opportunity"}
    body.update(fields)
    r = api.post_json("/api/v1/leads", body)
    assert r.status == 201, r
    return r.json()


def csrf_of(client, path):
    return client.csrf(path)


def created_id(r):
    m = re.search(r"/crm/leads/(\d+)", r.header("Location") or "")
    assert m, f"no record in Location: {r.status} {r.header('Location')}"
    return int(m.group(1))


def messages(api, lead_id):
    r = api.get(f"/api/v1/leads/{lead_id}/messages")
    assert r.status == 200, r
    return r.json()["items"]


def tracking(msgs):
    """All tracked changes, newest first: list of (field, old, new)."""
    out = []
    for m in msgs:
        for t in m.get("tracking") or []:
            out.append((t["field"], t["old"], t["new"]))
    return out
