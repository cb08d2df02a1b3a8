<?cs def:err(field) ?><?cs if:Errors[field] ?><p class="field-error" role="alert"><?cs var:Errors[field] ?></p><?cs /if ?><?cs /def ?>
<?cs def:stars(n) ?><span class="stars" title="<?cs var:Lang.Pl.Lead.Priority ?>"><?cs if:#n > #0 ?>★<?cs else ?>☆<?cs /if ?><?cs if:#n > #1 ?>★<?cs else ?>☆<?cs /if ?><?cs if:#n > #2 ?>★<?cs else ?>☆<?cs /if ?></span><?cs /def ?>
<?cs def:dot(state) ?><span class="act-dot act-<?cs if:state ?><?cs var:state ?><?cs else ?>none<?cs /if ?>" title="<?cs alt:Lang.Pl.Activity.State[state] ?><?cs var:Lang.Pl.Activity.State.none ?><?cs /alt ?>"></span><?cs /def ?>
<?cs def:card(cd) ?>
<article class="kcard" data-id="<?cs var:cd.id ?>" data-priority="<?cs var:cd.priority ?>">
  <a class="kcard-name" href="/crm/leads/<?cs var:cd.id ?>"><?cs var:cd.name ?></a>
  <?cs if:cd.customer_name ?><div class="kcard-customer"><?cs var:cd.customer_name ?></div><?cs /if ?>
  <div class="kcard-revenue"><?cs var:cd.revenue_fmt ?></div>
  <?cs if:subcount(cd.tags) ?><div class="tags"><?cs each:t = cd.tags ?><span class="tag c<?cs var:t.color ?>"><?cs var:t.name ?></span><?cs /each ?></div><?cs /if ?>
  <div class="kcard-foot"><?cs call:stars(cd.priority) ?> <?cs call:dot(cd.activity_state) ?> <span class="kcard-user"><?cs if:cd.user_name ?><?cs var:cd.user_name ?><?cs else ?><?cs var:Lang.Pl.Lead.Unassigned ?><?cs /if ?></span></div>
  <form method="post" action="/crm/leads/<?cs var:cd.id ?>/stage" class="kcard-stage">
    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
    <input type="hidden" name="next" value="<?cs var:Kanban.Next ?>">
    <label class="visually-hidden" for="st-<?cs var:cd.id ?>"><?cs var:Lang.Pl.Lead.Stage ?></label>
    <select id="st-<?cs var:cd.id ?>" name="stage_id"><?cs each:s = Opt.Stages ?><option value="<?cs var:s.id ?>"<?cs if:s.id == cd.stage_id ?> selected<?cs /if ?>><?cs var:s.name ?></option><?cs /each ?></select>
    <button type="submit" class="small"><?cs var:Lang.Pl.Kanban.Move ?></button>
  </form>
</article>
<?cs /def ?>
