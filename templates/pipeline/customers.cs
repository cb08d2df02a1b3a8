<?cs include!"layout/head.cs" ?>
<div class="list-head">
  <h1><?cs var:Page.Heading ?></h1>
  <a class="button primary" href="/crm/customers/new"><?cs var:Lang.Pl.New ?></a>
</div>
<form method="get" action="/crm/customers" class="filters card">
  <div class="filter-row">
    <label class="visually-hidden" for="q"><?cs var:Lang.Pl.List.Search ?></label>
    <input id="q" type="search" name="q" maxlength="100" value="<?cs var:List.q ?>" placeholder="<?cs var:Lang.Pl.Customer.SearchHint ?>">
    <label class="check"><input type="checkbox" name="companies" value="1"<?cs if:List.companies ?> checked<?cs /if ?>> <?cs var:Lang.Pl.Customer.CompaniesOnly ?></label>
    <button type="submit" class="primary"><?cs var:Lang.Pl.List.Search ?></button>
  </div>
</form>
<form method="get" action="/crm/customers/merge">
<table class="list card">
  <thead><tr><th><span class="visually-hidden"><?cs var:Lang.Pl.List.Select ?></span></th><th><?cs var:Lang.Pl.Customer.Name ?></th><th><?cs var:Lang.Pl.Customer.Company ?></th><th><?cs var:Lang.Pl.Lead.Email ?></th><th><?cs var:Lang.Pl.Lead.Phone ?></th><th><?cs var:Lang.Pl.Lead.City ?></th><th class="num"><?cs var:Lang.Nav.Opportunities ?></th></tr></thead>
  <tbody><?cs each:r = Rows ?><tr>
    <td><input type="checkbox" name="ids" value="<?cs var:r.id ?>" aria-label="<?cs var:r.name ?>"></td>
    <td><a href="/crm/customers/<?cs var:r.id ?>"><?cs var:r.name ?></a><?cs if:r.is_company == "1" ?> <span class="badge"><?cs var:Lang.Pl.Customer.IsCompany ?></span><?cs /if ?></td>
    <td><?cs var:r.parent_name ?></td><td><?cs var:r.email ?></td><td><?cs var:r.phone ?></td><td><?cs var:r.city ?></td>
    <td class="num"><a href="/crm/opportunities?partner_id=<?cs var:r.id ?>"><?cs var:r.opportunity_count ?></a></td></tr><?cs /each ?></tbody>
</table>
<?cs if:User.IsManager ?><button type="submit"><?cs var:Lang.Pl.MergeContacts.Action ?></button><?cs /if ?>
</form>
<?cs if:!subcount(Rows) ?><p class="muted"><?cs var:Lang.Pl.List.Empty ?></p><?cs /if ?>
<?cs if:List.Next ?><p class="pager"><a rel="next" href="/crm/customers?<?cs var:List.Next ?>"><?cs var:Lang.Pl.List.NextPage ?></a></p><?cs /if ?>
<?cs include!"layout/foot.cs" ?>
