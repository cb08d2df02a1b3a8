<?cs include!"pipeline/macros.cs" ?><?cs include!"layout/head.cs" ?>
<p class="crumbs"><a href="/crm/settings"><?cs var:Lang.Nav.Settings ?></a></p>
<h1><?cs var:Page.Heading ?></h1>
<?cs if:Errors._any ?><p class="error" role="alert"><?cs var:Lang.Pl.FormInvalid ?> <?cs var:Errors.name ?></p><?cs /if ?>
<table class="list card">
  <tbody><?cs each:t = Opt.Tags ?><tr><td><span class="tag c<?cs var:t.color ?>"><?cs var:t.name ?></span></td>
    <td><form method="post" action="/crm/settings/tags/<?cs var:t.id ?>" class="row-form"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
      <input name="name" required maxlength="64" value="<?cs var:t.name ?>" aria-label="<?cs var:Lang.Pl.Tags.Name ?>">
      <select name="color" aria-label="<?cs var:Lang.Pl.Tags.Color ?>"><?cs loop:i = 0, 11, 1 ?><option value="<?cs var:i ?>"<?cs if:#i == #t.color ?> selected<?cs /if ?>><?cs var:Lang.Pl.Tags.Color ?> <?cs var:i ?></option><?cs /loop ?></select>
      <button type="submit"><?cs var:Lang.Common.Save ?></button></form></td>
    <td><form method="post" action="/crm/settings/tags/<?cs var:t.id ?>/delete" class="inline"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><button class="link"><?cs var:Lang.Pl.Delete ?></button></form></td></tr><?cs /each ?></tbody>
</table>
<section class="card"><h2><?cs var:Lang.Pl.Tags.New ?></h2>
  <form method="post" action="/crm/settings/tags" class="row-form"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <label><?cs var:Lang.Pl.Tags.Name ?> <input name="name" required maxlength="64"></label>
    <button type="submit" class="primary"><?cs var:Lang.Pl.Add ?></button></form>
</section>
<?cs include!"layout/foot.cs" ?>
