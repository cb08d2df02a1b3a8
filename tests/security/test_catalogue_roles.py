"""Finding 6: the catalogue (products, taxes, quotation templates) is read by everyone and written by
managers only, through the HTML forms and the JSON API alike."""
import secrets


def _tax(h):
    return int(h.sql1("SELECT id FROM tax WHERE active = 1 ORDER BY id LIMIT 1"))


def _product(h):
    name = f"Produit catalogue {secrets.token_hex(3)}"
    h.sql("INSERT INTO product (name, list_price) VALUES (?, '10.00')", name)
    return int(h.sql1("SELECT id FROM product WHERE name = ?", name)), name


def test_salesperson_cannot_write_products_or_taxes_by_form(h):
    pid, pname = _product(h)
    tax = _tax(h)
    taxes_before = h.sql1("SELECT COUNT(*) FROM tax")
    products_before = h.sql1("SELECT COUNT(*) FROM product")
    s = h.login(role="sales")
    tok = s.csrf("/quotes/products")
    for path, fields in (("/quotes/products/new", {"name": "Pirate", "price": "1"}),
                         (f"/quotes/products/{pid}", {"name": "Renamed", "price": "0.01"}),
                         (f"/quotes/products/{pid}/archive", {}),
                         ("/quotes/taxes/new", {"name": "Taxe pirate", "rate": "1"}),
                         (f"/quotes/taxes/{tax}", {"name": "x", "rate": "1"}),
                         (f"/quotes/taxes/{tax}/archive", {}),
                         ("/quotes/templates/new", {"name": "Modèle pirate"})):
        r = s.post(path, dict(fields, csrf_token=tok))
        assert r.status == 403, (path, r.status)
    assert h.sql("SELECT name, list_price, active FROM product WHERE id = ?", pid) == [[pname, "10.00", "1"]]
    assert h.sql1("SELECT COUNT(*) FROM tax") == taxes_before
    assert h.sql1("SELECT COUNT(*) FROM product") == products_before
    # Reading stays open, without the buttons that lead to a refused change.
    for path in ("/quotes/products", f"/quotes/products/{pid}", "/quotes/taxes", f"/quotes/taxes/{tax}",
                 "/quotes/templates"):
        r = s.get(path)
        assert r.status == 200, path
        assert 'href="/quotes/products/new"' not in r.text and 'href="/quotes/taxes/new"' not in r.text, path
    page = s.get(f"/quotes/products/{pid}").text
    assert pname in page and f'action="/quotes/products/{pid}/archive"' not in page
    assert 'type="submit" class="primary"' not in page


def test_salesperson_cannot_write_products_or_taxes_by_api(h):
    pid, pname = _product(h)
    tax = _tax(h)
    taxes_before = h.sql1("SELECT COUNT(*) FROM tax")
    s = h.api(role="sales")
    assert s.post_json("/api/v1/products", {"name": "Pirate", "price": 1}).status == 403
    assert s.post_json(f"/api/v1/products/{pid}", {"name": "Renamed", "price": "0.01"}, method="PATCH").status == 403
    assert s.post_json("/api/v1/taxes", {"name": "Taxe pirate", "rate": 1}).status == 403
    assert s.post_json(f"/api/v1/taxes/{tax}", {"rate": 1}, method="PATCH").status == 403
    assert h.sql("SELECT name, list_price FROM product WHERE id = ?", pid) == [[pname, "10.00"]]
    assert h.sql1("SELECT COUNT(*) FROM product WHERE name = 'Pirate'") == "0"
    assert h.sql1("SELECT COUNT(*) FROM tax") == taxes_before
    # Both read.
    assert s.get(f"/api/v1/products/{pid}").json()["name"] == pname
    assert any(t["id"] == tax for t in s.get("/api/v1/taxes").json()["items"])
    assert s.get(f"/api/v1/taxes/{tax}").status == 200


def test_manager_writes_the_catalogue(h):
    pid, _ = _product(h)
    m = h.login(role="manager")
    page = m.get("/quotes/products").text
    assert 'href="/quotes/products/new"' in page
    r = m.post_form(f"/quotes/products/{pid}", {"name": "Renommé par le manager", "price": "12"},
                    page=f"/quotes/products/{pid}")
    assert r.status == 303, r.status
    assert h.sql1("SELECT name FROM product WHERE id = ?", pid) == "Renommé par le manager"
    name = f"Taxe manager {secrets.token_hex(2)}"
    r = m.post_form("/quotes/taxes/new", {"name": name, "rate": "3"}, page="/quotes/taxes/new")
    assert r.status == 303
    api = h.api(role="manager")
    r = api.post_json("/api/v1/products", {"name": "Produit manager", "price": 5})
    assert r.status == 201, r.text
    r = api.post_json(f"/api/v1/products/{r.json()['id']}", {"price": 6}, method="PATCH")
    assert r.status == 200 and r.json()["price"] == "6.00"
    r = api.post_json("/api/v1/taxes", {"name": name + " API", "rate": 4})
    assert r.status == 201
    assert api.get(f"/api/v1/products/{pid}").status == 200
