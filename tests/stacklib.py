"""A throw-away Piste stack for tests and benchmarks: private MariaDB, the four
FastCGI programs and nginx on a free port, all under a temporary directory,
started and stopped with the same bin/stack script users run."""
import os
import socket
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Stack:
    def __init__(self, build, sanitize, tmp, extra_env=None):
        self.build = build
        self.tmp = tmp
        self.var = os.path.join(tmp, "var")
        self.port = free_port()
        self.cli = (os.path.join(ROOT, build, "bin", "piste") if sanitize
                    else os.path.join(ROOT, "bin", "piste"))
        self.env = dict(os.environ)
        self.env.update({
            "PISTE_VAR": self.var,
            "PISTE_PORT": str(self.port),
            "PISTE_BUILD": build,
            "PISTE_CLI": self.cli,
            "PISTE_DEMO": "1",
            "PISTE_CRON_EVERY": "0",
            "PISTE_DEBUG_STATEMENTS": "1",
            "PISTE_LOGIN_RATE": "60000r/m",
            "PISTE_LOGIN_BURST": "100000",
            "PISTE_CONTACT_RATE": "60000r/m",
            "PISTE_CONTACT_BURST": "100000",
            "PISTE_DB_BUFFER_POOL": "128M",
            "PISTE_TEMPLATES_DIR": os.path.join(ROOT, "templates"),
            "PISTE_SCHEMA_DIR": os.path.join(ROOT, "schema"),
            "PISTE_HTDOCS_DIR": os.path.join(ROOT, "htdocs"),
            "PISTE_DB_SOCKET": os.path.join(self.var, "run", "mysqld.sock"),
        })
        if sanitize:
            self.env["ASAN_OPTIONS"] = ("detect_leaks=1:abort_on_error=0:log_path="
                                        + os.path.join(tmp, "asan"))
            self.env["UBSAN_OPTIONS"] = "print_stacktrace=1:log_path=" + os.path.join(tmp, "ubsan")
            # libmariadb, glib and friends keep process-lifetime allocations.
            # print_suppressions=0: a matched suppression is not a report (the quotes program's
            # fonts are cached by fontconfig for the life of the process).
            self.env["LSAN_OPTIONS"] = ("suppressions=" + os.path.join(ROOT, "tests", "lsan.supp")
                                        + ":print_suppressions=0")
        self.env.update(extra_env or {})

    def stack(self, cmd):
        return subprocess.run([os.path.join(ROOT, "bin", "stack"), cmd], env=self.env,
                              capture_output=True, text=True, timeout=600)

    def use_port(self, port):
        self.port = port
        self.env["PISTE_PORT"] = str(port)

    def start(self):
        # The port is picked now, not when the unit tests began: another
        # program may have taken it meanwhile. If one still gets it between
        # the check and nginx's bind, try another.
        self.use_port(free_port())
        for attempt in range(3):
            p = self.stack("start")
            if p.returncode == 0:
                return p.stdout
            if "already in use" not in p.stdout + p.stderr or attempt == 2:
                break
            self.stack("stop")
            self.use_port(free_port())
        raise RuntimeError("stack start failed:\n" + p.stdout + p.stderr)

    def stop(self):
        self.stack("stop")
