"""Pipeline speed (issue 4): the kanban of a team with 10 000 open
opportunities, the opportunities list, a lead form with 50 chatter messages,
measured with wrk in the same run as the hello route; the kanban at 10 000
and at 1 000 000 leads in total; the FastCGI workers' memory (RSS) before and
after 100 000 requests. Prints figures and ratios, never fails.

Seeding is bulk SQL (INSERT ... SELECT over MariaDB's sequence engine, 100 000
rows per statement), not one request per lead."""

ORDER = 10  # see run.py: small-table measurements first
import os
import subprocess
import tempfile
import time

TOTAL = int(os.environ.get("BENCH_PIPELINE_LEADS", "1000000"))
BENCH_OPEN = 10000


def sql(b, q):
    b.h.sql(q)


def seed_bench_team(b, team, users):
    """10 000 open opportunities in `team`, over the global open stages, a
    fifth of them with a next activity (overdue, today or planned)."""
    u = ",".join(str(x) for x in users)
    sql(b, f"""INSERT INTO crm_lead (name, type, active, team_id, stage_id, user_id, expected_revenue,
        probability, automated_probability, priority, email_from, email_normalized, email_domain_criterion,
        partner_name, contact_name, create_date, date_last_stage_update)
      SELECT CONCAT('Bench deal ', seq), 'opportunity', 1, {team},
        (SELECT id FROM stage WHERE team_id IS NULL AND is_won = 0 ORDER BY sequence LIMIT 1 OFFSET {0}) + 0,
        ELT(1 + seq % {len(users)}, {u}), (seq % 500) * 100, 10 + seq % 80, 10 + seq % 80, seq % 4,
        CONCAT('buyer', seq, '@bench', seq % 700, '.example'), CONCAT('buyer', seq, '@bench', seq % 700, '.example'),
        CONCAT('@bench', seq % 700, '.example'), CONCAT('Bench company ', seq % 700), CONCAT('Buyer ', seq),
        UTC_TIMESTAMP() - INTERVAL seq MINUTE, UTC_TIMESTAMP()
      FROM seq_1_to_{BENCH_OPEN}""")
    # Spread them over the open global stages.
    sql(b, f"""UPDATE crm_lead l JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY sequence, id) - 1 AS k
              FROM stage WHERE team_id IS NULL AND is_won = 0) s ON s.k = l.id % 3
            SET l.stage_id = s.id WHERE l.team_id = {team}""")
    sql(b, f"""INSERT INTO activity (res_model, res_id, activity_type_id, summary, date_deadline, user_id)
      SELECT 'lead', l.id, (SELECT id FROM activity_type WHERE code = 'call'), 'Call back',
        UTC_DATE() + INTERVAL (l.id % 21 - 10) DAY, l.user_id
      FROM crm_lead l WHERE l.team_id = {team} AND l.id % 5 = 0""")
    sql(b, f"""UPDATE crm_lead l JOIN activity a ON a.res_model = 'lead' AND a.res_id = l.id
            SET l.activity_deadline = a.date_deadline, l.activity_user_id = a.user_id WHERE l.team_id = {team}""")


def seed_mass(b, n, teams, bench_team, users):
    """n more leads across the 3 teams. The bench team only gets archived
    (lost) ones, so it keeps exactly 10 000 open opportunities."""
    u = ",".join(str(x) for x in users)
    t = ",".join(str(x) for x in teams)
    done = 0
    chunk = 100000
    while done < n:
        k = min(chunk, n - done)
        sql(b, f"""INSERT INTO crm_lead (name, type, active, team_id, stage_id, user_id, expected_revenue,
            probability, automated_probability, priority, email_from, email_normalized, email_domain_criterion,
            partner_name, create_date, lost_reason_id)
          SELECT CONCAT('Mass lead ', {done} + seq), IF(seq % 3 = 0, 'lead', 'opportunity'),
            IF(ELT(1 + seq % {len(teams)}, {t}) = {bench_team}, 0, seq % 10 <> 0),
            ELT(1 + seq % {len(teams)}, {t}),
            (SELECT MIN(id) FROM stage WHERE team_id IS NULL) + seq % 3,
            IF(seq % 4 = 0, NULL, ELT(1 + seq % {len(users)}, {u})), (seq % 900) * 50,
            IF(ELT(1 + seq % {len(teams)}, {t}) = {bench_team}, 0, 20), 20, seq % 4,
            CONCAT('m', {done} + seq, '@firm', seq % 5000, '.example'),
            CONCAT('m', {done} + seq, '@firm', seq % 5000, '.example'), CONCAT('@firm', seq % 5000, '.example'),
            CONCAT('Firm ', seq % 5000), UTC_TIMESTAMP() - INTERVAL ({done} + seq) MINUTE,
            IF(ELT(1 + seq % {len(teams)}, {t}) = {bench_team}, (SELECT MIN(id) FROM lost_reason), NULL)
          FROM seq_1_to_{k}""")
        done += k


def worker_rss_kib(b):
    """Sum of VmRSS of this stack's pipeline worker processes (children of
    the pid in var/run/pipeline.pid)."""
    try:
        with open(os.path.join(b.stack.var, "run", "pipeline.pid")) as f:
            master = int(f.read().strip())
    except (OSError, ValueError):
        return None, []
    kids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == master:
                kids.append(int(d))
        except (OSError, ValueError, IndexError):
            continue
    total = 0
    for pid in kids:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total, kids


def run(b):
    print("== pipeline (issue 4)")
    h = b.h
    t0 = time.time()
    creds = h.credentials()
    cookie = b.session_cookie("sophie.martin", creds["sophie.martin"])
    hdr = {"Cookie": cookie}
    sql(b, "INSERT INTO team (name, use_leads) VALUES ('Bench team', 0)")
    bench_team = int(h.sql1("SELECT id FROM team WHERE name = 'Bench team'"))
    teams = [int(r[0]) for r in h.sql("SELECT id FROM team WHERE name IN ('Direct Sales', 'Export') ORDER BY id")]
    teams.append(bench_team)
    users = [int(r[0]) for r in h.sql("SELECT id FROM app_user WHERE role IN ('sales', 'manager') ORDER BY id")]
    seed_bench_team(b, bench_team, users)
    sql(b, "ANALYZE TABLE crm_lead")
    n10k = int(h.sql1("SELECT COUNT(*) FROM crm_lead"))
    b.note(f"seeded {BENCH_OPEN} open opportunities in the bench team ({n10k} leads in total) "
           f"in {time.time() - t0:.1f} s")
    kanban = f"/crm/pipeline?team={bench_team}&mine=0"
    b.wrk("hello route (FastCGI, no database)", "/crm/hello")
    b.wrk(f"kanban, {n10k} leads in total", kanban, headers=hdr)

    t1 = time.time()
    seed_mass(b, max(0, TOTAL - n10k), teams, bench_team, users)
    sql(b, "ANALYZE TABLE crm_lead")
    total = int(h.sql1("SELECT COUNT(*) FROM crm_lead"))
    open_bench = h.sql1(f"SELECT COUNT(*) FROM crm_lead WHERE team_id = {bench_team} AND active = 1 "
                        "AND type = 'opportunity'")
    b.note(f"seeded up to {total} leads in {time.time() - t1:.1f} s (bench team: {open_bench} open opportunities)")

    # A lead form with 50 chatter messages (notes and tracking).
    lead = int(h.sql1(f"SELECT id FROM crm_lead WHERE team_id = {bench_team} AND active = 1 ORDER BY id LIMIT 1"))
    sql(b, f"""INSERT INTO message (res_model, res_id, kind, author_id, body, tracking)
      SELECT 'lead', {lead}, IF(seq % 2 = 0, 'note', 'tracking'), {users[0]},
        IF(seq % 2 = 0, CONCAT('Note number ', seq, ': called the customer, sent the brochure.'), NULL),
        IF(seq % 2 = 0, NULL, CONCAT('[{{"field":"expected_revenue","old":"', seq * 100, '.00","new":"',
           seq * 100 + 50, '.00"}}]'))
      FROM seq_1_to_50""")

    b.wrk("hello route (FastCGI, no database)", "/crm/hello")
    b.wrk(f"kanban, {total} leads in total", kanban, headers=hdr)
    b.wrk(f"opportunities list ({total} leads)", "/crm/opportunities", headers=hdr)
    b.wrk("lead form with 50 chatter messages", f"/crm/leads/{lead}", headers=hdr)
    hello = "hello route (FastCGI, no database)"
    b.ratio("kanban / hello", f"kanban, {total} leads in total", hello, ">= 0.30")
    b.ratio("lead form / hello", "lead form with 50 chatter messages", hello, ">= 0.40")
    b.ratio("opportunities list / hello", f"opportunities list ({total} leads)", hello)
    r10 = b.results.get(f"kanban, {n10k} leads in total")
    r1m = b.results.get(f"kanban, {total} leads in total")
    if r10 and r1m:
        growth = r10["rate"] / r1m["rate"]
        print(f"  ratio {'kanban time at ' + str(total) + ' / at ' + str(n10k):<40} {growth:8.2f}   (target < 1.5)")

    # Memory of the workers across 100 000 requests on the pages above. A
    # first round warms every thread up (templates parsed, statements
    # prepared, arenas and malloc arenas at their working size); the RSS is
    # then read after each round: flat means no per-request growth.
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write(f"""
local paths = {{"{kanban}", "/crm/opportunities", "/crm/leads/{lead}", "/crm/activities",
               "/api/v1/leads?limit=20&team_id={bench_team}"}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
""")
    script.close()
    b.wrk("mixed pages, warm-up round", "/crm/hello", headers=hdr, script=script.name, seconds=15)
    before, pids = worker_rss_kib(b)
    done = 0
    rounds = 0
    trend = []
    while done < 100000 and rounds < 25:
        r = b.wrk("mixed pages (memory run)", "/crm/hello", headers=hdr, script=script.name, seconds=15)
        if not r:
            break
        done += r["total"]
        rounds += 1
        rss, _ = worker_rss_kib(b)
        if rss is not None:
            trend.append(f"{rss / 1024:.1f}")
    os.unlink(script.name)
    after, pids2 = worker_rss_kib(b)
    if before is not None and after is not None:
        b.note(f"pipeline workers {sorted(pids)} -> {sorted(pids2)}: RSS {before / 1024:.1f} MiB after warm-up, "
               f"{after / 1024:.1f} MiB after {done} more requests ({(after - before) / 1024:+.1f} MiB); "
               f"per round (MiB): {' '.join(trend)}")
    b.note(f"pipeline bench time {time.time() - t0:.0f} s")
