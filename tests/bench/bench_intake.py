"""Intake benchmark (SPEC I1, I4, I5): wrk POSTing distinct valid contact-form
submissions to /contact at 1 and 32 connections, against the raw rate of a
durable single-row INSERT into crm_lead through libmariadb at the same
concurrency (tests/bench/insert_bench.c), and `piste mailgate` on a 20 KB
multipart message. Prints figures and ratios (target: intake >= 60 % of the
raw INSERT rate at 32 connections, p99 < 20 ms)."""

ORDER = 5  # see run.py: small-table measurements first
import base64
import concurrent.futures
import os
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Each wrk thread numbers its requests; every body is a distinct submission
# (distinct e-mail, subject and idempotency key) with its own form token: a
# token is good for one submission, so each run reads a file of tokens made
# before it (10 s old: past the 3 s minimum time-to-submit), every thread
# taking every @STRIDE@th line from its own offset.
LUA = r"""
local counter = 0
local nthreads = 0
local tokens = {}
local ntokens = 0
function setup(thread)
  nthreads = nthreads + 1
  thread:set("tid", nthreads)
end
function init(args)
  math.randomseed(os.time() + tid * 7919)
  local i = 0
  for line in io.lines("@TOKENS@") do
    if i % @STRIDE@ == tid - 1 then
      ntokens = ntokens + 1
      tokens[ntokens] = line
    end
    i = i + 1
  end
end
local run = "@RUN@"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.headers["Accept-Language"] = "fr-FR,fr;q=0.9"
local key_chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
local function key()
  local t = {}
  for i = 1, 43 do
    local n = math.random(1, 64)
    t[i] = key_chars:sub(n, n)
  end
  return table.concat(t)
end
request = function()
  counter = counter + 1
  local id = run .. "-" .. tid .. "-" .. counter
  -- Past the last token they are used again: refused (non-2xx in the report).
  local body = "form_token=" .. tokens[(counter - 1) % ntokens + 1] ..
    "&submission_key=" .. key() ..
    "&name=Devis+" .. id ..
    "&contact_name=Visiteur+" .. id ..
    "&email=b" .. id .. "%40bench.example" ..
    "&phone=06+12+34+56+78" ..
    "&partner_name=Atelier+" .. tid ..
    "&description=Bonjour%2C+merci+de+me+rappeler.+Demande+" .. id ..
    "&budget=5000&consent=1&utm_source=bench"
  return wrk.format(nil, nil, nil, body)
end
"""


def build_insert_bench():
    out = os.path.join(ROOT, "build", "bench", "insert_bench")
    src = os.path.join(ROOT, "tests", "bench", "insert_bench.c")
    if not os.path.exists(out) or os.path.getmtime(out) < os.path.getmtime(src):
        os.makedirs(os.path.dirname(out), exist_ok=True)
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "libmariadb"], capture_output=True,
                               text=True, check=True).stdout.split()
        subprocess.run(["gcc", "-O2", "-o", out, src, *flags, "-pthread"], check=True)
    return out


def raw_insert(b, name, conns):
    exe = build_insert_bench()
    p = subprocess.run([exe, b.h.env["PISTE_DB_SOCKET"], "piste", str(conns), str(b.seconds)],
                       capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        print(f"  {name}: insert_bench failed: {p.stderr.strip()}")
        return
    f = dict(kv.split("=") for kv in p.stdout.split())
    r = {"rate": float(f["rate"]), "lat": {"50": float(f["p50"]), "99": float(f["p99"])},
         "non2xx": 0, "errors": "" if f["errors"] == "0" else f"{f['errors']} failed inserts",
         "total": int(f["n"])}
    b.results[name] = r
    b.row(name, r)


def message_20k(i):
    """A realistic 20 KB multipart message: text and HTML alternatives and a
    base64 PDF-ish attachment."""
    para = ("Bonjour, nous souhaiterions un devis pour l'équipement de nos agences "
            "(postes, licences, installation et formation). ")
    text = (para * 30)[:3500]
    html = "<html><body>" + "".join(f"<p>{para} <b>{k}</b></p>" for k in range(30)) + "</body></html>"
    att = base64.encodebytes(os.urandom(9000)).decode()
    return f"""Return-Path: <bench{i}@client.example>
Delivered-To: sales@piste.example
From: =?UTF-8?Q?Cl=C3=A9ment_Bench?= <bench{i}@client.example>
To: sales@piste.example
Cc: achats@client.example
Subject: =?UTF-8?Q?Demande_de_devis_n=C2=B0{i}?=
Date: Thu, 26 Nov 2026 10:00:00 +0100
Message-ID: <bench-{i}-{time.time_ns()}@client.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="mixed-{i}"

--mixed-{i}
Content-Type: multipart/alternative; boundary="alt-{i}"

--alt-{i}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

{text}
--alt-{i}
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: 8bit

{html}
--alt-{i}--
--mixed-{i}
Content-Type: application/pdf; name="cahier-{i}.pdf"
Content-Disposition: attachment; filename="cahier-{i}.pdf"
Content-Transfer-Encoding: base64

{att}
--mixed-{i}--
""".encode()


def mailgate(b, parallel, count):
    h = b.h
    msgs = [message_20k(i) for i in range(count)]
    size = sum(len(m) for m in msgs) // len(msgs)

    def one(m):
        p = subprocess.run([h.stack.cli, "mailgate"], input=m, env=h.env, capture_output=True, timeout=60)
        return p.returncode

    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(parallel) as ex:
        codes = list(ex.map(one, msgs))
    dt = time.time() - t0
    bad = sum(1 for c in codes if c != 0)
    print(f"  {'piste mailgate, ' + str(size // 1024) + ' KB multipart, ' + str(parallel) + ' at a time':<46} "
          f"{count / dt:>10.0f} msg/s   ({count} messages in {dt:.2f} s{', %d failed!' % bad if bad else ''})")


def run(b):
    print("== intake (contact form, spool, mail gateway)")
    h = b.h
    # The benchmark client is one address: the app-side per-IP limit off
    # (nginx's limit_req is set very high by the bench stack too).
    h.sql("INSERT INTO setting (k, v) VALUES ('intake.rate_limit', '0') ON DUPLICATE KEY UPDATE v = '0'")
    h.intake_changed()
    run_id = str(int(time.time()))
    made_files = []

    def script_for(threads, per_second):
        """A wrk script and its file of fresh tokens (enough for per_second requests a second)."""
        with tempfile.NamedTemporaryFile("w", suffix=".tokens", delete=False) as t:
            for _ in range(per_second * b.seconds):
                t.write(h.contact_token(10) + "\n")
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write(LUA.replace("@TOKENS@", t.name).replace("@STRIDE@", str(threads))
                    .replace("@RUN@", f"{run_id}-{len(made_files)}"))
        made_files.extend([t.name, f.name])
        return f.name
    try:
        before = int(h.sql1("SELECT COUNT(*) FROM crm_lead WHERE intake_key NOT LIKE 'raw-%'"))
        b.wrk("POST /contact (1 connection)", "/contact", conns=1, threads=1, script=script_for(1, 8000))
        raw_insert(b, "raw durable INSERT crm_lead (1 connection)", 1)
        b.wrk("POST /contact (32 connections)", "/contact", conns=32, threads=2, script=script_for(2, 30000))
        raw_insert(b, "raw durable INSERT crm_lead (32 connections)", 32)
        made = int(h.sql1("SELECT COUNT(*) FROM crm_lead WHERE intake_key NOT LIKE 'raw-%'")) - before
        msgs = int(h.sql1("SELECT COUNT(*) FROM message WHERE body = 'Lead created from the website form'"))
        b.note(f"{made} leads created through the form (each with its chatter message: {msgs} messages), "
               f"all distinct: {h.sql1('SELECT COUNT(DISTINCT intake_key) = COUNT(intake_key) FROM crm_lead') == '1'}")
        b.ratio("intake / raw INSERT, 1 connection", "POST /contact (1 connection)",
                "raw durable INSERT crm_lead (1 connection)")
        b.ratio("intake / raw INSERT, 32 connections", "POST /contact (32 connections)",
                "raw durable INSERT crm_lead (32 connections)", target=">= 0.60, p99 < 20 ms")
        mailgate(b, 1, 100)
        mailgate(b, 4, 200)
    finally:
        for p in made_files:
            os.unlink(p)
