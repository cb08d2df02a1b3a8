<?cs include!"layout/head.cs" ?>
<?cs set:Tab = "products" ?><?cs include!"quotes/tabs.cs" ?>
<div class="qhead"><h1><?cs var:Lang.Quotes.Products.Title ?></h1>
  <?cs if:User.IsManager ?><div class="qactions"><a class="button primary" href="/quotes/products/new"><?cs var:Lang.Quotes.Products.New ?></a></div><?cs /if ?></div>
<form method="get" action="/quotes/products" class="qfilters">
  <input type="search" name="q" value="<?cs var:Filter.Q ?>" maxlength="100" aria-label="<?cs var:Lang.Quotes.Filter.Search ?>">
  <label class="check"><input type="checkbox" name="archived" value="1"<?cs if:Filter.Archived ?> checked<?cs /if ?>> <?cs var:Lang.Quotes.Products.ShowArchived ?></label>
  <button type="submit"><?cs var:Lang.Quotes.Filter.Search ?></button>
</form>
<?cs if:subcount(Products) ?>
<div class="tablewrap"><table>
  <thead><tr><th><?cs var:Lang.Quotes.Products.Code ?></th><th><?cs var:Lang.Quotes.Products.Name ?></th><th><?cs var:Lang.Quotes.Products.Uom ?></th><th class="num"><?cs var:Lang.Quotes.Products.Price ?></th><th><?cs var:Lang.Quotes.Products.Taxes ?></th><th></th></tr></thead>
  <tbody>
  <?cs each:p = Products ?>
  <tr<?cs if:p.active != "1" ?> class="archived"<?cs /if ?>><td><?cs var:p.default_code ?></td><td><a href="/quotes/products/<?cs var:p.id ?>"><?cs var:p.name ?></a></td><td><?cs var:p.uom ?></td><td class="num"><?cs var:p.Price ?></td><td><?cs var:p.tax_names ?></td>
    <td><?cs if:p.active != "1" ?><span class="badge"><?cs var:Lang.Quotes.Products.Archived ?></span><?cs /if ?></td></tr>
  <?cs /each ?>
  </tbody>
</table></div>
<?cs else ?><p class="card muted"><?cs var:Lang.Quotes.Products.Empty ?></p><?cs /if ?>
<?cs include!"layout/foot.cs" ?>
