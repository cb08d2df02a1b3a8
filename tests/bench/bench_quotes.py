"""Quotations (issue 6): PDF generation of a 20-line quotation with the real generator (piste quote
bench-pdf: the quotation loaded from the database, rendered N times; one thread, then one thread per
core), and the quotation form page against the hello route with wrk."""

ORDER = 20  # see run.py: small-table measurements first
import os
import re

TARGET_PDF = 200


def _quote(b):
    h = b.h
    api = h.api(role="manager")
    team = int(h.sql1("SELECT id FROM team ORDER BY id LIMIT 1"))
    stage = int(h.sql1("SELECT id FROM stage WHERE team_id IS NULL ORDER BY sequence LIMIT 1"))
    h.sql("INSERT INTO crm_lead (name, type, contact_name, partner_name, email_from, email_normalized, team_id, "
          "stage_id, lang) VALUES ('Bench - Équipement complet', 'opportunity', 'Zoé Mercier', 'Boulangerie "
          "Lumière', 'zoe@bench.example', 'zoe@bench.example', ?, ?, 'fr')", team, stage)
    opp = int(h.sql1("SELECT MAX(id) FROM crm_lead WHERE name = 'Bench - Équipement complet'"))
    prods = [int(x) for (x,) in h.sql("SELECT id FROM product WHERE active = 1 ORDER BY id")]
    lines = [{"product_id": prods[i % len(prods)], "quantity": 1 + i, "discount": (i % 3) * 5} for i in range(20)]
    r = api.post_json("/api/v1/quotes", {"opportunity_id": opp, "lines": lines})
    assert r.status == 201, r.text
    return r.json()["id"]


def run(b):
    print("== quotations")
    b.note("machine load average (1, 5, 15 min): %.1f %.1f %.1f" % os.getloadavg())
    qid = _quote(b)
    done = _quote(b)
    api = b.h.api(role="manager")
    assert api.post_json(f"/api/v1/quotes/{done}/confirm", {}).status == 200
    out = b.h.cli("quote", "bench-pdf", "--id", str(qid), "--count", "1000").stdout
    for line in out.strip().splitlines():
        b.note("PDF " + line)
    wall = re.search(r"render only: .*= ([\d.]+) PDFs/s", out)
    cpu = re.search(r"= ([\d.]+) PDFs/s per core", out)
    par = re.search(r"threads: .*= ([\d.]+) PDFs/s", out)
    if wall and cpu and par:
        b.note(f"ratio PDF rendering / target {TARGET_PDF}/s: one thread {float(wall.group(1)) / TARGET_PDF:.2f}, "
               f"per core of CPU time {float(cpu.group(1)) / TARGET_PDF:.2f}, all cores "
               f"{float(par.group(1)) / TARGET_PDF:.2f} (target >= 1.00)")
    cookie = b.session_cookie(role="manager")
    b.wrk("hello route (FastCGI, no database)", "/crm/hello")
    b.wrk("quotation form page (20 lines, editable)", f"/quotes/{qid}", headers={"Cookie": cookie})
    b.wrk("sales order page (20 lines, read-only)", f"/quotes/{done}", headers={"Cookie": cookie})
    b.wrk("quotations list", "/quotes", headers={"Cookie": cookie})
    b.wrk("quotation PDF over HTTP (20 lines)", f"/quotes/{qid}/pdf", headers={"Cookie": cookie})
    b.ratio("quotation form / hello", "quotation form page (20 lines, editable)",
            "hello route (FastCGI, no database)", target=">= 0.40")
    b.ratio("sales order page / hello", "sales order page (20 lines, read-only)",
            "hello route (FastCGI, no database)")
    b.ratio("quotations list / hello", "quotations list", "hello route (FastCGI, no database)")
