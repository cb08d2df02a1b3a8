<?cs # The filter form shared by the reports (a fragment, GET). ?>
<form method="get" class="intel-filters card" action="<?cs var:Req.Path ?>">
  <h2><?cs var:Lang.Intel.Filter.Title ?></h2>
  <div class="intel-grid">
  <?cs if:Report.Kind == "pipeline" ?>
    <label><?cs var:Lang.Intel.Filter.GroupBy ?>
      <select name="group_by"><?cs each:d = Dims ?><option value="<?cs var:d.Key ?>"<?cs if:Filter.group_by == d.Key ?> selected<?cs /if ?>><?cs var:d.Label ?></option><?cs /each ?></select></label>
    <label><?cs var:Lang.Intel.Filter.GroupBy2 ?>
      <select name="group_by2"><option value=""><?cs var:Lang.Intel.Filter.NoSecond ?></option><?cs each:d = Dims ?><option value="<?cs var:d.Key ?>"<?cs if:Filter.group_by2 == d.Key ?> selected<?cs /if ?>><?cs var:d.Label ?></option><?cs /each ?></select></label>
    <label><?cs var:Lang.Intel.Filter.Measure ?>
      <select name="measure"><?cs each:m = Measures ?><option value="<?cs var:m.Key ?>"<?cs if:Filter.measure == m.Key ?> selected<?cs /if ?>><?cs var:m.Label ?></option><?cs /each ?></select></label>
  <?cs /if ?>
  <?cs if:Report.Kind == "pipeline" || Report.Kind == "quality" || Report.Kind == "winloss" ?>
    <label><?cs var:Lang.Intel.Filter.Status ?>
      <select name="status">
        <option value="active"<?cs if:Filter.status == "active" ?> selected<?cs /if ?>><?cs var:Lang.Intel.Filter.Status.active ?></option>
        <option value="open"<?cs if:Filter.status == "open" ?> selected<?cs /if ?>><?cs var:Lang.Intel.Filter.Status.open ?></option>
        <option value="won"<?cs if:Filter.status == "won" ?> selected<?cs /if ?>><?cs var:Lang.Intel.Filter.Status.won ?></option>
        <option value="lost"<?cs if:Filter.status == "lost" ?> selected<?cs /if ?>><?cs var:Lang.Intel.Filter.Status.lost ?></option>
        <option value="archived"<?cs if:Filter.status == "archived" ?> selected<?cs /if ?>><?cs var:Lang.Intel.Filter.Status.archived ?></option>
        <option value="all"<?cs if:Filter.status == "all" ?> selected<?cs /if ?>><?cs var:Lang.Intel.Filter.Status.all ?></option>
      </select></label>
    <label><?cs var:Lang.Intel.Filter.Type ?>
      <select name="type"><option value=""><?cs var:Lang.Intel.Filter.Type.all ?></option>
        <option value="lead"<?cs if:Filter.type == "lead" ?> selected<?cs /if ?>><?cs var:Lang.Intel.Filter.Type.lead ?></option>
        <option value="opportunity"<?cs if:Filter.type == "opportunity" ?> selected<?cs /if ?>><?cs var:Lang.Intel.Filter.Type.opportunity ?></option>
      </select></label>
  <?cs /if ?>
    <label><?cs var:Lang.Intel.Filter.Team ?>
      <select name="team_id"><option value=""><?cs var:Lang.Intel.Filter.All ?></option><?cs each:t = Teams ?><option value="<?cs var:t.id ?>"<?cs if:#Filter.team_id == #t.id ?> selected<?cs /if ?>><?cs var:t.name ?></option><?cs /each ?></select></label>
  <?cs if:User.IsManager ?>
    <label><?cs var:Lang.Intel.Filter.User ?>
      <select name="user_id"><option value=""><?cs var:Lang.Intel.Filter.All ?></option><?cs each:u = Users ?><option value="<?cs var:u.id ?>"<?cs if:#Filter.user_id == #u.id ?> selected<?cs /if ?>><?cs var:u.name ?></option><?cs /each ?></select></label>
  <?cs /if ?>
  <?cs if:Report.Kind == "distribution" || Report.Kind == "activities" ?>
    <label><?cs var:Lang.Intel.Filter.From ?> <input type="date" name="from" value="<?cs var:Filter.from ?>"></label>
    <label><?cs var:Lang.Intel.Filter.To ?> <input type="date" name="to" value="<?cs var:Filter.to ?>"></label>
  <?cs elif:Report.Kind != "unattended" ?>
    <label><?cs var:Lang.Intel.Filter.CreatedFrom ?> <input type="date" name="created_from" value="<?cs var:Filter.created_from ?>"></label>
    <label><?cs var:Lang.Intel.Filter.CreatedTo ?> <input type="date" name="created_to" value="<?cs var:Filter.created_to ?>"></label>
  <?cs /if ?>
  <?cs if:Report.Kind == "forecast" ?>
    <label><?cs var:Lang.Intel.Filter.Months ?> <input type="number" name="months" min="1" max="12" value="<?cs var:Filter.months ?>"></label>
  <?cs /if ?>
    <label class="intel-check"><input type="checkbox" name="mine" value="1"<?cs if:Filter.mine ?> checked<?cs /if ?>> <?cs var:Lang.Intel.Filter.Mine ?></label>
  </div>
  <?cs if:Report.Kind != "distribution" && Report.Kind != "activities" ?>
  <label class="intel-expr"><?cs var:Lang.Intel.Filter.Expr ?>
    <input type="text" name="q" value="<?cs var:Filter.q ?>" maxlength="2000" placeholder="<?cs var:Lang.Intel.Filter.ExprHint ?>" data-filter-check="/api/v1/filter/check" autocomplete="off">
    <span class="field-error" data-filter-error hidden></span>
  </label>
  <?cs /if ?>
  <p><button class="primary"><?cs var:Lang.Intel.Filter.Apply ?></button>
     <a class="button" href="<?cs var:Req.Path ?>?<?cs var:Report.Query ?><?cs if:Report.Query ?>&amp;<?cs /if ?>format=csv"><?cs var:Lang.Intel.Export.Csv ?></a></p>
</form>
