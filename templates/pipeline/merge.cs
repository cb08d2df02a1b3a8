<?cs include!"pipeline/macros.cs" ?><?cs include!"layout/head.cs" ?>
<section>
  <h1><?cs var:Lang.Pl.Merge.Title ?></h1>
  <p><?cs var:Lang.Pl.Merge.Help ?></p>
  <?cs if:Errors._any ?><p class="error" role="alert"><?cs each:e = Errors ?><?cs if:name(e) != "_any" ?><?cs var:e ?> <?cs /if ?><?cs /each ?></p><?cs /if ?>
  <form method="post" action="/crm/leads/merge" class="card stack">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <?cs if:Merge.Next ?><input type="hidden" name="next" value="<?cs var:Merge.Next ?>"><?cs /if ?>
    <table class="list">
      <thead><tr><th><span class="visually-hidden"><?cs var:Lang.Pl.List.Select ?></span></th><th><?cs var:Lang.Pl.Lead.Name ?></th><th><?cs var:Lang.Pl.Lead.Email ?></th><th><?cs var:Lang.Pl.Lead.Stage ?></th><th><?cs var:Lang.Pl.Lead.Salesperson ?></th><th class="num"><?cs var:Lang.Pl.Lead.ExpectedRevenue ?></th><th></th></tr></thead>
      <tbody>
      <?cs each:r = Rows ?>
        <tr<?cs if:r.id == Merge.Master ?> class="master"<?cs /if ?>>
          <td><input type="checkbox" name="ids" value="<?cs var:r.id ?>" checked aria-label="<?cs var:r.name ?>"></td>
          <td><a href="/crm/leads/<?cs var:r.id ?>"><?cs var:r.name ?></a> #<?cs var:r.id ?></td>
          <td><?cs var:r.email_from ?></td>
          <td><?cs var:r.stage_name ?></td>
          <td><?cs var:r.user_name ?></td>
          <td class="num"><?cs var:r.revenue_fmt ?></td>
          <td><?cs if:r.id == Merge.Master ?><span class="badge"><?cs var:Lang.Pl.Merge.Kept ?></span><?cs /if ?><?cs if:r.is_won == "1" ?><span class="badge"><?cs var:Lang.Pl.Merge.WonRefused ?></span><?cs /if ?><?cs if:r.merged_into_id ?><span class="badge"><?cs var:Lang.Pl.Similar.MergedInto ?> #<?cs var:r.merged_into_id ?></span><?cs /if ?><?cs if:r.is_lost == "1" ?><span class="badge"><?cs var:Lang.Pl.Lead.RibbonLost ?></span><?cs /if ?></td>
        </tr>
      <?cs /each ?>
      </tbody>
    </table>
    <label for="m-user"><?cs var:Lang.Pl.Lead.Salesperson ?></label>
    <select id="m-user" name="user_id"><option value=""><?cs var:Lang.Pl.Merge.KeepMerged ?></option><?cs each:u = Opt.Users ?><option value="<?cs var:u.id ?>"<?cs if:u.id == Merge.UserId ?> selected<?cs /if ?>><?cs var:u.name ?></option><?cs /each ?></select>
    <?cs call:err("user_id") ?>
    <label for="m-team"><?cs var:Lang.Pl.Lead.Team ?></label>
    <select id="m-team" name="team_id"><option value=""><?cs var:Lang.Pl.Merge.KeepMerged ?></option><?cs each:t = Opt.Teams ?><option value="<?cs var:t.id ?>"<?cs if:t.id == Merge.TeamId ?> selected<?cs /if ?>><?cs var:t.name ?></option><?cs /each ?></select>
    <?cs call:err("team_id") ?>
    <button type="submit" class="primary"><?cs var:Lang.Pl.Merge.Submit ?></button>
    <?cs if:Merge.Next ?><a href="<?cs var:Merge.Next ?>"><?cs var:Lang.Common.Cancel ?></a><?cs /if ?>
  </form>
</section>
<?cs include!"layout/foot.cs" ?>
