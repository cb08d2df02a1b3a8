"""Helpers of tests/security/test_escaping.py (not a test file): hostile values and the check
that a page shows them as text, never as markup."""
import base64
import re
import secrets

META = "<meta http-equiv=refresh content='0;url=http://attacker.example/'>"
BOLD = "<b id=pwn>x</b>"
DQ = '" onfocus="alert(1)'   # breaks out of a double-quoted attribute
SQ = "' onblur='alert(2)"    # breaks out of a single-quoted attribute

# What must never reach a page raw, whichever field carried it.
RAW = ("<meta http-equiv", "<b id=pwn>", 'id="pwn"', '" onfocus="', "' onblur='")


def evil(label=""):
    """Every payload in one value (118 characters + label, fits a VARCHAR(128)). The label makes
    each field's value unique, to find it on the page."""
    return f"{label}{BOLD}{DQ}{SQ}{META}"


def short(label=""):
    """For 64-character fields (tags): the tag and both attribute breakers."""
    return f"{label}{BOLD}\" onfocus=\"a' onblur='b"


def esc(s):
    """ClearSilver's html escaping (var: with VarEscapeMode = html)."""
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def label():
    return "L" + secrets.token_hex(3)


class Pages:
    """Checks pages and reports every failure at once (so that one run lists every place that
    prints a value unescaped): call it on each page, then done()."""

    def __init__(self):
        self.bad = []

    def __call__(self, resp, where, shown=(), status=200):
        """resp is a page (status) with no payload raw in it, and each value of shown escaped."""
        if resp.status != status:
            self.bad.append(f"{where}: {resp.status} {resp.text[:300]}")
            return
        t = resp.text
        for r in RAW:
            i = t.find(r)
            if i >= 0:
                self.bad.append(f"{where}: unescaped {r!r} in the page: ...{t[max(0, i - 150):i + 100]}...")
        for s in shown:
            if esc(s) not in t:
                self.bad.append(f"{where}: {s[:30]!r}... is not on the page (escaped)")

    def has(self, resp, needle, where):
        if needle not in resp.text:
            self.bad.append(f"{where}: {needle[:60]!r}... is not on the page")

    def done(self):
        assert not self.bad, f"{len(self.bad)} problem(s):\n" + "\n".join(self.bad)


def rfc2047(s):
    """An encoded word: how a mail header carries any text, including <, > and quotes."""
    return "=?UTF-8?B?" + base64.b64encode(s.encode()).decode() + "?="


def hrefs(text):
    return re.findall(r'(?:href|action|src)\s*=\s*["\']?\s*([^"\'\s>]*)', text)
