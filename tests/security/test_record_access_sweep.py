"""Record access (SPEC X1) on every route with a record id in its path, HTML
and API, of the four programs, generated from their route tables: a
salesperson of another team asking for a record owned by a salesperson of
another team gets 404 (or 403) and writes nothing, although every post carries
the valid CSRF token of their own session (or their API key); routes for
managers and administrators answer 403 to a salesperson, with or without an
id. A route added to a table is swept without touching this file."""
import sec_routes as sr

# Kinds of records every member of the staff may read (and the routes that
# act on them are either for everyone by design or for managers, swept below).
SHARED = {
    "product": "the catalogue is shared: every salesperson sells every product (Q2)",
    "tax": "taxes are shared configuration, read by every quotation form",
    "template": "quotation templates are offered to every salesperson (Q4)",
    "template_line": "lines of a shared quotation template",
    "stage": "stages are the pipeline's columns, the same for everybody",
    "tag": "tags are shared labels",
    "team": "teams are listed to everybody (and any salesperson may follow one)",
    "member": "a user id under a team: team pages are for managers (swept by role)",
    "lost_reason": "lost reasons are shared configuration",
    "activity_type": "activity types are shared configuration",
}


def attacker_body(w, token):
    return {"name": "Hijacked", "body": "Hijacked note", "note": "Hijacked", "description": "Hijacked",
            "type": "Call", "summary": "Hijacked", "stage_id": str(w.ids["stage"]), "quantity": "1",
            "price_unit": "1", "user_id": str(sr.uid(w.h, w.other)), "month": "2030-01",
            "ids": str(w.ids["quote_line"]), "feedback": "done", "to": "thief@example.org",
            "subject": "Hijacked", "csrf_token": token}


def api_write(client, m, path, body, headers=None):
    """A JSON write; when validation comes first (422 naming a field of the
    body the route does not take), again without that field, so that the
    request reaches the record lookup."""
    body = dict(body)
    while True:
        x = client.post_json(path, body, method=m, headers=headers)
        if x.status != 422:
            return x
        f = x.json()["error"].get("field")
        if f not in body:
            return x
        del body[f]


def test_other_teams_records_and_staff_areas_are_closed_to_a_salesperson(h):
    w = sr.world(h)
    web = h.login(w.other, w.other_pw)
    api = w.other_api
    token = web.csrf("/crm")
    body = attacker_body(w, token)
    secrets_shown = [f"Private deal {w.tag} of {w.owner}", f"Customer {w.tag} of {w.owner}",
                     f"secret {w.tag} of {w.owner}"]
    covered, skipped, bad = [], [], []

    def check(m, path, expect=(403, 404), via="session"):
        resp = []
        write = m in sr.STATE_CHANGING
        if path.startswith("/api/"):
            resp.append((via, api_write(web, m, path, body, headers={"X-CSRF-Token": token})
                         if write else web.get(path, headers={"Accept": "application/json"})))
            resp.append(("api key", api_write(api, m, path, body) if write
                         else api.get(path, headers={"Accept": "application/json"})))
        elif write:
            resp.append((via, web.request(m, path, body=sr.urlencode(body), headers={"Content-Type": sr.FORM})))
        else:
            resp.append((via, web.get(path)))
        for how, x in resp:
            if x.status not in expect:
                bad.append(f"{m} {path} ({how}): {x.status} {x.text[:120]!r}")
            elif any(s in x.text for s in secrets_shown):
                bad.append(f"{m} {path} ({how}): {x.status} shows the owner's record")

    with sr.Fingerprint(h) as fp:
        before = fp.take()
        for r in sr.routes():
            if ":id" not in r.pattern and not r.staff_only:
                continue
            kinds = sr.kinds_of(r.pattern)
            for m in r.methods:
                if m in ("OPTIONS", "HEAD"):
                    continue
                if r.staff_only:
                    ids = [w.mine.get(k, w.ids[k]) for k in kinds]
                    check(m, sr.fill(r.pattern, ids), expect=(403,))
                    covered.append(f"{m} {r.pattern} (403)")
                elif kinds and all(k in SHARED for k in kinds):
                    skipped.append(f"{m} {r.pattern}")
                    continue
                else:
                    check(m, sr.fill(r.pattern, [w.ids[k] for k in kinds]))
                    # A record of the owner reached through one's own parent
                    # record (/quotes/<mine>/lines/<theirs>).
                    if len(kinds) > 1 and kinds[0] in w.mine:
                        mixed = [w.mine[kinds[0]]] + [w.ids[k] for k in kinds[1:]]
                        check(m, sr.fill(r.pattern, mixed), via="session, own parent")
                    covered.append(f"{m} {r.pattern}")
                if m in sr.STATE_CHANGING:
                    after = fp.take()
                    if sr.changed(before, after):
                        bad.append(f"{m} {r.pattern}: wrote to {sr.changed(before, after)}")
                    before = after
        after = fp.take()
        if sr.changed(before, after):
            bad.append(f"a GET wrote to {sr.changed(before, after)}")
    # The attacker reaches their own records through the same routes: the
    # 404s above are about ownership, not broken paths.
    assert web.get(f"/crm/leads/{w.mine['lead']}").status == 200
    assert web.get(f"/quotes/{w.mine['quote']}").status == 200
    assert web.get(f"/crm/leads/{w.mine['lead']}/attachments/{w.mine['lead_attachment']}").status == 200
    assert api.get(f"/api/v1/partners/{w.mine['partner']}").status == 200
    print(f"    record access sweep: {len(covered)} route methods -> 404/403 for a salesperson of another "
          f"team, nothing written; routes: " + ", ".join(covered)
          + f"; skipped, shared records ({len(skipped)}): " + ", ".join(skipped))
    assert not bad, f"{len(bad)} failures:\n" + "\n".join(bad)
    assert len(covered) > 80, len(covered)
