"""What end-to-end tests use: an HTTP client with cookies talking to the real
nginx of the throw-away stack, login helpers, SQL against its MariaDB, and the
`piste` CLI. Standard library only.

Each test is a function `test_*(h)` in a tests/e2e/test_*.py file; it raises
(usually AssertionError) to fail. Keep them independent: create what you need
(fresh users with h.new_user(), records through the API or the UI)."""
import http.client
import json as jsonlib
import os
import re
import secrets
import subprocess
import urllib.parse


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers          # lower-case name -> list of values
        self.raw = body
        self.text = body.decode("utf-8", errors="replace")

    def header(self, name):
        v = self.headers.get(name.lower())
        return v[0] if v else None

    def json(self):
        return jsonlib.loads(self.text)

    def __repr__(self):
        return f"<Response {self.status} {self.text[:200]!r}>"


class Client:
    def __init__(self, port, source=None):
        """source: the local address connections leave from (any of 127/8
        reaches nginx on 127.0.0.1), for tests of per-address limits."""
        self.port = port
        self.cookies = {}
        self.bearer = None
        self.source = source

    def request(self, method, path, body=None, headers=None, timeout=30):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout,
                                          source_address=(self.source, 0) if self.source else None)
        h = {"Host": f"127.0.0.1:{self.port}", "Accept-Language": "en"}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.bearer:
            h["Authorization"] = "Bearer " + self.bearer
        h.update(headers or {})
        if isinstance(body, str):
            body = body.encode()
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        hdrs = {}
        for k, v in r.getheaders():
            hdrs.setdefault(k.lower(), []).append(v)
        conn.close()
        for sc in hdrs.get("set-cookie", []):
            first = sc.split(";")[0]
            name, _, value = first.partition("=")
            if "max-age=0" in sc.lower() or value == "":
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        return Response(r.status, hdrs, data)

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, fields=None, headers=None, raw=None):
        """Form POST (application/x-www-form-urlencoded) of a dict or list of pairs."""
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        body = raw if raw is not None else urllib.parse.urlencode(fields or {}, doseq=True)
        return self.request("POST", path, body=body, headers=h)

    def post_json(self, path, obj, method="POST", headers=None):
        h = {"Content-Type": "application/json", "Accept": "application/json"}
        h.update(headers or {})
        return self.request(method, path, body=jsonlib.dumps(obj), headers=h)

    def csrf(self, path="/crm"):
        """The session's CSRF token, read from a page's hidden field."""
        r = self.get(path)
        m = re.search(r'name="csrf_token" value="([^"]+)"', r.text)
        assert m, f"no csrf_token on {path} ({r.status})"
        return m.group(1)

    def post_form(self, path, fields, page="/crm"):
        """POST with the CSRF token taken from `page`, as a browser would."""
        f = dict(fields)
        f["csrf_token"] = self.csrf(page)
        return self.post(path, f)


def field(html, name):
    m = re.search(r'name="%s" value="([^"]*)"' % re.escape(name), html)
    return m.group(1) if m else None


class Harness:
    def __init__(self, stack, root):
        self.stack = stack
        self.root = root
        self.port = stack.port
        self.base = f"http://127.0.0.1:{stack.port}"
        self.var = stack.var
        self.env = stack.env
        self._cleanups = []

    # -- processes -------------------------------------------------------
    def cli(self, *args, input=None, check=True):
        p = subprocess.run([self.stack.cli, *args], env=self.env, capture_output=True,
                           text=True, input=input, timeout=120)
        if check and p.returncode != 0:
            raise AssertionError(f"piste {' '.join(args)} failed ({p.returncode}): {p.stderr}")
        return p

    def sql(self, query, *params):
        """Rows (lists of strings, None for NULL) of a query on the stack's database.
        Parameters are quoted here (tests only): strings escaped, ints as is."""
        def q(v):
            if v is None:
                return "NULL"
            if isinstance(v, (int, float)):
                return str(v)
            return "'" + str(v).replace("\\", "\\\\").replace("'", "\\'") + "'"
        parts = query.split("?")
        assert len(parts) == len(params) + 1, "parameter count"
        text = parts[0] + "".join(q(v) + parts[i + 1] for i, v in enumerate(params))
        p = subprocess.run(["mariadb", "--socket", self.env["PISTE_DB_SOCKET"], "-N", "-B",
                            "--raw", "--default-character-set=utf8mb4", "piste", "-e", text],
                           capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            raise AssertionError(f"SQL failed: {p.stderr}")
        rows = []
        for line in p.stdout.splitlines():
            rows.append([None if c == "NULL" else c for c in line.split("\t")])
        return rows

    def sql1(self, query, *params):
        rows = self.sql(query, *params)
        return rows[0][0] if rows and rows[0] else None

    # -- users -----------------------------------------------------------
    def credentials(self):
        out = {}
        with open(os.path.join(self.var, "initial-credentials")) as f:
            for line in f:
                m = re.search(r"login: (\S+)\s+password: (\S+)", line)
                if m:
                    out[m.group(1)] = m.group(2)
        return out

    def new_user(self, role="sales", name=None, lang=None):
        login = f"t{secrets.token_hex(4)}"
        pw = secrets.token_urlsafe(12)
        args = ["user", "add", "--login", login, "--password", pw, "--role", role]
        if name:
            args += ["--name", name]
        self.cli(*args)
        if lang:
            self.sql("UPDATE app_user SET lang = ? WHERE login = ?", lang, login)
        return login, pw

    def client(self):
        return Client(self.port)

    def login(self, login=None, password=None, role="sales"):
        """A client with a live session (a fresh user of `role` by default)."""
        if login is None:
            login, password = self.new_user(role)
        c = self.client()
        page = c.get("/crm/login")
        tok = field(page.text, "form_token")
        r = c.post("/crm/login", {"login": login, "password": password, "form_token": tok})
        assert r.status == 303, f"login failed: {r.status} {r.text[:300]}"
        c.login_name = login
        c.password = password
        return c

    def api(self, login=None, role="sales"):
        """A client authenticated by a fresh API key (Bearer)."""
        if login is None:
            login, _ = self.new_user(role)
        key = self.cli("apikey", "create", "--login", login).stdout.strip()
        c = self.client()
        c.bearer = key
        c.login_name = login
        return c

    # -- lifecycle -------------------------------------------------------
    def on_cleanup(self, fn):
        self._cleanups.append(fn)

    def after_test(self):
        while self._cleanups:
            fn = self._cleanups.pop()
            try:
                fn()
            except Exception as e:  # cleanup must not hide the next test
                print(f"    cleanup failed: {e}")

    def stop_db(self):
        subprocess.run(["mariadb-admin", "--socket", self.env["PISTE_DB_SOCKET"], "shutdown"],
                       capture_output=True, timeout=60)
        self.on_cleanup(self.start_db)

    def start_db(self):
        subprocess.run([os.path.join(self.root, "bin", "stack"), "start"], env=self.env,
                       capture_output=True, timeout=120)


# -- contact form (intake) helpers -------------------------------------------
def _contact_token(self, age=10):
    """A contact-form token signed `age` seconds ago with the stack's secret, as
    if the visitor had kept the form open that long (the form refuses
    submissions faster than its minimum time-to-submit). Each call gives a new
    token ("<time>.<nonce>.<mac>", intake_token_sign): a token is good for one
    submission only."""
    import base64
    import hashlib
    import hmac
    import time
    with open(os.path.join(self.var, "secret")) as f:
        secret = f.read().strip()
    t = int(time.time()) - age
    nonce = secrets.token_urlsafe(16)
    key = hashlib.blake2b(secret.encode(), digest_size=32).digest()
    mac = hmac.new(key, f"contact||{t}|{nonce}".encode(), hashlib.sha512).digest()[:32]
    return f"{t}.{nonce}." + base64.urlsafe_b64encode(mac).decode().rstrip("=")


def _intake_changed(self):
    """Tell the intake workers that settings changed behind their back (they
    keep them for 2 s otherwise), as the settings page does."""
    import time
    path = os.path.join(self.var, "run", "intake-settings.gen")
    tmp = f"{path}.{os.getpid()}.{time.time_ns()}.tmp"
    open(tmp, "w").close()
    os.replace(tmp, path)


def _setting(self, key, value):
    """Set a run-time setting for the current test; the old value comes back
    afterwards (None deletes it). Applied at once by the intake workers."""
    old = self.sql("SELECT v FROM setting WHERE k = ?", key)

    def put(v):
        if v is None:
            self.sql("DELETE FROM setting WHERE k = ?", key)
        else:
            self.sql("INSERT INTO setting (k, v) VALUES (?, ?) ON DUPLICATE KEY UPDATE v = VALUES(v)",
                     key, str(v))
        self.intake_changed()
    put(value)
    self.on_cleanup(lambda: put(old[0][0] if old else None))


Harness.contact_token = _contact_token
Harness.intake_changed = _intake_changed
Harness.setting = _setting
