<?cs include!"layout/head.cs" ?>
<?cs set:Tab = "taxes" ?><?cs include!"quotes/tabs.cs" ?>
<div class="qhead"><h1><?cs var:Lang.Quotes.Taxes.Title ?></h1>
  <?cs if:User.IsManager ?><div class="qactions"><a class="button primary" href="/quotes/taxes/new"><?cs var:Lang.Quotes.Taxes.New ?></a></div><?cs /if ?></div>
<form method="get" action="/quotes/taxes" class="qfilters">
  <label class="check"><input type="checkbox" name="archived" value="1"<?cs if:Filter.Archived ?> checked<?cs /if ?>> <?cs var:Lang.Quotes.Products.ShowArchived ?></label>
  <button type="submit"><?cs var:Lang.Quotes.Filter.Search ?></button>
</form>
<?cs if:subcount(Taxes) ?>
<div class="tablewrap"><table>
  <thead><tr><th><?cs var:Lang.Quotes.Taxes.Name ?></th><th class="num"><?cs var:Lang.Quotes.Taxes.Rate ?></th><th><?cs var:Lang.Quotes.Taxes.Included ?></th><th></th></tr></thead>
  <tbody>
  <?cs each:t = Taxes ?>
  <tr<?cs if:t.active != "1" ?> class="archived"<?cs /if ?>><td><a href="/quotes/taxes/<?cs var:t.id ?>"><?cs var:t.name ?></a></td><td class="num"><?cs var:t.Rate ?> %</td>
    <td><?cs if:t.price_include == "1" ?><?cs var:Lang.Common.Yes ?><?cs else ?><?cs var:Lang.Common.No ?><?cs /if ?></td>
    <td><?cs if:t.active != "1" ?><span class="badge"><?cs var:Lang.Quotes.Products.Archived ?></span><?cs /if ?></td></tr>
  <?cs /each ?>
  </tbody>
</table></div>
<?cs else ?><p class="card muted"><?cs var:Lang.Quotes.Taxes.Empty ?></p><?cs /if ?>
<?cs include!"layout/foot.cs" ?>
