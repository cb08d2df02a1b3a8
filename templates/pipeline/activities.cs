<?cs include!"pipeline/macros.cs" ?><?cs include!"layout/head.cs" ?>
<h1><?cs var:Page.Heading ?></h1>
<?cs if:#Activities.Total == #0 ?><p class="muted"><?cs var:Lang.Pl.Activity.NoneMine ?></p><?cs /if ?>
<?cs each:g = Groups ?>
<section class="card act-group act-<?cs var:name(g) ?>">
  <h2><?cs call:dot(name(g)) ?> <?cs var:Lang.Pl.Activity.State[name(g)] ?> <span class="kcount"><?cs var:g.Count ?></span></h2>
  <ul class="activity-list">
  <?cs each:a = g.Items ?>
    <li class="activity">
      <div><strong><?cs var:a.type_name ?></strong><?cs if:a.summary ?>: <?cs var:a.summary ?><?cs /if ?> — <span class="due"><?cs var:a.deadline_fmt ?></span> · <a href="/crm/leads/<?cs var:a.res_id ?>"><?cs if:a.res_name ?><?cs var:a.res_name ?><?cs else ?>#<?cs var:a.res_id ?><?cs /if ?></a></div>
      <?cs if:a.note ?><div class="muted pre"><?cs var:a.note ?></div><?cs /if ?>
      <form method="post" action="/crm/activities/<?cs var:a.id ?>/done" class="done-form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <input type="hidden" name="next" value="/crm/activities">
        <label class="visually-hidden" for="fb-<?cs var:a.id ?>"><?cs var:Lang.Pl.Activity.Feedback ?></label>
        <input id="fb-<?cs var:a.id ?>" name="feedback" maxlength="10000" placeholder="<?cs var:Lang.Pl.Activity.Feedback ?>">
        <button type="submit"><?cs var:Lang.Pl.Activity.MarkDone ?></button>
        <button type="submit" name="schedule_next" value="1"><?cs var:Lang.Pl.Activity.DoneNext ?></button>
      </form>
    </li>
  <?cs /each ?>
  </ul>
</section>
<?cs /each ?>
<?cs include!"layout/foot.cs" ?>
