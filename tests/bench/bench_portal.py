"""Customer portal (issue 7): the quotation page a customer opens (token check, 20 lines, totals, QR code
of the page, public messages) against the hello route with wrk (target >= 0.40), the 404 of a bad
token, and signing throughput (page load + signed POST: lock, content hash, confirmation, signed PDF
into the chatter, notification, e-mail to the salesperson in the outbox)."""

ORDER = 30  # see run.py: small-table measurements first
import concurrent.futures
import os
import time

from portal_util import form_fields, png, sign
from quotes_util import sql_setting


def _quote(h, api, opp, prods, nlines=20):
    lines = [{"product_id": prods[i % len(prods)], "quantity": 1 + i, "discount": (i % 3) * 5} for i in range(nlines)]
    r = api.post_json("/api/v1/quotes", {"opportunity_id": opp, "lines": lines})
    assert r.status == 201, r.text
    qid = r.json()["id"]
    return qid, h.sql1("SELECT access_token FROM quote WHERE id = ?", qid)


def run(b):
    print("== customer portal")
    h = b.h
    b.note("machine load average (1, 5, 15 min): %.1f %.1f %.1f" % os.getloadavg())
    sql_setting(h, "portal_fail_limit", "100000000")
    api = h.api(role="manager")
    team = int(h.sql1("SELECT id FROM team ORDER BY id LIMIT 1"))
    stage = int(h.sql1("SELECT id FROM stage WHERE team_id IS NULL ORDER BY sequence LIMIT 1"))
    h.sql("INSERT INTO crm_lead (name, type, contact_name, partner_name, email_from, email_normalized, team_id, "
          "stage_id, lang) VALUES ('Bench portail', 'opportunity', 'Zoé Mercier', 'Boulangerie Lumière', "
          "'zoe@portal-bench.example', 'zoe@portal-bench.example', ?, ?, 'fr')", team, stage)
    opp = int(h.sql1("SELECT MAX(id) FROM crm_lead WHERE name = 'Bench portail'"))
    prods = [int(x) for (x,) in h.sql("SELECT id FROM product WHERE active = 1 ORDER BY id")]
    qid, token = _quote(h, api, opp, prods)
    ua = {"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1"}
    b.wrk("hello route (FastCGI, no database)", "/crm/hello")
    b.wrk("portal quotation page (20 lines, QR)", f"/my/quotes/{qid}?token={token}", headers=ua)
    b.wrk("portal 404 (valid id, wrong token)", f"/my/quotes/{qid}?token={token[:-2]}xx", headers=ua)
    b.ratio("portal page / hello", "portal quotation page (20 lines, QR)", "hello route (FastCGI, no database)",
            target=">= 0.40")
    b.ratio("portal 404 / hello", "portal 404 (valid id, wrong token)", "hello route (FastCGI, no database)")

    # Signing throughput: n quotations of 5 lines, each opened then signed with a drawn signature.
    n = 40
    quotes = [_quote(h, api, opp, prods, nlines=5) for _ in range(n)]
    sig = png(600, 200)
    t0 = time.perf_counter()
    for q, t in quotes[:n // 2]:
        r = sign(h, q, t, name="Zoé Mercier", signature=sig)
        assert r.status == 303, r.status
    seq = (n // 2) / (time.perf_counter() - t0)

    def one(qt):
        r = sign(h, qt[0], qt[1], name="Zoé Mercier", signature=sig)
        return r.status

    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        codes = list(ex.map(one, quotes[n // 2:]))
    par = (n - n // 2) / (time.perf_counter() - t0)
    assert all(c == 303 for c in codes), codes
    b.note(f"signing (page + signed POST with a 600x200 PNG, 5 lines): one client {seq:.1f} signatures/s, "
           f"4 clients {par:.1f} signatures/s")
    sql_setting(h, "portal_fail_limit", "60")
