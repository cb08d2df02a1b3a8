#!/usr/bin/env python3
"""The test runner behind `make test`.

Starts a throw-away stack (private MariaDB, the four FastCGI programs and nginx)
on free ports under a temporary directory, runs every suite - unit (Check),
integration (Check, real MariaDB), end-to-end (HTTP through nginx), browser
(Playwright + Debian's chromium), leak checks (valgrind on each program) - and
prints `N passed, N failed` last. Exit status 1 on any failure.

    tests/run.py --build build [--sanitize] [FILTER...]

A FILTER keeps only the test files/cases whose name contains it, e.g.
`make test TESTS=login`.
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
sys.path.insert(0, os.path.join(ROOT, "tests"))
from stacklib import Stack  # noqa: E402

passed = 0
failed = 0
failures = []


def report(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"  PASS {name}")
    else:
        failed += 1
        failures.append((name, detail))
        print(f"  FAIL {name}: {detail}")
    sys.stdout.flush()


def wanted(name, filters):
    return not filters or any(f in name for f in filters)


CHECK_LINE = re.compile(r"^(.*?):(\d+):([PFE]):([^:]*):([^:]*):\d+:\s?(.*)$")


def run_check_binary(path, env, timeout):
    """Run a Check test binary in verbose mode and report each test case."""
    name = os.path.basename(path)
    try:
        p = subprocess.run([path], env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        report(name, False, f"timed out after {timeout}s")
        return
    seen = 0
    for line in (p.stdout + p.stderr).splitlines():
        m = CHECK_LINE.match(line)
        if not m:
            continue
        seen += 1
        status, tcase, test, msg = m.group(3), m.group(4), m.group(5), m.group(6)
        report(f"{name}:{test}", status == "P", f"{m.group(1)}:{m.group(2)}: {msg}")
    if seen == 0 or (p.returncode != 0 and failed == 0):
        tail = "\n".join((p.stdout + p.stderr).splitlines()[-15:])
        report(name, p.returncode == 0 and seen > 0, f"exit {p.returncode}, no results\n{tail}")


def suite_c(kind, build, filters, env, timeout=300):
    d = os.path.join(ROOT, build, "tests", kind)
    if not os.path.isdir(d):
        return
    print(f"== {kind} tests")
    for f in sorted(os.listdir(d)):
        path = os.path.join(d, f)
        if not f.startswith("test_") or not os.access(path, os.X_OK) or f.endswith((".o", ".d")):
            continue
        if not wanted(f, filters):
            continue
        e = dict(env)
        e["CK_VERBOSITY"] = "verbose"
        e["PISTE_DB_NAME"] = "it_" + f[5:]
        run_check_binary(path, e, timeout)


def suite_e2e(stack, filters, kind="e2e", title="end-to-end tests (HTTP through nginx)"):
    import harness
    print(f"== {title}")
    h = harness.Harness(stack, ROOT)
    edir = os.path.join(ROOT, "tests", kind)
    if edir not in sys.path:
        sys.path.insert(0, edir)
    for f in sorted(os.listdir(edir)):
        if not (f.startswith("test_") and f.endswith(".py")):
            continue
        modname = f[:-3]
        mod = __import__(modname)
        for name in sorted(n for n in dir(mod) if n.startswith("test_")):
            full = f"{modname}:{name}"
            if not wanted(full, filters):
                continue
            fn = getattr(mod, name)
            t0 = time.time()
            try:
                fn(h)
                report(full, True)
            except Exception as e:  # an assertion or an error: both are failures
                import traceback
                tb = traceback.extract_tb(e.__traceback__)
                where = next((f"{os.path.basename(fr.filename)}:{fr.lineno}" for fr in reversed(tb)
                              if f"tests/{kind}/test_" in fr.filename), "")
                report(full, False, f"{where} {type(e).__name__}: {e}")
            finally:
                h.after_test()
            if time.time() - t0 > 20:
                print(f"    (slow: {time.time() - t0:.1f}s)")


def suite_browser(stack, filters, creds):
    bdir = os.path.join(ROOT, "tests", "browser")
    files = sorted(f for f in os.listdir(bdir) if f.endswith(".mjs") and not f.startswith("_"))
    files = [f for f in files if wanted(f, filters)]
    if not files:
        return
    print("== browser tests (Playwright + chromium)")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(chromium):
        report("browser", False, "chromium is not installed (make deps)")
        return
    os.makedirs(os.path.join(bdir, "out"), exist_ok=True)
    env = dict(stack.env)
    env.update({"BASE_URL": f"http://127.0.0.1:{stack.port}", "CHROMIUM": chromium,
                "PISTE_CREDENTIALS": creds, "NODE_PATH": os.path.join(ROOT, "node_modules")})
    for f in files:
        try:
            p = subprocess.run(["node", os.path.join(bdir, f)], env=env, capture_output=True,
                               text=True, timeout=180, cwd=ROOT)
        except subprocess.TimeoutExpired:
            report(f, False, "timed out")
            continue
        seen = 0
        for line in p.stdout.splitlines():
            if line.startswith("PASS "):
                seen += 1
                report(f"{f}:{line[5:]}", True)
            elif line.startswith("FAIL "):
                seen += 1
                report(f"{f}:{line[5:].split(':')[0]}", False, line[5:])
        if p.returncode != 0 or seen == 0:
            report(f, False, f"exit {p.returncode}: " + (p.stderr or p.stdout)[-1500:])


def scan_sanitizer_logs(tmp):
    bad = []
    for f in os.listdir(tmp):
        if f.startswith(("asan", "ubsan")):
            with open(os.path.join(tmp, f), errors="replace") as fh:
                text = fh.read()
            if text.strip():
                bad.append(f"{f}:\n" + text[:3000])
    report("sanitizers: no ASan/UBSan/LSan report from the servers", not bad, "\n".join(bad))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--sanitize", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("filters", nargs="*")
    args = ap.parse_args()
    filters = [f for f in " ".join(args.filters).split() if f]
    t0 = time.time()
    tmp = tempfile.mkdtemp(prefix="piste-test-")
    stack = Stack(args.build, args.sanitize, tmp)
    env = dict(stack.env)
    try:
        print(f"== unit tests")
        suite_c("unit", args.build, filters, env)
        print(f"== starting a throw-away stack in {tmp}")
        try:
            stack.start()
        except Exception as e:
            report("stack start", False, str(e)[-3000:])
            raise SystemExit(finish(t0, tmp, args, stack))
        print(f"   listening on port {stack.port}")
        env = dict(stack.env)
        suite_c("integration", args.build, filters, env)
        suite_e2e(stack, filters)
        suite_e2e(stack, filters, "security", "security tests (each attack found, kept as a test)")
        creds = os.path.join(stack.var, "initial-credentials")
        suite_browser(stack, filters, creds)
        if not args.sanitize and wanted("leaks", filters):
            import leaks
            print("== leak checks (valgrind on each program)")
            leaks.run(stack, ROOT, report)
    finally:
        code = finish(t0, tmp, args, stack)
    sys.exit(code)


def check_restarts(stack):
    """Workers must not die or restart on their own during the run."""
    bad = []
    expected = set()
    exp = os.path.join(stack.var, "run", "expected-deaths")
    if os.path.exists(exp):
        with open(exp) as f:
            expected = {l.strip() for l in f if l.strip()}
    logs = os.path.join(stack.var, "log")
    for p in ("intake", "pipeline", "quotes", "portal"):
        path = os.path.join(logs, f"{p}.log")
        if os.path.exists(path):
            with open(path, errors="replace") as f:
                for l in f:
                    m = re.search(r"worker (\d+) (died|exited)", l)
                    if m and m.group(1) in expected:
                        continue
                    if re.search(r"died|restarting|did not stop", l):
                        bad.append(f"{p}: {l}")
    report("servers: no worker died or restarted during the run", not bad, "\n".join(bad[:10]))


def finish(t0, tmp, args, stack):
    if os.path.isdir(stack.var):
        check_restarts(stack)
    stack.stop()
    if args.sanitize:
        scan_sanitizer_logs(tmp)
    logs = os.path.join(stack.var, "log")
    if failed and os.path.isdir(logs):
        print("== server log tails (failures above)")
        for f in sorted(os.listdir(logs)):
            path = os.path.join(logs, f)
            with open(path, errors="replace") as fh:
                lines = fh.read().splitlines()
            interesting = [l for l in lines if re.search(r"error|warn|died|fatal|ERROR", l)]
            for l in interesting[-8:]:
                print(f"  {f}: {l}")
    if not args.keep and not failed:
        shutil.rmtree(tmp, ignore_errors=True)
    elif failed:
        print(f"(test files kept in {tmp})")
    print(f"time: {time.time() - t0:.1f}s")
    if failures:
        print("failed:")
        for n, d in failures:
            print(f"  {n}: {d.splitlines()[0] if d else ''}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    main()
