"""Intake: nothing lost (SPEC I4). With MariaDB stopped the visitor is still
thanked, the submission is spooled durably, and it becomes a lead exactly
once when the database comes back (replayed by the workers on reconnect, by
`piste cron` and by `piste spool replay`)."""
import glob
import json
import os
import time

from intake_util import fields, fresh_ip, lead_by_email, open_form, rejects, submit_from


def spool_dir(h):
    return os.path.join(h.var, "spool", "contact")


def spooled(h):
    return sorted(glob.glob(os.path.join(spool_dir(h), "*.json")))


def wait_for(pred, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if pred():
            return True
        time.sleep(0.2)
    return pred()


def test_database_down_submissions_are_spooled_and_replayed_once(h):
    open_form(h)
    c = h.client()
    # While the database is down each worker thread uses the last settings
    # it read: post from a fresh address so that no earlier count applies.
    ip = fresh_ip()

    def submit(h, c, f, json=False):
        return submit_from(h, ip, f, json=json)
    hp_before = rejects(h, "honeypot")
    assert not spooled(h)
    f1, f2 = fields(name="While the database was down"), fields(consent="1")
    # The last settings read by any worker apply in every worker while the
    # database is down (one request reads them here, then 8 go anywhere).
    # (An instant submission passes the time check only with the new value;
    # a bad address makes it stop right after, at validation.)
    h.setting("intake.min_seconds", 0)
    c.get("/contact")
    h.stop_db()
    for _ in range(8):
        r = submit_from(h, ip, fields(email="bad"), age=0, json=True)
        assert r.status == 422 and r.json()["error"]["field"] == "email", r
    # The form itself still works without the database.
    page = c.get("/contact")
    assert page.status == 200 and 'name="form_token"' in page.text
    r = submit(h, c, f1)
    assert r.status == 303 and r.header("location") == "/contact/thanks?queued=1"
    assert "will reach our team within minutes" in c.get("/contact/thanks?queued=1").text
    r = submit(h, c, f2, json=True)
    assert r.status == 202 and r.json() == {"id": None, "queued": True}
    # The same submission sent twice (double click) is spooled twice but
    # stored once: it carries one key.
    f3 = fields(submission_key="K" * 43)
    assert submit(h, c, f3, json=True).status == 202
    assert submit(h, c, f3, json=True).status == 202
    # Spam is still refused, and counted once the database is back.
    assert submit(h, c, fields(homepage="x")).status == 303
    # Validation does not need the database either.
    assert submit(h, c, fields(email="bad"), json=True).status == 422
    files = spooled(h)
    assert len(files) == 4, files
    for p in files:
        assert os.stat(p).st_mode & 0o077 == 0
        entry = json.load(open(p))
        assert entry["email"] in (f1["email"], f2["email"], f3["email"])
    h.start_db()
    # The workers replay the spool when they reconnect (cron is off in
    # tests): the next requests to the intake program trigger it.
    assert wait_for(lambda: c.get("/contact").status == 200 and not spooled(h)), spooled(h)
    for f in (f1, f2, f3):
        assert len(lead_by_email(h, f["email"])) == 1, f["email"]
    row = lead_by_email(h, f1["email"], "name, origin, medium")
    assert row == [["While the database was down", "form", "Website"]]
    assert lead_by_email(h, f2["email"], "consent, consent_ip") == [["1", ip]]
    lid = lead_by_email(h, f1["email"])[0][0]
    assert h.sql1("SELECT COUNT(*) FROM message WHERE res_model = 'lead' AND res_id = ?", int(lid)) == "1"
    assert wait_for(lambda: rejects(h, "honeypot") >= hp_before + 1)
    # A later replay finds nothing to do.
    out = h.cli("spool", "replay").stdout
    assert out.startswith("0 replayed"), out
    for f in (f1, f2, f3):
        assert len(lead_by_email(h, f["email"])) == 1


def write_entry(h, f, key):
    os.makedirs(spool_dir(h), exist_ok=True)
    entry = dict(f, v=1, key=key, name="Spooled by hand", submitted_at=int(time.time()) - 120, lang="fr", ip="198.51.100.4")
    path = os.path.join(spool_dir(h), f"{int(time.time() * 1e6):016d}-{key}.json")
    with open(path, "w") as fh:
        json.dump(entry, fh)
    return path


def test_cli_and_cron_replay_the_spool(h):
    f, g = fields(), fields()
    write_entry(h, f, "A" * 43)
    out = h.cli("spool", "status").stdout
    assert out.startswith("1 submission(s) waiting"), out
    out = h.cli("spool", "replay").stdout
    assert out.startswith("1 replayed, 0 set aside, 0 waiting"), out
    assert lead_by_email(h, f["email"], "lang, origin") == [["fr", "form"]]
    # A second copy of the same key (a crash after the commit) changes nothing.
    write_entry(h, f, "A" * 43)
    write_entry(h, g, "B" * 43)
    h.cli("cron")
    assert not spooled(h)
    assert len(lead_by_email(h, f["email"])) == 1 and len(lead_by_email(h, g["email"])) == 1
    # With the database down the CLI says so (exit 75) and keeps the entry.
    k = fields()
    write_entry(h, k, "C" * 43)
    h.stop_db()
    p = h.cli("spool", "replay", check=False)
    assert p.returncode == 75
    assert len(spooled(h)) == 1
    h.start_db()
    # Whoever comes first (the stack's health check wakes the intake workers,
    # which replay on reconnect; or this command) stores it, once.
    assert h.cli("spool", "replay").stdout.endswith("0 waiting\n")
    assert not spooled(h)
    assert len(lead_by_email(h, k["email"])) == 1
