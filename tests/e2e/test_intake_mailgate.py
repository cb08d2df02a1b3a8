"""Intake: `piste mailgate` as Postfix runs it (SPEC I5) on the demo teams'
aliases: exit codes, the lead and its first chatter message, threading, and
75 while the database is down (the MTA retries, nothing is lost). The whole
corpus with its expected outcomes runs in tests/integration/test_mailgate.c."""
import json
import os
import secrets
import subprocess

CORPUS = os.path.join(os.path.dirname(__file__), "..", "data", "mail")


def mail(name):
    with open(os.path.join(CORPUS, name), "rb") as f:
        return f.read()


def run(h, raw, *args):
    return subprocess.run([h.stack.cli, "mailgate", *args], env=h.env, input=raw,
                          capture_output=True, timeout=60)


def deliver(h, raw, *args):
    p = run(h, raw, "--json", *args)
    out = json.loads(p.stdout) if p.stdout.strip() else {}
    assert out.get("status", p.returncode) == p.returncode, (p.returncode, p.stdout, p.stderr)
    return p.returncode, out


def unique_ids(raw, tag):
    """Fresh Message-IDs so that the test does not depend on earlier runs."""
    for n in (b".4711@", b".5123@"):
        raw = raw.replace(n, n[:-1] + f".{tag}@".encode())
    return raw


def test_new_inquiry_then_reply_then_duplicate(h):
    tag = secrets.token_hex(4)
    raw = unique_ids(mail("01-plain-text.eml"), tag)
    code, out = deliver(h, raw)
    assert code == 0 and out["created"], out
    lid = out["res_id"]
    row = h.sql("SELECT l.name, l.contact_name, l.email_from, t.name, l.user_id, l.origin FROM crm_lead l "
                "JOIN team t ON t.id = l.team_id WHERE l.id = ?", lid)
    assert row == [["Demande de devis pour 12 postes", "Camille Lefevre",
                    "camille.lefevre@atelier-lumiere.fr", "Direct Sales", None, "email"]], row
    msg = h.sql("SELECT kind, subject, body_is_html FROM message WHERE res_model = 'lead' AND res_id = ?", lid)
    assert msg == [["email_in", "Demande de devis pour 12 postes", "0"]], msg
    # The customer's reply (In-Reply-To: the first message) joins the lead.
    code, out = deliver(h, unique_ids(mail("08-reply-in-reply-to.eml"), tag))
    assert code == 0 and out["threaded"] and out["res_id"] == lid, out
    assert h.sql1("SELECT COUNT(*) FROM message WHERE res_model = 'lead' AND res_id = ?", lid) == "2"
    # The MTA delivering the first message again creates nothing.
    code, out = deliver(h, raw)
    assert code == 0 and out["duplicate"] and out["res_id"] == lid


def test_exit_codes_for_the_mta(h):
    code, out = deliver(h, mail("13-unknown-alias.eml"))
    assert code == 67, out
    code, out = deliver(h, mail("14-garbage.eml"))
    assert code == 65, out
    n = h.sql1("SELECT COUNT(*) FROM crm_lead")
    code, out = deliver(h, mail("10-auto-submitted.eml"))
    assert code == 0 and out["auto_reply"] == "Auto-Submitted"
    assert h.sql1("SELECT COUNT(*) FROM crm_lead") == n
    # Without --json, a refusal is one line on stderr for the bounce.
    p = run(h, mail("13-unknown-alias.eml"))
    assert p.returncode == 67 and b"no team has the alias" in p.stderr and p.stdout == b""
    # The envelope recipient Postfix passes wins over the headers; +tag tags.
    raw = mail("02-multipart-alternative.eml").replace(b"<CAF=9x+Qk2mRZ@mail.gmail.com>",
                                                      f"<{secrets.token_hex(6)}@mail.gmail.com>".encode())
    code, out = deliver(h, raw, "--recipient", "partners+expo@piste.example")
    assert code == 0 and out["created"]
    row = h.sql("SELECT t.name, l.type FROM crm_lead l JOIN team t ON t.id = l.team_id WHERE l.id = ?", out["res_id"])
    # Partners & Resellers does not use leads: an opportunity (X6).
    assert row == [["Partners & Resellers", "opportunity"]]
    assert h.sql1("SELECT t.name FROM lead_tag lt JOIN tag t ON t.id = lt.tag_id WHERE lt.lead_id = ?",
                  out["res_id"]) == "expo"
    assert h.sql1("SELECT body_is_html FROM message WHERE res_model = 'lead' AND res_id = ?", out["res_id"]) == "1"


def test_database_down_is_75_then_delivered(h):
    raw = unique_ids(mail("01-plain-text.eml"), secrets.token_hex(4))
    h.stop_db()
    code, out = deliver(h, raw)
    assert code == 75 and "database unavailable" in out["detail"]
    # Garbage is still refused for good, auto-replies still ignored.
    assert deliver(h, mail("14-garbage.eml"))[0] == 65
    assert deliver(h, mail("11-out-of-office.eml"))[0] == 0
    h.start_db()
    code, out = deliver(h, raw)
    assert code == 0 and out["created"]
