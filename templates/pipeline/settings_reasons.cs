<?cs include!"pipeline/macros.cs" ?><?cs include!"layout/head.cs" ?>
<p class="crumbs"><a href="/crm/settings"><?cs var:Lang.Nav.Settings ?></a></p>
<h1><?cs var:Page.Heading ?></h1>
<?cs if:Errors._any ?><p class="error" role="alert"><?cs var:Lang.Pl.FormInvalid ?> <?cs var:Errors.name ?></p><?cs /if ?>
<table class="list card">
  <thead><tr><th><?cs var:Lang.Pl.Reasons.Name ?></th><th class="num"><?cs var:Lang.Pl.Reasons.Count ?></th></tr></thead>
  <tbody><?cs each:r = Reasons ?><tr<?cs if:r.active == "0" ?> class="archived"<?cs /if ?>>
    <td><form method="post" action="/crm/settings/lost-reasons/<?cs var:r.id ?>" class="row-form"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
      <input name="name" required maxlength="128" value="<?cs var:r.name ?>" aria-label="<?cs var:Lang.Pl.Reasons.Name ?>">
      <label class="check"><input type="checkbox" name="active" value="1"<?cs if:r.active == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Pl.Active ?></label>
      <button type="submit"><?cs var:Lang.Common.Save ?></button></form></td>
    <td class="num"><a href="/crm/opportunities?lost_reason_id=<?cs var:r.id ?>&amp;filter=lost"><?cs var:r.lead_count ?></a></td></tr><?cs /each ?></tbody>
</table>
<section class="card"><h2><?cs var:Lang.Pl.Reasons.New ?></h2>
  <form method="post" action="/crm/settings/lost-reasons" class="row-form"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <label><?cs var:Lang.Pl.Reasons.Name ?> <input name="name" required maxlength="128"></label>
    <button type="submit" class="primary"><?cs var:Lang.Pl.Add ?></button></form>
</section>
<?cs include!"layout/foot.cs" ?>
