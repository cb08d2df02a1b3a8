<?cs if:#Score.Status == 0 ?>
<section class="card">
  <p><?cs var:Lang.Intel.Score.Prior ?><?cs var:Lang.Intel.Colon ?> <strong><?cs var:Score.Prior ?> %</strong>
    (<?cs var:Score.Won ?> <?cs var:Lang.Intel.Scoring.Won ?> / <?cs var:Score.Lost ?> <?cs var:Lang.Intel.Scoring.Lost ?>,
    <?cs if:#Score.Partition < 0 ?><?cs var:Lang.Intel.Score.PartitionPool ?><?cs else ?><?cs var:Lang.Intel.Score.PartitionTeam ?><?cs /if ?>)</p>
  <table class="intel-table">
    <thead><tr><th><?cs var:Lang.Intel.Score.Variable ?></th><th><?cs var:Lang.Intel.Score.Value ?></th><th class="num"><?cs var:Lang.Intel.Score.Factor ?></th><th class="num"><?cs var:Lang.Intel.Score.Closed ?></th></tr></thead>
    <tbody>
    <?cs each:f = Score.F ?><tr><td><?cs var:Lang.Intel.Score.Var[f.Var] ?></td><td><?cs var:f.Value ?></td>
      <td class="num"><?cs if:f.Skipped ?><span class="muted"><?cs var:Lang.Intel.Score.Skipped[f.Skipped] ?></span><?cs else ?><span class="factor-<?cs var:f.Dir ?>">×<?cs var:f.Factor ?></span><?cs /if ?></td>
      <td class="num"><?cs var:f.Won ?> / <?cs var:f.Lost ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <p><?cs var:Lang.Intel.Score.Automated ?><?cs var:Lang.Intel.Colon ?> <strong><?cs var:Score.Probability ?> %</strong></p>
</section>
<?cs else ?>
<p class="notice"><?cs var:Lang.Intel.Score.Status[Score.Status] ?></p>
<?cs /if ?>
