<?cs include!"pipeline/macros.cs" ?><?cs include!"layout/head.cs" ?>
<div class="list-head">
  <h1><?cs var:Page.Heading ?></h1>
  <form method="get" action="/crm/pipeline" class="team-switch">
    <label for="k-team"><?cs var:Lang.Pl.Lead.Team ?></label>
    <select id="k-team" name="team" class="autosubmit"><?cs each:t = Opt.Teams ?><option value="<?cs var:t.id ?>"<?cs if:#t.id == #Kanban.Team ?> selected<?cs /if ?>><?cs var:t.name ?></option><?cs /each ?></select>
    <label class="check"><input type="checkbox" name="mine" value="1" class="autosubmit"<?cs if:Kanban.Mine == "1" ?> checked<?cs /if ?>> <?cs var:Lang.Pl.Kanban.MyPipeline ?></label>
    <input type="hidden" name="mine" value="0">
    <button type="submit"><?cs var:Lang.Pl.Kanban.Show ?></button>
  </form>
  <a class="button" href="/crm/opportunities?team_id=<?cs var:Kanban.Team ?>"><?cs var:Lang.Pl.Kanban.AsList ?></a>
  <form method="post" action="/crm/teams/<?cs var:Kanban.Team ?>/follow" class="inline team-follow">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <?cs if:Kanban.Following ?><button name="follow" value="0" title="<?cs var:Lang.Pl.Notif.FollowingHint ?>"><?cs var:Lang.Pl.Notif.Unfollow ?></button><?cs else ?><button name="follow" value="1" title="<?cs var:Lang.Pl.Notif.FollowHint ?>"><?cs var:Lang.Pl.Notif.Follow ?></button><?cs /if ?>
  </form>
</div>
<p class="kanban-error error" role="alert" hidden></p>
<div class="kanban" data-csrf="<?cs var:Csrf ?>" data-team="<?cs var:Kanban.Team ?>" data-error="<?cs var:Lang.Pl.Kanban.MoveFailed ?>">
<?cs each:col = Kanban.Columns ?>
  <section class="kcol<?cs if:col.folded == "1" ?> folded<?cs /if ?><?cs if:col.is_won == "1" ?> won<?cs /if ?>" data-stage="<?cs var:col.id ?>" aria-label="<?cs var:col.name ?>">
    <header class="kcol-head" title="<?cs var:col.requirements ?>">
      <h2><?cs var:col.name ?> <span class="kcount"><?cs var:col.count ?></span></h2>
      <div class="ksum"><?cs var:col.revenue_fmt ?></div>
      <div class="kbar" role="group" aria-label="<?cs var:Lang.Pl.Activity.Title ?>">
        <?cs each:b = col.Bar ?><?cs if:#b.n > #0 ?><a class="seg act-<?cs var:b.state ?> w<?cs var:b.pct ?><?cs if:Kanban.Activity == b.state && #Kanban.ActivityCol == #col.id ?> active<?cs /if ?>" href="/crm/pipeline?team=<?cs var:Kanban.Team ?>&amp;mine=<?cs var:Kanban.Mine ?><?cs if:Kanban.Activity != b.state || #Kanban.ActivityCol != #col.id ?>&amp;activity=<?cs var:b.state ?>&amp;col=<?cs var:col.id ?><?cs /if ?>" title="<?cs alt:Lang.Pl.Activity.State[b.state] ?><?cs var:b.state ?><?cs /alt ?>: <?cs var:b.n ?>"><span class="visually-hidden"><?cs alt:Lang.Pl.Activity.State[b.state] ?><?cs var:b.state ?><?cs /alt ?> <?cs var:b.n ?></span></a><?cs /if ?><?cs /each ?>
      </div>
    </header>
    <?cs if:col.folded != "1" ?>
    <?cs if:name(col) == "0" ?>
    <details class="quick-create"<?cs if:Quick.Open ?> open<?cs /if ?>>
      <summary><?cs var:Lang.Pl.Kanban.QuickCreate ?></summary>
      <form method="post" action="/crm/pipeline/quick" class="stack">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <input type="hidden" name="type" value="opportunity">
        <input type="hidden" name="team_id" value="<?cs var:Kanban.Team ?>">
        <input type="hidden" name="stage_id" value="<?cs var:col.id ?>">
        <input type="hidden" name="next" value="<?cs var:Kanban.Next ?>">
        <input type="hidden" name="team" value="<?cs var:Kanban.Team ?>">
        <input type="hidden" name="mine" value="<?cs var:Kanban.Mine ?>">
        <?cs call:err("_form") ?><?cs call:err("stage_id") ?><?cs call:err("team_id") ?>
        <label for="qc-name"><?cs var:Lang.Pl.Lead.OpportunityName ?></label><input id="qc-name" name="name" required maxlength="255" value="<?cs var:Quick.name ?>"><?cs call:err("name") ?>
        <label for="qc-company"><?cs var:Lang.Pl.Lead.Company ?></label><input id="qc-company" name="partner_name" maxlength="255" value="<?cs var:Quick.partner_name ?>"><?cs call:err("partner_name") ?>
        <label for="qc-email"><?cs var:Lang.Pl.Lead.Email ?></label><input id="qc-email" name="email" type="email" maxlength="254" value="<?cs var:Quick.email ?>"><?cs call:err("email") ?>
        <label for="qc-rev"><?cs var:Lang.Pl.Lead.ExpectedRevenue ?></label><input id="qc-rev" name="expected_revenue" inputmode="decimal" value="<?cs var:Quick.expected_revenue ?>"><?cs call:err("expected_revenue") ?>
        <button type="submit" class="primary"><?cs var:Lang.Pl.Kanban.Add ?></button>
      </form>
    </details>
    <?cs /if ?>
    <div class="kcards" data-stage="<?cs var:col.id ?>">
      <?cs each:cd = col.Cards ?><?cs call:card(cd) ?><?cs /each ?>
    </div>
    <?cs if:col.more_url ?><a class="kmore button" href="<?cs var:col.more_url ?>" data-url="<?cs var:col.more_url ?>"><?cs var:Lang.Pl.Kanban.LoadMore ?></a><?cs /if ?>
    <?cs /if ?>
  </section>
<?cs /each ?>
</div>
<?cs include!"layout/foot.cs" ?>
