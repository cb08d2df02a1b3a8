"""Leak check: each FastCGI program is restarted under valgrind (memcheck), a
series of real requests goes through nginx to it, then it is stopped and the
worker's leak summary must show no definitely lost bytes and no memory
errors."""
import glob
import os
import re
import signal
import subprocess
import time

from harness import Client, field

# Requests per program: (method, path, form-or-None). Enough to run every code
# path a request takes: parse, route, DB, session, render, error pages.
def _requests(h, prog):
    if prog == "pipeline":
        return ["login", ("GET", "/crm"), ("GET", "/crm/leads"), ("GET", "/crm/login"),
                ("GET", "/crm/nope"), ("POST", "/crm/logout-bad"), ("GET", "/api/v1/users"),
                ("GET", "/api/v1/me"), ("DELETE", "/crm/login"), ("POST_BAD", "/crm/login"),
                ("GET", "/healthz"), ("GET", "/crm/settings/intake")] * 3
    if prog == "intake":
        return [("GET", "/"), ("GET", "/?lang=fr"), ("GET", "/contact"), ("GET", "/contact/nope"),
                ("POST_BAD", "/contact"), ("GET", "/contact/healthz"), ("CONTACT", "/contact"),
                ("CONTACT_BAD", "/contact"), ("GET", "/contact/embed.js"), ("GET", "/contact/form.json"),
                ("OPTIONS", "/contact"), ("GET", "/contact/thanks")] * 5
    if prog == "quotes":
        return ["login", ("GET", "/quotes"), ("GET", "/quotes/nope"), ("GET", "/quotes/healthz")] * 5
    return [("GET", "/my/healthz"), ("GET", "/my/quotes/1?token=x"), ("GET", "/my/nope")] * 5


def _drive(h, prog, creds):
    c = Client(h.port)
    for req in _requests(h, prog):
        if req == "login":
            c = Client(h.port)
            page = c.get("/crm/login")
            c.post("/crm/login", {"login": "admin", "password": creds["admin"],
                                  "form_token": field(page.text, "form_token") or ""})
            continue
        method, path = req
        if method in ("CONTACT", "CONTACT_BAD"):
            # A real submission (a lead, its message) and a refused one.
            h.sql("INSERT INTO setting (k, v) VALUES ('intake.rate_limit', '0') "
                  "ON DUPLICATE KEY UPDATE v = '0'")
            h.intake_changed()
            tag = os.urandom(4).hex()
            c.post(path, {"contact_name": "Leak " + tag, "email": f"leak{tag}@example.org",
                          "description": "valgrind", "extra": "x", "form_token": h.contact_token(10),
                          "homepage": "spam" if method == "CONTACT_BAD" else ""},
                   headers={"Accept": "application/json"})
            continue
        if method == "POST_BAD":
            c.post(path, raw="a=%zz")
        elif method == "POST":
            c.post(path, {"x": "y"})
        else:
            c.request(method, path)


def run(stack, root, report):
    from harness import Harness
    h = Harness(stack, root)
    creds = h.credentials()
    tmp = os.path.dirname(stack.var)
    for prog in ("intake", "pipeline", "quotes", "portal"):
        pidfile = os.path.join(stack.var, "run", f"{prog}.pid")
        sock = os.path.join(stack.var, "run", f"{prog}.sock")
        with open(pidfile) as f:
            pid = int(f.read())
        os.kill(pid, signal.SIGTERM)
        for _ in range(200):
            try:
                os.kill(pid, 0)
                time.sleep(0.05)
            except ProcessLookupError:
                break
        logpat = os.path.join(tmp, f"vg-{prog}.%p")
        vg = subprocess.Popen(
            ["valgrind", "--tool=memcheck", "--leak-check=full", "--show-leak-kinds=definite",
             "--errors-for-leak-kinds=definite", "--num-callers=30", f"--log-file={logpat}",
             "--suppressions=" + os.path.join(root, "tests", "valgrind.supp"),
             os.path.join(root, stack.build, "fcgi", prog), "--listen", sock, "--workers", "1",
             "--threads", "2"],
            env=stack.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        try:
            health = {"intake": "/contact/healthz", "pipeline": "/crm/healthz",
                      "quotes": "/quotes/healthz", "portal": "/my/healthz"}[prog]
            ok = False
            for _ in range(600):
                try:
                    if Client(h.port).get(health).status == 200:
                        ok = True
                        break
                except OSError:
                    pass
                time.sleep(0.1)
            if not ok:
                report(f"leaks:{prog}", False, "program did not start under valgrind")
                continue
            _drive(h, prog, creds)
        finally:
            vg.send_signal(signal.SIGTERM)
            try:
                vg.wait(timeout=120)
            except subprocess.TimeoutExpired:
                vg.kill()
        problems = []
        workers = 0
        for path in glob.glob(os.path.join(tmp, f"vg-{prog}.*")):
            with open(path, errors="replace") as f:
                text = f.read()
            m = re.search(r"definitely lost: ([\d,]+) bytes", text)
            errs = re.search(r"ERROR SUMMARY: (\d+) errors", text)
            if "run_worker" in text or "worker_thread" in text or m:
                workers += 1
            if m and m.group(1) != "0":
                problems.append(f"{os.path.basename(path)}: definitely lost {m.group(1)} bytes\n"
                                + text[text.find("definitely lost in"):][:2500])
            if errs and errs.group(1) != "0":
                problems.append(f"{os.path.basename(path)}: {errs.group(1)} memcheck errors\n"
                                + text[:3000])
        report(f"leaks:{prog} (valgrind, {len(_requests(h, prog))} requests)", not problems,
               "\n".join(problems))
        # Back to the normal program for whatever runs next.
        with open(os.path.join(stack.var, "log", f"{prog}.log"), "a") as log:
            p = subprocess.Popen([os.path.join(root, stack.build, "fcgi", prog), "--listen", sock],
                                 env=stack.env, stdout=log, stderr=log, start_new_session=True)
        with open(pidfile, "w") as f:
            f.write(str(p.pid))
