<?cs include!"pipeline/macros.cs" ?><?cs include!"layout/head.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.Pl.Convert.Title ?></h1>
  <p><a href="/crm/leads/<?cs var:Lead.id ?>"><?cs var:Lead.name ?></a></p>
  <?cs if:Errors._any ?><p class="error" role="alert"><?cs each:e = Errors ?><?cs if:name(e) != "_any" ?><?cs var:e ?> <?cs /if ?><?cs /each ?></p><?cs /if ?>
  <?cs if:Convert.Closed ?><p class="error" role="alert"><?cs var:Lang.Err.ConvertClosed ?></p><?cs else ?>
  <form method="post" action="/crm/leads/<?cs var:Lead.id ?>/convert" class="stack">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <fieldset><legend><?cs var:Lang.Pl.Convert.ActionLegend ?></legend>
      <label><input type="radio" name="action" value="convert"<?cs if:Convert.Action != "merge" ?> checked<?cs /if ?>> <?cs var:Lang.Pl.Convert.ActionConvert ?></label>
      <label><input type="radio" name="action" value="merge"<?cs if:Convert.Action == "merge" ?> checked<?cs /if ?>> <?cs var:Lang.Pl.Convert.ActionMerge ?></label>
    </fieldset>
    <?cs if:subcount(Rows) ?>
    <table class="list">
      <thead><tr><th><span class="visually-hidden"><?cs var:Lang.Pl.List.Select ?></span></th><th><?cs var:Lang.Pl.Lead.Name ?></th><th><?cs var:Lang.Pl.Lead.Email ?></th><th><?cs var:Lang.Pl.Lead.Stage ?></th><th><?cs var:Lang.Pl.Lead.Salesperson ?></th></tr></thead>
      <tbody>
      <?cs each:r = Rows ?>
        <tr><td><input type="checkbox" name="merge_ids" value="<?cs var:r.id ?>"<?cs if:r.checked ?> checked<?cs /if ?><?cs if:r.merged_into_id || r.is_won == "1" ?> disabled<?cs /if ?> aria-label="<?cs var:r.name ?>"></td>
          <td><a href="/crm/leads/<?cs var:r.id ?>"><?cs var:r.name ?></a> #<?cs var:r.id ?><?cs if:r.is_lost == "1" ?> <span class="badge"><?cs var:Lang.Pl.Lead.RibbonLost ?></span><?cs /if ?></td>
          <td><?cs var:r.email_from ?></td><td><?cs var:r.stage_name ?></td><td><?cs var:r.user_name ?></td></tr>
      <?cs /each ?>
      </tbody>
    </table>
    <?cs /if ?>
    <?cs call:err("merge_ids") ?>
    <fieldset><legend><?cs var:Lang.Pl.Convert.CustomerLegend ?></legend>
      <label><input type="radio" name="customer" value="create"<?cs if:Convert.Customer == "create" ?> checked<?cs /if ?>> <?cs var:Lang.Pl.Convert.CustomerCreate ?></label>
      <label><input type="radio" name="customer" value="link"<?cs if:Convert.Customer == "link" ?> checked<?cs /if ?>> <?cs var:Lang.Pl.Convert.CustomerLink ?></label>
      <select name="partner_id" aria-label="<?cs var:Lang.Pl.Lead.Customer ?>"><option value=""></option><?cs if:Convert.PartnerName ?><option value="<?cs var:Convert.PartnerId ?>" selected><?cs var:Convert.PartnerName ?></option><?cs /if ?><?cs each:p = Opt.Partners ?><?cs if:p.id != Convert.PartnerId ?><option value="<?cs var:p.id ?>"><?cs var:p.name ?></option><?cs /if ?><?cs /each ?></select>
      <?cs call:err("partner_id") ?>
      <label><input type="radio" name="customer" value="none"<?cs if:Convert.Customer == "none" ?> checked<?cs /if ?>> <?cs var:Lang.Pl.Convert.CustomerNone ?></label>
    </fieldset>
    <label for="c-user"><?cs var:Lang.Pl.Lead.Salesperson ?></label>
    <select id="c-user" name="user_id"><option value=""></option><?cs each:u = Opt.Users ?><option value="<?cs var:u.id ?>"<?cs if:u.id == Convert.UserId ?> selected<?cs /if ?>><?cs var:u.name ?></option><?cs /each ?></select>
    <?cs call:err("user_id") ?>
    <label for="c-team"><?cs var:Lang.Pl.Lead.Team ?></label>
    <select id="c-team" name="team_id"><option value=""></option><?cs each:t = Opt.Teams ?><option value="<?cs var:t.id ?>"<?cs if:t.id == Convert.TeamId ?> selected<?cs /if ?>><?cs var:t.name ?></option><?cs /each ?></select>
    <?cs call:err("team_id") ?>
    <button type="submit" class="primary"><?cs var:Lang.Pl.Convert.Submit ?></button>
    <a href="/crm/leads/<?cs var:Lead.id ?>"><?cs var:Lang.Common.Cancel ?></a>
  </form>
  <?cs /if ?>
</section>
<?cs include!"layout/foot.cs" ?>
