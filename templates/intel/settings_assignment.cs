<?cs include!"layout/head.cs" ?>
<p><a href="/crm/settings"><?cs var:Lang.Nav.Settings ?></a></p>
<h1><?cs var:Page.Heading ?></h1>
<?cs if:Assign.Summary ?><p class="notice" role="status" id="assign-summary"><?cs var:Assign.Summary ?></p><?cs /if ?>
<?cs if:Assign.Saved ?><p class="notice" role="status"><?cs var:Lang.Intel.Assign.Saved ?></p><?cs /if ?>
<?cs if:Assign.Busy ?><p class="error" role="alert"><?cs var:Lang.Intel.Assign.Busy ?></p><?cs /if ?>
<p class="intel-intro"><?cs var:Lang.Intel.Assign.Intro ?></p>
<form method="post" action="/crm/settings/assignment" class="card intel-grid">
  <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
  <fieldset><legend><?cs var:Lang.Intel.Assign.Mode ?></legend>
    <label class="intel-check"><input type="radio" name="assignment_mode" value="manual"<?cs if:Assign.Mode != "repeated" ?> checked<?cs /if ?>> <?cs var:Lang.Intel.Assign.Manual ?></label>
    <label class="intel-check"><input type="radio" name="assignment_mode" value="repeated"<?cs if:Assign.Mode == "repeated" ?> checked<?cs /if ?>> <?cs var:Lang.Intel.Assign.Repeated ?></label>
    <label><?cs var:Lang.Intel.Assign.Every ?> <input type="number" name="assignment_interval" min="1" max="99" value="<?cs var:Assign.Interval ?>"></label>
    <select name="assignment_interval_unit" aria-label="<?cs var:Lang.Intel.Assign.Every ?>">
      <option value="minutes"<?cs if:Assign.Unit == "minutes" ?> selected<?cs /if ?>><?cs var:Lang.Intel.Assign.Unit.minutes ?></option>
      <option value="hours"<?cs if:Assign.Unit == "hours" ?> selected<?cs /if ?>><?cs var:Lang.Intel.Assign.Unit.hours ?></option>
      <option value="days"<?cs if:Assign.Unit == "days" ?> selected<?cs /if ?>><?cs var:Lang.Intel.Assign.Unit.days ?></option>
      <option value="weeks"<?cs if:Assign.Unit == "weeks" ?> selected<?cs /if ?>><?cs var:Lang.Intel.Assign.Unit.weeks ?></option>
    </select>
    <?cs if:Errors.assignment_interval ?><p class="field-error"><?cs var:Errors.assignment_interval ?></p><?cs /if ?>
  </fieldset>
  <p><button class="primary"><?cs var:Lang.Intel.Assign.Save ?></button></p>
</form>
<form method="post" action="/crm/settings/assignment/run" class="card">
  <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
  <button class="primary" id="assign-all"><?cs var:Lang.Intel.Assign.RunAll ?></button>
  <small><?cs var:Lang.Intel.Assign.LastRun ?><?cs var:Lang.Intel.Colon ?> <?cs if:Assign.LastRun ?><?cs var:Assign.LastRun ?><?cs else ?><?cs var:Lang.Intel.Scoring.Never ?><?cs /if ?></small>
  <p class="muted"><?cs var:Lang.Intel.Assign.MergeNote ?></p>
</form>
<h2><?cs var:Lang.Intel.Assign.Teams ?></h2>
<p class="muted"><?cs var:Lang.Intel.Assign.FilterHelp ?></p>
<?cs each:t = Teams ?>
<section class="card intel-team" id="team-<?cs var:t.id ?>">
  <h3><?cs var:t.name ?> <small>· <?cs var:Lang.Intel.Assign.Capacity ?> <?cs var:t.capacity ?> · <?cs var:Lang.Intel.Assign.Unassigned ?> <?cs var:t.unassigned ?></small></h3>
  <form method="post" action="/crm/settings/assignment/teams/<?cs var:t.id ?>" class="intel-grid">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <?cs set:fe = "t" + t.id ?>
    <label class="intel-expr"><?cs var:Lang.Intel.Assign.TeamFilter ?>
      <input type="text" name="assignment_filter" maxlength="2000" value="<?cs if:FilterError[fe].Key ?><?cs var:FilterError[fe].Text ?><?cs else ?><?cs var:t.assignment_filter ?><?cs /if ?>" data-filter-check="/api/v1/filter/check" autocomplete="off">
      <span class="field-error" data-filter-error<?cs if:!FilterError[fe].Key ?> hidden<?cs /if ?>><?cs if:FilterError[fe].Key ?><?cs var:Lang.Intel.Filter[FilterError[fe].Key] ?> (<?cs var:FilterError[fe].Detail ?>)<?cs /if ?></span></label>
    <label class="intel-check"><input type="checkbox" name="assignment_optout" value="1"<?cs if:#t.assignment_optout ?> checked<?cs /if ?>> <?cs var:Lang.Intel.Assign.OptOut ?></label>
    <p><button><?cs var:Lang.Intel.Assign.Save ?></button></p>
  </form>
  <form method="post" action="/crm/settings/assignment/run" class="inline">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <input type="hidden" name="team_id" value="<?cs var:t.id ?>">
    <button class="primary"><?cs var:Lang.Intel.Assign.RunTeam ?></button>
  </form>
  <?cs if:#t.members > 0 ?>
  <table class="intel-table">
    <thead><tr><th><?cs var:Lang.Intel.Assign.Member ?></th><th><?cs var:Lang.Intel.Assign.MemberCapacity ?></th><th><?cs var:Lang.Intel.Assign.Skip ?></th><th><?cs var:Lang.Intel.Assign.MemberFilter ?></th><th class="num"><?cs var:Lang.Intel.Assign.Month ?></th><th class="num"><?cs var:Lang.Intel.Assign.Quota ?></th><th></th></tr></thead>
    <tbody>
    <?cs each:m = Members ?><?cs if:#m.team_id == #t.id ?>
      <?cs set:me = "m" + t.id + "_" + m.user_id ?>
      <tr><td><?cs var:m.name ?></td>
        <td><input form="mf-<?cs var:t.id ?>-<?cs var:m.user_id ?>" type="number" name="capacity" min="0" max="100000" value="<?cs var:m.capacity ?>" aria-label="<?cs var:Lang.Intel.Assign.MemberCapacity ?>"></td>
        <td><input form="mf-<?cs var:t.id ?>-<?cs var:m.user_id ?>" type="checkbox" name="skip_assignment" value="1"<?cs if:#m.skip_assignment ?> checked<?cs /if ?> aria-label="<?cs var:Lang.Intel.Assign.Skip ?>"></td>
        <td><input form="mf-<?cs var:t.id ?>-<?cs var:m.user_id ?>" type="text" name="assignment_filter" maxlength="2000" value="<?cs if:FilterError[me].Key ?><?cs var:FilterError[me].Text ?><?cs else ?><?cs var:m.assignment_filter ?><?cs /if ?>" data-filter-check="/api/v1/filter/check" autocomplete="off" aria-label="<?cs var:Lang.Intel.Assign.MemberFilter ?>">
          <span class="field-error" data-filter-error<?cs if:!FilterError[me].Key ?> hidden<?cs /if ?>><?cs if:FilterError[me].Key ?><?cs var:Lang.Intel.Filter[FilterError[me].Key] ?> (<?cs var:FilterError[me].Detail ?>)<?cs /if ?></span></td>
        <td class="num"><?cs var:m.month_count ?> / <?cs var:m.capacity ?></td>
        <td class="num"><?cs var:m.quota ?> / <?cs var:m.daily ?></td>
        <td><form method="post" id="mf-<?cs var:t.id ?>-<?cs var:m.user_id ?>" action="/crm/settings/assignment/teams/<?cs var:t.id ?>/members/<?cs var:m.user_id ?>"><input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><button><?cs var:Lang.Intel.Assign.Save ?></button></form></td></tr>
    <?cs /if ?><?cs /each ?>
    </tbody>
  </table>
  <?cs else ?><p class="muted"><?cs var:Lang.Intel.Assign.NoMembers ?></p><?cs /if ?>
</section>
<?cs /each ?>
<?cs include!"layout/foot.cs" ?>
