"""Foundation: a worker that stops (crash or SIGTERM) is restarted by its
program's master, and the other workers keep serving meanwhile."""
import os
import signal
import subprocess
import time


def _workers(h, prog):
    with open(os.path.join(h.var, "run", f"{prog}.pid")) as f:
        master = f.read().strip()
    out = subprocess.run(["pgrep", "-P", master], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _expect_death(h, pid):
    # The runner fails on unexpected worker deaths; this one is on purpose.
    with open(os.path.join(h.var, "run", "expected-deaths"), "a") as f:
        f.write(f"{pid}\n")


def test_a_stopped_worker_is_replaced_and_the_site_keeps_answering(h):
    c = h.login()
    before = _workers(h, "pipeline")
    assert len(before) >= 2, before
    for sig in (signal.SIGTERM, signal.SIGKILL):
        victim = _workers(h, "pipeline")[0]
        _expect_death(h, victim)
        os.kill(victim, sig)
        # Every request succeeds while the worker is gone and after it is back.
        deadline = time.time() + 5
        while time.time() < deadline:
            r = c.get("/crm")
            assert r.status == 200, (sig, r)
            r = h.client().get("/crm/login")
            assert r.status == 200, (sig, r)
            if victim not in _workers(h, "pipeline") and len(_workers(h, "pipeline")) == len(before):
                break
            time.sleep(0.05)
        after = _workers(h, "pipeline")
        assert victim not in after and len(after) == len(before), (victim, after)
        for _ in range(30):
            assert c.get("/crm").status == 200
