#!/usr/bin/env python3
"""`make bench`: benchmarks on a throw-away stack, measured with wrk in one
run so the figures compare. Prints figures and ratios; never fails on them.

    tests/bench/run.py --build build [--seconds 5] [--only NAME]

Each issue that names a speed target adds its benchmark as a function in a
tests/bench/bench_*.py module: `def run(b)` using the Bench helpers below
(b.wrk, b.row, b.ratio, b.sql, b.cli ...)."""
import argparse
import importlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests"))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
sys.path.insert(0, os.path.join(ROOT, "tests", "bench"))
from stacklib import Stack  # noqa: E402
from harness import Harness, field  # noqa: E402


def parse_wrk(out):
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = {}
    for p in ("50", "75", "90", "99"):
        m = re.search(rf"^\s+{p}(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if m:
            v = float(m.group(1))
            lat[p] = v / 1000 if m.group(2) == "us" else (v * 1000 if m.group(2) == "s" else v)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return {"rate": rate, "lat": lat, "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "errors": errors.group(1) if errors else "", "total": total}


class Bench:
    def __init__(self, stack, seconds):
        self.stack = stack
        self.h = Harness(stack, ROOT)
        self.seconds = seconds
        self.results = {}
        self.base = f"http://127.0.0.1:{stack.port}"

    def wrk(self, name, path, conns=32, threads=2, script=None, headers=None, seconds=None):
        cmd = ["wrk", "-t", str(threads), "-c", str(conns), "-d", f"{seconds or self.seconds}s",
               "--latency", "--timeout", "10s"]
        for k, v in (headers or {}).items():
            cmd += ["-H", f"{k}: {v}"]
        if script:
            cmd += ["-s", script]
        cmd.append(self.base + path)
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        if p.returncode != 0:
            print(f"  {name}: wrk failed: {p.stderr.strip()}")
            return None
        r = parse_wrk(p.stdout)
        self.results[name] = r
        self.row(name, r)
        return r

    def row(self, name, r):
        lat = r["lat"]
        bad = f"  ({r['non2xx']} non-2xx/3xx!)" if r["non2xx"] else ""
        if r["errors"]:
            bad += f"  (socket errors: {r['errors']})"
        print(f"  {name:<46} {r['rate']:>10.0f} req/s   p50 {lat.get('50', 0):7.2f} ms   "
              f"p99 {lat.get('99', 0):7.2f} ms{bad}")

    def ratio(self, label, a, b, target=None):
        if a not in self.results or b not in self.results:
            return
        v = self.results[a]["rate"] / self.results[b]["rate"]
        t = f"   (target {target})" if target else ""
        print(f"  ratio {label:<40} {v:8.2f}{t}")

    def note(self, text):
        print(f"  {text}")

    def session_cookie(self, login=None, password=None, role="sales"):
        c = self.h.login(login, password, role)
        return "; ".join(f"{k}={v}" for k, v in c.cookies.items())


def core(b):
    print("== foundation")
    b.wrk("static file (nginx, 3 KB css)", "/static/css/piste.css")
    b.wrk("hello route (FastCGI, no database)", "/crm/hello")
    b.wrk("healthz (FastCGI + SELECT 1)", "/healthz")
    b.wrk("login page (session-less, template)", "/crm/login")
    cookie = b.session_cookie(role="sales")
    b.wrk("intranet home (session + template)", "/crm", headers={"Cookie": cookie})
    b.ratio("hello / static", "hello route (FastCGI, no database)", "static file (nginx, 3 KB css)")
    b.ratio("login page / static", "login page (session-less, template)", "static file (nginx, 3 KB css)")
    b.ratio("login page / hello", "login page (session-less, template)", "hello route (FastCGI, no database)")
    b.ratio("intranet home / hello", "intranet home (session + template)", "hello route (FastCGI, no database)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "5")))
    ap.add_argument("--only", default=os.environ.get("BENCH", ""))
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: make deps (bin/install-deps --bench)")
    tmp = tempfile.mkdtemp(prefix="piste-bench-")
    stack = Stack(args.build, False, tmp, {"PISTE_DB_BUFFER_POOL": "1G", "PISTE_LOGIN_RATE": "1000000r/s",
                                           "PISTE_CONTACT_RATE": "1000000r/s",
                                           "PISTE_WORKERS": "2", "PISTE_THREADS": "16"})
    t0 = time.time()
    try:
        stack.start()
        print(f"started a stack in {tmp} (port {stack.port}); {args.seconds} s per measurement, "
              f"32 connections, wrk on the same 2-core machine")
        b = Bench(stack, args.seconds)
        if not args.only or "core" in args.only:
            core(b)
        bdir = os.path.join(ROOT, "tests", "bench")
        mods = []
        for f in sorted(os.listdir(bdir)):
            if f.startswith("bench_") and f.endswith(".py"):
                name = f[6:-3]
                if args.only and name not in args.only:
                    continue
                mods.append((name, importlib.import_module(f[:-3])))
        # A module's ORDER (default 50) puts the ones that measure small
        # tables (the kanban at 10 000 leads) before those that load 1M.
        mods.sort(key=lambda m: getattr(m[1], "ORDER", 50))
        for name, mod in mods:
            try:
                mod.run(b)
            except Exception as ex:  # one broken benchmark must not hide the others' figures
                import traceback
                traceback.print_exc()
                print(f"  {name}: FAILED ({ex.__class__.__name__}: {ex})")
    finally:
        stack.stop()
        if os.environ.get("BENCH_KEEP"):
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
        print(f"bench time: {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
