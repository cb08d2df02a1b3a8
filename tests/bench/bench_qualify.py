"""Benchmarks of issue 5 (qualification) on a million leads: `make bench BENCH=qualify`.
Prints figures; never fails.

- seeding 1 000 000 leads with realistic duplicate keys (about 10 leads per company
  domain, 5 per phone number, 12 per company name, a few public addresses shared)
- the similar-leads count the lead form adds (target < 1 ms): measured in C around
  similar_of() over 2,000 random leads, and the form itself through nginx for a lead
  with similar records vs a lead without any key (nothing to look up)
- merging 5 records with 100 messages each (target < 50 ms), and undoing it
"""

ORDER = 50  # see run.py: small-table measurements first
import os
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
N = int(os.environ.get("BENCH_QUALIFY_LEADS", "1000000"))


def sql_long(h, text):
    p = subprocess.run(["mariadb", "--socket", h.env["PISTE_DB_SOCKET"], "-N", "-B", "piste", "-e", text],
                       capture_output=True, text=True, timeout=1800)
    if p.returncode != 0:
        raise RuntimeError(p.stderr)
    return p.stdout


def seed(b):
    h = b.h
    t0 = time.time()
    have = int(h.sql1("SELECT COUNT(*) FROM crm_lead"))
    # Up to N in all, and at least 200 000 of this benchmark's own leads
    # (shared domains, companies, phones) even when another benchmark
    # filled the table: the lookups must find realistic neighbours.
    add = max(N - have, 200000)
    sql_long(h, "SET @piste_report_sum_off = 1; INSERT INTO crm_lead (name, type, team_id, stage_id, email_from, "
             "email_normalized, email_domain_criterion, phone, phone_sanitized, partner_name, probability) "
             "SELECT CONCAT('Qualify lead ', seq), IF(seq % 3 = 0, 'lead', 'opportunity'), (SELECT MIN(id) FROM team), "
             "(SELECT MIN(id) FROM stage), "
             "IF(seq % 10 = 0, CONCAT('p', seq % 50000, '@gmail.com'), CONCAT('c', seq, '@co', seq % 100000, '.example')), "
             "IF(seq % 10 = 0, CONCAT('p', seq % 50000, '@gmail.com'), CONCAT('c', seq, '@co', seq % 100000, '.example')), "
             "IF(seq % 10 = 0, CONCAT('p', seq % 50000, '@gmail.com'), CONCAT('@co', seq % 100000, '.example')), "
             "CONCAT('01', LPAD(seq % 200000, 8, '0')), CONCAT('+331', LPAD(seq % 200000, 8, '0')), "
             "CONCAT('Company ', seq % 80000), 10 + seq % 80 FROM seq_1_to_" + str(add))
    b.note(f"seeded {add} leads in {time.time() - t0:.1f} s ({have + add} in the database)")
    h.sql("ANALYZE TABLE crm_lead")


def similar(b, exe):
    p = subprocess.run([exe, "similar", "2000"], env=b.h.env, capture_output=True, text=True, timeout=600)
    for line in (p.stdout + p.stderr).strip().splitlines():
        b.note(line + ("   (target < 1 ms)" if line.startswith("similar") else ""))
    h = b.h
    with_id = h.sql1("SELECT id FROM crm_lead WHERE name = 'Qualify lead 123457'")
    h.sql("INSERT INTO crm_lead (name, type) VALUES ('Qualify lead without keys', 'opportunity')")
    without_id = h.sql1("SELECT MAX(id) FROM crm_lead WHERE name = 'Qualify lead without keys'")
    n = h.sql1("SELECT COUNT(*) FROM crm_lead WHERE email_domain_criterion = "
               "(SELECT email_domain_criterion FROM crm_lead WHERE id = ?)", int(with_id))
    cookie = b.session_cookie(role="manager")
    b.wrk(f"lead form with similar count ({n} same domain...)", f"/crm/leads/{with_id}", conns=2, threads=1,
          headers={"Cookie": cookie})
    b.wrk("lead form, no key to look up", f"/crm/leads/{without_id}", conns=2, threads=1, headers={"Cookie": cookie})
    r1 = b.results.get(f"lead form with similar count ({n} same domain...)")
    r2 = b.results.get("lead form, no key to look up")
    if r1 and r2:
        b.note(f"form p50 difference: {r1['lat'].get('50', 0) - r2['lat'].get('50', 0):+.3f} ms "
               f"(includes the smart button and the similar lookups; target < 1 ms)")


def merge(b, exe):
    p = subprocess.run([exe, "merge", "30"], env=b.h.env, capture_output=True, text=True, timeout=600)
    for line in (p.stdout + p.stderr).strip().splitlines():
        b.note(line + ("   (target < 50 ms)" if line.startswith("merge") else ""))


def run(b):
    print("== qualification (issue 5): similar leads and merge over %d leads" % N)
    build = os.path.join(ROOT, os.environ.get("PISTE_BUILD", "build"))
    exe = os.path.join(build, "bench", "qualify_bench")
    os.makedirs(os.path.dirname(exe), exist_ok=True)
    flags = subprocess.run(["make", "-s", "--no-print-directory", "print-flags"], cwd=ROOT, capture_output=True,
                           text=True).stdout.split()
    libs = subprocess.run(["make", "-s", "--no-print-directory", "print-libs"], cwd=ROOT, capture_output=True,
                          text=True).stdout.split()
    cc = subprocess.run(["gcc", *flags, "-o", exe, os.path.join(ROOT, "tests", "bench", "qualify_bench.c"),
                         os.path.join(build, "libpiste.a"), *libs], cwd=ROOT, capture_output=True, text=True)
    if cc.returncode != 0:
        b.note("qualify benchmark: build failed: " + cc.stderr[-800:])
        return
    seed(b)
    similar(b, exe)
    merge(b, exe)
