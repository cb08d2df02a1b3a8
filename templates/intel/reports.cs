<?cs include!"layout/head.cs" ?>
<h1><?cs var:Lang.Intel.Reports.Title ?></h1>
<p class="intel-intro"><?cs var:Lang.Intel.Reports.Intro ?></p>
<div class="cards">
  <a class="card" href="/crm/reports/pipeline"><h2><?cs var:Lang.Intel.Reports.Pipeline ?></h2><p><?cs var:Lang.Intel.Reports.PipelineHint ?></p></a>
  <a class="card" href="/crm/reports/forecast"><h2><?cs var:Lang.Intel.Reports.Forecast ?></h2><p><?cs var:Lang.Intel.Reports.ForecastHint ?></p></a>
  <a class="card" href="/crm/reports/unattended"><h2><?cs var:Lang.Intel.Reports.Unattended ?></h2><p><?cs var:Lang.Intel.Reports.UnattendedHint ?></p></a>
  <a class="card" href="/crm/reports/quality"><h2><?cs var:Lang.Intel.Reports.Quality ?></h2><p><?cs var:Lang.Intel.Reports.QualityHint ?></p></a>
  <a class="card" href="/crm/reports/distribution"><h2><?cs var:Lang.Intel.Reports.Distribution ?></h2><p><?cs var:Lang.Intel.Reports.DistributionHint ?></p></a>
  <a class="card" href="/crm/reports/winloss"><h2><?cs var:Lang.Intel.Reports.WinLoss ?></h2><p><?cs var:Lang.Intel.Reports.WinLossHint ?></p></a>
  <a class="card" href="/crm/reports/activities"><h2><?cs var:Lang.Intel.Reports.Activities ?></h2><p><?cs var:Lang.Intel.Reports.ActivitiesHint ?></p></a>
</div>
<?cs include!"layout/foot.cs" ?>
