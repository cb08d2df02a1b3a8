<?cs include!"layout/head.cs" ?>
<p><a href="/crm/reports"><?cs var:Lang.Intel.Reports.Title ?></a></p>
<h1><?cs var:Page.Heading ?></h1>
<?cs include!"intel/filters.cs" ?>
<?cs if:#Report.Count > 0 ?>
<section class="card intel-chart">
  <h2><?cs var:Lang.Intel.Report.Chart ?></h2>
  <div class="intel-canvas"><canvas id="report-chart" role="img" aria-label="<?cs var:Page.Heading ?>" data-chart="<?cs var:Report.Chart ?>"></canvas></div>
</section>
<section class="card">
  <h2><?cs var:Lang.Intel.Report.Table ?></h2>
  <div class="intel-table-wrap">
  <table class="intel-table">
    <thead><tr><?cs each:col = Report.Cols ?><th<?cs if:col.Num ?> class="num"<?cs /if ?>><?cs var:col.Label ?></th><?cs /each ?></tr></thead>
    <tbody>
    <?cs each:row = Report.Rows ?><tr><?cs each:cell = row.C ?><td<?cs if:cell.Num ?> class="num"<?cs /if ?>><?cs if:cell.Href ?><a href="<?cs var:cell.Href ?>"><?cs var:cell.Text ?></a><?cs else ?><?cs var:cell.Text ?><?cs /if ?></td><?cs /each ?></tr>
    <?cs /each ?>
    </tbody>
  </table>
  </div>
</section>
<?cs else ?>
<p class="notice"><?cs var:Lang.Intel.Report.Empty ?></p>
<?cs /if ?>
<?cs include!"layout/foot.cs" ?>
