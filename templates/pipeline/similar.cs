<?cs include!"pipeline/macros.cs" ?><?cs include!"layout/head.cs" ?>
<section>
  <p class="crumbs"><a href="/crm/leads/<?cs var:Lead.id ?>"><?cs var:Lead.name ?></a> / <?cs var:Lang.Pl.Similar.Title ?></p>
  <h1><?cs var:Lang.Pl.Similar.Title ?> (<?cs var:Similar.Count ?>)</h1>
  <form method="get" action="/crm/leads/merge" class="card">
    <input type="hidden" name="next" value="/crm/leads/<?cs var:Lead.id ?>/similar">
    <table class="list">
      <thead><tr><th><span class="visually-hidden"><?cs var:Lang.Pl.List.Select ?></span></th><th><?cs var:Lang.Pl.Lead.Name ?></th><th><?cs var:Lang.Pl.Lead.Contact ?></th><th><?cs var:Lang.Pl.Lead.Company ?></th><th><?cs var:Lang.Pl.Lead.Email ?></th><th><?cs var:Lang.Pl.Lead.Phone ?></th><th><?cs var:Lang.Pl.Lead.Stage ?></th><th><?cs var:Lang.Pl.Lead.Salesperson ?></th><th class="num"><?cs var:Lang.Pl.Lead.ExpectedRevenue ?></th></tr></thead>
      <tbody>
      <?cs each:r = Rows ?>
        <tr class="<?cs if:r.is_self == "1" ?>self<?cs /if ?><?cs if:r.active == "0" ?> archived<?cs /if ?>">
          <td><input type="checkbox" name="ids" value="<?cs var:r.id ?>" aria-label="<?cs var:r.name ?>"<?cs if:r.is_self == "1" ?> checked<?cs /if ?><?cs if:r.merged_into_id || r.is_won == "1" ?> disabled<?cs /if ?>></td>
          <td><a href="/crm/leads/<?cs var:r.id ?>"><?cs var:r.name ?></a><?cs if:r.is_self == "1" ?> <span class="badge"><?cs var:Lang.Pl.Similar.This ?></span><?cs /if ?><?cs if:r.merged_into_id ?> <span class="badge"><?cs var:Lang.Pl.Similar.MergedInto ?> #<?cs var:r.merged_into_id ?></span><?cs elif:r.is_lost == "1" ?> <span class="badge"><?cs var:Lang.Pl.Lead.RibbonLost ?></span><?cs elif:r.active == "0" ?> <span class="badge"><?cs var:Lang.Pl.Lead.RibbonArchived ?></span><?cs /if ?><?cs if:r.is_won == "1" ?> <span class="badge"><?cs var:Lang.Pl.Lead.RibbonWon ?></span><?cs /if ?></td>
          <td><?cs var:r.contact_name ?></td>
          <td><?cs var:r.partner_name ?></td>
          <td><?cs var:r.email_from ?></td>
          <td><?cs var:r.phone ?></td>
          <td><?cs var:r.stage_name ?></td>
          <td><?cs var:r.user_name ?></td>
          <td class="num"><?cs var:r.revenue_fmt ?></td>
        </tr>
      <?cs /each ?>
      </tbody>
    </table>
    <button type="submit" class="primary"><?cs var:Lang.Pl.Similar.Merge ?></button>
  </form>
</section>
<?cs include!"layout/foot.cs" ?>
