<?cs include!"pipeline/macros.cs" ?><?cs include!"layout/head.cs" ?>
<p class="crumbs"><a href="/crm/settings"><?cs var:Lang.Nav.Settings ?></a> / <a href="/crm/settings/teams"><?cs var:Lang.Pl.Teams.Title ?></a></p>
<h1><?cs var:Team.name ?></h1>
<?cs if:Errors._any ?><p class="error" role="alert"><?cs var:Lang.Pl.FormInvalid ?></p><?cs /if ?>
<section class="card">
  <form method="post" action="/crm/settings/teams/<?cs var:Team.id ?>" class="stack">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <label for="t-name"><?cs var:Lang.Pl.Teams.Name ?></label><input id="t-name" name="name" required maxlength="128" value="<?cs var:Team.name ?>"><?cs call:err("name") ?>
    <label for="t-leader"><?cs var:Lang.Pl.Teams.Leader ?></label><select id="t-leader" name="leader_id"><option value="0"></option><?cs each:u = Opt.Users ?><option value="<?cs var:u.id ?>"<?cs if:u.id == Team.leader_id ?> selected<?cs /if ?>><?cs var:u.name ?></option><?cs /each ?></select><?cs call:err("leader_id") ?>
    <label for="t-alias"><?cs var:Lang.Pl.Teams.Alias ?></label><input id="t-alias" name="alias" maxlength="254" value="<?cs var:Team.alias ?>"><?cs call:err("alias") ?>
    <label class="check"><input type="checkbox" name="use_leads" value="1"<?cs if:Team.use_leads == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Pl.Teams.UseLeads ?></label>
    <label class="check"><input type="checkbox" name="use_opportunities" value="1"<?cs if:Team.use_opportunities == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Pl.Teams.UsePipeline ?></label>
    <input type="hidden" name="use_opportunities" value="0">
    <label class="check"><input type="checkbox" name="active" value="1"<?cs if:Team.active == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Pl.Active ?></label>
    <input type="hidden" name="active" value="0">
    <button type="submit" class="primary"><?cs var:Lang.Common.Save ?></button>
  </form>
</section>
<section class="card">
  <h2><?cs var:Lang.Pl.Teams.Members ?></h2>
  <table class="list">
    <thead><tr><th><?cs var:Lang.Pl.Teams.Member ?></th><th class="num"><?cs var:Lang.Pl.Teams.Capacity ?></th><th><?cs var:Lang.Pl.Teams.Skip ?></th><th><?cs var:Lang.Pl.Teams.Default ?></th><th></th></tr></thead>
    <tbody><?cs each:m = Members ?><tr>
      <td><?cs var:m.name ?> <small><?cs var:m.login ?></small></td><td class="num"><?cs var:m.capacity ?></td>
      <td><?cs if:m.skip_assignment == "1" ?><?cs var:Lang.Common.Yes ?><?cs else ?><?cs var:Lang.Common.No ?><?cs /if ?></td>
      <td><?cs if:m.is_default == "1" ?><?cs var:Lang.Common.Yes ?><?cs else ?><form method="post" action="/crm/settings/teams/<?cs var:Team.id ?>/members/<?cs var:m.user_id ?>/default" class="inline"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><button class="link"><?cs var:Lang.Pl.Teams.MakeDefault ?></button></form><?cs /if ?></td>
      <td><form method="post" action="/crm/settings/teams/<?cs var:Team.id ?>/members/<?cs var:m.user_id ?>/remove" class="inline"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><button class="link"><?cs var:Lang.Pl.Teams.Remove ?></button></form></td>
    </tr><?cs /each ?></tbody>
  </table>
  <form method="post" action="/crm/settings/teams/<?cs var:Team.id ?>/members" class="row-form">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <label><?cs var:Lang.Pl.Teams.Member ?> <select name="user_id"><?cs each:u = Opt.Users ?><option value="<?cs var:u.id ?>"><?cs var:u.name ?></option><?cs /each ?></select></label><?cs call:err("user_id") ?>
    <label><?cs var:Lang.Pl.Teams.Capacity ?> <input name="capacity" type="number" min="0" max="100000" value="30" class="num-input"></label><?cs call:err("capacity") ?>
    <label class="check"><input type="checkbox" name="skip_assignment" value="1"> <?cs var:Lang.Pl.Teams.Skip ?></label>
    <button type="submit" class="primary"><?cs var:Lang.Pl.Add ?></button>
  </form>
  <p class="muted"><?cs var:Lang.Pl.Teams.MultiHint ?></p>
</section>
<?cs include!"layout/foot.cs" ?>
