<?cs include!"pipeline/macros.cs" ?><?cs include!"layout/head.cs" ?>
<p class="crumbs"><a href="/crm/settings"><?cs var:Lang.Nav.Settings ?></a></p>
<h1><?cs var:Page.Heading ?></h1>
<?cs if:Errors._any ?><p class="error" role="alert"><?cs var:Lang.Pl.FormInvalid ?> <?cs each:e = Errors ?><?cs if:name(e) != "_any" ?><?cs var:e ?> <?cs /if ?><?cs /each ?></p><?cs /if ?>
<table class="list card settings-table">
  <thead><tr><th><?cs var:Lang.Pl.Stages.Order ?></th><th><?cs var:Lang.Pl.Stages.Name ?></th><th><?cs var:Lang.Pl.Stages.Sequence ?></th><th><?cs var:Lang.Pl.Lead.Team ?></th><th><?cs var:Lang.Pl.Stages.Flags ?></th><th><?cs var:Lang.Pl.Stages.Requirements ?></th><th></th></tr></thead>
  <tbody>
  <?cs each:s = Stages ?>
  <tr>
    <td class="move">
      <form method="post" action="/crm/settings/stages/<?cs var:s.id ?>/move" class="inline"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><button name="dir" value="up" class="small" aria-label="<?cs var:Lang.Pl.Stages.Up ?>">↑</button><button name="dir" value="down" class="small" aria-label="<?cs var:Lang.Pl.Stages.Down ?>">↓</button></form>
    </td>
    <td colspan="5">
      <form method="post" action="/crm/settings/stages/<?cs var:s.id ?>" class="row-form" id="stage-<?cs var:s.id ?>">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <input name="name" required maxlength="128" value="<?cs var:s.name ?>" aria-label="<?cs var:Lang.Pl.Stages.Name ?>">
        <input name="sequence" type="number" min="0" max="100000" value="<?cs var:s.sequence ?>" aria-label="<?cs var:Lang.Pl.Stages.Sequence ?>" class="num-input">
        <select name="team_id" aria-label="<?cs var:Lang.Pl.Lead.Team ?>"><option value="0"><?cs var:Lang.Pl.Stages.Global ?></option><?cs each:t = Opt.Teams ?><option value="<?cs var:t.id ?>"<?cs if:t.id == s.team_id ?> selected<?cs /if ?>><?cs var:t.name ?></option><?cs /each ?></select>
        <label class="check"><input type="checkbox" name="is_won" value="1"<?cs if:s.is_won == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Pl.Stages.IsWon ?></label>
        <label class="check"><input type="checkbox" name="folded" value="1"<?cs if:s.folded == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Pl.Stages.Folded ?></label>
        <label class="check"><input type="checkbox" name="require_lost_reason" value="1"<?cs if:s.require_lost_reason == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Pl.Stages.RequireReason ?></label>
        <input name="requirements" maxlength="1000" value="<?cs var:s.requirements ?>" aria-label="<?cs var:Lang.Pl.Stages.Requirements ?>" placeholder="<?cs var:Lang.Pl.Stages.Requirements ?>">
        <button type="submit"><?cs var:Lang.Common.Save ?></button>
      </form>
    </td>
    <td><form method="post" action="/crm/settings/stages/<?cs var:s.id ?>/delete" class="inline"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><button class="link"><?cs var:Lang.Pl.Delete ?></button></form></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
<section class="card">
  <h2><?cs var:Lang.Pl.Stages.New ?></h2>
  <form method="post" action="/crm/settings/stages" class="row-form">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <label><?cs var:Lang.Pl.Stages.Name ?> <input name="name" required maxlength="128"></label>
    <label><?cs var:Lang.Pl.Stages.Sequence ?> <input name="sequence" type="number" min="0" max="100000" value="10" class="num-input"></label>
    <label><?cs var:Lang.Pl.Lead.Team ?> <select name="team_id"><option value="0"><?cs var:Lang.Pl.Stages.Global ?></option><?cs each:t = Opt.Teams ?><option value="<?cs var:t.id ?>"><?cs var:t.name ?></option><?cs /each ?></select></label>
    <label class="check"><input type="checkbox" name="is_won" value="1"> <?cs var:Lang.Pl.Stages.IsWon ?></label>
    <label class="check"><input type="checkbox" name="folded" value="1"> <?cs var:Lang.Pl.Stages.Folded ?></label>
    <label><?cs var:Lang.Pl.Stages.Requirements ?> <input name="requirements" maxlength="1000"></label>
    <button type="submit" class="primary"><?cs var:Lang.Pl.Add ?></button>
  </form>
</section>
<?cs include!"layout/foot.cs" ?>
