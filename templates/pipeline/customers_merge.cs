<?cs include!"pipeline/macros.cs" ?><?cs include!"layout/head.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.Pl.MergeContacts.Title ?></h1>
  <p><?cs var:Lang.Pl.MergeContacts.Help ?></p>
  <?cs if:Errors._any ?><p class="error" role="alert"><?cs each:e = Errors ?><?cs if:name(e) != "_any" ?><?cs var:e ?> <?cs /if ?><?cs /each ?></p><?cs /if ?>
  <form method="post" action="/crm/customers/merge" class="stack">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <table class="list">
      <thead><tr><th><?cs var:Lang.Pl.MergeContacts.Dest ?></th><th><?cs var:Lang.Pl.Customer.Name ?></th><th><?cs var:Lang.Pl.Lead.Email ?></th><th><?cs var:Lang.Pl.Lead.Phone ?></th><th><?cs var:Lang.Pl.Lead.City ?></th></tr></thead>
      <tbody><?cs each:r = Rows ?><tr>
        <td><input type="hidden" name="ids" value="<?cs var:r.id ?>"><input type="radio" name="dest_id" value="<?cs var:r.id ?>"<?cs if:r.id == Merge.Dest || (!Merge.Dest && name(r) == "0") ?> checked<?cs /if ?> aria-label="<?cs var:r.name ?>"></td>
        <td><a href="/crm/customers/<?cs var:r.id ?>"><?cs var:r.name ?></a> #<?cs var:r.id ?></td><td><?cs var:r.email ?></td><td><?cs var:r.phone ?></td><td><?cs var:r.city ?></td></tr><?cs /each ?></tbody>
    </table>
    <?cs call:err("dest_id") ?>
    <button type="submit" class="primary"><?cs var:Lang.Pl.Merge.Submit ?></button>
    <a href="/crm/customers"><?cs var:Lang.Common.Cancel ?></a>
  </form>
</section>
<?cs include!"layout/foot.cs" ?>
