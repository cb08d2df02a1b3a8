<?cs include!"pipeline/macros.cs" ?><?cs include!"layout/head.cs" ?>
<div class="list-head">
  <h1><?cs var:Page.Heading ?></h1>
  <a class="button primary" href="/crm/leads/new?type=<?cs var:List.Type ?>"><?cs var:Lang.Pl.New ?></a>
  <a class="button" href="/crm/leads/export.csv?type=<?cs var:List.Type ?><?cs if:List.Query ?>&amp;<?cs var:List.Query ?><?cs /if ?>"><?cs var:Lang.Pl.List.ExportCsv ?></a>
</div>
<?cs if:Errors._any ?><p class="error" role="alert"><?cs var:Lang.Pl.FormInvalid ?> <?cs each:e = Errors ?><?cs if:name(e) != "_any" ?><?cs var:name(e) ?>: <?cs var:e ?> <?cs /if ?><?cs /each ?></p><?cs /if ?>
<form method="get" action="<?cs var:List.Path ?>" class="filters card">
  <div class="filter-row">
    <label class="visually-hidden" for="q"><?cs var:Lang.Pl.List.Search ?></label>
    <input id="q" type="search" name="q" maxlength="100" value="<?cs var:List.q ?>" placeholder="<?cs var:Lang.Pl.List.SearchHint ?>">
    <button type="submit" class="primary"><?cs var:Lang.Pl.List.Search ?></button>
  </div>
  <div class="filter-row checks">
    <?cs each:f = Lang.Pl.Filter ?><label class="check"><input type="checkbox" name="filter" value="<?cs var:name(f) ?>"<?cs if:List.Filter[name(f)] ?> checked<?cs /if ?>> <?cs var:f ?></label><?cs /each ?>
  </div>
  <details<?cs if:List.stage_id || List.team_id || List.user_id || List.tag_id || List.created_from || List.created_to || List.closing_from || List.closing_to || List.group_by || List.sort ?> open<?cs /if ?>>
    <summary><?cs var:Lang.Pl.List.More ?></summary>
    <div class="filter-grid">
      <label><?cs var:Lang.Pl.Lead.Stage ?> <select name="stage_id"><option value=""></option><?cs each:s = Opt.Stages ?><option value="<?cs var:s.id ?>"<?cs if:s.id == List.stage_id ?> selected<?cs /if ?>><?cs var:s.name ?></option><?cs /each ?></select></label>
      <label><?cs var:Lang.Pl.Lead.Team ?> <select name="team_id"><option value=""></option><?cs each:t = Opt.Teams ?><option value="<?cs var:t.id ?>"<?cs if:t.id == List.team_id ?> selected<?cs /if ?>><?cs var:t.name ?></option><?cs /each ?></select></label>
      <label><?cs var:Lang.Pl.Lead.Salesperson ?> <select name="user_id"><option value=""></option><?cs each:u = Opt.Users ?><option value="<?cs var:u.id ?>"<?cs if:u.id == List.user_id ?> selected<?cs /if ?>><?cs var:u.name ?></option><?cs /each ?></select></label>
      <label><?cs var:Lang.Pl.Lead.Tags ?> <select name="tag_id"><option value=""></option><?cs each:t = Opt.Tags ?><option value="<?cs var:t.id ?>"<?cs if:t.id == List.tag_id ?> selected<?cs /if ?>><?cs var:t.name ?></option><?cs /each ?></select></label>
      <label><?cs var:Lang.Pl.List.CreatedFrom ?> <input type="date" name="created_from" value="<?cs var:List.created_from ?>"></label>
      <label><?cs var:Lang.Pl.List.CreatedTo ?> <input type="date" name="created_to" value="<?cs var:List.created_to ?>"></label>
      <label><?cs var:Lang.Pl.List.ClosingFrom ?> <input type="date" name="closing_from" value="<?cs var:List.closing_from ?>"></label>
      <label><?cs var:Lang.Pl.List.ClosingTo ?> <input type="date" name="closing_to" value="<?cs var:List.closing_to ?>"></label>
      <label><?cs var:Lang.Pl.List.GroupBy ?> <select name="group_by"><option value=""></option><?cs each:g = Lang.Pl.Group ?><option value="<?cs var:name(g) ?>"<?cs if:List.group_by == name(g) ?> selected<?cs /if ?>><?cs var:g ?></option><?cs /each ?></select></label>
      <label><?cs var:Lang.Pl.List.SortBy ?> <select name="sort"><?cs each:s = Lang.Pl.Sort ?><option value="<?cs var:name(s) ?>"<?cs if:List.sort == name(s) ?> selected<?cs /if ?>><?cs var:s ?></option><?cs /each ?></select></label>
      <label><?cs var:Lang.Pl.List.Order ?> <select name="order"><option value="desc"><?cs var:Lang.Pl.List.Desc ?></option><option value="asc"<?cs if:List.order == "asc" ?> selected<?cs /if ?>><?cs var:Lang.Pl.List.Asc ?></option></select></label>
    </div>
  </details>
</form>
<?cs if:subcount(Groups) ?>
<section class="card">
<h2><?cs var:Lang.Pl.List.Groups ?></h2>
<table class="groups">
  <thead><tr><th><?cs alt:Lang.Pl.Group[List.GroupBy] ?><?cs var:List.GroupBy ?><?cs /alt ?></th><th class="num"><?cs var:Lang.Pl.List.Count ?></th><th class="num"><?cs var:Lang.Pl.Lead.ExpectedRevenue ?></th></tr></thead>
  <tbody><?cs each:g = Groups ?><tr><td><?cs if:g.gkey && (List.GroupBy == "stage" || List.GroupBy == "user" || List.GroupBy == "team" || List.GroupBy == "tag" || List.GroupBy == "lost_reason") ?><a href="<?cs var:List.Path ?>?<?cs if:List.GroupBy == "stage" ?>stage_id<?cs elif:List.GroupBy == "user" ?>user_id<?cs elif:List.GroupBy == "team" ?>team_id<?cs elif:List.GroupBy == "tag" ?>tag_id<?cs else ?>lost_reason_id&amp;filter=lost<?cs /if ?>=<?cs var:g.gkey ?>"><?cs if:g.glabel ?><?cs var:g.glabel ?><?cs else ?><?cs var:Lang.Pl.None ?><?cs /if ?></a><?cs else ?><?cs if:g.glabel ?><?cs var:g.glabel ?><?cs else ?><?cs var:Lang.Pl.None ?><?cs /if ?><?cs /if ?></td><td class="num"><?cs var:g.n ?></td><td class="num"><?cs var:g.revenue_fmt ?></td></tr><?cs /each ?></tbody>
</table>
</section>
<?cs /if ?>
<form method="post" action="/crm/leads/bulk" class="bulk card">
  <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
  <input type="hidden" name="next" value="<?cs var:List.Path ?><?cs if:List.Query ?>?<?cs var:List.Query ?><?cs /if ?>">
  <p class="count"><?cs var:List.Total ?><?cs if:List.TotalMore ?>+<?cs /if ?> <?cs var:Lang.Pl.List.Records ?></p>
  <table class="list">
    <thead><tr><th><span class="visually-hidden"><?cs var:Lang.Pl.List.Select ?></span></th><th><?cs var:Lang.Pl.Lead.Name ?></th><th><?cs var:Lang.Pl.Lead.Customer ?></th><th><?cs var:Lang.Pl.Lead.Email ?></th><th><?cs var:Lang.Pl.Lead.Stage ?></th><th><?cs var:Lang.Pl.Lead.Salesperson ?></th><th class="num"><?cs var:Lang.Pl.Lead.ExpectedRevenue ?></th><th><?cs var:Lang.Pl.Lead.Created ?></th><th><?cs var:Lang.Pl.Activity.Short ?></th></tr></thead>
    <tbody>
    <?cs each:r = Rows ?>
      <tr<?cs if:r.active == "0" ?> class="archived"<?cs /if ?>>
        <td><input type="checkbox" name="ids" value="<?cs var:r.id ?>" aria-label="<?cs var:r.name ?>"></td>
        <td><a href="/crm/leads/<?cs var:r.id ?>"><?cs var:r.name ?></a> <?cs call:stars(r.priority) ?></td>
        <td><?cs var:r.customer_name ?></td>
        <td><?cs var:r.email_from ?></td>
        <td><?cs var:r.stage_name ?><?cs if:r.lost_reason_name ?> <span class="badge"><?cs var:r.lost_reason_name ?></span><?cs /if ?></td>
        <td><?cs if:r.user_name ?><?cs var:r.user_name ?><?cs else ?><span class="muted"><?cs var:Lang.Pl.Lead.Unassigned ?></span><?cs /if ?></td>
        <td class="num"><?cs var:r.revenue_fmt ?></td>
        <td><?cs var:r.create_fmt ?></td>
        <td><?cs call:dot(r.activity_state) ?></td>
      </tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs if:!subcount(Rows) ?><p class="muted"><?cs var:Lang.Pl.List.Empty ?></p><?cs /if ?>
  <p class="pager"><?cs if:List.IsLater ?><a href="<?cs var:List.Path ?>?<?cs var:List.Query ?>"><?cs var:Lang.Pl.List.First ?></a> <?cs /if ?><?cs if:List.Next ?><a rel="next" href="<?cs var:List.Path ?>?<?cs var:List.Query ?><?cs if:List.Query ?>&amp;<?cs /if ?><?cs var:List.Next ?>"><?cs var:Lang.Pl.List.NextPage ?></a><?cs /if ?></p>
  <fieldset class="bulk-actions"><legend><?cs var:Lang.Pl.List.BulkTitle ?></legend>
    <label><?cs var:Lang.Pl.List.Action ?> <select name="action">
      <option value="assign"><?cs var:Lang.Pl.List.BulkAssign ?></option>
      <option value="tag"><?cs var:Lang.Pl.List.BulkTag ?></option>
      <option value="lost"><?cs var:Lang.Pl.List.BulkLost ?></option>
      <option value="export"><?cs var:Lang.Pl.List.BulkExport ?></option>
      <option value="merge"><?cs var:Lang.Pl.List.BulkMerge ?></option>
      <option value="convert"><?cs var:Lang.Pl.List.BulkConvert ?></option></select></label>
    <label><?cs var:Lang.Pl.Lead.Salesperson ?> <select name="user_id"><option value=""></option><?cs each:u = Opt.Users ?><option value="<?cs var:u.id ?>"><?cs var:u.name ?></option><?cs /each ?></select></label>
    <label><?cs var:Lang.Pl.Lead.Team ?> <select name="team_id"><option value=""></option><?cs each:t = Opt.Teams ?><option value="<?cs var:t.id ?>"><?cs var:t.name ?></option><?cs /each ?></select></label>
    <label><?cs var:Lang.Pl.List.Tag ?> <input name="tag" maxlength="64"></label>
    <label><?cs var:Lang.Pl.Lead.LostReason ?> <select name="lost_reason_id"><option value=""></option><?cs each:r = Opt.Reasons ?><option value="<?cs var:r.id ?>"><?cs var:r.name ?></option><?cs /each ?></select></label>
    <button type="submit"><?cs var:Lang.Pl.List.Apply ?></button>
  </fieldset>
</form>
<?cs include!"layout/foot.cs" ?>
