<?cs include!"layout/head.cs" ?>
<p><a href="/crm/leads/<?cs var:Lead.id ?>"><?cs var:Lead.name ?></a></p>
<h1><?cs var:Page.Heading ?></h1>
<p class="intel-intro"><?cs var:Lang.Intel.Score.Intro ?></p>
<section class="card">
  <p class="intel-prob"><?cs var:Lang.Intel.Score.Probability ?><?cs var:Lang.Intel.Colon ?> <strong><?cs var:Lead.probability ?> %</strong>
  <?cs if:#Lead.probability_manual ?> (<?cs var:Lang.Intel.Score.Manual ?> · <?cs var:Lang.Intel.Score.Automated ?> <?cs var:Lead.automated_probability ?> %)<?cs /if ?></p>
  <?cs if:#Lead.probability_manual && #Lead.active ?>
  <form method="post" action="/crm/leads/<?cs var:Lead.id ?>/score/automatic">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <button class="primary"><?cs var:Lang.Intel.Score.BackToAuto ?></button>
  </form>
  <?cs /if ?>
  <?cs if:!#Lead.active ?><p class="notice"><?cs var:Lang.Intel.Score.Archived ?></p><?cs /if ?>
</section>
<?cs include!"intel/score_explain.cs" ?>
<?cs include!"layout/foot.cs" ?>
