<?cs include!"layout/head.cs" ?>
<?cs set:Tab = "quotes" ?><?cs include!"quotes/tabs.cs" ?>
<h1><?cs var:Lang.Quotes.Title ?></h1>
<form method="get" action="/quotes" class="qfilters">
  <label for="q" class="visually-hidden"><?cs var:Lang.Quotes.Filter.Search ?></label>
  <input type="search" id="q" name="q" value="<?cs var:Filter.Q ?>" placeholder="<?cs var:Lang.Quotes.Filter.SearchHint ?>" maxlength="100">
  <select name="state" aria-label="<?cs var:Lang.Quotes.Col.State ?>">
    <option value=""><?cs var:Lang.Quotes.Filter.All ?></option>
    <?cs each:s = Lang.Quotes.State ?><option value="<?cs var:name(s) ?>"<?cs if:Filter.State == name(s) ?> selected<?cs /if ?>><?cs var:s ?></option><?cs /each ?>
  </select>
  <label class="check"><input type="checkbox" name="mine" value="1"<?cs if:Filter.Mine ?> checked<?cs /if ?>> <?cs var:Lang.Quotes.Filter.Mine ?></label>
  <?cs if:Filter.Opportunity ?><input type="hidden" name="opportunity_id" value="<?cs var:Filter.Opportunity ?>"><?cs /if ?>
  <button type="submit"><?cs var:Lang.Quotes.Filter.Search ?></button>
</form>
<?cs if:subcount(Quotes) ?>
<div class="tablewrap">
<table class="qlist">
  <thead><tr>
    <th><?cs var:Lang.Quotes.Col.Number ?></th><th><?cs var:Lang.Quotes.Col.Date ?></th>
    <th><?cs var:Lang.Quotes.Col.Customer ?></th><th><?cs var:Lang.Quotes.Col.Opportunity ?></th>
    <th><?cs var:Lang.Quotes.Col.Salesperson ?></th><th><?cs var:Lang.Quotes.Col.Validity ?></th>
    <th class="num"><?cs var:Lang.Quotes.Col.Untaxed ?></th><th class="num"><?cs var:Lang.Quotes.Col.Total ?></th>
    <th><?cs var:Lang.Quotes.Col.State ?></th>
  </tr></thead>
  <tbody>
  <?cs each:q = Quotes ?>
  <tr>
    <td><a href="/quotes/<?cs var:q.id ?>"><strong><?cs var:q.number ?></strong></a></td>
    <td><?cs var:q.Date ?></td>
    <td><?cs var:q.partner_name ?></td>
    <td><?cs var:q.origin ?></td>
    <td><?cs var:q.user_name ?></td>
    <td><?cs var:q.Validity ?></td>
    <td class="num"><?cs var:q.Untaxed ?></td>
    <td class="num"><?cs var:q.Total ?></td>
    <td><span class="qstate qstate-<?cs var:q.state ?>"><?cs var:Lang.Quotes.State[q.state] ?></span><?cs if:q.expired == "1" ?> <span class="qstate qstate-expired"><?cs var:Lang.Quotes.State.expired ?></span><?cs /if ?></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<p class="muted"><?cs var:List.Total ?> <?cs var:Lang.Quotes.List.Count ?>
<?cs if:List.Prev ?> · <a href="/quotes?page=<?cs var:List.Prev ?>&amp;state=<?cs var:url_escape(Filter.State) ?>&amp;q=<?cs var:url_escape(Filter.Q) ?><?cs if:Filter.Mine ?>&amp;mine=1<?cs /if ?>"><?cs var:Lang.Quotes.List.Prev ?></a><?cs /if ?>
<?cs if:List.Next ?> · <a href="/quotes?page=<?cs var:List.Next ?>&amp;state=<?cs var:url_escape(Filter.State) ?>&amp;q=<?cs var:url_escape(Filter.Q) ?><?cs if:Filter.Mine ?>&amp;mine=1<?cs /if ?>"><?cs var:Lang.Quotes.List.Next ?></a><?cs /if ?></p>
<?cs else ?>
<p class="card muted"><?cs var:Lang.Quotes.List.Empty ?></p>
<?cs /if ?>
<?cs include!"layout/foot.cs" ?>
