"""Shared helpers of the generated security sweeps (not a test file): the route
tables of the four programs read from cgi-bin/*/main.c, a factory of the
records a route's ":id" segments stand for, and a cheap fingerprint of what the
database holds (to prove that a refused request wrote nothing).

A new route is covered by the sweeps without touching them, as long as the word
before each of its ":id" segments is one of KIND_OF_SEGMENT's; otherwise the
sweeps fail and name the route, so that whoever adds it says what it is."""
import os
import re
import secrets
import subprocess
from urllib.parse import urlencode  # noqa: F401 (used by the sweeps)
from dataclasses import dataclass

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROGRAMS = ("intake", "pipeline", "quotes", "portal")
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
FORM = "application/x-www-form-urlencoded"

# {M_POST | M_PATCH, "/quotes/:id/lines", handler, R_LOGIN | R_NOCSRF},
ROUTE_LINE = re.compile(r'^\s*\{\s*([A-Z_| ]+?)\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*,\s*([A-Z_| 0-9]+?)\s*\}\s*,', re.M)


@dataclass(frozen=True)
class Route:
    program: str
    methods: tuple      # ("GET", "POST", ...)
    pattern: str
    handler: str
    flags: frozenset    # {"R_LOGIN", "R_NOCSRF", ...}

    @property
    def api(self):
        return self.pattern.startswith("/api/")

    @property
    def needs_login(self):
        return bool(self.flags & {"R_LOGIN", "R_MANAGER", "R_ADMIN"})

    @property
    def staff_only(self):
        """Managers or administrators only (a salesperson gets 403)."""
        return bool(self.flags & {"R_MANAGER", "R_ADMIN"})

    def __str__(self):
        return f"{'|'.join(self.methods)} {self.pattern}"


def routes():
    """Every route of the four programs, in table order."""
    out = []
    for prog in PROGRAMS:
        with open(os.path.join(ROOT, "cgi-bin", prog, "main.c")) as f:
            text = f.read()
        table = text[text.index("struct route routes[]"):]
        table = table[:table.index("};")]
        found = ROUTE_LINE.findall(table)
        # Every entry of the table must have been understood: a line the
        # expression misses would silently drop a route from the sweeps.
        entries = len(re.findall(r'^\s*\{\s*M_', table, re.M))
        assert len(found) == entries, f"{prog}: parsed {len(found)} of {entries} routes"
        for methods, pattern, fn, flags in found:
            ms = tuple(m.strip()[2:] for m in methods.split("|"))
            fl = frozenset(x.strip() for x in flags.split("|") if x.strip() not in ("", "R_PUBLIC", "0"))
            out.append(Route(prog, ms, pattern, fn, fl))
    assert len(out) > 100, len(out)
    return out


# ---- what an ":id" stands for ------------------------------------------------

# The path segment before ":id" -> the kind of record. "lines" and
# "attachments" depend on their parent (see kinds_of).
KIND_OF_SEGMENT = {
    "leads": "lead", "forecast": "lead", "activities": "activity", "customers": "partner",
    "partners": "partner", "notifications": "notification", "teams": "team", "members": "member",
    "stages": "stage", "lost-reasons": "lost_reason", "activity-types": "activity_type", "tags": "tag",
    "quotes": "quote", "products": "product", "taxes": "tax", "templates": "template",
}


def kinds_of(pattern):
    """The record kinds of a pattern's ":id" segments, in order."""
    segs = pattern.strip("/").split("/")
    kinds = []
    for i, s in enumerate(segs):
        if s != ":id":
            continue
        prev = segs[i - 1]
        if prev == "lines":
            kinds.append("template_line" if "template" in kinds else "quote_line")
        elif prev == "attachments":
            kinds.append("quote_attachment" if kinds and kinds[-1] == "quote" else "lead_attachment")
        elif prev in KIND_OF_SEGMENT:
            kinds.append(KIND_OF_SEGMENT[prev])
        else:
            raise AssertionError(f"{pattern}: no record kind known for ':id' after '{prev}'; "
                                 "add it to sec_routes.KIND_OF_SEGMENT")
    return kinds


def fill(pattern, ids):
    """The pattern with its ":id" segments replaced by ids (in order) and a
    final "*" by something plausible."""
    it = iter(ids)
    segs = [str(next(it)) if s == ":id" else s for s in pattern.split("/")]
    if segs[-1] == "*":
        segs[-1] = "pipeline" if "/reports/" in pattern else "none.eml"
    return "/".join(segs)


# ---- records -----------------------------------------------------------------

def uid(h, login):
    return int(h.sql1("SELECT id FROM app_user WHERE login = ?", login))


def _last(h, table):
    return int(h.sql1(f"SELECT MAX(id) FROM {table}"))


class World:
    """Two teams, a salesperson in each (the owner in team A, the other in
    team B), and one record of every kind, the private ones owned by the
    owner. ids[kind] is the owner's record (what the sweeps attack);
    mine[kind] the other salesperson's own record of that kind, where it has
    one."""

    def __init__(self, h):
        self.h = h
        tag = secrets.token_hex(3)
        self.tag = tag
        mgr_login, _ = h.new_user("manager")
        mgr = h.api(mgr_login)
        self.owner, self.owner_pw = h.new_user("sales", name=f"Owner {tag}")
        self.other, self.other_pw = h.new_user("sales", name=f"Other {tag}")
        ids = {}
        teams = []
        for who in (self.owner, self.other):
            r = mgr.post_json("/api/v1/teams", {"name": f"Sweep team {tag} {who}"})
            assert r.status == 201, r
            teams.append(r.json()["id"])
            r = mgr.post_json(f"/api/v1/teams/{teams[-1]}/members", {"user_id": uid(h, who)})
            assert r.status in (200, 201), r
        ids["team"], self.other_team = teams
        ids["member"] = uid(h, self.owner)
        self.owner_api = h.api(self.owner)
        self.other_api = h.api(self.other)
        self.ids = ids
        self.mine = {}
        for api, into, team in ((self.owner_api, ids, teams[0]), (self.other_api, self.mine, teams[1])):
            self._private_records(api, into, team)
        st = mgr.post_json("/api/v1/stages", {"name": f"Sweep stage {tag}"})
        assert st.status == 201, st
        ids["stage"] = st.json()["id"]
        lr = mgr.post_json("/api/v1/lost_reasons", {"name": f"Sweep reason {tag}"})
        assert lr.status == 201, lr
        ids["lost_reason"] = lr.json()["id"]
        h.sql("INSERT INTO tag (name) VALUES (?)", f"sweep-{tag}")
        ids["tag"] = int(h.sql1("SELECT id FROM tag WHERE name = ?", f"sweep-{tag}"))
        h.sql("INSERT INTO activity_type (name) VALUES (?)", f"Sweep type {tag}")
        ids["activity_type"] = _last(h, "activity_type")
        h.sql("INSERT INTO quote_template (name) VALUES (?)", f"Sweep template {tag}")
        ids["template"] = _last(h, "quote_template")
        h.sql("INSERT INTO quote_template_line (template_id, name) VALUES (?, 'Setup')", ids["template"])
        ids["template_line"] = _last(h, "quote_template_line")
        for k, v in self.mine.items():
            assert v != ids[k]

    def _private_records(self, api, into, team):
        h = self.h
        who = api.login_name
        r = api.post_json("/api/v1/leads", {"name": f"Private deal {self.tag} of {who}", "type": "opportunity",
                                            "team_id": team, "email": f"{who}@example.org"})
        assert r.status == 201, r
        lead = r.json()
        assert lead["user_id"] == uid(h, who), lead
        into["lead"] = lead["id"]
        r = api.post_json(f"/api/v1/leads/{lead['id']}/activities", {"type": "Call", "summary": "Call back"})
        assert r.status == 201, r
        into["activity"] = r.json()["id"]
        r = api.post_json("/api/v1/partners", {"name": f"Customer {self.tag} of {who}", "user_id": uid(h, who)})
        assert r.status == 201, r
        into["partner"] = r.json()["id"]
        # The catalogue is written by managers only (products, taxes).
        if not hasattr(self, "_catalogue"):
            self._catalogue = h.api(role="manager")
        r = self._catalogue.post_json("/api/v1/products", {"name": f"Product {self.tag} {who}", "price": "10.00"})
        assert r.status == 201, r
        into["product"] = r.json()["id"]
        r = self._catalogue.post_json("/api/v1/taxes", {"name": f"Tax {self.tag} {who}", "rate": "5.5"})
        assert r.status == 201, r
        into["tax"] = r.json()["id"]
        r = api.post_json("/api/v1/quotes", {"opportunity_id": lead["id"], "customer": "none",
                                             "lines": [{"description": "Work", "quantity": 1, "price_unit": 10},
                                                       {"description": "More", "quantity": 2, "price_unit": 5}]})
        assert r.status == 201, r
        into["quote"] = r.json()["id"]
        into["quote_line"] = int(h.sql1("SELECT MIN(id) FROM quote_line WHERE quote_id = ?", into["quote"]))
        for model, kind in (("lead", "lead_attachment"), ("quote", "quote_attachment")):
            data = f"secret {self.tag} of {who}"
            h.sql("INSERT INTO attachment (res_model, res_id, name, mimetype, size, sha256, data) "
                  "VALUES (?, ?, 'secret.txt', 'text/plain', ?, SHA2(?, 256), ?)", model, into[model], len(data),
                  data, data)
            into[kind] = _last(h, "attachment")
        h.sql("INSERT INTO notification (user_id, res_model, res_id, event, summary) VALUES (?, 'lead', ?, "
              "'mention', 'You were mentioned')", uid(h, who), into["lead"])
        into["notification"] = _last(h, "notification")


_worlds = {}


def world(h):
    """One World per run, shared by the sweeps (making it costs seconds):
    they only read it, and each checks that its attacks wrote nothing."""
    if id(h) not in _worlds:
        _worlds[id(h)] = World(h)
    return _worlds[id(h)]


# ---- fingerprint -------------------------------------------------------------

# Tables a refused request may legitimately change: sessions (last seen),
# API keys (last used), login throttling.
VOLATILE = {"session", "api_key", "login_failure", "login_lock"}


class Fingerprint:
    """CHECKSUM TABLE of every table but the volatile ones, on one open
    connection (about 10 ms a time): any row written, changed or deleted
    changes it. Use as a context manager; take() returns {table: checksum}."""

    def __init__(self, h):
        self.h = h
        self.p = None

    def __enter__(self):
        self.p = subprocess.Popen(["mariadb", "--socket", self.h.env["PISTE_DB_SOCKET"], "-N", "-B", "-n",
                                   "--raw", "piste"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        tables = [r[0] for r in self._q("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                        "DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name")]
        self.sql = "CHECKSUM TABLE " + ", ".join(t for t in tables if t not in VOLATILE)
        return self

    def __exit__(self, *exc):
        self.p.stdin.close()
        self.p.wait(timeout=10)

    def _q(self, sql):
        self.p.stdin.write(sql + ";\nSELECT '--end--';\n")
        self.p.stdin.flush()
        rows = []
        while True:
            line = self.p.stdout.readline()
            assert line, "the mariadb client stopped"
            if line == "--end--\n":
                return rows
            rows.append(line.rstrip("\n").split("\t"))

    def take(self):
        return {r[0].split(".", 1)[1]: r[1] for r in self._q(self.sql)}


def changed(before, after):
    return sorted(t for t in set(before) | set(after) if before.get(t) != after.get(t))
