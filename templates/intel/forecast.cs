<?cs include!"layout/head.cs" ?>
<p><a href="/crm/reports"><?cs var:Lang.Intel.Reports.Title ?></a></p>
<h1><?cs var:Page.Heading ?></h1>
<?cs include!"intel/filters.cs" ?>
<section class="card intel-chart">
  <div class="intel-canvas"><canvas id="report-chart" role="img" aria-label="<?cs var:Page.Heading ?>" data-chart="<?cs var:Report.Chart ?>"></canvas></div>
</section>
<p class="intel-intro"><?cs var:Lang.Intel.Forecast.DragHint ?></p>
<div class="forecast" data-csrf="<?cs var:Csrf ?>">
<?cs each:m = Forecast ?>
  <section class="forecast-col" data-month="<?cs var:m.Month ?>">
    <header><h2><?cs var:m.Month ?></h2>
      <p><?cs var:m.Count ?> · <?cs var:m.Revenue ?><br><small><?cs var:Lang.Intel.Measure.prorated_revenue ?> <?cs var:m.Prorated ?></small></p></header>
    <?cs each:k = m.Cards ?>
    <article class="forecast-card" draggable="true" data-id="<?cs var:k.Id ?>">
      <a href="/crm/leads/<?cs var:k.Id ?>"><?cs var:k.Name ?></a>
      <?cs if:k.Customer ?><div class="muted"><?cs var:k.Customer ?></div><?cs /if ?>
      <div><?cs var:k.Revenue ?> · <?cs var:k.Probability ?></div>
      <div class="muted"><?cs var:k.User ?> · <?cs var:k.Deadline ?></div>
      <form method="post" action="/crm/reports/forecast/<?cs var:k.Id ?>/move" class="forecast-move">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <input type="hidden" name="next" value="/crm/reports/forecast?<?cs var:Report.Query ?>">
        <label><?cs var:Lang.Intel.Forecast.MoveTo ?>
          <select name="month"><?cs each:o = Forecast ?><option value="<?cs var:o.Month ?>"<?cs if:o.Month == m.Month ?> selected<?cs /if ?>><?cs var:o.Month ?></option><?cs /each ?></select></label>
        <button><?cs var:Lang.Intel.Forecast.Move ?></button>
      </form>
    </article>
    <?cs /each ?>
    <?cs if:#m.Count == 0 ?><p class="muted"><?cs var:Lang.Intel.Forecast.Empty ?></p><?cs /if ?>
  </section>
<?cs /each ?>
</div>
<?cs include!"layout/foot.cs" ?>
