<?cs include!"layout/head.cs" ?>
<p><a href="/crm/settings"><?cs var:Lang.Nav.Settings ?></a></p>
<h1><?cs var:Page.Heading ?></h1>
<?cs if:Scoring.Done.saved ?><p class="notice" role="status"><?cs var:Lang.Intel.Scoring.Saved ?></p><?cs /if ?>
<?cs if:Scoring.Done.rebuilt ?><p class="notice" role="status"><?cs var:Lang.Intel.Scoring.Rebuilt ?> <?cs var:Scoring.Done.rebuilt ?>, <?cs var:Lang.Intel.Scoring.Updated ?> <?cs var:Scoring.Done.updated ?>.</p><?cs /if ?>
<?cs if:Scoring.Done.scheduled || Scoring.Requested ?><p class="notice" role="status"><?cs var:Lang.Intel.Scoring.Scheduled ?></p><?cs /if ?>
<p class="intel-intro"><?cs var:Lang.Intel.Scoring.Intro ?></p>
<form method="post" action="/crm/settings/scoring" class="card stack">
  <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
  <fieldset><legend><?cs var:Lang.Intel.Scoring.Fields ?></legend>
    <label class="intel-check"><input type="checkbox" checked disabled> <?cs var:Lang.Intel.Scoring.Stage ?></label>
    <?cs each:v = Scoring.Vars ?>
    <label class="intel-check"><input type="checkbox" name="field" value="<?cs var:v.Key ?>"<?cs if:v.On ?> checked<?cs /if ?>> <?cs var:Lang.Intel.Scoring.Var[v.Key] ?></label>
    <?cs /each ?>
    <?cs if:Errors.scoring_fields ?><p class="field-error"><?cs var:Errors.scoring_fields ?></p><?cs /if ?>
  </fieldset>
  <label for="start_date"><?cs var:Lang.Intel.Scoring.StartDate ?></label>
  <input type="date" id="start_date" name="start_date" value="<?cs var:Scoring.StartDate ?>">
  <small><?cs var:Lang.Intel.Scoring.StartDateHint ?></small>
  <?cs if:Errors.scoring_start_date ?><p class="field-error"><?cs var:Errors.scoring_start_date ?></p><?cs /if ?>
  <p><button class="primary"><?cs var:Lang.Intel.Scoring.Save ?></button></p>
</form>
<section class="card">
  <form method="post" action="/crm/settings/scoring/rebuild">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <p><?cs var:Lang.Intel.Scoring.RebuildHint ?></p>
    <p><button class="primary"><?cs var:Lang.Intel.Scoring.Rebuild ?></button>
      <small><?cs var:Lang.Intel.Scoring.LastRebuild ?><?cs var:Lang.Intel.Colon ?> <?cs if:Scoring.LastRebuild ?><?cs var:Scoring.LastRebuild ?><?cs else ?><?cs var:Lang.Intel.Scoring.Never ?><?cs /if ?></small></p>
  </form>
  <h2><?cs var:Lang.Intel.Scoring.Learned ?></h2>
  <?cs if:?Scoring.Teams.0.won ?>
  <table class="intel-table">
    <thead><tr><th><?cs var:Lang.Intel.Scoring.Team ?></th><th class="num"><?cs var:Lang.Intel.Scoring.Won ?></th><th class="num"><?cs var:Lang.Intel.Scoring.Lost ?></th></tr></thead>
    <tbody><?cs each:t = Scoring.Teams ?><tr><td><?cs if:t.team_name ?><?cs var:t.team_name ?><?cs else ?><?cs var:Lang.Intel.Scoring.NoTeam ?><?cs /if ?></td><td><?cs var:t.won ?></td><td><?cs var:t.lost ?></td></tr><?cs /each ?></tbody>
  </table>
  <?cs else ?><p class="muted"><?cs var:Lang.Intel.Scoring.NothingYet ?></p><?cs /if ?>
</section>
<?cs include!"layout/foot.cs" ?>
